import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newNodeMap, nodesOf, readComments, readConfig } from '../../contracts/doc-layout';
import { Pipeline } from '../../models';
import { startThread } from '../../web/lib/pipelines/comments';
import {
  createPipeline,
  eventually,
  openDocument,
  personalWorkspace,
  type CollabClient
} from '../support/collab';
import { signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
const clients: CollabClient[] = [];
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await srv.close();
});

async function open(pipelineId: string, cookie: string): Promise<CollabClient> {
  const client = await openDocument(srv.url, pipelineId, cookie);
  clients.push(client);
  return client;
}

const closedWith = (c: CollabClient) =>
  new Promise<number>((resolve) => c.provider.once('closed', (e: { code: number }) => resolve(e.code)));

async function team() {
  const owner = await signedInClient(srv.url, 'Owner');
  const mallory = await signedInClient(srv.url, 'Mallory');
  const ws = await personalWorkspace(owner.client);
  await owner.client.post(`/api/workspaces/${ws.id}/members`, { email: mallory.email, role: 'editor' });
  const pipeline = await createPipeline(owner.user.id, ws.id);
  return { owner, mallory, pipeline };
}

describe('collaborative edits follow the pipeline rules', () => {
  it('refuses a document of 501 nodes: the editor is told and closed, nobody sees it, nothing is stored', async () => {
    const { owner, pipeline } = await team();
    const editor = await open(pipeline.id, owner.client.cookie);
    const watcher = await open(pipeline.id, owner.client.cookie);
    const closed = closedWith(editor);
    editor.doc.transact(() => {
      for (let i = 0; i < 501; i++)
        nodesOf(editor.doc).set(
          `n${i}`,
          newNodeMap({ id: `n${i}`, type: 'scale', params: {}, position: { x: i, y: 0 } })
        );
    });
    expect(await closed).toBe(4422);
    expect(editor.denied).toContain('Change refused: A pipeline holds at most 500 nodes.');
    // A later change by the watcher arrives; the refused nodes never do.
    watcher.doc.getMap('meta').set('description', 'after');
    await eventually(async () => expect((await Pipeline.findByPk(pipeline.id))!.description).toBe('after'));
    expect(nodesOf(watcher.doc).size).toBe(0);
    expect(await srv.web.collab.readConfig(pipeline.id)).toEqual({ nodes: [], edges: [] });
    const fresh = await open(pipeline.id, owner.client.cookie);
    expect(readConfig(fresh.doc).nodes).toEqual([]);
  });

  it("refuses a comment posted under someone else's name and keeps the author's own", async () => {
    const { owner, mallory, pipeline } = await team();
    const watcher = await open(pipeline.id, owner.client.cookie);
    const honest = await open(pipeline.id, mallory.client.cookie);
    startThread(honest.doc, { nodeId: null, author: { id: mallory.user.id, name: 'Mallory' }, text: 'Mine' });
    await eventually(() => expect(readComments(watcher.doc)).toHaveLength(1));

    const spoofer = await open(pipeline.id, mallory.client.cookie);
    const closed = closedWith(spoofer);
    startThread(spoofer.doc, { nodeId: null, author: { id: owner.user.id, name: 'Owner' }, text: 'Ship it' });
    expect(await closed).toBe(4422);
    honest.doc.getMap('meta').set('description', 'after');
    await eventually(() => expect(watcher.doc.getMap('meta').get('description')).toBe('after'));
    const threads = readComments(watcher.doc);
    expect(threads.map((t) => t.messages[0]!.authorName)).toEqual(['Mallory']);
  });
});

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ChangeScreen } from './change-rules';
import { commentsOf, newNodeMap, nodesOf } from '../contracts/doc-layout';

const author = { userId: 'u-ada', userName: 'Ada' };

/** A client holding the server's document, and a way to capture its next change as an update. */
function client(server: Y.Doc) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
  return {
    doc,
    change(fn: (doc: Y.Doc) => void): Uint8Array {
      const before = Y.encodeStateVector(doc);
      doc.transact(() => fn(doc));
      return Y.encodeStateAsUpdate(doc, before);
    }
  };
}

const node = (id: string, label?: string) =>
  newNodeMap({
    id,
    type: 'scale',
    ...(label === undefined ? {} : { label }),
    params: {},
    position: { x: 0, y: 0 }
  });

function addNodes(doc: Y.Doc, from: number, to: number) {
  for (let i = from; i < to; i++) nodesOf(doc).set(`n${i}`, node(`n${i}`));
}

const message = (authorId: string, authorName: string, text = 'Why?') => ({
  authorId,
  authorName,
  text,
  at: new Date(0).toISOString()
});

function thread(doc: Y.Doc, id: string, messages: unknown[]) {
  const map = new Y.Map<unknown>();
  map.set('resolved', false);
  const list = new Y.Array<unknown>();
  list.push(messages);
  map.set('messages', list);
  commentsOf(doc).set(id, map);
}

describe('change screen', () => {
  it('takes a change up to 500 nodes and refuses the one that makes 501', () => {
    const server = new Y.Doc();
    const c = client(server);
    const screen = new ChangeScreen(server);
    expect(
      screen.check(
        c.change((d) => addNodes(d, 0, 500)),
        author
      )
    ).toBeNull();
    expect(
      screen.check(
        c.change((d) => addNodes(d, 500, 501)),
        author
      )
    ).toEqual({
      kind: 'rule',
      reason: 'A pipeline holds at most 500 nodes.'
    });
  });

  it('refuses node ids outside the id pattern and labels over 200 characters', () => {
    const server = new Y.Doc();
    const screen = new ChangeScreen(server);
    expect(
      screen.check(
        client(server).change((d) => nodesOf(d).set('bad id!', node('x'))),
        author
      )
    ).toMatchObject({
      kind: 'rule',
      reason: 'Ids use letters, digits and _ . : - only.'
    });
    expect(
      screen.check(
        client(server).change((d) => nodesOf(d).set('ok', node('ok', 'x'.repeat(201)))),
        author
      )
    ).toMatchObject({ kind: 'rule' });
    expect(
      screen.check(
        client(server).change((d) => nodesOf(d).set('ok', node('ok', 'fine'))),
        author
      )
    ).toBeNull();
  });

  it('refuses a name over 200 characters and something other than a map among the nodes', () => {
    const server = new Y.Doc();
    const screen = new ChangeScreen(server);
    expect(
      screen.check(
        client(server).change((d) => d.getMap('meta').set('name', 'x'.repeat(201))),
        author
      )
    ).toMatchObject({ kind: 'rule' });
    expect(
      screen.check(
        client(server).change((d) => nodesOf(d).set('n', 'not a node' as never)),
        author
      )
    ).toMatchObject({
      kind: 'rule'
    });
  });

  it('keeps a document that already breaks a rule editable, and refuses only new problems', () => {
    const server = new Y.Doc();
    addNodes(server, 0, 501); // stored before the rule existed
    const c = client(server);
    const screen = new ChangeScreen(server);
    expect(
      screen.check(
        c.change((d) => d.getMap('meta').set('description', 'edited')),
        author
      )
    ).toBeNull();
    expect(
      screen.check(
        c.change((d) => nodesOf(d).set('bad id!', node('x'))),
        author
      )
    ).toMatchObject({
      kind: 'rule'
    });
  });

  it("takes the author's own comments and refuses one posted as someone else", () => {
    const server = new Y.Doc();
    const c = client(server);
    const screen = new ChangeScreen(server);
    expect(
      screen.check(
        c.change((d) => thread(d, 't1', [message('u-ada', 'Ada')])),
        author
      )
    ).toBeNull();
    expect(
      screen.check(
        c.change((d) => thread(d, 't2', [message('u-bob', 'Bob')])),
        author
      )
    ).toEqual({
      kind: 'rule',
      reason: 'Comments can only be posted under your own name.'
    });
  });

  it('refuses a reply under another name, or with the right id and a borrowed name', () => {
    const server = new Y.Doc();
    thread(server, 't1', [message('u-bob', 'Bob')]);
    const screen = new ChangeScreen(server);
    const reply = (m: unknown) =>
      client(server).change((d) => (commentsOf(d).get('t1')!.get('messages') as Y.Array<unknown>).push([m]));
    expect(screen.check(reply(message('u-bob', 'Bob')), author)).toMatchObject({ kind: 'rule' });
    expect(screen.check(reply(message('u-ada', 'Bob')), author)).toMatchObject({ kind: 'rule' });
    expect(screen.check(reply(message('u-ada', 'Ada')), author)).toBeNull();
  });

  it('calls a change that builds on one the server does not have a gap, and rolls back refused ones', () => {
    const server = new Y.Doc();
    const c = client(server);
    const screen = new ChangeScreen(server);
    const refused = c.change((d) => nodesOf(d).set('bad id!', node('x')));
    const after = c.change((d) => d.getMap('meta').set('description', 'later'));
    expect(screen.check(refused, author)).toMatchObject({ kind: 'rule' });
    expect(screen.check(after, author)).toEqual({ kind: 'gap' });
    const other = client(server);
    expect(
      screen.check(
        other.change((d) => addNodes(d, 0, 3)),
        author
      )
    ).toBeNull();
  });
});

describe('change screen copy', () => {
  it('is dropped when edits pause and rebuilt, complete, for the next change', async () => {
    const server = new Y.Doc();
    const screen = new ChangeScreen(server, 20);
    const c = client(server);
    const first = c.change((d) => addNodes(d, 0, 1));
    expect(screen.check(first, author)).toBeNull();
    Y.applyUpdate(server, first);
    screen.settle();
    await new Promise((r) => setTimeout(r, 40));
    expect((screen as unknown as { scratch: Y.Doc | null }).scratch).toBeNull();
    expect(
      screen.check(
        c.change((d) => nodesOf(d).get('n0')!.set('label', 'x')),
        author
      )
    ).toBeNull();
  });
});

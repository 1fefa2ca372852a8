import * as Y from 'yjs';
import { commentsOf, nodesOf, readComments } from '../../../contracts/doc-layout';
import { nodeType } from '../../../contracts/node-types';
import type { CommentMessage, CommentThread } from '../../../contracts/pipeline';

/*
 * Comment threads live in the pipeline's document (docs/API.md › Collaborative documents: comments → thread id → Y.Map
 * {nodeId, resolved, messages: Y.Array}), so they reach everyone through the same sync as the graph.
 */

export interface CommentAuthor {
  id: string;
  name: string;
}

export type ThreadFilter = 'all' | 'node' | 'unresolved';

export const MAX_COMMENT_LENGTH = 4000;

function message(author: CommentAuthor, text: string, at: Date): CommentMessage {
  const body = text.trim();
  if (!body) throw new Error('Write something first.');
  if (body.length > MAX_COMMENT_LENGTH)
    throw new Error(`Comments are at most ${MAX_COMMENT_LENGTH.toLocaleString('en')} characters.`);
  return { authorId: author.id, authorName: author.name, text: body, at: at.toISOString() };
}

/** Time first so ids sort like threads were started; the random tail keeps peers' ids apart. */
function newThreadId(at: Date): string {
  const random =
    typeof crypto !== 'undefined' && 'randomUUID' in crypto
      ? crypto.randomUUID().slice(0, 8)
      : Math.random().toString(36).slice(2, 10);
  return `t-${at.getTime().toString(36)}-${random}`;
}

function threadMap(doc: Y.Doc, threadId: string): Y.Map<unknown> {
  const map = commentsOf(doc).get(threadId);
  if (!(map instanceof Y.Map)) throw new Error('That thread no longer exists.');
  return map;
}

/** Starts a thread, pinned to `nodeId` or to the pipeline as a whole (null); returns its id. */
export function startThread(
  doc: Y.Doc,
  input: { nodeId: string | null; author: CommentAuthor; text: string; at?: Date }
): string {
  const at = input.at ?? new Date();
  const first = message(input.author, input.text, at);
  const id = newThreadId(at);
  doc.transact(() => {
    const thread = new Y.Map<unknown>();
    // An unpinned thread leaves the key out (the layout never stores null).
    if (input.nodeId) thread.set('nodeId', input.nodeId);
    thread.set('resolved', false);
    const messages = new Y.Array<CommentMessage>();
    messages.push([first]);
    thread.set('messages', messages);
    commentsOf(doc).set(id, thread);
  });
  return id;
}

/** Appends to a thread; concurrent replies from several people are all kept (Y.Array). */
export function reply(
  doc: Y.Doc,
  threadId: string,
  input: { author: CommentAuthor; text: string; at?: Date }
): void {
  const next = message(input.author, input.text, input.at ?? new Date());
  const messages = threadMap(doc, threadId).get('messages');
  if (!(messages instanceof Y.Array)) throw new Error('That thread cannot take replies.');
  messages.push([next]);
}

export function setResolved(doc: Y.Doc, threadId: string, resolved: boolean): void {
  const thread = threadMap(doc, threadId);
  if (thread.get('resolved') !== resolved) thread.set('resolved', resolved);
}

function startedAt(thread: CommentThread): string {
  return thread.messages[0]?.at ?? '';
}

/**
 * The threads a filter shows, newest first: `node` keeps those pinned to `selectedNodeId` (none
 * when nothing is selected), `unresolved` the open ones.
 */
export function threadsFor(
  threads: readonly CommentThread[],
  filter: ThreadFilter,
  selectedNodeId: string | null
): CommentThread[] {
  const shown = threads.filter((t) => {
    if (filter === 'node') return selectedNodeId !== null && t.nodeId === selectedNodeId;
    if (filter === 'unresolved') return !t.resolved;
    return true;
  });
  return shown.sort((a, b) => startedAt(b).localeCompare(startedAt(a)) || b.id.localeCompare(a.id));
}

/** Calls `onchange` with every thread now and after each change to any of them; returns the stop. */
export function watchComments(doc: Y.Doc, onchange: (threads: CommentThread[]) => void): () => void {
  const map = commentsOf(doc);
  const update = () => onchange(readComments(doc));
  update();
  map.observeDeep(update);
  return () => map.unobserveDeep(update);
}

/**
 * Calls `onchange` with node id → display name (the step's label, else its type's name as the
 * palette shows it) now and whenever nodes are added, removed or relabelled. Moves are ignored: a
 * drag changes positions many times a second.
 */
export function watchNodeNames(doc: Y.Doc, onchange: (names: Map<string, string>) => void): () => void {
  const nodes = nodesOf(doc);
  const read = () => {
    const names = new Map<string, string>();
    nodes.forEach((map, id) => {
      if (!(map instanceof Y.Map)) return;
      const label = map.get('label');
      const type = map.get('type');
      const typeName = typeof type === 'string' ? (nodeType(type)?.label ?? type) : '';
      names.set(id, (typeof label === 'string' && label.trim()) || typeName || 'Unnamed step');
    });
    onchange(names);
  };
  const observer = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    const relevant = events.some(
      (e) =>
        e.target === nodes ||
        (e instanceof Y.YMapEvent && (e.keysChanged.has('label') || e.keysChanged.has('type')))
    );
    if (relevant) read();
  };
  read();
  nodes.observeDeep(observer);
  return () => nodes.unobserveDeep(observer);
}

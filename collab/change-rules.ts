import * as Y from 'yjs';
import { pipelineConfig, pipelineEdge, pipelineNode } from '../contracts/pipeline';
import { commentsOf, edgesOf, nodesOf, readConfig, readMeta } from './doc-layout';

/** Why a peer's change is not applied: a broken rule (told, not retried) or a gap (resync). */
export type Refusal = { kind: 'rule'; reason: string } | { kind: 'gap' };

/** Who sends a change: comments they add must be theirs. */
export interface Author {
  userId: string;
  userName: string;
}

/** Same bounds the studio's comment box and REST's names and descriptions keep. */
const MAX_COMMENT_TEXT = 4000;
const MAX_NAME = 200;
const MAX_DESCRIPTION = 5000;

/**
 * Screens peers' changes against the rules REST applies to the same data (node count, id
 * pattern, label length, names, descriptions) and against comment authorship, before anything is
 * stored or relayed. Changes are tried in order on a copy of the document. A change is refused
 * only for problems it adds: a document that already breaks a rule (stored before the rule
 * existed) stays editable, and edits that fix it pass.
 */
export class ChangeScreen {
  private scratch: Y.Doc;
  private known: Set<string>;
  private readonly accepted: Uint8Array[] = [];

  constructor(private readonly doc: Y.Doc) {
    this.scratch = copyOf(doc);
    this.known = new Set(problems(this.scratch).keys());
  }

  /** Takes a change that needs no screening (the server's own), so later ones build on it. */
  admit(update: Uint8Array): void {
    Y.applyUpdate(this.scratch, update);
    this.accepted.push(update);
    this.known = new Set(problems(this.scratch).keys());
  }

  /** Null when `update` from `author` may be applied (it is then taken), else why not. */
  check(update: Uint8Array, author: Author): Refusal | null {
    const hadGap = hasGap(this.scratch);
    let refusal: Refusal | null;
    try {
      const messages = addedComments(this.scratch, () => Y.applyUpdate(this.scratch, update));
      refusal = this.judge(messages, author, hadGap);
    } catch {
      refusal = { kind: 'rule', reason: 'The change could not be read.' };
    }
    if (refusal) {
      this.scratch.destroy();
      this.scratch = copyOf(this.doc);
      for (const u of this.accepted) Y.applyUpdate(this.scratch, u);
      return refusal;
    }
    this.accepted.push(update);
    return null;
  }

  destroy(): void {
    this.scratch.destroy();
  }

  private judge(messages: unknown[], author: Author, hadGap: boolean): Refusal | null {
    // Builds on something the server never stored (an earlier change that failed): stored, it
    // would never apply; the client resends both after reconnecting.
    if (!hadGap && hasGap(this.scratch)) return { kind: 'gap' };
    for (const message of messages) {
      const reason = commentProblem(message, author);
      if (reason) return { kind: 'rule', reason };
    }
    const now = problems(this.scratch);
    for (const [key] of now) {
      if (!this.known.has(key)) return { kind: 'rule', reason: now.get(key)! };
    }
    this.known = new Set(now.keys());
    return null;
  }
}

/**
 * The items of a write batch whose changes may be applied, in order. `authorOf` is null for the
 * server's own changes (taken as they are); `refuse` hears of each refused item, and every later
 * item of the same author in the batch is dropped with it, since it may build on the refused one.
 */
export function screenBatch<T extends { update: Uint8Array }>(
  doc: Y.Doc,
  batch: T[],
  authorOf: (item: T) => Author | null,
  refuse: (item: T, refusal: Refusal) => void
): T[] {
  const screen = new ChangeScreen(doc);
  const refused = new Set<Author>();
  try {
    return batch.filter((item) => {
      const author = authorOf(item);
      if (!author) {
        screen.admit(item.update);
        return true;
      }
      if (refused.has(author)) return false;
      const refusal = screen.check(item.update, author);
      if (!refusal) return true;
      refused.add(author);
      refuse(item, refusal);
      return false;
    });
  } finally {
    screen.destroy();
  }
}

function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function hasGap(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/**
 * Every rule the document breaks, keyed by what breaks it (node or edge id, field, rule), so the
 * same problem has the same key however the arrays shift; the value is the rule's message.
 */
function problems(doc: Y.Doc): Map<string, string> {
  const found = new Map<string, string>();
  for (const [root, map] of [
    ['nodes', nodesOf(doc)],
    ['edges', edgesOf(doc)]
  ] as const)
    map.forEach((value, id) => {
      if (!(value instanceof Y.Map)) found.set(`${root}/${id}/shape`, `Each of ${root} must be a map.`);
    });
  const config = readConfig(doc);
  const note = (list: string, id: string, issue: { path: PropertyKey[]; message: string }) =>
    found.set(`${list}/${id}/${issue.path.map(String).join('.')}/${issue.message}`, issue.message);
  // Past the count limit zod reports only the count, so each node and edge is checked by itself.
  for (const n of config.nodes)
    for (const issue of pipelineNode.safeParse(n).error?.issues ?? []) note('nodes', n.id, issue);
  for (const e of config.edges)
    for (const issue of pipelineEdge.safeParse(e).error?.issues ?? []) note('edges', e.id, issue);
  for (const issue of pipelineConfig.safeParse(config).error?.issues ?? []) {
    const [list, index, ...rest] = issue.path;
    const item =
      (list === 'nodes' || list === 'edges') && typeof index === 'number' ? config[list][index] : undefined;
    if (item) note(list as string, item.id, { path: rest, message: issue.message });
    else note(String(list ?? ''), '', { path: [], message: issue.message });
  }
  const { name, description } = readMeta(doc);
  if (name !== undefined && name.length > MAX_NAME)
    found.set('meta/name', 'Names are at most 200 characters.');
  if (description !== undefined && description.length > MAX_DESCRIPTION)
    found.set('meta/description', 'Descriptions are at most 5,000 characters.');
  return found;
}

function commentProblem(message: unknown, author: Author): string | null {
  const m = message as Record<string, unknown> | null;
  if (!m || typeof m !== 'object') return 'A comment must be a message object.';
  if (m.authorId !== author.userId || m.authorName !== author.userName)
    return 'Comments can only be posted under your own name.';
  if (typeof m.text !== 'string' || m.text.length > MAX_COMMENT_TEXT)
    return 'Comments are at most 4,000 characters.';
  if (typeof m.at !== 'string' || m.at.length > 64) return 'A comment needs its time.';
  return null;
}

/** Runs `apply` and returns every comment message it added (new threads' messages included). */
function addedComments(doc: Y.Doc, apply: () => void): unknown[] {
  const comments = commentsOf(doc);
  const added: unknown[] = [];
  const fromThread = (thread: unknown) => {
    const messages = thread instanceof Y.Map ? thread.get('messages') : undefined;
    if (messages instanceof Y.Array) added.push(...messages.toArray());
  };
  const observer = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>) => {
    for (const event of events) {
      if (event.target === comments) {
        for (const [key, change] of event.changes.keys)
          if (change.action !== 'delete') fromThread(comments.get(key));
      } else if (event instanceof Y.YMapEvent) {
        if (event.keysChanged.has('messages')) fromThread(event.target);
      } else if (event instanceof Y.YArrayEvent) {
        for (const item of event.changes.added) added.push(...item.content.getContent());
      }
    }
  };
  comments.observeDeep(observer);
  try {
    apply();
  } finally {
    comments.unobserveDeep(observer);
  }
  return added;
}

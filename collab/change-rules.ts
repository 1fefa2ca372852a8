import * as Y from 'yjs';
import { pipelineEdge, pipelineNode } from '../contracts/pipeline';
import { commentsOf, edgesOf, metaOf, nodesOf, readEdge, readMeta, readNode } from '../contracts/doc-layout';

/** Why a peer's change is not applied: a broken rule (told, not retried) or a gap (resync). */
export type Refusal = { kind: 'rule'; reason: string } | { kind: 'gap' };

/** Who sends a change: comments they add must be theirs. */
export interface Author {
  userId: string;
  userName: string;
}

/** Same bounds as REST's pipeline config (contracts/pipeline.ts), names, descriptions and comments. */
const LIMITS = {
  nodes: { max: 500, message: 'A pipeline holds at most 500 nodes.' },
  edges: { max: 2000, message: 'A pipeline holds at most 2,000 edges.' }
} as const;
const META = {
  name: { max: 200, message: 'Names are at most 200 characters.' },
  description: { max: 5000, message: 'Descriptions are at most 5,000 characters.' }
} as const;
const MAX_COMMENT_TEXT = 4000;

type List = keyof typeof LIMITS;

// Yjs types are invariant in their event type; walking up the tree does not care which.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyType = Y.AbstractType<any>;

/** What a change touched: node and edge ids (however deep the change) and meta keys. */
interface Touched {
  nodes: Set<string>;
  edges: Set<string>;
  meta: Set<string>;
}

/**
 * Screens peers' changes against the rules REST applies to the same data (node and edge counts,
 * the id pattern, label and port lengths, names, descriptions) and against comment authorship,
 * before anything is stored or relayed. Changes are tried in order on a copy of the document, and
 * only what each one touched is checked, against the stored document: a change is refused only
 * for problems it adds, so a document that already breaks a rule (stored before the rule
 * existed) stays editable, and edits that fix it pass.
 *
 * The copy lives while the document is being edited (copying it for every write costs
 * milliseconds) and is dropped after `idleMs` without changes (it costs as much memory as the
 * document): it is the document plus the changes taken since the last `settle`, and follows
 * every update the document gets from elsewhere.
 */
export class ChangeScreen {
  private scratch: Y.Doc | null = null;
  /** Taken since the last settle: in the copy, not yet in the document. */
  private accepted: Uint8Array[] = [];
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly idleMs = 1_000
  ) {}

  /** Takes a change that needs no screening (the server's own), so later ones build on it. */
  admit(update: Uint8Array): void {
    if (this.scratch) Y.applyUpdate(this.scratch, update);
    this.accepted.push(update);
  }

  /** The document received `update` (from anywhere); the copy takes it too (a no-op if it has it). */
  follow(update: Uint8Array): void {
    if (this.scratch) Y.applyUpdate(this.scratch, update);
  }

  /** What was taken is now in the document. */
  settle(): void {
    this.accepted = [];
    if (!this.scratch) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = setTimeout(() => this.reset(), this.idleMs);
    this.idle.unref();
  }

  /** What was taken was not stored: the copy is rebuilt from the document when next needed. */
  reset(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    this.scratch?.destroy();
    this.scratch = null;
    this.accepted = [];
  }

  /** Null when `update` from `author` may be applied (it is then taken), else why not. */
  check(update: Uint8Array, author: Author): Refusal | null {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const scratch = this.copy();
    const hadGap = hasGap(scratch);
    let refusal: Refusal | null;
    try {
      const touched: Touched = { nodes: new Set(), edges: new Set(), meta: new Set() };
      const messages = addedComments(scratch, () => applyTracking(scratch, update, touched));
      // Builds on something the server never stored (an earlier change that failed): stored, it
      // would never apply; the client resends both after reconnecting.
      if (!hadGap && hasGap(scratch)) refusal = { kind: 'gap' };
      else refusal = commentsRefusal(messages, author) ?? this.rulesRefusal(scratch, touched);
    } catch {
      refusal = { kind: 'rule', reason: 'The change could not be read.' };
    }
    if (refusal) {
      scratch.destroy();
      this.scratch = null;
      return refusal;
    }
    this.accepted.push(update);
    return null;
  }

  destroy(): void {
    this.reset();
  }

  private copy(): Y.Doc {
    if (this.scratch) return this.scratch;
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(this.doc));
    for (const update of this.accepted) Y.applyUpdate(copy, update);
    return (this.scratch = copy);
  }

  private rulesRefusal(scratch: Y.Doc, touched: Touched): Refusal | null {
    for (const list of ['nodes', 'edges'] as const) {
      const after = rootOf(scratch, list);
      const before = rootOf(this.doc, list);
      if (after.size > LIMITS[list].max && after.size > before.size)
        return { kind: 'rule', reason: LIMITS[list].message };
      for (const id of touched[list]) {
        const was = entryProblems(list, id, before.get(id));
        for (const [key, message] of entryProblems(list, id, after.get(id)))
          if (!was.has(key)) return { kind: 'rule', reason: message };
      }
    }
    for (const key of ['name', 'description'] as const) {
      if (!touched.meta.has(key)) continue;
      const tooLong = (doc: Y.Doc) => (readMeta(doc)[key]?.length ?? 0) > META[key].max;
      if (tooLong(scratch) && !tooLong(this.doc)) return { kind: 'rule', reason: META[key].message };
    }
    return null;
  }
}

/**
 * The items of a write batch whose changes may be applied, in order. `authorOf` is null for the
 * server's own changes (taken as they are); `refuse` hears of each refused item, and every later
 * item of the same author in the batch is dropped with it, since it may build on the refused one.
 */
export function screenBatch<T extends { update: Uint8Array }>(
  screen: ChangeScreen,
  batch: T[],
  authorOf: (item: T) => Author | null,
  refuse: (item: T, refusal: Refusal) => void
): T[] {
  const refused = new Set<Author>();
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
}

const rootOf = (doc: Y.Doc, list: List) => (list === 'nodes' ? nodesOf(doc) : edgesOf(doc));

function hasGap(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Applies `update`, noting which nodes, edges and meta keys it changed at any depth. */
function applyTracking(doc: Y.Doc, update: Uint8Array, touched: Touched): void {
  const roots: Array<[AnyType, Set<string>]> = [
    [nodesOf(doc), touched.nodes],
    [edgesOf(doc), touched.edges],
    [metaOf(doc), touched.meta]
  ];
  const onTransaction = (tr: Y.Transaction) => {
    for (const [type, keys] of tr.changed)
      for (const [root, into] of roots) {
        if (type === root) for (const key of keys) if (key !== null) into.add(key);
        const key = keyUnder(type, root);
        if (key !== null) into.add(key);
      }
  };
  doc.on('afterTransaction', onTransaction);
  try {
    Y.applyUpdate(doc, update);
  } finally {
    doc.off('afterTransaction', onTransaction);
  }
}

/** The key under `root` of the entry that (at any depth) holds `type`, or null. */
function keyUnder(type: AnyType, root: AnyType): string | null {
  for (let t: AnyType | null = type; t?._item;) {
    const parent = t._item.parent as AnyType | null;
    if (parent === root) return t._item.parentSub;
    t = parent;
  }
  return null;
}

/** The rules one node or edge breaks, keyed by field and rule. */
function entryProblems(list: List, id: string, value: unknown): Map<string, string> {
  const found = new Map<string, string>();
  if (value === undefined) return found;
  if (!(value instanceof Y.Map)) return found.set('shape', `Each of ${list} must be a map.`);
  const parsed =
    list === 'nodes'
      ? pipelineNode.safeParse(readNode(id, value))
      : pipelineEdge.safeParse(readEdge(id, value));
  for (const issue of parsed.error?.issues ?? [])
    found.set(`${issue.path.map(String).join('.')}/${issue.message}`, issue.message);
  return found;
}

function commentsRefusal(messages: unknown[], author: Author): Refusal | null {
  for (const message of messages) {
    const reason = commentProblem(message, author);
    if (reason) return { kind: 'rule', reason };
  }
  return null;
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

/**
 * What a column's name says. Names are weak evidence on their own ("id" can be a float sensor), so
 * the inferencer only lets them tip decisions the values leave open.
 */

/** Lower-case word tokens: `customerID` → customer, id; `sepal length (cm)` → sepal, length, cm. */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

const ID_LAST_TOKENS = new Set(['id', 'ids', 'uuid', 'guid', 'key', 'pk', 'ref', 'sku']);
const ID_WHOLE_NAMES = new Set(['index', 'idx', 'rowid', 'row', 'unnamed 0', 'serial']);

/** `id`, `customer_id`, `userId`, `uuid`, `order_key`, pandas' `Unnamed: 0` … */
export function isIdName(name: string): boolean {
  const tokens = nameTokens(name);
  const last = tokens[tokens.length - 1];
  return (last !== undefined && ID_LAST_TOKENS.has(last)) || ID_WHOLE_NAMES.has(tokens.join(' '));
}

/** Names that are codes whatever their cardinality: digits that are labels, not amounts. */
const STRONG_CODE_TOKENS = new Set([
  'zip',
  'zipcode',
  'postcode',
  'postal',
  'fips',
  'naics',
  'sic',
  'icd',
  'isbn',
  'phone'
]);

/** Names that suggest a small set of categories when the values are few. */
const CODE_TOKENS = new Set([
  'code',
  'codes',
  'category',
  'cat',
  'type',
  'kind',
  'class',
  'status',
  'state',
  'group',
  'grp',
  'cluster',
  'segment',
  'region',
  'zone',
  'dept',
  'department',
  'tier',
  'label',
  'gender',
  'sex',
  'species',
  'diagnosis',
  'outcome',
  'target'
]);

/** A name that marks digits as a code: zip, postal, fips, naics … */
export function isStrongCodeName(name: string): boolean {
  return nameTokens(name).some((t) => STRONG_CODE_TOKENS.has(t));
}

/** A name that suggests categories: *_code, *_type, status, class, gender … */
export function isCodeName(name: string): boolean {
  return nameTokens(name).some((t) => CODE_TOKENS.has(t) || STRONG_CODE_TOKENS.has(t));
}

/**
 * Usual names of the column a model predicts, most telling first. Classification names come before
 * regression ones so that a file with both `churn` and `price` picks `churn` only if nothing is called
 * target or label.
 */
export const TARGET_NAMES: readonly string[] = [
  'target',
  'label',
  'class',
  'y',
  'outcome',
  'species',
  'diagnosis',
  'churn',
  'churned',
  'survived',
  'is fraud',
  'fraud',
  'default',
  'response',
  'price',
  'sale price',
  'saleprice',
  'quality'
];

/** Target names whose integer values are class numbers rather than amounts. */
const CLASS_TARGET_NAMES = new Set(['target', 'label', 'class', 'outcome', 'species', 'diagnosis', 'y']);

/** Position of `name` in {@link TARGET_NAMES} (lower is more telling), or -1. */
export function targetNameRank(name: string): number {
  const tokens = nameTokens(name);
  const whole = tokens.join(' ');
  const exact = TARGET_NAMES.indexOf(whole);
  if (exact >= 0) return exact;
  // `target_class`, `label_encoded`: a target word leading or closing the name still counts.
  const first = TARGET_NAMES.indexOf(tokens[0] ?? '');
  const last = TARGET_NAMES.indexOf(tokens[tokens.length - 1] ?? '');
  const ranks = [first, last].filter((r) => r >= 0 && r <= 1);
  return ranks.length > 0 ? Math.min(...ranks) : -1;
}

/** True for target-like names whose integers are class numbers (`target`, `class`, `label` …). */
export function isClassTargetName(name: string): boolean {
  const tokens = nameTokens(name);
  return CLASS_TARGET_NAMES.has(tokens.join(' ')) || tokens.some((t) => t === 'target' || t === 'label');
}

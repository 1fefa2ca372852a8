/**
 * The server checks imported files with a schema library whose messages read like a type checker
 * ("Invalid input: expected array, received undefined"). These say the same in the words of the
 * rest of the app; a message in any other shape (the server's own, already plain) is kept.
 */

const KINDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'empty',
  undefined: 'missing'
};

const kind = (name: string) => KINDS[name] ?? name;

const RULES: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^Invalid input: expected (\w+), received undefined$/, (want) => `Missing: it should be ${kind(want)}.`],
  [
    /^Invalid input: expected (\w+), received (\w+)$/,
    (want, got) => `Should be ${kind(want)}, not ${kind(got)}.`
  ],
  [/^Invalid input: expected (.+)$/, (want) => `Should be ${want}.`],
  [
    /^Invalid option: expected one of (.+)$/,
    (list) =>
      `Should be one of ${list
        .split('|')
        .map((o) => o.replace(/^"|"$/g, ''))
        .join(', ')}.`
  ],
  [/^Too small: expected string to have >=1 characters$/, () => 'Cannot be empty.'],
  [/^Too small: expected string to have >=(\d+) characters$/, (n) => `Needs at least ${n} characters.`],
  [/^Too big: expected string to have <=(\d+) characters$/, (n) => `Can have at most ${n} characters.`],
  [
    /^Too small: expected array to have >=(\d+) items$/,
    (n) => `Needs at least ${n} ${n === '1' ? 'item' : 'items'}.`
  ],
  [/^Too big: expected array to have <=(\d+) items$/, (n) => `Can have at most ${n} items.`],
  [/^Too small: expected number to be >=?(-?[\d.]+)$/, (n) => `Must be at least ${n}.`],
  [/^Too small: expected number to be >(-?[\d.]+)$/, (n) => `Must be more than ${n}.`],
  [/^Too big: expected number to be <=?(-?[\d.]+)$/, (n) => `Must be at most ${n}.`],
  [/^Too big: expected number to be <(-?[\d.]+)$/, (n) => `Must be less than ${n}.`],
  [
    /^Unrecognized keys?: (.+)$/,
    (keys) => `PipeWeave does not know ${keys.includes(',') ? 'the fields' : 'the field'} ${keys}.`
  ],
  [/^Invalid string: must match pattern .+$/, () => 'Has characters that are not allowed here.'],
  [/^Invalid UUID$/, () => 'Should be an id like those PipeWeave makes.'],
  [/^Invalid input$/, () => 'Is not valid here.']
];

export function plainIssue(message: string): string {
  for (const [pattern, say] of RULES) {
    const match = pattern.exec(message.trim());
    if (match) return say(...match.slice(1));
  }
  return message;
}

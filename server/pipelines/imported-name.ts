const MAX_NAME = 200;

/**
 * The name of an imported pipeline: the file's, unless the workspace already has a pipeline so
 * named, then "… (imported)", "… (imported 2)" … so the copy is never mistaken for the original.
 *
 * @param taken names of the workspace's live pipelines that start with `name` (case-sensitive).
 */
export function importedName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? ' (imported)' : ` (imported ${n})`;
    const candidate = `${name.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

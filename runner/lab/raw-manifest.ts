/**
 * Safe reads from lab.yaml as parsed, before (or despite) schema validation, so the cross-field
 * and cross-file rules can report their problems together with the schema's.
 */

export type Path = (string | number)[];

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at `keys`, or undefined when any step is missing or not a mapping. */
export function rawAt(raw: unknown, ...keys: string[]): unknown {
  let current = raw;
  for (const key of keys) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** The entries of a list, with their paths; [] when the value is not a list. */
export function rawList(value: unknown, path: Path): { value: unknown; path: Path }[] {
  return Array.isArray(value) ? value.map((item, index) => ({ value: item, path: [...path, index] })) : [];
}

/** The strings of a one-path-or-list field, with their paths (`tests` or `tests[1]`). */
export function rawPaths(value: unknown, path: Path): { value: string; path: Path }[] {
  if (typeof value === 'string') return [{ value, path }];
  return rawList(value, path).filter(
    (entry): entry is { value: string; path: Path } => typeof entry.value === 'string',
  );
}

/** The stages that are mappings, with their paths. */
export function rawStages(raw: unknown): { stage: Record<string, unknown>; path: Path }[] {
  return rawList(rawAt(raw, 'stages'), ['stages']).flatMap(({ value, path }) =>
    isRecord(value) ? [{ stage: value, path }] : [],
  );
}

import { z } from 'zod';
import { closestMatch } from './closest-match';
import { describeValue, formatPath, type LabProblem } from './lab-problem';
import type { ManifestLocator } from './manifest-positions';
import { LabManifestSchema, SERVICE_KINDS, ServicesSchema } from './manifest-schema';
import { fieldSchemaAt, knownKeysAt, unwrapSchema } from './schema-walk';

/** Turning zod's validation issues into problems that name the field, the value and the fix. */

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

/** Messages for the fields that do not carry their own: phrased for YAML authors, not programmers. */
export function fallbackMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      return TYPE_WORDS[issue.expected] ?? `expected ${issue.expected}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    default:
      return undefined;
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'expected text',
  number: 'expected a number',
  int: 'expected a whole number',
  boolean: 'expected true or false',
  array: 'expected a list',
  object: 'expected a mapping (key: value lines)',
};

/** Unknown keys are located at the key itself; other problems name a field that locateProblems finds. */
export function schemaProblems(
  issues: readonly Issue[],
  raw: unknown,
  file: string,
  locator?: ManifestLocator,
): LabProblem[] {
  return issues
    .flatMap((issue) => expandUnion(issue, []))
    .flatMap((issue) => toProblems(issue, raw, file, locator));
}

/**
 * A union (one path or a list of paths) reports each alternative's failures. When only one
 * alternative had the right shape, its own failures are the useful ones (`tests[1]: …`).
 */
function expandUnion(issue: Issue, prefix: Path): Issue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code !== 'invalid_union') return [{ ...issue, path: path as PropertyKey[] }];
  const shapeMatched = issue.errors.filter(
    (option) => !option.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0),
  );
  if (shapeMatched.length !== 1) return [{ ...issue, path: path as PropertyKey[] }];
  return shapeMatched[0].flatMap((inner) => expandUnion(inner, path));
}

function toProblems(issue: Issue, raw: unknown, file: string, locator?: ManifestLocator): LabProblem[] {
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({
      ...unknownKeyProblem(issue.path, key, file),
      ...locator?.key(issue.path, key),
    }));
  const value = valueAt(raw, issue.path);
  if (issue.code === 'invalid_type' && value.missing && issue.path.length > 0) {
    return [missingKeyProblem(issue.path, file)];
  }
  const at = issue.path.length > 0 ? { path: formatPath(issue.path) } : {};
  return [{ file, ...at, message: `${issue.message}, got ${describeValue(value.value)}` }];
}

function unknownKeyProblem(objectPath: Path, key: string, file: string): LabProblem {
  const at = objectPath.length > 0 ? { path: formatPath(objectPath) } : {};
  const isServices =
    unwrapSchema(fieldSchemaAt(LabManifestSchema, objectPath) ?? LabManifestSchema) === ServicesSchema;
  const known = isServices ? [...SERVICE_KINDS] : knownKeysAt(LabManifestSchema, objectPath);
  const suggestion = closestMatch(key, known);
  if (isServices) {
    const knownKinds = `known kinds: ${known.join(', ')}`;
    return {
      file,
      ...at,
      message: `unknown service kind \`${key}\``,
      fix: suggestion ? `did you mean \`${suggestion}\`? ${capitalise(knownKinds)}` : knownKinds,
    };
  }
  return {
    file,
    ...at,
    message: `unknown key \`${key}\``,
    fix: suggestion ? `did you mean \`${suggestion}\`?` : `known keys: ${known.join(', ')}`,
  };
}

function missingKeyProblem(path: Path, file: string): LabProblem {
  const parent = path.slice(0, -1);
  const key = String(path[path.length - 1]);
  const description = fieldSchemaAt(LabManifestSchema, path)?.description;
  return {
    file,
    ...(parent.length > 0 ? { path: formatPath(parent) } : {}),
    message: `missing required key \`${key}\``,
    fix: description ? `add \`${key}:\` (${lowerFirst(description)})` : `add \`${key}:\``,
  };
}

/** The raw value at `path`, and whether its key is absent altogether (as opposed to empty). */
function valueAt(raw: unknown, path: Path): { value: unknown; missing: boolean } {
  let current: unknown = raw;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !(segment in current))
      return { value: undefined, missing: true };
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return { value: current, missing: false };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

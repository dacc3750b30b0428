import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import type { LabProblem } from '../lab';
import { formatPath } from '../lab/lab-problem';

export type JsonSpecRead<T> =
  { kind: 'ok'; value: T } | { kind: 'missing' } | { kind: 'invalid'; problems: LabProblem[] };

/**
 * Reads a small JSON file that describes a lab folder (expected.json, mutation.json) and checks it
 * against its schema; each problem names the file (`file`, relative to the lab) and the field.
 */
export async function readJsonSpec<T>(
  absolutePath: string,
  file: string,
  schema: z.ZodType<T>,
  fix: string,
): Promise<JsonSpecRead<T>> {
  const text = await readFile(absolutePath, 'utf8').catch(() => undefined);
  if (text === undefined) return { kind: 'missing' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { kind: 'invalid', problems: [{ file, message: `invalid JSON: ${(error as Error).message}` }] };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { kind: 'ok', value: parsed.data };
  return {
    kind: 'invalid',
    problems: parsed.error.issues.map((issue) => ({
      file,
      ...(issue.path.length ? { path: formatPath(issue.path) } : {}),
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown key ${issue.keys.map((k) => `\`${k}\``).join(', ')}`
          : issue.message,
      fix,
    })),
  };
}

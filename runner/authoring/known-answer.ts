import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ErrorCause, Phase } from '../grading/result';
import type { Lab, LabProblem } from '../lab';
import { isInsidePath } from '../lab/manifest-fields';
import { readJsonSpec } from './json-spec';

/**
 * Known-answer submissions: `submissions/<name>/expected.json` records how a submission must grade:
 * its status and score, every test that fails, and for one that cannot be graded where it stops
 * and whose failure that is. The folder's other files are laid over a copy of the starter or the
 * solution (`from`), or make up the whole submission (`from: null`).
 */

export const KNOWN_ANSWERS_FOLDER = 'submissions';
export const EXPECTED_FILE = 'expected.json';

const relativePathInside = z
  .string({ error: 'expected a relative path, like "lib/cache.js"' })
  .refine(isInsidePath, { error: 'expected a relative path inside the submission (no leading "/" or "..")' });

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

const testName = z
  .string({ error: 'expected a test name, describe blocks joined with " › "' })
  .min(1, { error: 'expected a test name, describe blocks joined with " › "' });

export const ExpectedErrorSchema = z
  .strictObject({
    phase: z
      .enum(Phase.options, { error: `expected one of ${Phase.options.map((p) => `"${p}"`).join(', ')}` })
      .describe('Phase the grade stops in'),
    cause: z
      .enum(ErrorCause.options, {
        error: `expected one of ${ErrorCause.options.map((c) => `"${c}"`).join(', ')}`,
      })
      .describe("Whose failure the grade must say it is: the submission's, the machine's or the sandbox's"),
    message: z
      .string({ error: 'expected a regular expression' })
      .refine(isRegExp, { error: 'expected a valid JavaScript regular expression' })
      .optional()
      .describe('A regular expression (JavaScript syntax, not anchored) the error message must match'),
  })
  .describe('Why a submission of status "error" cannot be graded');

const OutcomeFieldsSchema = z.strictObject({
  from: z
    .enum(['solution', 'starter'], { error: 'expected "solution", "starter" or null' })
    .nullable()
    .describe(
      'Folder the submission starts from before its own files are laid over it; null when the folder is complete',
    ),
  status: z
    .enum(['pass', 'fail', 'error'], { error: 'expected "pass", "fail" or "error"' })
    .describe('Status the grade must have'),
  score: z
    .number({ error: 'expected a number of points, or null when any score will do' })
    .nonnegative({ error: 'expected a number of points, 0 or more' })
    .nullable()
    .describe('Points (visible tests only) the grade must reach; null when the score does not matter'),
  failing: z
    .record(z.string(), z.array(testName, { error: 'expected a list of test names' }), {
      error: 'expected {"<stage id>": ["<test name>", …]}',
    })
    .optional()
    .describe('Every test that fails, by stage id, under its full name; every test not listed must pass'),
  error: ExpectedErrorSchema.optional(),
  why: z
    .string({ error: 'expected a sentence saying why it grades this way' })
    .trim()
    .min(1, { error: 'expected a sentence saying why it grades this way' }),
  remove: z
    .array(relativePathInside, { error: 'expected a list of paths' })
    .optional()
    .describe('Files deleted from the copy of `from`'),
});

export const ExpectedOutcomeSchema = OutcomeFieldsSchema.superRefine((outcome, ctx) => {
  if (outcome.status === 'error' && !outcome.error) {
    ctx.addIssue({
      code: 'custom',
      path: ['error'],
      message: 'a submission that cannot be graded records why: {"phase": …, "cause": …}',
    });
  }
  if (outcome.status !== 'error' && outcome.error) {
    ctx.addIssue({
      code: 'custom',
      path: ['error'],
      message: 'only a submission of status "error" has an error',
    });
  }
  const listed = Object.values(outcome.failing ?? {}).flat().length;
  if (outcome.status === 'pass' && listed > 0) {
    ctx.addIssue({ code: 'custom', path: ['failing'], message: 'a passing submission has no failing tests' });
  }
});

export type ExpectedOutcome = z.infer<typeof ExpectedOutcomeSchema>;

export interface KnownAnswer {
  name: string;
  /** Absolute path of the submission folder. */
  dir: string;
  /** Path of expected.json relative to the lab folder, for messages. */
  file: string;
  expected: ExpectedOutcome;
}

/** Every known answer of the lab, and the problems of those whose expected.json is missing or wrong. */
export async function readKnownAnswers(
  lab: Pick<Lab, 'dir'>,
): Promise<{ answers: KnownAnswer[]; problems: LabProblem[] }> {
  const answers: KnownAnswer[] = [];
  const problems: LabProblem[] = [];
  for (const name of await subfolders(path.join(lab.dir, KNOWN_ANSWERS_FOLDER))) {
    const dir = path.join(lab.dir, KNOWN_ANSWERS_FOLDER, name);
    const file = path.posix.join(KNOWN_ANSWERS_FOLDER, name, EXPECTED_FILE);
    const read = await readExpected(dir, file);
    if (read.ok) answers.push({ name, dir, file, expected: read.expected });
    else problems.push(...read.problems);
  }
  return { answers, problems };
}

async function readExpected(
  dir: string,
  file: string,
): Promise<{ ok: true; expected: ExpectedOutcome } | { ok: false; problems: LabProblem[] }> {
  const read = await readJsonSpec(
    path.join(dir, EXPECTED_FILE),
    file,
    ExpectedOutcomeSchema,
    'expected.json holds from, status, score, failing (or error, for status "error"), why and optionally remove',
  );
  if (read.kind === 'ok') return { ok: true, expected: read.value };
  if (read.kind === 'invalid') return { ok: false, problems: read.problems };
  return {
    ok: false,
    problems: [
      {
        file,
        message: 'not found; every known-answer folder records its expected grade',
        fix: 'add {"from": "solution", "status": "fail", "score": 80, "failing": {"<stage id>": ["<test name>"]}, "why": "…"}',
      },
    ],
  };
}

/** Sub-folders of `dir`, sorted; none when it does not exist. */
export async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}

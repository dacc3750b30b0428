import { z } from 'zod';

/**
 * The grade result document: what every reporter, the CLI's --json and the server speak.
 * Versioned; a change that breaks readers bumps RESULT_VERSION. JSON Schema: runner/grading/result.schema.json.
 */
export const RESULT_VERSION = 1;

export const Status = z
  .enum(['pass', 'fail', 'error'])
  .describe(
    'pass: every test passed; fail: graded, some tests failed; error: could not be graded (see error)',
  );

export const TestResult = z
  .object({
    name: z.string().describe('Full test name, describe blocks joined with " › "'),
    status: z.enum(['pass', 'fail']).describe('Outcome of this test'),
    points: z.number().describe('Points earned by this test'),
    maxPoints: z.number().describe("This test's share of the stage's points"),
    message: z.string().optional().describe('Why it failed: the assertion with expected and actual values'),
    durationMs: z.number().describe('Time the test took'),
    hidden: z
      .boolean()
      .describe('True for a hidden (server-side) test; its message is withheld from learners'),
  })
  .strict();

export const StageResult = z
  .object({
    id: z.string().describe('Stage id from lab.yaml'),
    title: z.string().describe('Stage title from lab.yaml'),
    status: Status,
    score: z.number().describe('Points earned in this stage'),
    maxScore: z.number().describe('Points available in this stage'),
    tests: z.array(TestResult).describe('One entry per test in the stage suites'),
    hints: z.array(z.string()).describe("The stage's hints, present when the stage did not pass"),
    error: z.string().optional().describe('Why the stage could not be graded (suite crashed, timed out)'),
    durationMs: z.number().describe('Time the stage suites took'),
  })
  .strict();

export const Phase = z.enum(['images', 'services', 'install', 'appStart', 'tests', 'teardown']);

export const GradeResult = z
  .object({
    version: z.literal(RESULT_VERSION).describe('Version of this document format'),
    lab: z.string().describe('Lab id'),
    runId: z.string().describe('Run id; Docker objects of the run carried it as a label'),
    status: Status,
    score: z.number().describe('Points earned'),
    maxScore: z.number().describe('Points available'),
    stages: z.array(StageResult).describe('Per-stage results in lab.yaml order'),
    error: z
      .object({
        phase: Phase.describe('Where grading stopped'),
        message: z.string().describe('What went wrong, phrased for the learner'),
        hint: z.string().optional().describe('What to do next'),
        cause: z
          .enum(['submission', 'infrastructure'])
          .optional()
          .describe(
            "Whose failure: submission (the learner's code: it crashed, the config was refused) or infrastructure (the machine or the lab: Docker, images, services); a submission server retries only infrastructure",
          ),
      })
      .strict()
      .optional()
      .describe('Present when status is error: why the submission could not be graded'),
    appLog: z.string().describe("Last lines of the learner app's output"),
    timings: z.record(Phase, z.number()).describe('Milliseconds spent per phase'),
    startedAt: z.string().describe('ISO 8601 time the run started'),
    finishedAt: z.string().describe('ISO 8601 time the run finished'),
  })
  .strict();

export type Status = z.infer<typeof Status>;
export type TestResult = z.infer<typeof TestResult>;
export type StageResult = z.infer<typeof StageResult>;
export type Phase = z.infer<typeof Phase>;
export type GradeResult = z.infer<typeof GradeResult>;

import { z } from 'zod';

/**
 * The grade result document: what every reporter, the CLI's --json and the server speak.
 * Versioned; a change that breaks readers bumps RESULT_VERSION. JSON Schema: runner/grading/result.schema.json.
 *
 * Version 2 added the required `provenance`. A version 1 reader rejects it either way (the document
 * is strict, its JSON Schema says additionalProperties: false), so an optional field would have
 * broken the same readers while promising nothing; required, every version 2 result can be traced.
 */
export const RESULT_VERSION = 2;

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

export const ErrorCause = z
  .enum(['submission', 'infrastructure', 'sandbox'])
  .describe(
    "Whose failure: submission (the learner's code: it crashed, the config was refused); infrastructure (the machine or the lab: Docker, images, services; retrying may help, and a submission server retries only these); sandbox (a limit of the grading sandbox the submission ran into, for example an install script that downloads from a host other than the npm registry; not the learner's code, and retrying will not help)",
  );

export const ServiceProvenance = z
  .object({
    implementation: z
      .enum(['mariadb', 'nginx', 'mongodb', 'mongodb-standin', 'redis'])
      .describe("What served it; mongodb-standin is backlab's wire-protocol test server, NOT MongoDB"),
    image: z.string().describe('Image the service container ran, e.g. "backlab/mariadb:latest" or "mongo:7"'),
    version: z
      .string()
      .describe(
        'Version the server reports (MariaDB: SELECT VERSION(); nginx: nginx -v; MongoDB: buildInfo), "unknown" when it could not be asked',
      ),
  })
  .strict();

export const Provenance = z
  .object({
    backlab: z.string().describe('Version of backlab that graded (its package.json)'),
    labHash: z
      .string()
      .describe(
        'sha256 over every file of the lab folder (sorted paths and contents, node_modules left out)',
      ),
    images: z
      .record(z.string(), z.string())
      .describe(
        'Image reference → the content key it was built from (its backlab.image.key label), or the image id for an image backlab did not build (mongo:7); images that were not on the machine are left out',
      ),
    services: z
      .object({
        mysql: ServiceProvenance.optional().describe('The MySQL-compatible server (MariaDB)'),
        mongodb: ServiceProvenance.optional().describe("MongoDB itself (mongo:7) or backlab's stand-in"),
        redis: ServiceProvenance.optional().describe("Redis (Debian's redis-server)"),
        nginx: ServiceProvenance.optional().describe('nginx'),
      })
      .strict()
      .describe('Which implementation served each service that started'),
  })
  .strict()
  .describe('What produced this result, so two results can be told comparable or not');

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
        cause: ErrorCause.optional(),
      })
      .strict()
      .optional()
      .describe('Present when status is error: why the submission could not be graded'),
    notes: z
      .array(z.string())
      .optional()
      .describe(
        'What the learner should know about how the submission was read, such as "grading the app in backend/ (the only folder with a startable app)"; absent when there is nothing to say',
      ),
    appLog: z.string().describe("Last lines of the learner app's output"),
    timings: z.record(Phase, z.number()).describe('Milliseconds spent per phase'),
    startedAt: z.string().describe('ISO 8601 time the run started'),
    finishedAt: z.string().describe('ISO 8601 time the run finished'),
    provenance: Provenance,
  })
  .strict();

export type Status = z.infer<typeof Status>;
export type TestResult = z.infer<typeof TestResult>;
export type StageResult = z.infer<typeof StageResult>;
export type Phase = z.infer<typeof Phase>;
export type ErrorCause = z.infer<typeof ErrorCause>;
export type ServiceProvenance = z.infer<typeof ServiceProvenance>;
export type Provenance = z.infer<typeof Provenance>;
export type GradeResult = z.infer<typeof GradeResult>;

/**
 * The lab kit: what stage suites import as `backlab/kit`. It runs inside the test-runner
 * container, next to the learner's app on the run's private network.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Response } from 'supertest';
import { KIT_ENV, requireEnv } from './env';

export {
  mysql,
  newMysqlSession,
  mysqlStatus,
  mysqlSelectsDuring,
  mongo,
  redis,
  redisHitsAndMisses,
  redisKeysHolding,
  closeDatabases,
} from './databases';
export {
  serveApi,
  runLearnerTests,
  runLearnerTestsOn,
  keptRun,
  passedTests,
  catchingTests,
  describeRun,
  type ServedApi,
  type LearnerRun,
  type LearnerTest,
} from './learner-tests';
export { overlaidCopy, describeFailures, expectCaught, type Bug } from './broken-apis';

/** Base URL of the learner's app, e.g. http://app:3000. */
export function appUrl(): string {
  return requireEnv(KIT_ENV.appUrl, "The learner's app");
}

/** A supertest request builder for the app: `await app().get('/health').expect(200)`. */
export function app(): ReturnType<typeof request> {
  return request(appUrl());
}

/** A supertest agent for the app that keeps cookies between requests (sessions). */
export function agent(): ReturnType<typeof request.agent> {
  return request.agent(appUrl());
}

/** Base URL of the lab's nginx, e.g. http://nginx:80. */
export function nginxUrl(): string {
  return requireEnv(KIT_ENV.nginxUrl, 'nginx');
}

/** The learner's submitted files (read-only), for labs graded on files rather than an app. */
export function submissionDir(): string {
  return requireEnv(KIT_ENV.submissionDir, "The learner's files");
}

export interface TestUser {
  email: string;
  password: string;
  name: string;
}

/** A user no other test has used, so tests never depend on each other's data. */
export function uniqueUser(prefix = 'user'): TestUser {
  const tag = randomBytes(4).toString('hex');
  return {
    email: `${prefix}-${tag}@example.test`,
    password: `Pw-${tag}-long-enough`,
    name: `${prefix} ${tag}`,
  };
}

/**
 * Asserts an HTTP status with a message a learner can act on:
 * "POST /api/register: expected status 201, got 400 (body: {"error":"…"})".
 */
export function expectStatus(res: Response, expected: number | number[], context?: string): void {
  const allowed = Array.isArray(expected) ? expected : [expected];
  if (allowed.includes(res.status)) return;
  const req = (res as unknown as { req?: { method?: string; path?: string } }).req;
  const where = context ?? (req ? `${req.method} ${req.path}` : 'request');
  const want = allowed.length === 1 ? `${allowed[0]}` : `one of ${allowed.join(', ')}`;
  throw new Error(`${where}: expected status ${want}, got ${res.status} (body: ${bodyExcerpt(res)})`);
}

export function bodyExcerpt(res: Response, max = 200): string {
  const text = res.text ?? JSON.stringify(res.body ?? '');
  return text.length > max ? `${text.slice(0, max)}…` : text || '(empty)';
}

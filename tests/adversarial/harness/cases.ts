import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCause, Phase, Status } from '../../../runner/grading/result';

/**
 * One adversarial case: a folder holding `case.json` and the files it lays over a lab's solution
 * (in `app/`, or one folder per step), or a `make.js` that writes a crafted upload archive.
 */
export interface CaseSpec {
  /** The folder name: the case's id everywhere. */
  name: string;
  dir: string;
  /** "hello-lab" (tests/fixtures/grading/hello-lab) or a lab under labs/ (e.g. "login-system"). */
  lab: string;
  /** grade (default): overlays graded by the engine; archive: an upload checked by the server's unpacker. */
  kind: 'grade' | 'archive';
  /** Folder of the case laid over the lab's solution (default "app"). */
  overlay: string;
  /** Paths deleted from the solution after the overlay is laid. */
  remove: string[];
  /** Also run the hidden suites, as the submission server does. */
  hidden: boolean;
  /** Only these stages (all when absent): enough to cross a stage reset, at a fraction of the time. */
  stageIds?: string[];
  /** Lab limits shortened for speed only where waiting out the real one teaches nothing. */
  limits: { installTimeoutMs?: number; stageTimeoutMs?: number; readyTimeoutMs?: number };
  /** Several grades in a row (cache poisoning): each with its overlay and expectation. */
  steps?: { overlay: string; expect: Expectation; why?: string }[];
  expect: Expectation;
  /** A safety limit: the case fails when its grade(s) take longer. */
  boundSeconds: number;
  why: string;
}

export interface Expectation {
  /** One status, or the statuses that are all acceptable. */
  status?: Status | Status[];
  phase?: Phase;
  cause?: ErrorCause;
  /** Regular expression (JS syntax, no slashes) the error message must match. */
  message?: string;
  hint?: string;
  score?: number;
  /** Stage id → its expected status; a stage may be "error" only when listed so here. */
  stages?: Record<string, Status>;
  /** Stage id → regular expression its `error` text must match. */
  stageError?: Record<string, string>;
  /** Regular expression the result's app log excerpt must match. */
  appLog?: string;
  /** The app.log written in the run folder stays this small. */
  appLogFileMaxBytes?: number;
  /** The app log excerpt in the result document stays this small. */
  resultAppLogMaxChars?: number;
  /** archive cases: the upload is refused with this HTTP status and message. */
  rejected?: { status: number; message: string };
}

const ROOT = join(__dirname, '..');
export const CASES_DIR = join(ROOT, 'cases');

/**
 * The case folders under `dir`, sorted by name. ADV_ONLY=a,b narrows the run to those names
 * (handy when fixing one mechanism).
 */
export function discoverCases(dir: string): CaseSpec[] {
  if (!existsSync(dir)) return [];
  const only = process.env.ADV_ONLY?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'case.json')))
    .filter((name) => !only || only.includes(name))
    .sort()
    .map((name) => readCase(join(dir, name), name));
}

function readCase(dir: string, name: string): CaseSpec {
  const raw = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Partial<CaseSpec>;
  const fail = (why: string) => new Error(`tests/adversarial case ${name}: ${why}`);
  if (!raw.lab) throw fail('case.json has no "lab"');
  if (!raw.expect && !raw.steps) throw fail('case.json has no "expect"');
  if (typeof raw.boundSeconds !== 'number') throw fail('case.json has no numeric "boundSeconds"');
  if (!raw.why) throw fail('case.json has no "why"');
  const kind = raw.kind ?? 'grade';
  const overlay = raw.overlay ?? 'app';
  if (kind === 'grade' && !raw.steps && !existsSync(join(dir, overlay)))
    throw fail(`no overlay folder ${overlay}/`);
  if (kind === 'archive' && !existsSync(join(dir, 'make.js'))) throw fail('an archive case needs make.js');
  return {
    name,
    dir,
    lab: raw.lab,
    kind,
    overlay,
    remove: raw.remove ?? [],
    hidden: raw.hidden ?? false,
    ...(raw.stageIds ? { stageIds: raw.stageIds } : {}),
    limits: raw.limits ?? {},
    ...(raw.steps ? { steps: raw.steps } : {}),
    expect: raw.expect ?? raw.steps![raw.steps!.length - 1].expect,
    boundSeconds: raw.boundSeconds,
    why: raw.why,
  };
}

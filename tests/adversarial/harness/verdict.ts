import type { GradeResult } from '../../../runner/grading/result';
import type { Expectation } from './cases';

/** What one grade did, as recorded in a pending case's case.json. */
export interface GradeObservation {
  status: GradeResult['status'];
  score: number;
  maxScore: number;
  error?: GradeResult['error'];
  stages: { id: string; status: string; score: number; seconds: number; error?: string }[];
  /** Seconds per phase. */
  timings: Record<string, number>;
  appLogExcerptChars: number;
  appLogFileBytes: number;
}

export function observe(result: GradeResult, appLogFileBytes: number): GradeObservation {
  return {
    status: result.status,
    score: result.score,
    maxScore: result.maxScore,
    ...(result.error ? { error: result.error } : {}),
    stages: result.stages.map((s) => ({
      id: s.id,
      status: s.status,
      score: s.score,
      seconds: Math.round(s.durationMs / 100) / 10,
      ...(s.error ? { error: s.error } : {}),
    })),
    timings: Object.fromEntries(
      Object.entries(result.timings).map(([k, v]) => [k, Math.round(v / 100) / 10]),
    ),
    appLogExcerptChars: result.appLog.length,
    appLogFileBytes,
  };
}

/** "error/appStart/submission" or "fail 50/100". */
export function verdictOf(o: Pick<GradeObservation, 'status' | 'score' | 'maxScore' | 'error'>): string {
  if (o.status === 'error' && o.error) return `error/${o.error.phase}/${o.error.cause ?? '?'}`;
  if (o.status === 'error') return `error (a stage errored) ${o.score}/${o.maxScore}`;
  return `${o.status} ${o.score}/${o.maxScore}`;
}

const clip = (text: string, max = 400) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Every way the observation differs from the expectation, as sentences; empty when it holds.
 * Besides what the case states, two rules hold for every case, because a learner must never be
 * able to turn a grade into "could not be graded, retry" at will: the cause is never
 * infrastructure, and no stage ends as "error", unless the case says so.
 */
export function mismatches(expect: Expectation, o: GradeObservation): string[] {
  const out: string[] = [];
  const statuses = expect.status === undefined ? undefined : [expect.status].flat();
  if (statuses && !statuses.includes(o.status))
    out.push(`status ${o.status}, expected ${statuses.join(' or ')}`);
  if (expect.phase && o.error?.phase !== expect.phase)
    out.push(`error phase ${o.error?.phase ?? '(none)'}, expected ${expect.phase}`);
  if (expect.cause && o.error?.cause !== expect.cause)
    out.push(`error cause ${o.error?.cause ?? '(none)'}, expected ${expect.cause}`);
  if (expect.message && !new RegExp(expect.message).test(o.error?.message ?? ''))
    out.push(
      `error message ${JSON.stringify(clip(o.error?.message ?? '(none)'))} does not match /${expect.message}/`,
    );
  if (expect.hint && !new RegExp(expect.hint).test(o.error?.hint ?? ''))
    out.push(`error hint ${JSON.stringify(clip(o.error?.hint ?? '(none)'))} does not match /${expect.hint}/`);
  if (expect.score !== undefined && o.score !== expect.score)
    out.push(`score ${o.score}, expected ${expect.score}`);
  for (const [id, status] of Object.entries(expect.stages ?? {})) {
    const stage = o.stages.find((s) => s.id === id);
    if (stage?.status !== status) out.push(`stage ${id} ${stage?.status ?? '(absent)'}, expected ${status}`);
  }
  for (const [id, pattern] of Object.entries(expect.stageError ?? {})) {
    const stage = o.stages.find((s) => s.id === id);
    if (!new RegExp(pattern).test(stage?.error ?? ''))
      out.push(
        `stage ${id} error ${JSON.stringify(clip(stage?.error ?? '(none)'))} does not match /${pattern}/`,
      );
  }
  if (expect.appLogFileMaxBytes !== undefined && o.appLogFileBytes > expect.appLogFileMaxBytes)
    out.push(`app.log is ${o.appLogFileBytes} bytes, more than ${expect.appLogFileMaxBytes}`);
  if (expect.resultAppLogMaxChars !== undefined && o.appLogExcerptChars > expect.resultAppLogMaxChars)
    out.push(
      `the result's app log excerpt is ${o.appLogExcerptChars} characters, more than ${expect.resultAppLogMaxChars}`,
    );
  // The rules every case obeys.
  if (o.error?.cause === 'infrastructure' && expect.cause !== 'infrastructure')
    out.push(
      `the learner's code produced an infrastructure error (${o.error.phase}): ${JSON.stringify(clip(o.error.message))}`,
    );
  for (const stage of o.stages) {
    if (stage.status === 'error' && expect.stages?.[stage.id] !== 'error')
      out.push(
        `stage ${stage.id} ended as "error" (could not be graded): ${JSON.stringify(clip(stage.error ?? ''))}`,
      );
  }
  return out;
}

/** The pattern checks on the app log excerpt need the text itself, which the observation leaves out. */
export function appLogMismatch(expect: Expectation, appLog: string): string[] {
  if (!expect.appLog || new RegExp(expect.appLog).test(appLog)) return [];
  return [
    `the app log excerpt does not match /${expect.appLog}/ (it ends: ${JSON.stringify(clip(appLog.slice(-300)))})`,
  ];
}

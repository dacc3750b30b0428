import { csvCell, submissionsCsv } from '../../../runner/server/dashboard/csv';
import { escapeHtml, html, query } from '../../../runner/server/dashboard/html';
import { reportView } from '../../../runner/server/dashboard/report-view';
import { stagePassRates } from '../../../runner/server/dashboard/stage-pass-rates';
import { resultFor } from '../../../runner/server/api/submission-view';
import { secondsUntilAllowed, parseRateLimit } from '../../../runner/server/api/rate-limit';
import { infrastructureCause } from '../../../runner/server/grading/infrastructure-cause';
import { SseParser } from '../../../runner/cli/remote/sse-parser';
import { parseDuration } from '../../../runner/common/units';
import type { Lab } from '../../../runner/lab';
import { listed, type Submission } from '../../../runner/server/store/records';
import type { SubmissionStore } from '../../../runner/server/store/submission-store';
import { loadResult } from '../reporters/result-fixtures';

describe('html', () => {
  it('escapes every interpolated value, and only those', () => {
    const name = '<script>alert("x")</script>';
    const out = html`<td title="${name}">${name}${[html`<b>${"'"}</b>`]}</td>`.text;
    expect(out).toBe(
      '<td title="&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;">&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;<b>&#39;</b></td>',
    );
    expect(escapeHtml('a&b`=')).toBe('a&#38;b&#96;&#61;');
    expect(query({ lab: 'a b', learner: undefined, status: '' })).toBe('?lab=a+b');
  });
});

describe('csv', () => {
  it('quotes and defuses formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('plain')).toBe('plain');
  });

  it('writes one row per submission', () => {
    const result = loadResult('fail');
    const sub = {
      id: 's-1',
      learner: '@ada',
      lab: 'login-system',
      createdAt: 't0',
      attempt: { number: 1, state: 'graded', result, finishedAt: 't1' },
    } as unknown as Submission;
    expect(submissionsCsv([listed(sub)]).split('\r\n')).toEqual([
      'id,learner,lab,status,result,score,max_score,attempt,submitted_at,finished_at,error',
      `s-1,'@ada,login-system,graded,fail,${result.score},${result.maxScore},1,t0,t1,`,
      '',
    ]);
  });
});

describe('stage pass rates', () => {
  it('counts the stages passed by graded submissions and by learners', () => {
    const fail = loadResult('fail');
    const pass = {
      ...fail,
      status: 'pass' as const,
      stages: fail.stages.map((s) => ({ ...s, status: 'pass' as const })),
    };
    const lab = {
      id: 'login-system',
      stages: fail.stages.map((s) => ({ id: s.id, title: s.title, points: s.maxScore })),
    } as unknown as Lab;
    const sub = (learner: string, result: typeof fail) =>
      ({ learner, lab: 'login-system', attempt: { result } }) as unknown as Submission;
    const rates = stagePassRates(lab, [sub('ada', pass), sub('ada', fail), sub('bob', fail)]);
    expect(rates.map((r) => [r.id, r.passed, r.graded, r.learnersPassed, r.learners])).toEqual([
      ['register', 3, 3, 2, 2],
      ['login', 1, 3, 1, 2],
      ['sessions', 1, 3, 1, 2],
      ['rate-limit', 1, 3, 1, 2],
    ]);
  });
});

describe('what learners see of a result', () => {
  it("drops hidden tests' messages and, once tests ran, the app log", () => {
    const full = loadResult('fail');
    const shown = resultFor(full, { id: 1, name: 'ada', role: 'learner', createdAt: '' });
    const hidden = shown.stages.flatMap((s) => s.tests).filter((t) => t.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((t) => t.message === undefined)).toBe(true);
    expect(shown.appLog).toBe('');
    expect(resultFor(full, { id: 2, name: 'teacher', role: 'instructor', createdAt: '' })).toBe(full);
    const noTestsRan = loadResult('error');
    expect(resultFor(noTestsRan, { id: 1, name: 'ada', role: 'learner', createdAt: '' }).appLog).toBe(
      noTestsRan.appLog,
    );
  });

  it("tells infrastructure failures from learners' errors", () => {
    const error = loadResult('error');
    expect(infrastructureCause(error)).toBeUndefined();
    expect(
      infrastructureCause({
        ...error,
        error: { phase: 'services', message: 'MariaDB did not answer SELECT 1 after 30000 ms' },
      }),
    ).toBe('services: MariaDB did not answer SELECT 1 after 30000 ms');
    expect(infrastructureCause(loadResult('fail'))).toBeUndefined();
  });

  it('is told, not retried, when the submission met a limit of the grading sandbox', () => {
    const sandbox = loadResult('sandbox-error');
    expect(infrastructureCause(sandbox)).toBeUndefined();
    expect(reportView(sandbox).text).toContain(
      'Could not grade: a limit of the grading sandbox (met while installing the app&#39;s dependencies): npm ci failed',
    );
    expect(reportView(loadResult('error')).text).toContain(
      'Grading stopped while starting the app: The app did not answer GET /health',
    );
  });
});

describe('rate limit', () => {
  it('says how long until the oldest submission leaves the window', async () => {
    const now = new Date('2026-11-21T10:10:00Z');
    const store = {
      recentSubmissionTimes: async () => ['2026-11-21T10:01:00Z', '2026-11-21T10:05:00Z'],
    } as unknown as SubmissionStore;
    expect(await secondsUntilAllowed(store, 'ada', { max: 2, windowMs: 600_000 }, now)).toBe(60);
    expect(await secondsUntilAllowed(store, 'ada', { max: 3, windowMs: 600_000 }, now)).toBeUndefined();
    expect(parseRateLimit('10/5m', parseDuration)).toEqual({ max: 10, windowMs: 300_000 });
    expect(parseRateLimit('ten', parseDuration)).toBeUndefined();
  });
});

describe('SseParser', () => {
  it('assembles events across chunks and skips comments', () => {
    const parser = new SseParser();
    expect(parser.push('retry: 2000\n\n: keep-alive\n\nevent: st')).toEqual([]);
    expect(parser.push('ate\ndata: {"a":1}\r\n\r\ndata: x\ndata: y\n\n')).toEqual([
      { event: 'state', data: '{"a":1}' },
      { event: 'message', data: 'x\ny' },
    ]);
  });
});

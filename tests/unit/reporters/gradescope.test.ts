import { gradescopeResults } from '../../../runner/grading/reporters/gradescope';
import { loadResult } from './result-fixtures';

describe('gradescopeResults', () => {
  it("gives each stage's points out across its tests", () => {
    const result = loadResult('fail');
    const report = gradescopeResults(result);
    expect(report.score).toBe(result.score);
    result.stages.forEach((stage, i) => {
      const tests = report.tests.filter((test) => test.number.startsWith(`${i + 1}.`));
      expect(tests.reduce((sum, test) => sum + test.max_score, 0)).toBe(stage.maxScore);
      expect(tests.reduce((sum, test) => sum + test.score, 0)).toBe(stage.score);
    });
  });

  it('keeps hidden tests until grades are published and shows the rest at once', () => {
    const report = gradescopeResults(loadResult('fail'));
    const visibility = Object.fromEntries(report.tests.map((test) => [test.name, test.visibility]));
    expect(visibility['Sessions › logout invalidates the session on the server']).toBe('after_published');
    expect(visibility['Sessions › the session cookie is HttpOnly']).toBe('after_published');
    expect(visibility['Log in › rejects a wrong password with 401']).toBe('visible');
  });

  it('explains a failed test with its message and the stage hints', () => {
    const failed = gradescopeResults(loadResult('fail')).tests.find((test) => test.number === '2.3');
    expect(failed).toMatchObject({ status: 'failed', score: 0, max_score: 12 });
    expect(failed?.output).toBe('Expected: 401\nReceived: 200\n\nHint: compare with bcrypt.compare, not ===');
  });

  it('keeps a long message whole: no line cut, no line left out', () => {
    const result = loadResult('fail');
    const long = `the input broke the SQL query. ${'Bind the email as a parameter instead of joining strings. '.repeat(6)}`;
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1} of the reason`);
    const message = [long, ...lines].join('\n');
    const stage = result.stages[1];
    const withLong = {
      ...result,
      stages: result.stages.map((s) =>
        s === stage ? { ...s, tests: s.tests.map((t, i) => (i === 2 ? { ...t, message } : t)) } : s,
      ),
    };
    const failed = gradescopeResults(withLong).tests.find((test) => test.number === '2.3');
    expect(failed?.output).toContain(long.trimEnd());
    expect(failed?.output).toContain('line 12 of the reason');
  });

  it('reports a run that could not be graded as score 0 with one explanation', () => {
    const report = gradescopeResults(loadResult('error'));
    expect(report.score).toBe(0);
    expect(report.tests).toEqual([]);
    expect(report.execution_time).toBe(37);
    expect(report.output).toMatch(
      /^This submission could not be graded: grading stopped while starting the app\./,
    );
    expect(report.output).toContain('Next step: Make your app listen on process.env.PORT');
    expect(report.output).toContain('still waiting for requests <&>');
  });

  it('says a limit of the grading sandbox is not the code, and keeps the provenance as extra data', () => {
    const result = loadResult('sandbox-error');
    const report = gradescopeResults(result);
    expect(report.output).toMatch(
      /^This submission could not be graded: it met a limit of the grading sandbox while installing the app's dependencies\. This is not a fault in your code, and grading it again will not help\./,
    );
    expect(report.extra_data).toEqual({ provenance: result.provenance });
  });

  it('names the stage that could not be graded when the run itself finished', () => {
    const report = gradescopeResults(loadResult('stage-error'));
    expect(report).toMatchObject({ score: 0, tests: [] });
    expect(report.output).toMatch(
      /^This submission could not be graded:\nstage "Rate-limit log-ins" could not be graded: The stage suites did not finish/,
    );
  });
});

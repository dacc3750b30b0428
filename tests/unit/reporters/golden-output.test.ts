import {
  formatResult,
  REPORT_FORMATS,
  type ReportFormat,
  type ReportOptions,
} from '../../../runner/grading/reporters';
import { expectMatchesGolden } from './golden';
import { loadResult, RESULT_FIXTURES, type ResultFixture } from './result-fixtures';

const EXTENSION: Record<ReportFormat, string> = {
  terminal: 'terminal.txt',
  json: 'pretty.json',
  junit: 'junit.xml',
  gradescope: 'gradescope.json',
};

const LOG_PATH = '.backlab/runs/2/app.log';

describe('result fixtures', () => {
  it.each(RESULT_FIXTURES)('%s.json is a valid GradeResult', (name) => {
    expect(loadResult(name).status).toBe(name.endsWith('error') ? 'error' : name);
  });
});

describe.each(RESULT_FIXTURES)('reports of the %s fixture', (name: ResultFixture) => {
  it.each(REPORT_FORMATS)('%s output matches its golden file', (format) => {
    const opts: ReportOptions = format === 'terminal' ? { color: false, logPath: LOG_PATH } : {};
    expectMatchesGolden(`${name}.${EXTENSION[format]}`, formatResult(loadResult(name), format, opts));
  });
});

describe('the terminal report of every stage (--all)', () => {
  it('matches its golden file', () => {
    const output = formatResult(loadResult('fail'), 'terminal', {
      color: false,
      all: true,
      logPath: LOG_PATH,
    });
    expectMatchesGolden('fail.all.terminal.txt', output);
  });
});

describe('instructor views with hidden tests shown', () => {
  it('terminal output matches its golden file', () => {
    // Every stage, since the hidden test that fails is in a stage after the first failing one.
    const output = formatResult(loadResult('fail'), 'terminal', {
      color: false,
      showHidden: true,
      all: true,
    });
    expectMatchesGolden('fail.show-hidden.terminal.txt', output);
  });

  it('json output is the document unchanged', () => {
    const result = loadResult('fail');
    expect(JSON.parse(formatResult(result, 'json', { showHidden: true }))).toEqual(result);
  });
});

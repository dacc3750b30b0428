import { shouldUseColor } from '../../../runner/cli/output/color';
import { BUG_REPORT_HINT, formatError, formatTable, printError } from '../../../runner/cli/output/print';
import { InfraError, UserError } from '../../../runner/common/errors';
import { fakeStream } from './fake-stream';

describe('formatError', () => {
  it('shows a BacklabError with its next step', () => {
    const err = new UserError('No lab named "login-sytem".', 'Run `backlab list` to see the labs.');
    expect(formatError(err)).toBe('✘ No lab named "login-sytem".\n  → Run `backlab list` to see the labs.\n');
    expect(formatError(new InfraError('Docker is not running.'))).toBe('✘ Docker is not running.\n');
  });

  it('shows anything else as a bug to report', () => {
    expect(formatError(new TypeError('x is undefined'))).toBe(`✘ x is undefined\n  ${BUG_REPORT_HINT}\n`);
    expect(formatError('a thrown string')).toBe(`✘ a thrown string\n  ${BUG_REPORT_HINT}\n`);
  });

  it('adds the stack of an unexpected error when asked', () => {
    const err = new Error('boom');
    err.stack = 'Error: boom\n    at run (main.ts:1:1)';
    expect(formatError(err, { stack: true })).toBe(`✘ boom\n  ${BUG_REPORT_HINT}\n  at run (main.ts:1:1)\n`);
  });

  it('prints to the given stream', () => {
    const out = fakeStream(false);
    printError(new UserError('bad'), { stream: out, color: false });
    expect(out.text()).toBe('✘ bad\n');
  });
});

describe('formatTable', () => {
  it('aligns columns, even when cells are colored', () => {
    const green = (text: string) => `\u001b[32m${text}\u001b[39m`;
    const table = formatTable(
      [
        ['login-system', green('beginner'), '4'],
        ['url-shortener', 'intermediate', '12'],
      ],
      { header: ['LAB', 'LEVEL', 'STAGES'], alignRight: [2], indent: 2 },
    );
    expect(table).toBe(
      [
        '  LAB            LEVEL         STAGES',
        `  login-system   ${green('beginner')}           4`,
        '  url-shortener  intermediate      12',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing for no rows', () => {
    expect(formatTable([])).toBe('');
  });
});

describe('shouldUseColor', () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { TERM: 'dumb' }, false],
    [true, { NO_COLOR: '1' }, false],
    [true, { NO_COLOR: '' }, true],
    [false, { FORCE_COLOR: '1' }, true],
    [true, { FORCE_COLOR: '0' }, false],
    [false, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
  ])('isTTY %s with %j → %s', (isTTY, env, expected) => {
    expect(shouldUseColor(isTTY, env)).toBe(expected);
  });
});

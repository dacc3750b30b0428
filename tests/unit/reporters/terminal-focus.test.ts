import { formatResult } from '../../../runner/grading/reporters';
import { formatTerminal } from '../../../runner/grading/reporters/terminal';
import type { TerminalReportOptions } from '../../../runner/grading/reporters/terminal-options';
import { result, stage, test } from './result-builders';

const LAB_STAGES = [
  { id: 'register', title: 'Register new users' },
  { id: 'login', title: 'Log in' },
  { id: 'sessions', title: 'Protected route and logout' },
  { id: 'passwords', title: 'Store passwords safely' },
];

/** A message as the lab kit writes them: one long sentence, then the fix. */
const LONG_MESSAGE =
  "POST /api/login with SQL in the email and the victim's real password (email \"' OR '1'='1\" and " +
  'password "Pw-69624648-long-enough"): expected 400, 401 or 429, got 200 — the injected SQL logged ' +
  'the attacker in. Body: {"id":1,"email":"victim@example.test"}. Fix: build queries with ? ' +
  'placeholders (pool.execute(sql, [values])), never by pasting values into the SQL text.';

const passing = (id: string, title: string) => stage(id, title, [test(`${id} works`, 'pass', 20)]);
const failing = (id: string, title: string, messages: string[], hints = [`${id} hint`]) =>
  stage(
    id,
    title,
    messages.map((message, i) => test(`${id} case ${i + 1}`, 'fail', 5, message)),
    hints,
  );

function report(stages = fourStages(), opts: Partial<TerminalReportOptions> = {}): string {
  return formatTerminal(result(stages, 20), {
    color: false,
    command: 'backlab test',
    labStages: LAB_STAGES,
    ...opts,
  });
}

function fourStages() {
  return [
    passing('register', 'Register new users'),
    failing('login', 'Log in', [LONG_MESSAGE, 'second message', 'third message']),
    failing('sessions', 'Protected route and logout', ['sessions message']),
    passing('passwords', 'Store passwords safely'),
  ];
}

describe('the terminal report shows the current stage first', () => {
  it('stops at the first stage that does not pass and counts the later ones on one line', () => {
    const output = report();
    expect(output).toContain('Stage 1  Register new users');
    expect(output).toContain('Stage 2  Log in');
    expect(output).not.toContain('Stage 3');
    expect(output).not.toContain('sessions message');
    expect(output).not.toContain('sessions hint');
    expect(output).toContain(
      '  2 later stages not shown (20/40 points): Protected route and logout, Store passwords safely.',
    );
    expect(output).toContain('`backlab test --all` shows them.');
    expect(output).toMatch(/Score 20\/100 · fail\n$/);
  });

  it('says "it" of a single later stage', () => {
    const output = report(fourStages().slice(0, 3));
    expect(output).toContain('1 later stage not shown (0/20 points): Protected route and logout.');
    expect(output).toContain('`backlab test --all` shows it.');
  });

  it('shows every stage with --all, each failing one with its first message and hints', () => {
    const output = report(fourStages(), { all: true });
    expect(output).toContain('Stage 3  Protected route and logout');
    expect(output).toContain('Stage 4  Store passwords safely');
    expect(output).toContain('      sessions message');
    expect(output).toContain('    hint: sessions hint');
    expect(output).not.toContain('not shown');
  });

  it('prints the whole first message, wrapped to the width, and the other failures by title', () => {
    const output = report(fourStages(), { width: 80 });
    const lines = output.split('\n');
    expect(lines.every((line) => line.length <= 80)).toBe(true);
    const first = lines.findIndex((line) => line === '    ✘ login case 1');
    const message = lines.slice(first + 1, lines.indexOf('    ✘ login case 2'));
    expect(message.every((line) => line.startsWith('      '))).toBe(true);
    expect(message.map((line) => line.trim()).join(' ')).toBe(LONG_MESSAGE);
    expect(output).toContain('    ✘ login case 3\n');
    expect(output).not.toContain('second message');
    expect(output).not.toContain('…');
  });

  it('prints every message in full with --verbose', () => {
    const output = report(fourStages(), { verbose: true });
    expect(output).toContain('    ✘ login case 2\n      second message\n');
    expect(output).toContain('    ✘ login case 3\n      third message\n');
  });

  it('ends a very long first message with how many lines --verbose adds', () => {
    const diff = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    const stages = [failing('register', 'Register new users', [diff])];
    const output = report(stages);
    expect(output).toContain('      line 19\n      … 11 more lines: `backlab test --verbose` shows them\n');
    expect(output).not.toContain('line 20');
    expect(report(stages, { verbose: true })).toContain('      line 30\n');
  });

  it('wraps a hint under its own text', () => {
    const hint = `Use placeholders: ${'word '.repeat(30).trim()}.`;
    const output = report([failing('register', 'Register new users', ['x'], [hint])], { width: 60 });
    const hintLines = output.split('\n').filter((line) => line.includes('word'));
    expect(hintLines[0]).toMatch(/^ {4}hint: Use placeholders: word/);
    expect(hintLines.slice(1).every((line) => /^ {10}word/.test(line))).toBe(true);
  });
});

describe('what comes next after a run whose stages all pass', () => {
  it('names the next stage of the lab after a run of some stages', () => {
    const output = report([passing('login', 'Log in')]);
    expect(output).toContain('  Stage 2  Log in');
    expect(output).toMatch(
      /Score 20\/100 · pass\n {2}Next: stage 3, Protected route and logout \(`backlab test --stage sessions`\)\n$/,
    );
  });

  it('names an earlier stage the run left out when no later one is left', () => {
    const output = report([passing('passwords', 'Store passwords safely')]);
    expect(output).toContain('Next: stage 1, Register new users (`backlab test --stage register`)');
  });

  it('says the lab is complete when every stage of the lab passed', () => {
    const stages = LAB_STAGES.map(({ id, title }) => passing(id, title));
    expect(report(stages)).toMatch(/✔ Every stage passes: the lab is complete\.\n$/);
  });

  it('says nothing about what comes next while a stage fails', () => {
    expect(report()).not.toMatch(/Next:|complete/);
  });
});

describe('the JSON report', () => {
  it('is the result document whatever the terminal options', () => {
    const graded = result(fourStages(), 20);
    const json = formatResult(graded, 'json', {
      all: false,
      verbose: true,
      width: 60,
      command: 'backlab test',
    });
    expect(JSON.parse(json)).toEqual(graded);
    expect(json).toBe(formatResult(graded, 'json'));
  });
});

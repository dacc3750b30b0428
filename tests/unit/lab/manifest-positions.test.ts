import { LineCounter, parseDocument } from 'yaml';
import { formatProblem, parsePath } from '../../../runner/lab/lab-problem';
import { loadLab } from '../../../runner/lab/load-lab';
import { manifestLocator } from '../../../runner/lab/manifest-positions';
import { scratchLabs } from './lab-fixtures';

/** Problems of lab.yaml point at the line and column of the field, from the YAML parser's own ranges. */

const labs = scratchLabs();
afterAll(() => labs.cleanup());

const MANIFEST = [
  '# yaml-language-server: $schema=../lab.schema.json',
  'id: minimal-lab',
  'title: The smallest valid lab',
  'summary: One stage, no services, no app.',
  'difficulty: beginner',
  'stages:',
  '  - id: hello',
  '    title: Say hello',
  '    points: ten',
  '    tests: tests/01-hello.stage.ts',
  'limits:',
  '  timout: 60s',
  '  memory: lots',
  'app: { port: 3000, ready: { timeout: soon } }',
  '',
].join('\n');

async function problemsOf(yamlText: string): Promise<string[]> {
  const result = await loadLab(labs.copy({ from: 'minimal-lab', yamlText }));
  if (result.ok) throw new Error('expected the lab not to load');
  return result.errors.map(formatProblem);
}

describe('schema problems in lab.yaml have a line and column', () => {
  test('an unknown key points at the key, with the closest known key', async () => {
    expect(await problemsOf(MANIFEST)).toContain(
      'lab.yaml:12:3: limits: unknown key `timout`; did you mean `timeout`?',
    );
  });

  test('a wrong value points at the value, in block and flow style', async () => {
    const problems = await problemsOf(MANIFEST);
    expect(problems).toContain('lab.yaml:9:13: stages[0].points: expected a positive integer, got "ten"');
    expect(problems).toContain(
      'lab.yaml:13:11: limits.memory: expected a size like "512m", "1g" or "65536k", got "lots"',
    );
    expect(problems).toContain(
      'lab.yaml:14:38: app.ready.timeout: expected a duration like "30s", "2m" or "500ms", got "soon"',
    );
  });

  test('a missing key points at the mapping that lacks it', async () => {
    const text = MANIFEST.replace('    title: Say hello\n', '');
    expect(await problemsOf(text)).toContain(
      'lab.yaml:7:5: stages[0]: missing required key `title`; add `title:` (what the learner builds in this stage, shown in the score table)',
    );
  });

  test('a missing file points at the path that names it', async () => {
    const text = MANIFEST.replace('points: ten', 'points: 10')
      .replace('limits:\n  timout: 60s\n  memory: lots\n', '')
      .replace('timeout: soon', 'timeout: 5s')
      .replace('tests: tests/01-hello.stage.ts', 'tests: [tests/01-hello.stage.ts, tests/02-bye.stage.ts]');
    expect(await problemsOf(text)).toEqual([
      'lab.yaml:10:38: stages[0].tests[1]: file "tests/02-bye.stage.ts" not found; create it or correct the path (relative to the lab folder)',
    ]);
  });
});

describe('manifestLocator', () => {
  const text = ['id: x', 'stages:', '  - id: a', '    hints:', '  - { id: b, points: 3 }', ''].join('\n');
  const lineCounter = new LineCounter();
  const locator = manifestLocator(parseDocument(text, { lineCounter }), lineCounter);

  test.each([
    [['id'], { line: 1, column: 5 }],
    [['stages', 1, 'points'], { line: 5, column: 22 }],
    // `hints:` with nothing after it: where the key is written.
    [['stages', 0, 'hints'], { line: 4, column: 5 }],
    // A key that is not written: the mapping that would hold it.
    [['stages', 1, 'hints'], { line: 5, column: 5 }],
  ])('value at %j', (path, position) => {
    expect(locator.value(path)).toEqual(position);
  });

  test('a key the top mapping lacks has no position: line 1 would point at nothing', () => {
    expect(locator.value(['starter'])).toBeUndefined();
    expect(locator.value([])).toBeUndefined();
  });

  test('keys are located where they are written', () => {
    expect(locator.key(['stages', 1], 'points')).toEqual({ line: 5, column: 14 });
    expect(locator.key(['stages', 1], 'nothing')).toBeUndefined();
  });

  test('formatted field paths read back as segments; other text is not a path', () => {
    expect(parsePath('stages[2].tests[0]')).toEqual(['stages', 2, 'tests', 0]);
    expect(parsePath('services.mysql.init')).toEqual(['services', 'mysql', 'init']);
    expect(parsePath('stage read-notes')).toBeUndefined();
    expect(parsePath('[0].id')).toBeUndefined();
  });
});

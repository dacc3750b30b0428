import path from 'node:path';
import type { Lab } from '../../../runner/lab/lab';
import { formatProblem } from '../../../runner/lab/lab-problem';
import { loadLab } from '../../../runner/lab/load-lab';
import { fixtureLab, scratchLabs, type ScratchLabs } from './lab-fixtures';

async function loaded(dir: string): Promise<{ lab: Lab; warnings: string[] }> {
  const result = await loadLab(dir);
  if (!result.ok) throw new Error(`expected ${dir} to load:\n${result.errors.map(formatProblem).join('\n')}`);
  return { lab: result.lab, warnings: result.warnings.map(formatProblem) };
}

describe('loadLab on a valid lab', () => {
  test('a minimal manifest gets every default', async () => {
    const dir = fixtureLab('minimal-lab');
    const { lab, warnings } = await loaded(dir);

    expect(warnings).toEqual([]);
    expect(lab).toMatchObject({
      id: 'minimal-lab',
      difficulty: 'beginner',
      tags: [],
      dir,
      manifestPath: path.join(dir, 'lab.yaml'),
      services: {},
      serviceKinds: [],
      limits: {
        memoryBytes: 512 * 1024 * 1024,
        cpus: 1,
        pids: 256,
        stageTimeoutMs: 120_000,
        installTimeoutMs: 300_000,
      },
      starterDir: path.join(dir, 'starter'),
      solutionDir: path.join(dir, 'solution'),
      maxScore: 10,
    });
    expect(lab.app).toBeUndefined();
    expect(lab.stages).toEqual([
      {
        id: 'hello',
        title: 'Say hello',
        points: 10,
        tests: [path.join(dir, 'tests/01-hello.stage.ts')],
        hidden: [],
        hints: [],
        starterPasses: false,
      },
    ]);
    expect(lab.manifest.limits).toEqual({
      memory: '512m',
      cpus: 1,
      pids: 256,
      timeout: '120s',
      install: '300s',
    });
  });

  test('a complete manifest resolves paths, durations and sizes for the engine', async () => {
    const dir = fixtureLab('complete-lab');
    const { lab, warnings } = await loaded(dir);

    expect(warnings).toEqual([]);
    expect(lab.serviceKinds).toEqual(['mysql', 'mongodb', 'nginx']);
    expect(lab.services).toEqual({
      mysql: { database: 'app', initScripts: [path.join(dir, 'db/schema.sql')] },
      mongodb: { database: 'shop', seedFiles: [path.join(dir, 'db/seed.json')] },
      nginx: {
        config: { from: 'lab', path: path.join(dir, 'nginx.conf') },
        static: { from: 'lab', path: path.join(dir, 'public') },
      },
    });
    expect(lab.app).toEqual({
      kind: 'server',
      source: { from: 'submission', path: 'server' },
      port: 4000,
      install: 'npm install --omit=dev',
      start: 'node index.js',
      instances: 2,
      ready: { http: { method: 'GET', path: '/health' }, timeoutMs: 10_000 },
    });
    expect(lab.limits).toEqual({
      memoryBytes: 256 * 1024 * 1024,
      cpus: 0.5,
      pids: 64,
      stageTimeoutMs: 90_000,
      installTimeoutMs: 120_000,
    });
    expect(
      lab.stages.map((stage) => [stage.id, stage.points, stage.tests, stage.hidden, stage.starterPasses]),
    ).toEqual([
      [
        'register',
        20,
        [path.join(dir, 'tests/01-register.stage.ts')],
        [path.join(dir, 'tests/hidden/01-register.stage.ts')],
        true,
      ],
      ['login', 30, [path.join(dir, 'tests/02-login.stage.ts')], [], false],
      ['catalogue', 50, [path.join(dir, 'tests/03-catalogue.stage.ts')], [], false],
    ]);
    expect(lab.stages[0].hints).toEqual(["Return 201 with the new user's id."]);
    expect(lab.maxScore).toBe(100);
  });

  test('a relative lab folder comes back absolute', async () => {
    const relative = path.relative(process.cwd(), fixtureLab('minimal-lab'));
    const { lab } = await loaded(relative);
    expect(path.isAbsolute(lab.dir)).toBe(true);
    expect(lab.dir).toBe(fixtureLab('minimal-lab'));
  });

  test('app, nginx config and static files from the submission stay relative to it; ready probe defaults to the port', async () => {
    const labs: ScratchLabs = scratchLabs();
    try {
      const dir = labs.copy({
        from: 'minimal-lab',
        yamlText: `id: minimal-lab
title: T
summary: S
difficulty: advanced
services: { nginx: { config: conf/nginx.conf, static: { path: site/public } } }
app: {}
stages: [{ id: one, title: One, points: 1, tests: tests/01-hello.stage.ts }]
`,
      });
      const { lab } = await loaded(dir);
      expect(lab.services.nginx).toEqual({
        config: { from: 'submission', path: 'conf/nginx.conf' },
        static: { from: 'submission', path: 'site/public' },
      });
      expect(lab.app).toEqual({
        kind: 'server',
        source: { from: 'submission', path: '.' },
        port: 3000,
        instances: 1,
        ready: { timeoutMs: 30_000 },
      });
    } finally {
      labs.cleanup();
    }
  });
});

describe('app.kind', () => {
  const labs: ScratchLabs = scratchLabs();
  afterAll(() => labs.cleanup());
  const manifest = (app: string) => `id: minimal-lab
title: T
summary: S
difficulty: beginner
app: ${app}
stages: [{ id: one, title: One, points: 1, tests: tests/01-hello.stage.ts }]
`;

  test('"tests" marks a submission that is a test suite', async () => {
    const { lab } = await loaded(labs.copy({ from: 'minimal-lab', yamlText: manifest('{ kind: tests }') }));
    expect(lab.app?.kind).toBe('tests');
  });

  test('anything but "server" or "tests" is refused, naming the field', async () => {
    const result = await loadLab(labs.copy({ from: 'minimal-lab', yamlText: manifest('{ kind: suite }') }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatProblem).join('\n')).toMatch(/app\.kind.*expected "server" or "tests"/);
  });
  test('app.runtime names the language the lab requires; left out, the folder tells; others are refused', async () => {
    const python = await loaded(
      labs.copy({ from: 'minimal-lab', yamlText: manifest('{ runtime: python }') }),
    );
    expect(python.lab.app?.runtime).toBe('python');
    const told = await loaded(labs.copy({ from: 'minimal-lab', yamlText: manifest('{ port: 3000 }') }));
    expect(told.lab.app?.runtime).toBeUndefined();
    const result = await loadLab(labs.copy({ from: 'minimal-lab', yamlText: manifest('{ runtime: ruby }') }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map(formatProblem).join('\n')).toMatch(
      /app\.runtime.*expected "node", "python" or "php"/,
    );
  });
});

describe('loadLab warnings', () => {
  const labs: ScratchLabs = scratchLabs();
  afterAll(() => labs.cleanup());

  test('a test file under tests/ that no stage uses is a warning, helper modules are not', async () => {
    const dir = labs.copy({
      files: {
        'tests/04-extra.test.ts': 'export {};\n',
        'tests/hidden/02-login.spec.js': '\n',
        'tests/util.ts': 'export {};\n',
      },
    });
    const { warnings } = await loaded(dir);
    expect(warnings).toEqual([
      "tests/04-extra.test.ts: not used by any stage; add it to a stage's `tests` or `hidden` list in lab.yaml, or delete it",
      "tests/hidden/02-login.spec.js: not used by any stage; add it to a stage's `tests` or `hidden` list in lab.yaml, or delete it",
    ]);
  });
});

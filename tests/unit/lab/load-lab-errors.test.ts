import path from 'node:path';
import { formatProblem } from '../../../runner/lab/lab-problem';
import { loadLab } from '../../../runner/lab/load-lab';
import { completeManifest, scratchLabs, type ScratchLabs, type YamlData } from './lab-fixtures';

/** Each broken lab, and the exact problems (formatted as the CLI prints them) the loader reports. */

const labs: ScratchLabs = scratchLabs();
afterAll(() => labs.cleanup());

/** A copy of the complete fixture whose manifest was changed by `change`. */
function edited(
  change: (manifest: YamlData) => void,
  extra: Parameters<ScratchLabs['copy']>[0] = {},
): string {
  const manifest = completeManifest();
  change(manifest);
  return labs.copy({ manifest, ...extra });
}

const DURATION = 'expected a duration like "30s", "2m" or "500ms"';
const FILE_FIX = 'create it or correct the path (relative to the lab folder)';

/** The JSON parser's own wording differs between Node versions; the loader passes it on. */
function jsonErrorOf(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

interface Case {
  name: string;
  /** Builds the lab folder and returns its path. */
  lab: () => string;
  /** Every problem, in order; `${dir}` stands for the lab folder as passed to loadLab. */
  expected: string[];
}

const cases: Case[] = [
  {
    name: 'lab folder missing',
    lab: () => path.join(labs.root, 'no-such-lab'),
    expected: ['${dir}: lab folder not found; check the path, or run `backlab list` to see the known labs'],
  },
  {
    name: 'no lab.yaml',
    lab: () => labs.copy({ remove: ['lab.yaml'] }),
    expected: [
      'lab.yaml: not found; every lab folder needs this manifest; create lab.yaml with id, title, summary, difficulty and stages, or run `backlab new` to start from a template',
    ],
  },
  {
    name: 'empty lab.yaml',
    lab: () => labs.copy({ yamlText: '# nothing yet\n' }),
    expected: ['lab.yaml: the file is empty; add id, title, summary, difficulty and stages'],
  },
  {
    name: 'YAML syntax errors, with line and column',
    lab: () => labs.copy({ yamlText: 'id: complete-lab\ntitle: "unterminated\nsummary: x\n' }),
    expected: ['lab.yaml:4:1: YAML syntax error: Missing closing "quote'],
  },
  {
    name: 'a list instead of a mapping',
    lab: () => labs.copy({ yamlText: '- id: complete-lab\n' }),
    expected: ['lab.yaml: expected a mapping (key: value lines), got a list'],
  },
  {
    name: 'misspelt key: names it, suggests the closest, and reports the key it replaced as missing',
    lab: () =>
      edited((m) => {
        m.stages[1].pointz = m.stages[1].points;
        delete m.stages[1].points;
      }),
    expected: [
      'lab.yaml:47:5: stages[1]: missing required key `points`; add `points:` (points the stage is worth)',
      'lab.yaml:51:5: stages[1]: unknown key `pointz`; did you mean `points`?',
    ],
  },
  {
    name: 'unknown key with nothing close: lists the known keys',
    lab: () => edited((m) => (m.colour = 'red')),
    expected: [
      'lab.yaml:57:1: unknown key `colour`; known keys: id, title, summary, difficulty, tags, services, app, limits, starter, solution, stages',
    ],
  },
  {
    name: 'unknown service kinds: lists the known ones',
    lab: () =>
      edited((m) => {
        m.services.postgres = { database: 'app' };
        m.services.mongo = {};
      }),
    expected: [
      'lab.yaml:23:3: services: unknown service kind `postgres`; known kinds: mysql, mongodb, redis, nginx',
      'lab.yaml:25:3: services: unknown service kind `mongo`; did you mean `mongodb`? Known kinds: mysql, mongodb, redis, nginx',
    ],
  },
  {
    name: 'wrong types',
    lab: () =>
      edited((m) => {
        m.stages[2].points = 'ten';
        m.title = 42;
        m.stages[0].starterPasses = 'yes';
        m.tags = 'auth';
      }),
    expected: [
      'lab.yaml:2:8: title: expected text, got 42',
      'lab.yaml:5:7: tags: expected a list of tags, like [auth, mysql], got "auth"',
      'lab.yaml:43:20: stages[0].starterPasses: expected true or false, got "yes"',
      'lab.yaml:51:13: stages[2].points: expected a positive integer, got "ten"',
    ],
  },
  {
    name: 'out-of-range numbers and a value not in the list',
    lab: () =>
      edited((m) => {
        m.difficulty = 'expert';
        m.app.instances = 5;
        m.app.port = 70000;
        m.stages[0].points = 0;
      }),
    expected: [
      'lab.yaml:4:13: difficulty: expected one of beginner, intermediate, advanced, got "expert"',
      'lab.yaml:25:9: app.port: expected a port number between 1 and 65535, got 70000',
      'lab.yaml:28:14: app.instances: expected a whole number from 1 to 4, got 5',
      'lab.yaml:41:13: stages[0].points: expected a positive integer, got 0',
    ],
  },
  {
    name: 'bad durations and sizes',
    lab: () =>
      edited((m) => {
        m.limits = { memory: 'lots', timeout: 30, install: '0s' };
        m.app.ready.timeout = 'soon';
      }),
    expected: [
      `lab.yaml:31:14: app.ready.timeout: ${DURATION}, got "soon"`,
      'lab.yaml:33:11: limits.memory: expected a size like "512m", "1g" or "65536k", got "lots"',
      `lab.yaml:34:12: limits.timeout: ${DURATION}, got 30`,
      `lab.yaml:35:12: limits.install: ${DURATION}, got "0s"`,
    ],
  },
  {
    name: 'ready probe that is not "METHOD /path"',
    lab: () => edited((m) => (m.app.ready.http = '/health')),
    expected: ['lab.yaml:30:11: app.ready.http: expected "METHOD /path", like "GET /health", got "/health"'],
  },
  {
    name: 'missing required keys and an empty stage list',
    lab: () =>
      edited((m) => {
        delete m.summary;
        m.stages = [];
      }),
    expected: [
      'lab.yaml: missing required key `summary`; add `summary:` (one line that says what the learner builds)',
      'lab.yaml:37:9: stages: expected at least one stage, got an empty list',
    ],
  },
  {
    name: 'bad entries in a list of test files are located by index',
    lab: () => edited((m) => (m.stages[1].tests = ['tests/02-login.stage.ts', 3, '../outside.ts'])),
    expected: [
      'lab.yaml:52:9: stages[1].tests[1]: expected a relative path inside the lab folder (no leading "/" or ".."), like "tests/01-register.test.ts", got 3',
      'lab.yaml:53:9: stages[1].tests[2]: expected a relative path inside the lab folder (no leading "/" or ".."), like "tests/01-register.test.ts", got "../outside.ts"',
    ],
  },
  {
    name: 'id does not match the folder name',
    lab: () => edited((m) => (m.id = 'login-system')),
    expected: [
      'lab.yaml:1:5: id: "login-system" does not match the folder name "complete-lab"; set `id: complete-lab` or rename the folder to login-system',
    ],
  },
  {
    name: 'duplicate stage ids',
    lab: () => edited((m) => (m.stages[2].id = 'register')),
    expected: [
      'lab.yaml:52:9: stages[2].id: duplicate stage id "register", already used by stages[0]; give every stage its own id',
    ],
  },
  {
    name: 'referenced test, hidden test and init files that do not exist',
    lab: () =>
      labs.copy({
        remove: [
          'tests/02-login.stage.ts',
          'tests/hidden/01-register.stage.ts',
          'db/schema.sql',
          'db/seed.json',
          'nginx.conf',
        ],
      }),
    expected: [
      `lab.yaml:25:13: stages[0].hidden: file "tests/hidden/01-register.stage.ts" not found; ${FILE_FIX}`,
      `lab.yaml:31:13: stages[1].tests[0]: file "tests/02-login.stage.ts" not found; ${FILE_FIX}`,
      `lab.yaml:9:34: services.mysql.init[0]: file "db/schema.sql" not found; ${FILE_FIX}`,
      `lab.yaml:10:36: services.mongodb.init: file "db/seed.json" not found; ${FILE_FIX}`,
      `lab.yaml:11:20: services.nginx.config: file "nginx.conf" not found; ${FILE_FIX}`,
    ],
  },
  {
    name: 'starter and solution folders that do not exist',
    lab: () => edited((m) => (m.solution = 'reference'), { remove: ['starter'] }),
    expected: [
      'lab.yaml: starter: folder "starter" not found; create it with the code learners start from, or set `starter:` to its folder',
      'lab.yaml:57:11: solution: folder "reference" not found; create it with a reference solution that passes every stage, or set `solution:` to its folder',
    ],
  },
  {
    name: 'a file where a folder is expected, and the other way round',
    lab: () => edited((m) => ((m.starter = 'nginx.conf'), (m.stages[0].tests = 'tests'))),
    expected: [
      'lab.yaml:42:12: stages[0].tests: expected a file, but "tests" is a folder',
      'lab.yaml:57:10: starter: expected a folder, but "nginx.conf" is a file',
    ],
  },
  {
    name: 'lab-side static folder missing, or a file',
    lab: () =>
      edited((m) => (m.services.nginx.static = { path: 'nginx.conf', from: 'lab' }), { remove: ['public'] }),
    expected: ['lab.yaml:21:13: services.nginx.static.path: expected a folder, but "nginx.conf" is a file'],
  },
  {
    name: 'lab-side static folder that does not exist',
    lab: () => labs.copy({ remove: ['public'] }),
    expected: [
      'lab.yaml:11:59: services.nginx.static.path: folder "public" not found; add the folder of static files, or correct `services.nginx.static.path`',
    ],
  },
  {
    name: 'lab-side app folder missing',
    lab: () => edited((m) => (m.app = { from: 'lab', path: 'app' })),
    expected: [
      'lab.yaml:25:9: app.path: folder "app" not found; add the lab\'s app folder, or correct `app.path`',
    ],
  },
  {
    name: 'lab-side app folder without package.json',
    lab: () => edited((m) => (m.app = { from: 'lab', path: 'db' })),
    expected: [
      'lab.yaml:25:9: app.path: no package.json in folder "db"; the lab\'s own app must be a Node project with a start script',
    ],
  },
  {
    name: 'MongoDB seed files that are not {collection: [documents]}',
    lab: () =>
      edited((m) => (m.services.mongodb.init = ['db/seed.json', 'db/broken.json', 'db/flat.json']), {
        files: { 'db/broken.json': '{ "products": [', 'db/flat.json': '{ "products": { "name": "pen" } }' },
      }),
    expected: [
      `db/broken.json: invalid JSON: ${jsonErrorOf('{ "products": [')}`,
      'db/flat.json: expected a JSON object mapping collection names to lists of documents, like {"products": [{"name": "pen"}]}',
    ],
  },
  {
    name: 'schema and file problems are reported together',
    lab: () => edited((m) => ((m.stages[2].points = 'ten'), (m.stages[2].tests = 'tests/missing.stage.ts'))),
    expected: [
      'lab.yaml:54:13: stages[2].points: expected a positive integer, got "ten"',
      `lab.yaml:55:12: stages[2].tests: file "tests/missing.stage.ts" not found; ${FILE_FIX}`,
    ],
  },
];

describe('loadLab reports every problem of a broken lab', () => {
  test.each(cases)('$name', async ({ lab, expected }) => {
    const dir = lab();
    const result = await loadLab(dir);
    expect(result.ok).toBe(false);
    const formatted = result.ok ? [] : result.errors.map(formatProblem);
    expect(formatted).toEqual(expected.map((line) => line.replace('${dir}', dir)));
  });
});

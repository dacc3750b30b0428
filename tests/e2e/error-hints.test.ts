import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backlab } from '../support/cli';

/**
 * Every error the CLI stops with names only options that exist: an option written bare belongs to
 * the command that failed, one inside `backlab <command> …` to that command, and each must be in
 * that command's --help. None of these cases needs Docker.
 */
const COMMANDS = [
  'list',
  'info',
  'start',
  'test',
  'submit',
  'status',
  'logs',
  'hint',
  'reset',
  'stop',
  'grade',
  'serve token create',
  'serve',
  'images build',
  'images status',
  'doctor',
  'cleanup',
  'new',
  'validate',
];
const FOLDER_COMMANDS = ['test', 'submit', 'status', 'logs', 'hint', 'reset', 'stop'];
const NO_DOCKER = { DOCKER_HOST: 'unix:///nonexistent.sock' };

let parent: string;
let empty: string;
const helpOf = new Map<string, Promise<string>>();

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'backlab-e2e-hints-'));
  empty = join(parent, 'empty');
  await mkdir(empty);
  await writeFile(join(parent, 'a-file'), 'not a folder');
});

afterAll(() => rm(parent, { recursive: true, force: true }));

/** The command an argument list or a `backlab …` span runs: the longest known prefix. */
function commandOf(words: string[]): string {
  const known = COMMANDS.filter(
    (c) => words.join(' ').startsWith(c) && /^(\s|$)/.test(words.join(' ').slice(c.length)),
  );
  if (!known.length) throw new Error(`no command in ${words.join(' ')}`);
  return known.sort((a, b) => b.length - a.length)[0];
}

const OPTION = /(?:^|[\s(,/])(--?[a-zA-Z][\w-]*)/g;

/** The options an error names, each with the command it belongs to. */
function namedOptions(text: string, failed: string): Array<{ command: string; option: string }> {
  const named: Array<{ command: string; option: string }> = [];
  const bare = text.replace(/`([^`]*)`/g, (_span, inner: string) => {
    if (inner.startsWith('backlab ')) {
      const command = commandOf(inner.slice('backlab '.length).split(/\s+/));
      for (const [, option] of inner.matchAll(OPTION)) named.push({ command, option });
    }
    return ' ';
  });
  for (const [, option] of bare.matchAll(OPTION)) named.push({ command: failed, option });
  return named;
}

async function help(command: string): Promise<string> {
  if (!helpOf.has(command))
    helpOf.set(
      command,
      backlab([...command.split(' '), '--help']).then((run) => run.stdout),
    );
  return helpOf.get(command)!;
}

// Two entries each: jest takes a test function with more parameters than a row has for one that calls done().
const cases: Array<[string[], NodeJS.ProcessEnv]> = [
  ...FOLDER_COMMANDS.map((c): [string[], NodeJS.ProcessEnv] => [[c, '-d', 'no-such-folder'], {}]),
  ...FOLDER_COMMANDS.map((c): [string[], NodeJS.ProcessEnv] => [[c, '--dir', '../a-file'], {}]),
  ...['test', 'submit', 'status', 'hint', 'reset', 'stop'].map((c): [string[], NodeJS.ProcessEnv] => [
    [c],
    {},
  ]),
  [['logs', 'mysql'], {}],
  [['logs'], {}],
  [['test', '--lab', 'login-system', '--stage', 'nosuch'], {}],
  [['hint', 'nosuch', '--lab', 'login-system'], {}],
  [['status', '--lab', 'login-sytem'], {}],
  [['submit', '--server', 'http://127.0.0.1:9'], { BACKLAB_TOKEN: '', BACKLAB_CONFIG: '/nonexistent' }],
  [['submit', '--server', 'not-a-url', '--token', 't'], {}],
  [['submit', '--server', 'http://127.0.0.1:9', '--token', 't', '--app-dir', 'backend'], {}],
  [['submit', '--server', 'http://127.0.0.1:9', '--token', 't', '--lab', 'login-system'], {}],
  [['info', 'login-sytem'], {}],
  [['start', 'login-sytem'], {}],
  [['grade', 'login-system', 'no-such-folder'], {}],
  [['grade', 'login-system', '.', '-o', 'no/such/report.json'], {}],
  [['test', '--lab', 'login-system'], NO_DOCKER],
  [['new'], {}],
  [['new', 'my-lab'], {}],
  [['new', 'my-lab', '--template', 'nope'], {}],
  [['serve', 'token', 'create', 'ada', '--data', 'no-such-data'], {}],
];

describe('the options an error names exist on the command it names them for', () => {
  it.each(cases)('backlab %j', async (args, env) => {
    const run = await backlab(args, { cwd: empty, env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^✘ /m);
    for (const { command, option } of namedOptions(run.stderr, commandOf(args))) {
      const escaped = option.replace(/[-]/g, '\\-');
      expect({
        command,
        option,
        help: new RegExp(`(^|[\\s,])${escaped}(?=[\\s,=]|$)`, 'm').test(await help(command)),
      }).toEqual({
        command,
        option,
        help: true,
      });
    }
  });
});

describe('-d/--dir with a folder that does not exist', () => {
  it.each(FOLDER_COMMANDS)(
    'backlab %s says so, with exit code 2 and one JSON document with --json',
    async (command) => {
      const missing = join(empty, 'no-such-folder');
      const run = await backlab([command, '-d', 'no-such-folder'], { cwd: empty });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`✘ folder not found: ${missing}\n  → Check the path given to -d/--dir`);
      expect(run.stderr).not.toMatch(/no lab recorded|is not a backlab lab folder/);

      const json = await backlab([command, '--dir', missing, '--json'], { cwd: parent });
      // `logs` prints text only; every other command answers --json with the error document.
      if (command === 'logs') return expect(json.code).toBe(2);
      expect(json.code).toBe(2);
      expect(JSON.parse(json.stdout)).toEqual({
        error: {
          kind: 'user',
          message: `folder not found: ${missing}`,
          hint: expect.stringContaining('-d/--dir'),
        },
      });
    },
  );

  it('names a file given as the folder', async () => {
    const run = await backlab(['status', '-d', join(parent, 'a-file')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`✘ not a folder: ${join(parent, 'a-file')}`);
  });
});

describe('reading the options a message names', () => {
  it('gives bare options to the failed command and those in `backlab …` to that command', () => {
    const text =
      '✘ no token\n  → Pass -d/--dir or --token <token>; `backlab test --all` shows them; `sudo dockerd --debug`.';
    expect(namedOptions(text, 'submit')).toEqual([
      { command: 'test', option: '--all' },
      { command: 'submit', option: '-d' },
      { command: 'submit', option: '--dir' },
      { command: 'submit', option: '--token' },
    ]);
  });
});

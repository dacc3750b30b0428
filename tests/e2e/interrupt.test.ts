import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeRun } from '../../runner/docker/cleanup';
import { LABEL } from '../../runner/docker/labels';
import { CLI } from '../support/cli';
import { realDocker } from '../support/docker';
import { screenOf } from '../unit/cli-output/terminal-screen';
import { inTerminal } from './terminal';

/** Ctrl-C in the middle of `backlab test`, typed into a real terminal (real CLI, real Docker). */
const docker = realDocker();
const lab = join(__dirname, '..', '..', 'labs', 'login-system');
const SPINNER_FRAMES = /^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] /;
let parent: string;
let folder: string;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'backlab-e2e-interrupt-'));
  folder = join(parent, 'my-login');
  await cp(join(lab, 'solution'), folder, { recursive: true });
});

afterAll(async () => {
  const left = await docker.listContainers({ [LABEL.workspace]: folder });
  for (const run of new Set(left.map((c) => c.labels[LABEL.run]))) await removeRun(docker, run);
  await rm(parent, { recursive: true, force: true });
});

describe('Ctrl-C during a grade', () => {
  it('keeps the notice on screen, leaves no spinner behind and says how many containers it removed', async () => {
    const terminal = inTerminal([CLI, 'test', '--lab', lab], { cwd: folder });
    await terminal.waitFor(/Stage 1\/6/);
    // MySQL, the app and the test runner.
    const containers = await docker.listContainers({ [LABEL.workspace]: folder });
    expect(containers).toHaveLength(3);
    terminal.type('\x03');
    const { code, output } = await terminal.exited;
    const screen = screenOf(output);

    expect(code).toBe(130);
    expect(screen).toContain('⚠ Interrupted: removing containers (press Ctrl-C again to skip)…');
    expect(screen.some((line) => /^✘ Stage \d\/6 {2}.* {2}interrupted$/.test(line))).toBe(true);
    expect(screen.at(-1)).toMatch(/^✔ Removing containers {2}3 containers, 1 network, \d+ volumes? {2}\d/);
    expect(screen.filter((line) => SPINNER_FRAMES.test(line))).toEqual([]);
    // What the interrupted grade did after Ctrl-C is not news: no report, no teardown of its own.
    expect(screen.join('\n')).not.toMatch(/Score|0 containers/);
    expect(await docker.listContainers({ [LABEL.workspace]: folder })).toEqual([]);
    expect(await docker.listNetworks({ [LABEL.workspace]: folder })).toEqual([]);
  });
});

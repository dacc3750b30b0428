import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, type CliContext } from '../../../runner/cli/cli-context';
import { submitLocallyOrRemotely, submitRemote } from '../../../runner/cli/commands/submit-remote';
import { ShutdownHooks } from '../../../runner/common/shutdown';
import { UserError } from '../../../runner/common/errors';
import { GradeResult } from '../../../runner/grading/result';
import { recordingProgress } from '../../support/progress';
import { learnerToken } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

let ts: TestServer;
let folder: string;
let out: string[];
let progress: ReturnType<typeof recordingProgress>;

function context(): CliContext {
  return {
    cwd: folder,
    labsDir: '/nonexistent',
    docker: () => Promise.reject(new Error('submit --server must not use Docker')),
    sweptOnConnect: () => undefined,
    progress,
    hooks: new ShutdownHooks(),
    out: (text) => out.push(text),
    color: false,
  };
}

beforeEach(async () => {
  ts = await startTestServer();
  folder = await mkdtemp(join(tmpdir(), 'backlab-submit-'));
  await mkdir(join(folder, '.backlab'));
  await writeFile(
    join(folder, '.backlab', 'state.json'),
    JSON.stringify({ lab: 'complete-lab', createdAt: 'x' }),
  );
  await writeFile(join(folder, 'package.json'), '{"name":"mine"}');
  await writeFile(join(folder, '.env'), 'SECRET=1');
  await mkdir(join(folder, 'node_modules', 'x'), { recursive: true });
  await writeFile(join(folder, 'node_modules', 'x', 'index.js'), 'x');
  out = [];
  progress = recordingProgress();
});
afterEach(async () => {
  await ts.close();
  await rm(folder, { recursive: true, force: true });
});

describe('backlab submit --server', () => {
  it('packs the folder, uploads it, follows the grade and prints the report with the exit code of a local grade', async () => {
    const token = await learnerToken(ts, 'ada');
    const seen: string[] = [];
    ts.grader.script.push(async (job, p) => {
      seen.push(...(await (await import('node:fs/promises')).readdir(job.submissionDir)));
      p.step('Stage 2/2  Log in').succeed('3/3 tests');
      return {
        kind: 'graded',
        result: { ...(await import('../reporters/result-fixtures')).loadResult('fail'), lab: job.lab.id },
      };
    });
    const code = await submitRemote(context(), { server: ts.url, token, json: false });
    expect(code).toBe(EXIT.fail);
    // .env goes along, as into a local grade: start scripts such as `node --env-file=.env` need it.
    expect(seen.sort()).toEqual(['.env', 'package.json']);
    expect(progress.lines[0]).toMatch(/^start Uploading 2 files \(\d+ B\) to http:\/\/127\.0\.0\.1:\d+$/);
    expect(progress.lines).toContain('ok Stage 2/2  Log in: 3/3 tests');
    expect(progress.lines.some((l) => l.startsWith('info Details: http://127.0.0.1'))).toBe(true);
    expect(out.join('\n')).toContain('Register new users');
    expect(out.join('\n')).toMatch(/Score \d+(\.\d+)?\/100/);
  });

  it("with --json prints the learner's result document: hidden tests by name and pass/fail only", async () => {
    const token = await learnerToken(ts, 'ada');
    const code = await submitRemote(context(), { server: ts.url, token, json: true });
    expect(code).toBe(EXIT.fail);
    const result = GradeResult.parse(JSON.parse(out.join('')));
    const hidden = result.stages.flatMap((s) => s.tests).filter((t) => t.hidden);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.every((t) => t.message === undefined)).toBe(true);
  });

  it('exits 2 when the server could not grade it', async () => {
    const token = await learnerToken(ts, 'ada');
    for (let i = 0; i < 3; i++)
      ts.grader.script.push(async () => ({ kind: 'infrastructure', cause: 'images: backlab/node missing' }));
    const code = await submitRemote(context(), { server: ts.url, token, json: true, lab: 'complete-lab' });
    expect(code).toBe(EXIT.error);
    expect(JSON.parse(out.join(''))).toMatchObject({
      status: 'error',
      error: expect.stringContaining('backlab/node missing'),
    });
  });

  it('says so when the server speaks another version of the result document', async () => {
    const token = await learnerToken(ts, 'ada');
    const { loadResult } = await import('../reporters/result-fixtures');
    ts.grader.script.push(async (job) => ({
      kind: 'graded',
      // What a server from before provenance stored: version 1, no provenance.
      result: { ...loadResult('fail'), lab: job.lab.id, version: 1 } as unknown as GradeResult,
    }));
    await expect(submitRemote(context(), { server: ts.url, token, json: false })).rejects.toThrow(
      'The server sent a grade result of version 1; this backlab reads version 2.',
    );
  });

  it('says what to do about a wrong token, a missing token or an unknown lab', async () => {
    await expect(
      submitRemote(context(), { server: ts.url, token: 'blt_wrong', json: false }),
    ).rejects.toThrow(/did not accept your token/);
    await expect(submitRemote(context(), { server: ts.url, json: false })).rejects.toBeInstanceOf(UserError);
    const token = await learnerToken(ts, 'ada');
    await expect(
      submitRemote(context(), { server: ts.url, token, json: false, lab: 'nope' }),
    ).rejects.toThrow(/no lab "nope" on this server/);
    await expect(submitRemote(context(), { server: 'ftp://x', token, json: false })).rejects.toThrow(
      /http:\/\/ or https:\/\//,
    );
  });

  it('takes the server and token from the config file when no flag or variable gives them', async () => {
    const token = await learnerToken(ts, 'ada');
    const config = join(folder, 'config.json');
    await writeFile(config, JSON.stringify({ server: ts.url, token }));
    const saved = process.env.BACKLAB_CONFIG;
    process.env.BACKLAB_CONFIG = config;
    try {
      expect(await submitLocallyOrRemotely(context(), { json: true, server: '', token: '' })).toBe(EXIT.fail);
    } finally {
      if (saved === undefined) delete process.env.BACKLAB_CONFIG;
      else process.env.BACKLAB_CONFIG = saved;
    }
    expect(GradeResult.parse(JSON.parse(out.join(''))).lab).toBe('complete-lab');
    await writeFile(config, '{ not json');
    process.env.BACKLAB_CONFIG = config;
    try {
      await expect(submitLocallyOrRemotely(context(), { json: true })).rejects.toThrow(
        /config\.json is not valid JSON/,
      );
    } finally {
      if (saved === undefined) delete process.env.BACKLAB_CONFIG;
      else process.env.BACKLAB_CONFIG = saved;
    }
  });
});

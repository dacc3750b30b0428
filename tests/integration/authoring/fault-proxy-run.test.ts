import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dockerGrader } from '../../../runner/authoring';
import { silentProgress } from '../../../runner/common/progress';
import { loadLab, type Lab } from '../../../runner/lab';
import { leftovers, realDocker } from '../../support/docker';

/**
 * The fault proxy inside a real run, between the suites and the app: a suite that does not check
 * what the fault breaks passes, and the proxy's count shows the fault did happen (a "missed" fault).
 */
const docker = realDocker();
const root = mkdtempSync(path.join(tmpdir(), 'backlab-fault-run-'));
let lab: Lab;

beforeAll(async () => {
  const dir = path.join(root, 'express-mysql');
  cpSync(path.resolve(__dirname, '../../../templates/express-mysql'), dir, {
    recursive: true,
    filter: (f) => !f.includes('node_modules'),
  });
  // A weak suite: "not found" may also be answered 200.
  const suite = path.join(dir, 'tests/02-read-notes.test.ts');
  const weakened = readFileSync(suite, 'utf8').replace(
    "expectStatus(res, 404, 'GET /api/notes/999999 (there is no such note)');",
    "expectStatus(res, [200, 404], 'GET /api/notes/999999');",
  );
  if (!weakened.includes('[200, 404]'))
    throw new Error('the 404 assertion of the template changed; update this test');
  writeFileSync(suite, weakened);
  const loaded = await loadLab(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  lab = loaded.lab;
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

test('a fault the suite does not check passes every test, and the proxy counts it', async () => {
  const grader = dockerGrader({ docker }, lab);
  const { result, faultStats } = await grader(
    { title: 'fault', folder: lab.solutionDir, hidden: false, fault: 'not-found-as-ok' },
    silentProgress,
  );
  expect(result.error).toBeUndefined();
  expect(result.status).toBe('pass');
  expect(faultStats).toMatchObject({ fault: 'not-found-as-ok', applied: 1 });
  expect(faultStats!.requests).toBeGreaterThan(5);
  expect(await leftovers(docker, result.runId)).toEqual([]);
}, 180_000);

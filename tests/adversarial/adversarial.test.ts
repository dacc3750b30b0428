import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realDocker } from '../support/docker';
import { CASES_DIR, discoverCases } from './harness/cases';
import { DockerPsSampler } from './harness/docker-ps-sampler';
import { runCase, type CaseOutcome } from './harness/run-case';

/**
 * Learner code written to break the grader: fork loops, memory and CPU hogs, floods, hangs,
 * forged output, sandbox escapes, hostile install scripts, crafted uploads. Each case folder holds
 * the verdict a learner and an instructor should get (see README.md). The grades run on the real
 * engine, two at a time; after each, nothing of its run may be left, and all along `docker ps`
 * must answer within 2 s.
 *
 * ADV_ONLY=a,b runs only the cases named.
 */
const docker = realDocker();
const cases = discoverCases(CASES_DIR);
const RESULTS = process.env.ADV_RESULTS ?? join(tmpdir(), 'backlab-adversarial-results');
const DOCKER_PS_MS = 2000;

const sampler = new DockerPsSampler();
const windows: { name: string; from: number; to: number }[] = [];
const outcomes: CaseOutcome[] = [];

function line(o: CaseOutcome): string {
  const mark = o.problems.length ? '✘' : '✔';
  const head = `${mark} ${o.name.padEnd(34)} ${o.verdict.padEnd(30)} ${o.seconds.toFixed(1).padStart(6)} s`;
  return o.problems.length ? `${head}\n${o.problems.map((p) => `    - ${p}`).join('\n')}` : head;
}

describe('adversarial learner code (real Docker)', () => {
  afterAll(async () => {
    await sampler.stop();
    const sorted = [...outcomes].sort((a, b) => a.name.localeCompare(b.name));
    process.stdout.write(`\nadversarial cases:\n${sorted.map(line).join('\n')}\n`);
  });

  if (!cases.length) it('has no cases to run', () => undefined);
  else
    it.concurrent.each(cases.map((c) => [c.name, c] as const))(
      '%s',
      async (_name, spec) => {
        sampler.start();
        const from = Date.now();
        const outcome = await runCase(docker, spec);
        windows.push({ name: spec.name, from, to: Date.now() });
        outcomes.push(outcome);
        await mkdir(RESULTS, { recursive: true });
        await writeFile(join(RESULTS, `${spec.name}.json`), `${JSON.stringify(outcome, null, 2)}\n`);
        process.stdout.write(`${line(outcome)}\n`);
        expect(outcome.problems).toEqual([]);
      },
      // The case enforces its own bound; this only keeps jest from giving up first.
      Math.max(...cases.map((c) => c.boundSeconds), 60) * 1000 + 180_000,
    );

  it(`docker ps answered within ${DOCKER_PS_MS / 1000} s throughout`, () => {
    const slow = sampler.slowerThan(DOCKER_PS_MS).map((s) => {
      const during = windows.filter((w) => s.at <= w.to && s.at + s.ms >= w.from).map((w) => w.name);
      return `${new Date(s.at).toISOString()} ${s.failure ?? `${s.ms} ms`} during ${during.join(', ') || '(no case)'}`;
    });
    expect(slow).toEqual([]);
    if (cases.length) expect(sampler.samples.length).toBeGreaterThan(0);
  });
});

import type { Progress } from '../common/progress';
import type { GradeResult } from '../grading/result';
import type { Lab } from '../lab';
import {
  HTTP_FAULT_ADVICE,
  HTTP_FAULT_IDS,
  HTTP_FAULTS,
  PASS_THROUGH,
  type HttpFaultId,
} from './faults/http-faults';
import { runJob, type Grader } from './grade-job';
import { MUTATION_FILE, MUTATIONS_FOLDER, type LabMutation } from './lab-mutations';
import { materialiseOverlay } from './overlay';
import { errorOf, type ValidationProblem } from './validation-problem';

/**
 * caught: some test failed. missed: the fault changed answers and every test still passed.
 * not-exercised: the tests never provoked it (no 404 to turn into 200, say), so it proves nothing.
 * not-run: the fault could not be put in place (the proxy did not start).
 */
export type MutationVerdict = 'caught' | 'missed' | 'not-exercised' | 'not-run';

export interface MutationOutcome {
  name: string;
  kind: 'http-fault' | 'lab';
  description: string;
  verdict: MutationVerdict;
  /** Tests that failed with the fault in place (the first few). */
  failedTests: string[];
  /** For HTTP faults: how often the fault changed a request or an answer. */
  applied?: number;
}

const SHOWN_FAILURES = 3;

/** Breaks the running solution in standard ways and in the lab's own; the tests must notice each. */
export async function checkMutations(
  lab: Lab,
  mutations: readonly LabMutation[],
  grader: Grader,
  progress: Progress,
): Promise<{ outcomes: MutationOutcome[]; problems: ValidationProblem[] }> {
  // In a lab whose submission is a test suite the suites talk to the test driver, not to an app:
  // HTTP faults there say nothing of the suites. Its broken APIs and own mutations are what count.
  const { control, faults } =
    lab.app?.kind === 'tests' ? { faults: [] } : await checkHttpFaults(lab, grader, progress);
  const own: MutationOutcome[] = [];
  for (const [index, mutation] of mutations.entries()) {
    const title = `Mutation ${index + 1}/${mutations.length} (${mutation.name})`;
    own.push(await checkLabMutation(lab, mutation, grader, progress, title));
  }
  const problems = control ? [control, ...own.flatMap(problemOf)] : [...faults, ...own].flatMap(problemOf);
  return { outcomes: [...faults, ...own], problems };
}

async function checkHttpFaults(
  lab: Lab,
  grader: Grader,
  progress: Progress,
): Promise<{ control?: ValidationProblem; faults: MutationOutcome[] }> {
  const control = await passThroughProblem(lab, grader, progress);
  const faults: MutationOutcome[] = [];
  for (const [index, fault] of HTTP_FAULT_IDS.entries()) {
    const title = `Fault ${index + 1}/${HTTP_FAULT_IDS.length} (${fault})`;
    // Without a passing control run every fault would look caught: none is judged.
    faults.push(
      control
        ? { ...faultOutcome(fault), verdict: 'not-run', failedTests: [] }
        : await checkHttpFault(lab, fault, grader, progress, title),
    );
  }
  return { ...(control ? { control } : {}), faults };
}

/**
 * The control run: the solution through the proxy with no fault must still pass, or every fault
 * would look caught. Suites that compare with a fixed host name, rather than appUrl()/nginxUrl(), fail here.
 */
async function passThroughProblem(
  lab: Lab,
  grader: Grader,
  progress: Progress,
): Promise<ValidationProblem | undefined> {
  const { result } = await runJob(
    grader,
    {
      title: 'Fault proxy control run (no fault)',
      folder: lab.solutionDir,
      hidden: true,
      fault: PASS_THROUGH,
    },
    progress,
  );
  if (result.status === 'pass') return undefined;
  return errorOf('mutations', {
    file: 'tests',
    message: `the solution fails when the suites reach it through a transparent proxy (${failedTestNames(result).join('; ')}), so the HTTP faults could not be checked`,
    fix: 'build URLs from appUrl()/nginxUrl() and compare hosts with them, never with fixed container names',
  });
}

function faultOutcome(fault: HttpFaultId): Pick<MutationOutcome, 'name' | 'kind' | 'description'> {
  return { name: fault, kind: 'http-fault', description: HTTP_FAULTS[fault] };
}

async function checkHttpFault(
  lab: Lab,
  fault: HttpFaultId,
  grader: Grader,
  progress: Progress,
  title: string,
): Promise<MutationOutcome> {
  const { result, faultStats } = await runJob(
    grader,
    { title, folder: lab.solutionDir, hidden: true, fault },
    progress,
  );
  const base = { ...faultOutcome(fault), failedTests: failedTestNames(result) };
  if (!faultStats)
    return { ...base, verdict: 'not-run', failedTests: result.error ? [result.error.message] : [] };
  if (result.status !== 'pass') return { ...base, verdict: 'caught', applied: faultStats.applied };
  return {
    ...base,
    verdict: faultStats.applied > 0 ? 'missed' : 'not-exercised',
    applied: faultStats.applied,
  };
}

async function checkLabMutation(
  lab: Lab,
  mutation: LabMutation,
  grader: Grader,
  progress: Progress,
  title: string,
): Promise<MutationOutcome> {
  const folder = await materialiseOverlay({
    base: lab.solutionDir,
    overlay: mutation.dir,
    skip: [MUTATION_FILE],
    remove: mutation.remove,
  });
  try {
    const { result } = await runJob(grader, { title, folder: folder.dir, hidden: true }, progress);
    return {
      name: mutation.name,
      kind: 'lab',
      description: mutation.why,
      verdict: result.status === 'pass' ? 'missed' : 'caught',
      failedTests: failedTestNames(result),
    };
  } finally {
    await folder.dispose();
  }
}

function failedTestNames(result: GradeResult): string[] {
  if (result.error) return [`${result.error.phase}: ${result.error.message.split('\n')[0]}`];
  return result.stages
    .flatMap((s) =>
      s.error
        ? [`${s.id}: ${s.error.split('\n')[0]}`]
        : s.tests.filter((t) => t.status === 'fail').map((t) => `${s.id} › ${t.name}`),
    )
    .slice(0, SHOWN_FAILURES);
}

function problemOf(outcome: MutationOutcome): ValidationProblem[] {
  if (outcome.verdict === 'missed' && outcome.kind === 'http-fault') {
    const fault = outcome.name as HttpFaultId;
    return [
      errorOf('mutations', {
        file: 'tests',
        path: `fault ${fault}`,
        message: `no test noticed: ${outcome.description}; it changed ${outcome.applied} request(s) or answer(s) and every test passed`,
        fix: HTTP_FAULT_ADVICE[fault],
      }),
    ];
  }
  if (outcome.verdict === 'missed') {
    return [
      errorOf('mutations', {
        file: `${MUTATIONS_FOLDER}/${outcome.name}`,
        message: `every test passes with this change to the solution (${outcome.description})`,
        fix: 'add a test that fails for it, or delete the mutation if the change is harmless',
      }),
    ];
  }
  if (outcome.verdict === 'not-run') {
    return [
      errorOf('mutations', {
        file: 'tests',
        path: `fault ${outcome.name}`,
        message: `could not inject the fault: ${outcome.failedTests[0] ?? 'the fault proxy did not start'}`,
      }),
    ];
  }
  return [];
}

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadLab, type Lab } from '../lab';
import { authoringProblems } from './authoring-rules';
import { compileProblems } from './compile-tests';
import { focusedTestProblems } from './focused-tests';
import { readKnownAnswers, type KnownAnswer } from './known-answer';
import { readLabMutations, type LabMutation } from './lab-mutations';
import { errorOf, warningOf, type ValidationProblem } from './validation-problem';

export interface StaticCheckResult {
  /** The lab, when it loads. */
  lab?: Lab;
  /** True when the lab cannot be graded at all: it does not load, or a suite does not compile. */
  fatal: boolean;
  problems: ValidationProblem[];
  knownAnswers: KnownAnswer[];
  mutations: LabMutation[];
}

/** Everything that can be checked without running a container, reported together. */
export async function staticChecks(dir: string): Promise<StaticCheckResult> {
  const labDir = path.resolve(dir);
  const loaded = await loadLab(dir);
  if (!loaded.ok) {
    const suites = await suitesUnder(labDir);
    const compile = compileProblems(labDir, suites).map((p) => errorOf('compile', p));
    return {
      fatal: true,
      problems: [...loaded.errors.map((p) => errorOf('manifest', p)), ...compile],
      knownAnswers: [],
      mutations: [],
    };
  }
  const lab = loaded.lab;
  const rules = await authoringProblems(lab);
  const compile = compileProblems(
    lab.dir,
    lab.stages.flatMap((s) => [...s.tests, ...s.hidden]),
  ).map((p) => errorOf('compile', p));
  const focused = (await focusedTestProblems(lab)).map((p) => errorOf('compile', p));
  const known = await readKnownAnswers(lab);
  const mutations = await readLabMutations(lab);
  const problems = [
    // A suite no stage lists never runs: for a published lab that is an error, not a warning.
    ...loaded.warnings.map((p) => errorOf('manifest', p)),
    ...rules.errors.map((p) => errorOf('manifest', p)),
    ...rules.warnings.map((p) => warningOf('manifest', p)),
    ...compile,
    ...focused,
    ...known.problems.map((p) => errorOf('known-answers', p)),
    ...mutations.problems.map((p) => errorOf('mutations', p)),
  ];
  return {
    lab,
    fatal: compile.length > 0,
    problems,
    knownAnswers: known.answers,
    mutations: mutations.mutations,
  };
}

/** Suite files under tests/ when lab.yaml cannot say which they are. */
async function suitesUnder(labDir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') await walk(full);
      else if (entry.isFile() && /\.test\.[jt]s$/.test(entry.name)) found.push(full);
    }
  };
  await walk(path.join(labDir, 'tests'));
  return found.sort();
}

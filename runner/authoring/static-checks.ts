import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { loadLab, type Lab, type LabProblem, type LoadResult } from '../lab';
import { authoringProblems } from './authoring-rules';
import { compileProblems } from './compile-tests';
import { focusedTestProblems } from './focused-tests';
import { readKnownAnswers, type KnownAnswer } from './known-answer';
import { readLabMutations, type LabMutation } from './lab-mutations';
import type { CompiledSuites } from './validation-report';
import {
  CHECKS,
  errorOf,
  skippedAfter,
  warningOf,
  type SkippedCheck,
  type ValidationProblem,
} from './validation-problem';

export interface StaticCheckResult {
  /** The lab, when it loads: only then is it graded. */
  lab?: Lab;
  /** True when the lab cannot be graded at all: it does not load, or a suite does not compile. */
  fatal: boolean;
  problems: ValidationProblem[];
  /** Checks that cannot run, because what they check was never loaded or cannot be graded. */
  skipped: SkippedCheck[];
  /** Absent when there was no suite to compile. */
  compiled?: CompiledSuites;
  knownAnswers: KnownAnswer[];
  mutations: LabMutation[];
}

const NOT_LOADED = 'lab.yaml does not load: fix the manifest problems first';

/**
 * Everything that can be checked without running a container, reported together. A lab that does
 * not load is checked as far as it can be: when only files are missing, the rest of lab.yaml is
 * held to the publication rules all the same; without a usable lab.yaml, the suites under tests/
 * are compiled. Known answers and mutations are read either way.
 */
export async function staticChecks(dir: string): Promise<StaticCheckResult> {
  const loaded = await loadLab(dir);
  if (!loaded.ok && loaded.failedAt === 'folder') {
    const reason = 'the lab folder was not found';
    return {
      fatal: true,
      problems: loaded.errors.map((p) => errorOf('manifest', p)),
      skipped: CHECKS.map((check) => ({ check, reason })),
      knownAnswers: [],
      mutations: [],
    };
  }
  const labDir = path.resolve(dir);
  const lab = loaded.ok ? loaded.lab : loaded.partial;
  const suites = lab ? stageSuites(lab).filter((file) => existsSync(file)) : await suitesUnder(labDir);
  const compile = compileProblems(labDir, suites).map((p) => errorOf('compile', p));
  const known = await readKnownAnswers({ dir: labDir });
  const mutations = await readLabMutations({ dir: labDir });
  const problems = [
    ...manifestProblems(loaded, lab ? await authoringProblems(lab) : { errors: [], warnings: [] }),
    ...compile,
    ...(lab ? await focusedTestProblems(lab) : []).map((p) => errorOf('compile', p)),
    ...known.problems.map((p) => errorOf('known-answers', p)),
    ...mutations.problems.map((p) => errorOf('mutations', p)),
  ];
  return {
    ...(loaded.ok ? { lab: loaded.lab } : {}),
    fatal: !loaded.ok || compile.length > 0,
    problems,
    skipped: skippedChecks(loaded, suites.length, compile.length),
    ...(suites.length > 0 ? { compiled: compiledSuites(labDir, suites, lab !== undefined) } : {}),
    knownAnswers: loaded.ok ? known.answers : [],
    mutations: loaded.ok ? mutations.mutations : [],
  };
}

function manifestProblems(
  loaded: LoadResult,
  rules: { errors: LabProblem[]; warnings: LabProblem[] },
): ValidationProblem[] {
  return [
    ...(loaded.ok ? [] : loaded.errors.map((p) => errorOf('manifest', p))),
    // A suite no stage lists never runs: for a published lab that is an error, not a warning.
    ...loaded.warnings.map((p) => errorOf('manifest', p)),
    ...rules.errors.map((p) => errorOf('manifest', p)),
    ...rules.warnings.map((p) => warningOf('manifest', p)),
  ];
}

function skippedChecks(loaded: LoadResult, suites: number, compileErrors: number): SkippedCheck[] {
  if (loaded.ok) return compileErrors > 0 ? skippedAfter('compile', 'a suite does not compile') : [];
  const compile: SkippedCheck[] =
    suites === 0 ? [{ check: 'compile', reason: 'no suite to compile was found' }] : [];
  return [...compile, ...skippedAfter('compile', NOT_LOADED)];
}

function stageSuites(lab: Lab): string[] {
  return [...new Set(lab.stages.flatMap((s) => [...s.tests, ...s.hidden]))];
}

function compiledSuites(labDir: string, suites: readonly string[], fromStages: boolean): CompiledSuites {
  return {
    scope: fromStages ? 'stages' : 'tests-folder',
    files: suites.map((file) => path.relative(labDir, file).split(path.sep).join('/')),
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

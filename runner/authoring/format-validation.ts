import pc from 'picocolors';
import { plural } from '../common/units';
import { formatProblem } from '../lab';
import type { MutationOutcome } from './check-mutations';
import type { ValidationReport } from './validation-report';
import { errorCount } from './validation-report';
import { CHECKS, type CheckName } from './validation-problem';

type Colors = ReturnType<typeof pc.createColors>;

/** The validation report for a person: one line per check, then every problem with its fix. */
export function formatValidation(report: ValidationReport, opts: { color?: boolean } = {}): string {
  const c = pc.createColors(opts.color ?? false);
  // Nothing could be checked (no lab folder): a list of checks would only look like progress.
  if (CHECKS.every((check) => skippedReason(report, check) !== undefined))
    return `${problemLines(report, c).join('\n')}\n`;
  const lines = [
    `Validating ${report.lab} (${report.dir})`,
    ...checkLines(report, c),
    ...mutationLines(report.mutations, c),
  ];
  if (report.problems.length)
    lines.push('', `Problems (${report.problems.length}):`, ...problemLines(report, c));
  lines.push('', verdictLine(report, c));
  return `${lines.join('\n')}\n`;
}

function checkLines(report: ValidationReport, c: Colors): string[] {
  const line = (check: CheckName, label: string, text: () => string) => {
    const reason = skippedReason(report, check);
    return `  ${mark(report, check, c)} ${label.padEnd(14)} ${reason ? c.dim(`skipped: ${reason}`) : text()}`;
  };
  const lines = [
    line('manifest', 'manifest', () => 'lab.yaml, the files it names, points and hints'),
    line('compile', 'suites', () => compileText(report)),
    line('solution', 'solution', () => solutionText(report)),
    line('flakiness', 'flakiness', () =>
      report.solution?.flaky.length
        ? `${report.solution.flaky.length} flaky test(s)`
        : 'no test changed outcome between runs',
    ),
    line('starter', 'starter', () => starterText(report)),
    line('known-answers', 'known answers', () => knownText(report)),
    line('mutations', 'mutations', () => mutationText(report.mutations)),
  ];
  if (report.timings.length) {
    lines.push(line('timing', 'timing', () => 'slowest solution run per stage:'));
    for (const t of report.timings) {
      lines.push(
        `      ${t.stage.padEnd(24)} ${(t.slowestMs / 1000).toFixed(1).padStart(6)} s  of ${(t.limitMs / 1000).toFixed(0)} s`,
      );
    }
  }
  return lines;
}

/** A check with errors is ✘ even when it could not run to the end (a broken expected.json, say). */
function mark(report: ValidationReport, check: CheckName, c: Colors): string {
  const problems = report.problems.filter((p) => p.check === check);
  if (problems.some((p) => p.severity === 'error')) return c.red('✘');
  if (skippedReason(report, check) !== undefined) return c.dim('–');
  return problems.length ? c.yellow('!') : c.green('✔');
}

function skippedReason(report: ValidationReport, check: CheckName): string | undefined {
  return report.skipped.find((s) => s.check === check)?.reason;
}

function mutationLines(mutations: readonly MutationOutcome[], c: Colors): string[] {
  if (!mutations.length) return [];
  return [
    '',
    'Mutations:',
    ...mutations.map((m) => {
      const verdict =
        m.verdict === 'caught'
          ? c.green(m.verdict)
          : m.verdict === 'not-exercised'
            ? c.dim(m.verdict)
            : c.red(m.verdict);
      const by = m.verdict === 'caught' && m.failedTests.length ? c.dim(` by ${m.failedTests[0]}`) : '';
      return `  ${m.name.padEnd(22)} ${verdict}${by}`;
    }),
  ];
}

function problemLines(report: ValidationReport, c: Colors): string[] {
  return report.problems.map((p) => {
    const symbol = p.severity === 'error' ? c.red('✘') : c.yellow('!');
    return `  ${symbol} ${formatProblem(p).split('\n').join('\n    ')}`;
  });
}

function verdictLine(report: ValidationReport, c: Colors): string {
  const errors = errorCount(report);
  const warnings = report.problems.length - errors;
  if (report.fatal)
    return c.red(`✘ ${report.lab} cannot be graded: fix the problems above and run validate again.`);
  if (errors)
    return c.red(
      `✘ ${errors} problem(s)${warnings ? `, ${warnings} warning(s)` : ''}: ${report.lab} is not ready.`,
    );
  return c.green(`✔ ${report.lab} is valid${warnings ? ` (${warnings} warning(s))` : ''}.`);
}

/** Says which suites were checked: the stages' own, or, without a usable lab.yaml, those under tests/. */
function compileText(report: ValidationReport): string {
  const compiled = report.compiled;
  if (!compiled) return '';
  const count = compiled.files.length;
  const what =
    compiled.scope === 'stages'
      ? plural(count, 'stage suite')
      : `${plural(count, 'suite')} under tests/ (lab.yaml does not say which stage runs which)`;
  const failing = new Set(
    report.problems.filter((p) => p.check === 'compile' && p.severity === 'error').map((p) => p.file),
  ).size;
  return `${what} type-checked, ${failing ? `${plural(failing, 'file')} with problems` : 'no errors'}`;
}

function solutionText(report: ValidationReport): string {
  const runs = report.solution?.runs ?? [];
  const full = runs.filter((r) => r.status === 'pass' && r.score === r.maxScore).length;
  const scores = [...new Set(runs.map((r) => `${r.score}/${r.maxScore}`))].join(', ');
  return `${full} of ${runs.length} run(s) at full marks with hidden tests (${scores})`;
}

function starterText(report: ValidationReport): string {
  const starter = report.starter;
  if (!starter) return '';
  const passed = starter.stagesPassed.length
    ? `passes ${starter.stagesPassed.join(', ')}`
    : 'passes no stage';
  return `${starter.status} ${starter.score}/${starter.maxScore}, ${passed}`;
}

function knownText(report: ValidationReport): string {
  const all = report.knownAnswers;
  if (all.length === 0) return 'none in submissions/';
  return `${all.filter((k) => !k.mismatch).length} of ${all.length} graded as recorded`;
}

function mutationText(outcomes: readonly MutationOutcome[]): string {
  // Only a lab whose submission is a test suite has no HTTP faults to check.
  if (outcomes.length === 0)
    return 'none to check (HTTP faults apply to labs that test an app; add yours in mutations/)';
  const count = (verdict: MutationOutcome['verdict']) => outcomes.filter((o) => o.verdict === verdict).length;
  const parts = [`${count('caught')} caught`];
  if (count('missed')) parts.push(`${count('missed')} missed`);
  if (count('not-exercised')) parts.push(`${count('not-exercised')} not exercised by any test`);
  if (count('not-run')) parts.push(`${count('not-run')} could not run`);
  return `${parts.join(', ')} (of ${outcomes.length})`;
}

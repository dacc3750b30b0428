import pc from 'picocolors';
import { formatProblem } from '../lab';
import type { MutationOutcome } from './check-mutations';
import type { ValidationReport } from './validation-report';
import { errorCount } from './validation-report';
import type { CheckName } from './validation-problem';

/** The validation report for a person: one line per check, then every problem with its fix. */
export function formatValidation(report: ValidationReport, opts: { color?: boolean } = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const mark = (check: CheckName) => {
    if (report.skipped.some((s) => s.check === check)) return c.dim('–');
    const problems = report.problems.filter((p) => p.check === check);
    if (problems.some((p) => p.severity === 'error')) return c.red('✘');
    return problems.length ? c.yellow('!') : c.green('✔');
  };
  const line = (check: CheckName, label: string, detail: string) =>
    `  ${mark(check)} ${label.padEnd(14)} ${detail}`;
  const skippedReason = (check: CheckName) => report.skipped.find((s) => s.check === check)?.reason;
  const detail = (check: CheckName, text: () => string) => {
    const reason = skippedReason(check);
    return reason ? c.dim(`skipped: ${reason}`) : text();
  };

  const lines = [`Validating ${report.lab} (${report.dir})`];
  lines.push(line('manifest', 'manifest', 'lab.yaml, the files it names, points and hints'));
  lines.push(line('compile', 'suites', 'every stage suite compiles'));
  lines.push(
    line(
      'solution',
      'solution',
      detail('solution', () => solutionText(report)),
    ),
  );
  lines.push(
    line(
      'flakiness',
      'flakiness',
      detail('flakiness', () =>
        report.solution?.flaky.length
          ? `${report.solution.flaky.length} flaky test(s)`
          : 'no test changed outcome between runs',
      ),
    ),
  );
  lines.push(
    line(
      'starter',
      'starter',
      detail('starter', () => starterText(report)),
    ),
  );
  lines.push(
    line(
      'known-answers',
      'known answers',
      detail('known-answers', () => knownText(report)),
    ),
  );
  lines.push(
    line(
      'mutations',
      'mutations',
      detail('mutations', () => mutationText(report.mutations)),
    ),
  );
  if (report.timings.length) {
    lines.push(line('timing', 'timing', 'slowest solution run per stage:'));
    for (const t of report.timings) {
      lines.push(
        `      ${t.stage.padEnd(24)} ${(t.slowestMs / 1000).toFixed(1).padStart(6)} s  of ${(t.limitMs / 1000).toFixed(0)} s`,
      );
    }
  }
  if (report.mutations.length) {
    lines.push('', 'Mutations:');
    for (const m of report.mutations) {
      const verdict =
        m.verdict === 'caught'
          ? c.green(m.verdict)
          : m.verdict === 'not-exercised'
            ? c.dim(m.verdict)
            : c.red(m.verdict);
      const by = m.verdict === 'caught' && m.failedTests.length ? c.dim(` by ${m.failedTests[0]}`) : '';
      lines.push(`  ${m.name.padEnd(22)} ${verdict}${by}`);
    }
  }
  if (report.problems.length) {
    lines.push('', `Problems (${report.problems.length}):`);
    for (const p of report.problems) {
      const symbol = p.severity === 'error' ? c.red('✘') : c.yellow('!');
      lines.push(`  ${symbol} ${indentAfterFirst(formatProblem(p), '    ')}`);
    }
  }
  const errors = errorCount(report);
  const warnings = report.problems.length - errors;
  lines.push('');
  if (report.fatal)
    lines.push(c.red(`✘ ${report.lab} cannot be graded: fix the problems above and run validate again.`));
  else if (errors)
    lines.push(
      c.red(
        `✘ ${errors} problem(s)${warnings ? `, ${warnings} warning(s)` : ''}: ${report.lab} is not ready.`,
      ),
    );
  else lines.push(c.green(`✔ ${report.lab} is valid${warnings ? ` (${warnings} warning(s))` : ''}.`));
  return `${lines.join('\n')}\n`;
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
  const count = (verdict: MutationOutcome['verdict']) => outcomes.filter((o) => o.verdict === verdict).length;
  const parts = [`${count('caught')} caught`];
  if (count('missed')) parts.push(`${count('missed')} missed`);
  if (count('not-exercised')) parts.push(`${count('not-exercised')} not exercised by any test`);
  if (count('not-run')) parts.push(`${count('not-run')} could not run`);
  return `${parts.join(', ')} (of ${outcomes.length})`;
}

function indentAfterFirst(text: string, indent: string): string {
  return text.split('\n').join(`\n${indent}`);
}

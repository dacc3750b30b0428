import type { LabProblem } from '../lab';

/** The checks `backlab validate` runs, in the order it runs them. */
export const CHECKS = [
  'manifest',
  'compile',
  'solution',
  'flakiness',
  'starter',
  'known-answers',
  'mutations',
  'timing',
] as const;
export type CheckName = (typeof CHECKS)[number];

/** A check that did not run, and why: what it checks was never loaded, or was skipped on request. */
export interface SkippedCheck {
  check: CheckName;
  reason: string;
}

/** Every check after `check`, skipped for `reason`. */
export function skippedAfter(check: CheckName, reason: string): SkippedCheck[] {
  return CHECKS.slice(CHECKS.indexOf(check) + 1).map((later) => ({ check: later, reason }));
}

/**
 * A problem found while validating a lab: where it is (file, field), what is wrong and the fix,
 * plus the check that found it. Warnings are shown but do not fail validation.
 */
export interface ValidationProblem extends LabProblem {
  check: CheckName;
  severity: 'error' | 'warning';
}

export function errorOf(check: CheckName, problem: LabProblem): ValidationProblem {
  return { check, severity: 'error', ...problem };
}

export function warningOf(check: CheckName, problem: LabProblem): ValidationProblem {
  return { check, severity: 'warning', ...problem };
}

/** Lab authoring: `backlab new` (templates) and `backlab validate` (everything an author can get wrong). */
export {
  validateLab,
  SKIPPABLE_CHECKS,
  type SkippableCheck,
  type ValidateDeps,
  type ValidateOptions,
} from './validate-lab';
export {
  validationExitCode,
  errorCount,
  type ValidationReport,
  type GradeSummary,
} from './validation-report';
export { CHECKS, type CheckName, type ValidationProblem } from './validation-problem';
export { formatValidation } from './format-validation';
export { dockerGrader } from './docker-grader';
export type { Grader, GradeJob, GradeOutcome } from './grade-job';
export { readKnownAnswers, type KnownAnswer, type ExpectedOutcome } from './known-answer';
export { knownAnswerFolder, outcomeMismatch } from './check-known-answers';
export { materialiseOverlay, type OverlaySpec, type MaterialisedFolder } from './overlay';
export { findFlakyTests, type FlakyTest } from './flaky-tests';
export { HTTP_FAULT_IDS, HTTP_FAULTS, type HttpFaultId } from './faults/http-faults';
export { createLabFromTemplate, editNext, listTemplates, templatesDir, type TemplateInfo } from './templates';

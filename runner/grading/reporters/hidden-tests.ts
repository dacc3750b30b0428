import type { GradeResult } from '../result';

/** What learners see instead of a hidden test's message. */
export const HIDDEN_TEST_NOTE = 'hidden test';

/** A copy of the result without the messages of hidden tests, for anything a learner reads. */
export function withholdHiddenMessages(result: GradeResult): GradeResult {
  return {
    ...result,
    stages: result.stages.map((stage) => ({
      ...stage,
      tests: stage.tests.map((test) => {
        if (!test.hidden) return test;
        const withheld = { ...test };
        delete withheld.message;
        return withheld;
      }),
    })),
  };
}

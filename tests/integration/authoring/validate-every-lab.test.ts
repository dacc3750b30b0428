import { silentProgress } from '../../../runner/common/progress';
import { dockerGrader, formatValidation, validateLab, validationExitCode } from '../../../runner/authoring';
import { realDocker } from '../../support/docker';
import { repoLabs } from './repo-labs';

/**
 * `backlab validate` of every lab and template in the repository, on the real engine. One solution
 * run and no mutations or known answers here, to keep the suite short: known answers have their own
 * test, and the full validation (flakiness, mutations) runs on a template in validate-template.test.ts.
 */
const docker = realDocker();

describe('every lab and template passes backlab validate', () => {
  // Two grades at a time: a grade mostly waits on containers, and two fit this machine's two cores.
  test.concurrent.each(repoLabs().map((lab) => [lab.name, lab.dir]))(
    '%s',
    async (_name, dir) => {
      const report = await validateLab(
        { progress: silentProgress, grader: async (lab) => dockerGrader({ docker }, lab) },
        { labDir: dir, runs: 1, skip: ['known-answers', 'mutations'] },
      );
      // The whole report in the failure message: every problem with its file and fix.
      expect(formatValidation(report)).toContain(`✔ ${report.lab} is valid`);
      expect(validationExitCode(report)).toBe(0);
    },
    300_000,
  );
});

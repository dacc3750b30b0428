import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { knownAnswerFolder, outcomeMismatch, readKnownAnswers } from '../../../runner/authoring';
import { silentProgress } from '../../../runner/common/progress';
import { grade } from '../../../runner/grading/grade';
import { loadLab } from '../../../runner/lab';
import { realDocker } from '../../support/docker';
import { repoKnownAnswers } from './repo-labs';

/** Every known-answer submission of every lab and template grades exactly as its expected.json records. */
const docker = realDocker();

describe('known answers grade as recorded', () => {
  // Two grades at a time: a grade mostly waits on containers, and two fit this machine's two cores.
  test.concurrent.each(
    repoKnownAnswers().map(({ lab, answer }) => [`${lab.name}/submissions/${answer}`, lab.dir, answer]),
  )(
    '%s',
    async (_name, labDir, name) => {
      const loaded = await loadLab(labDir);
      if (!loaded.ok) throw new Error(`${labDir} does not load: ${JSON.stringify(loaded.errors)}`);
      const { answers, problems } = await readKnownAnswers(loaded.lab);
      expect(problems.filter((p) => p.file.includes(`/${name}/`))).toEqual([]);
      const answer = answers.find((a) => a.name === name)!;
      const folder = await knownAnswerFolder(loaded.lab, answer);
      const runDir = await mkdtemp(path.join(tmpdir(), 'backlab-known-answer-'));
      try {
        const result = await grade(
          { docker, progress: silentProgress },
          { lab: loaded.lab, submissionDir: folder.dir, hidden: false, workspace: folder.dir, runDir },
        );
        // Undefined, or the difference with the failing tests: readable straight from the test output.
        expect(outcomeMismatch(answer.expected, result)).toBeUndefined();
      } finally {
        await folder.dispose();
        await rm(runDir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});

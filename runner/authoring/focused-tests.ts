import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Lab, LabProblem } from '../lab';

/**
 * `.only`, `.skip`, `.todo` (and jest's x/f aliases) in a lab suite silently drop tests: the
 * stage's points are then spread over fewer tests than the author meant. Comments are ignored.
 */
const FOCUS_OR_SKIP =
  /\b(?:(describe|it|test)\.(only|skip|todo|failing)\b|(xit|xtest|xdescribe|fit|fdescribe)\s*\()/;

export async function focusedTestProblems(lab: Lab): Promise<LabProblem[]> {
  const problems: LabProblem[] = [];
  const files = [...new Set(lab.stages.flatMap((s) => [...s.tests, ...s.hidden]))];
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const [index, raw] of text.split('\n').entries()) {
      const line = raw.replace(/\/\/.*$/, '');
      const match = FOCUS_OR_SKIP.exec(line);
      if (!match) continue;
      const found = match[1] ? `${match[1]}.${match[2]}` : match[3];
      problems.push({
        file: path.relative(lab.dir, file),
        line: index + 1,
        column: match.index + 1,
        message: `${found} leaves tests out of the grade, and the stage's points are spread over the rest`,
        fix: `remove the ${found.includes('.') ? `.${found.split('.')[1]}` : `"${found[0]}" prefix`}: every test of a lab suite runs`,
      });
    }
  }
  return problems;
}

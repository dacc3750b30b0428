import { formatPath, type LabProblem } from './lab-problem';
import { MANIFEST_FILE } from './read-manifest';
import { rawAt, rawStages } from './raw-manifest';

/** Rules that span fields of lab.yaml or tie it to its folder; the schema checks single fields. */

export function manifestRuleProblems(raw: unknown, folderName: string): LabProblem[] {
  return [...idMatchesFolder(raw, folderName), ...uniqueStageIds(raw)];
}

function idMatchesFolder(raw: unknown, folderName: string): LabProblem[] {
  const id = rawAt(raw, 'id');
  if (typeof id !== 'string' || id === folderName) return [];
  return [
    {
      file: MANIFEST_FILE,
      path: 'id',
      message: `${JSON.stringify(id)} does not match the folder name ${JSON.stringify(folderName)}`,
      fix: `set \`id: ${folderName}\` or rename the folder to ${id}`,
    },
  ];
}

function uniqueStageIds(raw: unknown): LabProblem[] {
  const firstUse = new Map<string, string>();
  const problems: LabProblem[] = [];
  for (const { stage, path } of rawStages(raw)) {
    if (typeof stage.id !== 'string') continue;
    const first = firstUse.get(stage.id);
    if (first === undefined) {
      firstUse.set(stage.id, formatPath(path));
      continue;
    }
    problems.push({
      file: MANIFEST_FILE,
      path: formatPath([...path, 'id']),
      message: `duplicate stage id ${JSON.stringify(stage.id)}, already used by ${first}`,
      fix: 'give every stage its own id',
    });
  }
  return problems;
}

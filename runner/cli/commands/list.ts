import { plural } from '../../common/units';
import { formatProblem, listLabs } from '../../lab';
import { formatTable } from '../output/print';
import { EXIT, type CliContext } from '../cli-context';

export interface ListOptions {
  json: boolean;
}

/** `backlab list`: the labs in the catalogue, and the ones that do not load (with why). */
export async function list(ctx: CliContext, opts: ListOptions): Promise<number> {
  const catalog = await listLabs(ctx.labsDir);
  if (opts.json) {
    const labs = catalog.labs.map((l) => ({
      id: l.id,
      title: l.title,
      summary: l.summary,
      difficulty: l.difficulty,
      services: l.serviceKinds,
      stages: l.stages.length,
      maxScore: l.maxScore,
    }));
    ctx.out(JSON.stringify({ labs, broken: catalog.broken }, null, 2));
    return EXIT.ok;
  }
  const rows = catalog.labs.map((l) => [
    l.id,
    l.difficulty,
    l.serviceKinds.join(', ') || '-',
    plural(l.stages.length, 'stage'),
    l.title,
  ]);
  ctx.out(
    formatTable(rows, {
      header: ['LAB', 'LEVEL', 'SERVICES', 'STAGES', 'TITLE'],
      color: ctx.color,
    }).trimEnd(),
  );
  for (const broken of catalog.broken) {
    ctx.out(
      `\n${broken.dir} does not load:\n${broken.errors.map((p) => `  ${formatProblem(p)}`).join('\n')}`,
    );
  }
  ctx.out('\nStart one with `backlab start <lab> <folder>`.');
  return catalog.broken.length ? EXIT.error : EXIT.ok;
}

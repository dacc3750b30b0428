import { findLab } from '../../lab';
import { EXIT, type CliContext } from '../cli-context';

/** `backlab info <lab>`: what the lab asks for, stage by stage. */
export async function info(ctx: CliContext, opts: { lab: string; json: boolean }): Promise<number> {
  const lab = await findLab(ctx.labsDir, opts.lab, ctx.cwd);
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        {
          id: lab.id,
          title: lab.title,
          summary: lab.summary,
          difficulty: lab.difficulty,
          tags: lab.tags,
          services: lab.serviceKinds,
          app: lab.app ? { port: lab.app.port } : null,
          stages: lab.stages.map((s) => ({ id: s.id, title: s.title, points: s.points })),
          maxScore: lab.maxScore,
          dir: lab.dir,
        },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  const lines = [
    `${lab.title}  (${lab.id}, ${lab.difficulty})`,
    lab.summary,
    '',
    `Services: ${lab.serviceKinds.join(', ') || 'none'}${lab.app ? ` · your app listens on PORT (${lab.app.port})` : ''}`,
    '',
    ...lab.stages.map(
      (s, i) => `  ${i + 1}. ${s.title.padEnd(36)} ${String(s.points).padStart(3)} points  (${s.id})`,
    ),
    `     ${'Total'.padEnd(36)} ${String(lab.maxScore).padStart(3)} points`,
    '',
    `Brief: ${lab.dir}/README.md`,
    `Start: backlab start ${lab.id} ./my-${lab.id}`,
  ];
  ctx.out(lines.join('\n'));
  return EXIT.ok;
}

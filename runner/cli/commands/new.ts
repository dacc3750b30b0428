import path from 'node:path';
import { UserError } from '../../common/errors';
import { createLabFromTemplate, editNext, listTemplates } from '../../authoring';
import { formatTable } from '../output/print';
import { EXIT, type CliContext } from '../cli-context';

export interface NewOptions {
  /** The new lab's id, which also names its folder. */
  id?: string;
  template?: string;
  title?: string;
  /** Folder the lab is created in; default labs/ under the current folder. */
  dir?: string;
  list: boolean;
  json: boolean;
}

const DEFAULT_PARENT = 'labs';

/** `backlab new <id> --template <name>`: a complete lab from a template, ready to edit; `--list` shows templates. */
export async function newLab(ctx: CliContext, opts: NewOptions): Promise<number> {
  const templates = await listTemplates();
  if (opts.list) {
    if (opts.json) ctx.out(JSON.stringify({ templates }, null, 2));
    else {
      const rows = templates.map((t) => [t.name, t.services.join(', ') || '-', t.summary]);
      ctx.out(
        formatTable(rows, { header: ['TEMPLATE', 'SERVICES', 'WHAT IT IS'], color: ctx.color }).trimEnd(),
      );
      ctx.out('\nCreate a lab with `backlab new <id> --template <template>`.');
    }
    return EXIT.ok;
  }
  const names = templates.map((t) => t.name).join(', ');
  if (!opts.id)
    throw new UserError(
      'give the new lab an id: `backlab new <id> --template <template>`',
      `Templates: ${names}.`,
    );
  if (!opts.template)
    throw new UserError(
      `choose a template for ${opts.id} with --template <template>`,
      `Templates: ${names}.`,
    );

  const parentDir = path.resolve(ctx.cwd, opts.dir ?? DEFAULT_PARENT);
  const created = await createLabFromTemplate({
    template: opts.template,
    id: opts.id,
    title: opts.title,
    parentDir,
  });
  const shown = path.relative(ctx.cwd, created.dir) || '.';
  const next = editNext(created.dir);
  if (opts.json) {
    ctx.out(
      JSON.stringify(
        { id: opts.id, title: created.title, template: opts.template, dir: created.dir, editNext: next },
        null,
        2,
      ),
    );
    return EXIT.ok;
  }
  const rows = next.map((n) => [`${shown}/${n.path}`, n.what]);
  ctx.out(
    [
      `✔ Created ${shown} ("${created.title}") from the ${opts.template} template.`,
      '',
      'Edit next:',
      formatTable(rows, { indent: 2 }).trimEnd(),
      '',
      `Then check it: backlab validate ${shown}`,
    ].join('\n'),
  );
  return EXIT.ok;
}

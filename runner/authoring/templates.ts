import { existsSync } from 'node:fs';
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isScalar, parseDocument, stringify } from 'yaml';
import { UserError } from '../common/errors';
import { packageRoot } from '../common/package-root';
import { MANIFEST_FILE, loadLab } from '../lab';
import { closestMatch } from '../lab/closest-match';
import { labSchemaPath } from '../lab/export-json-schema';
import { kebabId } from '../lab/manifest-fields';
import { subfolders } from './known-answer';

/** Lab templates: complete small labs under templates/ that `backlab new` copies and renames. */

export interface TemplateInfo {
  name: string;
  dir: string;
  title: string;
  summary: string;
  services: string[];
}

export function templatesDir(): string {
  return path.join(packageRoot(), 'templates');
}

export async function listTemplates(dir: string = templatesDir()): Promise<TemplateInfo[]> {
  const templates: TemplateInfo[] = [];
  for (const name of await subfolders(dir)) {
    const loaded = await loadLab(path.join(dir, name));
    if (!loaded.ok) continue; // a broken template is `backlab validate`'s to report, not the list's
    const { lab } = loaded;
    templates.push({
      name,
      dir: lab.dir,
      title: lab.title,
      summary: lab.summary,
      services: lab.serviceKinds,
    });
  }
  return templates;
}

export interface NewLabRequest {
  template: string;
  id: string;
  /** Defaults to the id in words: "notes-api" → "Notes api". */
  title?: string;
  /** The folder the lab folder is created in (a labs/ folder). */
  parentDir: string;
  templatesDir?: string;
}

export interface NewLab {
  dir: string;
  title: string;
}

/** Never copied from a template: installed or generated in a local try-out. */
const GENERATED = ['node_modules', '.backlab'];

/** Copies a template to `<parentDir>/<id>` with its id and title filled in; never overwrites. */
export async function createLabFromTemplate(req: NewLabRequest): Promise<NewLab> {
  const idCheck = kebabId('notes-api').safeParse(req.id);
  if (!idCheck.success)
    throw new UserError(
      `lab id ${JSON.stringify(req.id)}: ${idCheck.error.issues[0].message}`,
      'Choose an id such as `notes-api`; it also names the folder.',
    );
  const source = path.join(req.templatesDir ?? templatesDir(), req.template);
  if (!existsSync(path.join(source, MANIFEST_FILE))) {
    const known = (await listTemplates(req.templatesDir)).map((t) => t.name);
    const suggestion = closestMatch(req.template, known);
    throw new UserError(
      `no template \`${req.template}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''} Known templates: ${known.join(', ') || 'none'}.`,
      'Run `backlab new --list` to see them.',
    );
  }
  const target = path.resolve(req.parentDir, req.id);
  if (existsSync(target)) {
    throw new UserError(
      `${target} already exists; backlab new never overwrites a folder`,
      'Choose another id, or move that folder away first.',
    );
  }
  const title = req.title?.trim() || titleFromId(req.id);
  try {
    await cp(source, target, {
      recursive: true,
      errorOnExist: true,
      filter: (file) => !GENERATED.includes(path.basename(file)),
    });
    await rewriteManifest(target, req.id, title);
    await rewriteBrief(target, { template: req.template, id: req.id, title });
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
  return { dir: target, title };
}

export function titleFromId(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Sets id and title, and points the schema modeline at backlab's lab.schema.json from the new place.
 * Edits the text in place so the template's comments and layout stay as its author wrote them.
 */
async function rewriteManifest(labDir: string, id: string, title: string): Promise<void> {
  const file = path.join(labDir, MANIFEST_FILE);
  let text = await readFile(file, 'utf8');
  text = replaceScalar(text, 'title', stringify(title).trim());
  text = replaceScalar(text, 'id', id);
  const schema = path.relative(labDir, labSchemaPath()).split(path.sep).join('/');
  const modeline = schemaModeline(schema);
  await writeFile(file, MODELINE.test(text) ? text.replace(MODELINE, modeline) : `${modeline}\n${text}`);
}

/** The text with the top-level `key`'s value replaced by `yamlValue`. */
function replaceScalar(text: string, key: string, yamlValue: string): string {
  const node = parseDocument(text).get(key, true);
  const range = isScalar(node) ? node.range : undefined;
  if (!range) return text;
  return text.slice(0, range[0]) + yamlValue + text.slice(range[1]);
}

const MODELINE = /^# yaml-language-server: \$schema=.*$/m;

/** The first line of lab.yaml that gives editors completion and checking through the JSON Schema. */
export function schemaModeline(schemaPath: string): string {
  return `# yaml-language-server: $schema=${schemaPath}`;
}

/** The brief's title, and the lab id in the commands it shows (`backlab start <id>`). */
async function rewriteBrief(
  labDir: string,
  names: { template: string; id: string; title: string },
): Promise<void> {
  const file = path.join(labDir, 'README.md');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const titled = /^# .*$/m.test(text)
    ? text.replace(/^# .*$/m, `# ${names.title}`)
    : `# ${names.title}\n\n${text}`;
  await writeFile(file, titled.split(`backlab start ${names.template} `).join(`backlab start ${names.id} `));
}

/** The parts of a new lab to edit, in the order an author usually goes (only those that exist). */
const EDIT_NEXT: readonly [string, string][] = [
  ['lab.yaml', 'summary, services, stages, points and hints'],
  ['README.md', 'the brief learners read first'],
  ['solution/', 'the reference solution (must score 100 %)'],
  ['starter/', 'the code learners start from'],
  ['tests/', 'one suite per stage; tests/hidden/ for server-only tests'],
  ['db/', 'schema and seed data applied before every stage'],
  ['submissions/', 'known answers, each with the grade recorded in expected.json'],
  ['mutations/', "the lab's own faults: changes to the solution some test must catch"],
];

export function editNext(labDir: string): { path: string; what: string }[] {
  return EDIT_NEXT.filter(([part]) => existsSync(path.join(labDir, part))).map(([part, what]) => ({
    path: part,
    what,
  }));
}

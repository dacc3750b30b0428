import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEMPLATES = path.resolve(__dirname, '../../../templates');

/** Throw-away copies of a template that a test may change. */
export function scratchCopies(): { copy(template: string, name?: string): string; cleanup(): void } {
  const root = mkdtempSync(path.join(tmpdir(), 'backlab-authoring-'));
  let count = 0;
  return {
    copy(template, name = template) {
      const dir = path.join(root, String(++count), name);
      mkdirSync(path.dirname(dir), { recursive: true });
      cpSync(path.join(TEMPLATES, template), dir, {
        recursive: true,
        filter: (f) => !f.includes('node_modules'),
      });
      return dir;
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export function writeIn(dir: string, file: string, content: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), content);
}

/** Edits a file of the copy by plain text replacement; fails loudly when the text is not there. */
export function editIn(dir: string, file: string, from: string, to: string): void {
  const full = path.join(dir, file);
  const text = readFileSync(full, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  writeFileSync(full, text.replace(from, to));
}

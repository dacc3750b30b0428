import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { LabProblem } from './lab-problem';
import { manifestLocator, type ManifestLocator } from './manifest-positions';

/** Reading lab.yaml and parsing its YAML, with every syntax error located by line and column. */

export const MANIFEST_FILE = 'lab.yaml';

export type ReadManifestResult =
  { ok: true; raw: unknown; locator: ManifestLocator } | { ok: false; errors: LabProblem[] };

export async function readManifest(labDir: string): Promise<ReadManifestResult> {
  let text: string;
  try {
    text = await readFile(path.join(labDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return {
      ok: false,
      errors: [
        {
          file: MANIFEST_FILE,
          message: 'not found; every lab folder needs this manifest',
          fix: 'create lab.yaml with id, title, summary, difficulty and stages, or run `backlab new` to start from a template',
        },
      ],
    };
  }
  return parseManifest(text);
}

export function parseManifest(text: string): ReadManifestResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return {
          file: MANIFEST_FILE,
          line,
          column: col,
          message: `YAML syntax error: ${firstSentence(error.message)}`,
        };
      }),
    };
  }
  const raw: unknown = document.toJS();
  if (raw === null || raw === undefined) {
    return {
      ok: false,
      errors: [
        {
          file: MANIFEST_FILE,
          message: 'the file is empty',
          fix: 'add id, title, summary, difficulty and stages',
        },
      ],
    };
  }
  return { ok: true, raw, locator: manifestLocator(document, lineCounter) };
}

function firstSentence(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

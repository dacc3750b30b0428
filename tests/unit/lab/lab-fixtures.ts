import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

// Broken manifests are deliberately ill-typed, so they are edited as untyped YAML data.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type YamlData = Record<string, any>;

/** Fixture labs, and throw-away copies of them that a test may break. */

export const FIXTURE_LABS = path.resolve(__dirname, '../../fixtures/labs');

export function fixtureLab(name: string): string {
  return path.join(FIXTURE_LABS, name);
}

/** The complete fixture's manifest as a plain object, to derive broken variants from. */
export function completeManifest(): YamlData {
  return parse(readFileSync(path.join(fixtureLab('complete-lab'), 'lab.yaml'), 'utf8'));
}

export interface ScratchLabs {
  root: string;
  /** A copy of fixture `from` in a folder named `folder`, optionally with its own lab.yaml and files. */
  copy(options: {
    from?: string;
    folder?: string;
    manifest?: unknown;
    yamlText?: string;
    files?: Record<string, string>;
    remove?: string[];
  }): string;
  cleanup(): void;
}

export function scratchLabs(): ScratchLabs {
  const root = mkdtempSync(path.join(os.tmpdir(), 'backlab-lab-'));
  let count = 0;
  return {
    root,
    copy({ from = 'complete-lab', folder = from, manifest, yamlText, files = {}, remove = [] }) {
      const dir = path.join(root, String(count++), folder);
      mkdirSync(path.dirname(dir), { recursive: true });
      cpSync(fixtureLab(from), dir, { recursive: true });
      if (manifest !== undefined) writeFileSync(path.join(dir, 'lab.yaml'), stringify(manifest));
      if (yamlText !== undefined) writeFileSync(path.join(dir, 'lab.yaml'), yamlText);
      for (const [file, content] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        writeFileSync(path.join(dir, file), content);
      }
      for (const file of remove) rmSync(path.join(dir, file), { recursive: true, force: true });
      return dir;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppSetupError, readPackageJson } from '../../../runner/sandbox/package-json';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-pkg-errors-');

async function readRaw(raw: string): Promise<AppSetupError> {
  const dir = await folders.make();
  await writeFile(join(dir, 'package.json'), raw);
  const err = await readPackageJson(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof AppSetupError)) throw new Error(`expected an AppSetupError, got ${String(err)}`);
  return err;
}

describe('package.json syntax errors', () => {
  it('reports a trailing comma at the comma, not at the bracket JSON.parse stops on', async () => {
    const raw = [
      '{',
      '  "name": "shop",',
      '  "version": "1.0.0",',
      '  "scripts": {',
      '    "start": "node server.js"',
      '  },',
      '  "private": true,',
      '}',
    ].join('\n');
    const err = await readRaw(raw);
    expect(err.message).toBe(
      'package.json is not valid JSON: line 7, column 18: trailing comma after the last property',
    );
    expect(err.hint).toMatch(/remove that comma/);
  });

  it('names an item of an array, where V8 gives no position at all', async () => {
    const err = await readRaw('{"files": ["a.js", "b.js",]}');
    expect(err.message).toBe(
      'package.json is not valid JSON: line 1, column 26: trailing comma after the last item',
    );
  });

  it('ignores commas inside strings, and earlier errors win over a later trailing comma', async () => {
    expect((await readRaw('{"a": "x,}", "b" 1}')).message).toMatch(
      /^package\.json is not valid JSON: line 1, column 18: (?!trailing)/,
    );
    expect((await readRaw('{"a" 1, "b": [1,]}')).message).toMatch(/line 1, column 6: Expected ':'/);
  });

  it('reports an escaped quote before a trailing comma correctly', async () => {
    expect((await readRaw('{"a": "say \\"hi\\"",\n}')).message).toMatch(
      /line 1, column 19: trailing comma after the last property/,
    );
  });
});

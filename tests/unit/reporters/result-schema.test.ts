import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gradeResultJsonSchema, RESULT_SCHEMA_PATH } from '../../../runner/grading/result-schema';

describe('the committed JSON Schema of the grade result', () => {
  it('is what the zod schema generates', () => {
    const committed: unknown = JSON.parse(
      readFileSync(join(__dirname, '../../..', RESULT_SCHEMA_PATH), 'utf8'),
    );
    const regenerate = 'npm run build && node dist/runner/grading/result-schema.js';
    try {
      expect(committed).toEqual(gradeResultJsonSchema());
    } catch (err) {
      if (err instanceof Error)
        err.message = `${RESULT_SCHEMA_PATH} is out of date; regenerate it with \`${regenerate}\`.\n\n${err.message}`;
      throw err;
    }
  });
});

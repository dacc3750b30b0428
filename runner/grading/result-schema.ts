import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../common/package-root';
import { GradeResult } from './result';

/** Where the committed JSON Schema lives, relative to the project root. */
export const RESULT_SCHEMA_PATH = 'runner/grading/result.schema.json';

/** JSON Schema of the grade result document, for readers outside TypeScript. */
export function gradeResultJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(GradeResult);
  return {
    $schema,
    title: 'backlab grade result',
    description:
      'What one grading run produced: status, score per stage and test, and why grading stopped if it did.',
    ...rest,
  };
}

export function renderGradeResultJsonSchema(): string {
  return `${JSON.stringify(gradeResultJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const target = join(packageRoot(), RESULT_SCHEMA_PATH);
  writeFileSync(target, renderGradeResultJsonSchema());
  console.log(`Wrote ${target}`);
}

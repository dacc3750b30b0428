import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LabManifestSchema } from './manifest-schema';
import { packageRoot } from '../common/package-root';

/**
 * labs/lab.schema.json, generated from the zod schema so editors validate lab.yaml as the loader
 * does. It describes what authors write (defaults optional), hence io: 'input'. Draft-07 is the
 * draft YAML editors support best. Regenerate with `npm run build && npm run schema`.
 */
export function labJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(LabManifestSchema, { io: 'input', target: 'draft-07' });
}

export function labJsonSchemaText(): string {
  return `${JSON.stringify(labJsonSchema(), null, 2)}\n`;
}

export const LAB_SCHEMA_FILE = 'lab.schema.json';

export function labSchemaPath(): string {
  return path.join(packageRoot(), 'labs', LAB_SCHEMA_FILE);
}

if (require.main === module) {
  writeFileSync(labSchemaPath(), labJsonSchemaText());
}

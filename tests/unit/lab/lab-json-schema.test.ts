import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { labJsonSchema, labSchemaPath } from '../../../runner/lab/export-json-schema';

type JsonSchema = {
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
};

/** Paths of the properties (at any depth) that have no description. */
function undescribed(schema: JsonSchema, at = ''): string[] {
  const own = Object.entries(schema.properties ?? {}).flatMap(([key, property]) => [
    ...(property.description ? [] : [`${at}${key}`]),
    ...undescribed(property, `${at}${key}.`),
  ]);
  const nested = [schema.items, ...(schema.anyOf ?? [])].filter(
    (inner): inner is JsonSchema => inner !== undefined,
  );
  return [...own, ...nested.flatMap((inner) => undescribed(inner, at))];
}

describe('labs/lab.schema.json', () => {
  test('is up to date with the zod schema', () => {
    const committed: unknown = JSON.parse(readFileSync(labSchemaPath(), 'utf8'));
    const fresh = labJsonSchema();
    if (!isDeepStrictEqual(committed, fresh)) {
      throw new Error(
        'labs/lab.schema.json is out of date with runner/lab/manifest-schema.ts. Regenerate it: npm run build && npm run schema',
      );
    }
    expect(committed).toEqual(fresh);
  });

  test('describes every field, for editor help', () => {
    const schema = labJsonSchema() as JsonSchema;
    expect(Object.keys(schema.properties ?? {})).toContain('stages');
    expect(undescribed(schema)).toEqual([]);
  });

  test('rejects unknown keys, as the loader does', () => {
    expect(labJsonSchema()).toMatchObject({ additionalProperties: false });
  });
});

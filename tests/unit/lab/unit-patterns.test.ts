import { labJsonSchema } from '../../../runner/lab/export-json-schema';
import { parseDuration, parseSize } from '../../../runner/common/units';
import { manifestReference } from '../../../runner/authoring/manifest-reference';

/** Editors that use labs/lab.schema.json reject `timeout: sixty` and `memory: lots`, as the loader does. */

type JsonSchema = { pattern?: string; properties?: Record<string, JsonSchema> };

function patternAt(...keys: string[]): RegExp {
  let schema = labJsonSchema() as JsonSchema;
  for (const key of keys) schema = schema.properties?.[key] ?? {};
  if (!schema.pattern) throw new Error(`no pattern at ${keys.join('.')}`);
  return new RegExp(schema.pattern);
}

const DURATIONS = ['30s', '2m', '500ms', '1.5h', ' 10 s', 'sixty', '30', '30sec', '-5s', 's', '3d', ''];
const SIZES = ['512m', '1g', '65536k', '64MB', '1.5G', '4096', 'lots', '512x', '-1m', 'm', '1 tb', ''];

describe('duration and size fields carry a pattern in the JSON Schema', () => {
  test.each(['limits.timeout', 'limits.install', 'app.ready.timeout'])(
    '%s rejects "sixty" and accepts "60s"',
    (field) => {
      const pattern = patternAt(...field.split('.'));
      expect(pattern.test('sixty')).toBe(false);
      expect(pattern.test('60s')).toBe(true);
    },
  );

  test('limits.memory rejects "lots" and accepts "512m"', () => {
    const pattern = patternAt('limits', 'memory');
    expect(pattern.test('lots')).toBe(false);
    expect(pattern.test('512m')).toBe(true);
  });

  test('the patterns accept exactly the text the loader parses', () => {
    const duration = patternAt('limits', 'timeout');
    const size = patternAt('limits', 'memory');
    for (const text of DURATIONS)
      expect([text, duration.test(text)]).toEqual([text, parseDuration(text) !== undefined]);
    for (const text of SIZES) expect([text, size.test(text)]).toEqual([text, parseSize(text) !== undefined]);
  });

  test('the manifest reference names the unit types', () => {
    expect(manifestReference()).toContain(
      '| `limits.timeout` | duration (ms, s, m, h) | `120s` | Time limit for each stage, like "120s" |',
    );
    expect(manifestReference()).toContain(
      '| `limits.memory` | size (k, m, g) | `512m` | Memory limit per app container, like "512m" |',
    );
  });
});

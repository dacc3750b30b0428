import { readFileSync } from 'node:fs';
import {
  guidePath,
  manifestReference,
  normaliseTable,
  referenceSection,
  withReference,
} from '../../../runner/authoring/manifest-reference';

describe('the manifest reference in docs/authoring.md', () => {
  test('has a row for every field, nested ones included, with its description', () => {
    const reference = manifestReference();
    expect(reference).toContain(
      '| `id` | text | **required** | Lab id, kebab-case; must equal the name of the lab folder |',
    );
    expect(reference).toContain(
      '| `services.mysql.database` | text | `app` | Name of the database created for the lab |',
    );
    expect(reference).toContain(
      '| `stages[].starterPasses` | boolean | `false` | True when the starter code is expected to pass this stage already |',
    );
    expect(reference).toMatch(
      /\| `difficulty` \| "beginner" or "intermediate" or "advanced" \| \*\*required\*\* \|/,
    );
  });

  test('is up to date with the schema (regenerate: npm run build && node dist/runner/authoring/manifest-reference.js)', () => {
    const section = referenceSection(readFileSync(guidePath(), 'utf8'));
    expect(section).toBeDefined();
    // Column padding is a formatter's business; the cells must be the generated ones.
    expect(normaliseTable(section!)).toBe(normaliseTable(manifestReference()));
  });

  test('normalising ignores padding and dash counts, not content', () => {
    const plain = '| A | B |\n| --- | --- |\n| `x` | a \\| b |';
    const padded = '| A   | B      |\n| ----- | ------ |\n| `x` | a \\| b  |';
    expect(normaliseTable(padded)).toBe(normaliseTable(plain));
    expect(normaliseTable(plain.replace('a \\| b', 'a b'))).not.toBe(normaliseTable(plain));
  });

  test('regenerating puts the table between the markers and keeps the rest', () => {
    const guide = `# Guide\n\nbefore\n${'<!-- manifest-reference:start (generated from the schema; do not edit) -->'}\nold\n<!-- manifest-reference:end -->\nafter\n`;
    const updated = withReference(guide);
    expect(updated.startsWith('# Guide\n\nbefore\n')).toBe(true);
    expect(updated.endsWith('<!-- manifest-reference:end -->\nafter\n')).toBe(true);
    expect(referenceSection(updated)).toBe(manifestReference());
  });
});

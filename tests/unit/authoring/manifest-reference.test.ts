import { readFileSync } from 'node:fs';
import { guidePath, manifestReference, REFERENCE_END, REFERENCE_START, withReference } from '../../../runner/authoring/manifest-reference';

describe('the manifest reference in docs/authoring.md', () => {
  test('has a row for every field, nested ones included, with its description', () => {
    const reference = manifestReference();
    expect(reference).toContain('| `id` | text | **required** | Lab id, kebab-case; must equal the name of the lab folder |');
    expect(reference).toContain('| `services.mysql.database` | text | `app` | Name of the database created for the lab |');
    expect(reference).toContain('| `stages[].starterPasses` | boolean | `false` | True when the starter code is expected to pass this stage already |');
    expect(reference).toMatch(/\| `difficulty` \| "beginner" or "intermediate" or "advanced" \| \*\*required\*\* \|/);
  });

  test('is up to date with the schema (regenerate: npm run build && node dist/runner/authoring/manifest-reference.js)', () => {
    const guide = readFileSync(guidePath(), 'utf8');
    expect(guide).toContain(REFERENCE_START);
    expect(guide).toContain(REFERENCE_END);
    expect(guide).toBe(withReference(guide));
  });
});

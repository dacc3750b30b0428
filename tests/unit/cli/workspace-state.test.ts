import { labIdOf, labRefOf, writeState } from '../../../runner/cli/workspace-state';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-state-');
const createdAt = '2026-12-01T10:00:00.000Z';

describe('the lab a started folder works against', () => {
  it('is the catalogue lab by id, or the folder of a lab started from a path; --lab wins', async () => {
    const catalogue = await folders.make();
    await writeState(catalogue, { lab: 'login-system', createdAt });
    expect(await labRefOf(catalogue, undefined)).toBe('login-system');

    const ownLab = await folders.make();
    await writeState(ownLab, { lab: 'notes-api', labDir: '/courses/labs/notes-api', createdAt });
    expect(await labRefOf(ownLab, undefined)).toBe('/courses/labs/notes-api');
    // A submission server knows labs by id only.
    expect(await labIdOf(ownLab, undefined)).toBe('notes-api');
    expect(await labRefOf(ownLab, 'login-system')).toBe('login-system');
  });

  it('says how to start one in a folder that was never started', async () => {
    const empty = await folders.make();
    await expect(labRefOf(empty, undefined)).rejects.toThrow(/is not a backlab lab folder/);
  });
});

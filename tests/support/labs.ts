import { loadLab, type Lab } from '../../runner/lab';

/** The lab in `dir`, or a thrown error naming what does not load: a fixture must always load. */
export async function loadFixtureLab(dir: string): Promise<Lab> {
  const loaded = await loadLab(dir);
  if (!loaded.ok) throw new Error(`${dir} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.lab;
}

import { access } from 'node:fs/promises';

/** Whether something exists at `path` (file, folder or link), without throwing. */
export async function pathExists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

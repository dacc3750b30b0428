import path from 'node:path';
import { packageRoot } from '../common/package-root';

/** The labs/ folder shipped with backlab. Its own module: the CLI needs it before it loads any lab. */
export function defaultLabsDir(): string {
  return path.join(packageRoot(), 'labs');
}

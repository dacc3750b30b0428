import { join } from 'node:path';
import { pathExists } from '../common/path-exists';
import type { StartCommand } from '../sandbox/start-command';

/** Where PHP apps keep the file every request goes through, public/ first (Slim, Laravel, Symfony). */
export const PHP_FRONT_CONTROLLERS = ['public/index.php', 'index.php', 'server.php'];

/**
 * How a learner's PHP app is started: the lab's command, else PHP's built-in web server on the
 * sandbox's port, serving the folder of the front controller (public/ first). A request for a
 * file that exists runs that file, as under Apache; any other path runs the front controller, as
 * nginx's `try_files … /index.php` would. Four workers answer at once, as behind php-fpm: one
 * slow request does not hold up the others.
 */
export async function detectPhpStart(appDir: string, labStart?: string): Promise<StartCommand> {
  if (labStart) return { command: labStart, source: 'lab.yaml app.start' };
  for (const file of PHP_FRONT_CONTROLLERS) {
    if (!(await pathExists(join(appDir, file)))) continue;
    const root = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '.';
    return { command: serve(root), source: `${file} (PHP's built-in server)` };
  }
  return { command: serve('.'), source: "PHP's built-in server" };
}

function serve(root: string): string {
  return `PHP_CLI_SERVER_WORKERS=4 php -S 0.0.0.0:"$PORT" -t ${root}`;
}

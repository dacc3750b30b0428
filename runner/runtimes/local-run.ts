import { detectRuntime } from './app-runtime';
import { detectPhpStart } from './php-start';
import { detectPythonStart } from './python-start';

/**
 * How a learner runs the app in `dir` on their own machine against the services `backlab start`
 * began, with the settings it wrote to .env: the command the sandbox would run, on the lab's port.
 * Flask reads .env by itself (python-dotenv); PHP does not, so the shell exports it first.
 */
export async function localRunLine(dir: string, port: number, labStart?: string): Promise<string> {
  const runtime = await detectRuntime(dir);
  const onPort = (command: string) => command.replace(/"\$PORT"|\$PORT/g, String(port));
  if (runtime?.id === 'python') {
    const start = await detectPythonStart(dir, labStart).catch(() => ({ command: 'python3 app.py' }));
    const install =
      runtime.manifest === 'requirements.txt' ? 'python3 -m pip install -r requirements.txt && ' : '';
    return `${install}${onPort(start.command).replace('--host 0.0.0.0', '--host 127.0.0.1')}`;
  }
  if (runtime?.id === 'php') {
    const start = await detectPhpStart(dir, labStart);
    return `set -a && . ./.env && set +a && ${onPort(start.command).replace('0.0.0.0', '127.0.0.1')}`;
  }
  return 'npm install && node --env-file=.env server.js';
}

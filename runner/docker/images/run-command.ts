import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { InfraError } from '../../common/errors';
import { RecentLines } from './recent-lines';

/** Runs a host command, passing each output line to `onLine`; fails with its last lines. */
export function runCommand(command: string, args: string[], onLine: (line: string) => void): Promise<void> {
  const recent = new RecentLines();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const split = (stream: NodeJS.ReadableStream) => {
      let pending = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          recent.push(line);
          onLine(line);
        }
      });
    };
    split(child.stdout);
    split(child.stderr);
    child.on('error', (err) => reject(new InfraError(`Could not run ${command}: ${err.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new InfraError(`${command} ${args.join(' ')} exited with code ${code}:\n${recent.text()}`));
    });
  });
}

/** The full path of `command` on PATH (plus the sbin folders, where admin tools live), if any. */
export async function findCommand(command: string): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

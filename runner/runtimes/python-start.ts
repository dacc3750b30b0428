import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppSetupError } from '../sandbox/package-json';
import type { StartCommand } from '../sandbox/start-command';

/** Entry files, in the order tutorials and boilerplates name them. */
export const PYTHON_ENTRY_FILES = [
  'app.py',
  'main.py',
  'server.py',
  'run.py',
  'wsgi.py',
  'src/app.py',
  'src/main.py',
];

/**
 * How a learner's Python app is started: the lab's command, else the `web:` line of a Procfile,
 * else its entry file. A Flask app is served by `flask run` on the sandbox's address and port:
 * `app.run()` in a `__main__` block listens on 127.0.0.1:5000 unless told otherwise, which no
 * test could reach. A FastAPI app is served by uvicorn the same way; anything else runs as is.
 */
export async function detectPythonStart(appDir: string, labStart?: string): Promise<StartCommand> {
  if (labStart) return { command: labStart, source: 'lab.yaml app.start' };
  const procfile = await readFile(join(appDir, 'Procfile'), 'utf8').catch(() => undefined);
  const web = procfile && /^web:\s*(.+)$/m.exec(procfile)?.[1].trim();
  if (web) return { command: web, source: 'Procfile web' };
  const declared = await declaredText(appDir);
  for (const file of PYTHON_ENTRY_FILES) {
    const source = await readFile(join(appDir, file), 'utf8').catch(() => undefined);
    if (source !== undefined) return entryCommand(file, source, declared);
  }
  const django = await readFile(join(appDir, 'manage.py'), 'utf8').catch(() => undefined);
  throw new AppSetupError(
    django !== undefined
      ? 'your app looks like a Django project (manage.py), which the Python sandbox does not run'
      : `no way to start your Python app: no Procfile and none of ${PYTHON_ENTRY_FILES.join(', ')}`,
    django !== undefined
      ? 'Write the app with Flask or FastAPI, which the sandbox has, or ask your instructor.'
      : 'Name your entry file app.py, or add a Procfile with a line like `web: python3 server.py`.',
  );
}

/** The app's declared packages as text, to tell a Flask project from others by its manifest too. */
async function declaredText(appDir: string): Promise<string> {
  const files = ['requirements.txt', 'pyproject.toml', 'Pipfile'];
  const texts = await Promise.all(files.map((f) => readFile(join(appDir, f), 'utf8').catch(() => '')));
  return texts.join('\n');
}

const IMPORTS_FLASK = /^\s*(from|import)\s+flask\b/m;
const DECLARES_FLASK = /^\s*["']?flask\b/im;

function entryCommand(file: string, source: string, declared: string): StartCommand {
  const module = file.replace(/\.py$/, '').replace(/\//g, '.');
  if (IMPORTS_FLASK.test(source) || DECLARES_FLASK.test(declared)) {
    // flask finds `app` or `application`, or a create_app/make_app factory, by itself.
    const variable = /^(\w+)\s*=\s*(Flask|create_app|make_app)\(/m.exec(source)?.[1];
    const target =
      variable && variable !== 'app' && variable !== 'application' ? `${module}:${variable}` : module;
    return {
      command: `python3 -m flask --app ${target} run --host 0.0.0.0 --port "$PORT"`,
      source: `${file} (a Flask app)`,
      note: `Serving ${file} with \`flask run\` on the port the lab gives (PORT): code under \`if __name__ == "__main__":\` does not run, so do the setup your app needs where the app is created.`,
    };
  }
  const fastapi = /^(\w+)\s*=\s*FastAPI\(/m.exec(source)?.[1];
  if (fastapi) {
    return {
      command: `python3 -m uvicorn ${module}:${fastapi} --host 0.0.0.0 --port "$PORT"`,
      source: `${file} (a FastAPI app)`,
    };
  }
  return { command: `python3 ${file}`, source: file };
}

import { detectRuntime, runtimeOf } from '../../../runner/runtimes/app-runtime';
import { detectPhpStart } from '../../../runner/runtimes/php-start';
import { detectPythonStart } from '../../../runner/runtimes/python-start';
import { AppSetupError } from '../../../runner/sandbox/package-json';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-runtime-');

const project = (files: Record<string, string>) => folders.withFiles(files);

describe('detectRuntime', () => {
  it.each([
    [{ 'package.json': '{}', 'seed.py': '' }, 'node', 'package.json'],
    [{ 'requirements.txt': 'flask\n' }, 'python', 'requirements.txt'],
    [{ 'pyproject.toml': '[project]\n' }, 'python', 'pyproject.toml'],
    [{ Pipfile: '[packages]\n' }, 'python', 'Pipfile'],
    [{ 'main.py': 'print(1)\n' }, 'python', 'main.py'],
    [{ 'composer.json': '{}' }, 'php', 'composer.json'],
    [{ 'public/index.php': '<?php' }, 'php', 'public/index.php'],
  ])('%j is a %s app (told by %s)', async (files, id, manifest) => {
    expect(await detectRuntime(await project(files))).toMatchObject({ id, manifest });
  });

  it("takes the lab's runtime over the folder's, keeping the folder's manifest when it agrees", async () => {
    const dir = await project({ 'package.json': '{}', 'pyproject.toml': '[project]\n' });
    expect(await runtimeOf(dir, 'python')).toMatchObject({ id: 'python', manifest: 'requirements.txt' });
    const python = await project({ 'pyproject.toml': '[project]\n' });
    expect(await runtimeOf(python, 'python')).toMatchObject({ id: 'python', manifest: 'pyproject.toml' });
    expect(await runtimeOf(python)).toMatchObject({ id: 'python' });
  });

  it('finds nothing in a folder of notes, and calls a folder known to hold an app Node.js', async () => {
    const dir = await project({ 'README.md': '# notes' });
    expect(await detectRuntime(dir)).toBeUndefined();
    expect((await runtimeOf(dir)).id).toBe('node');
  });
});

describe('detectPythonStart', () => {
  const start = async (files: Record<string, string>, labStart?: string) =>
    detectPythonStart(await project(files), labStart);

  it('serves a Flask app with flask run on the sandbox port, whatever app.run() in __main__ says', async () => {
    const app =
      'from flask import Flask\napp = Flask(__name__)\nif __name__ == "__main__":\n    app.run(debug=True)\n';
    expect(await start({ 'app.py': app })).toMatchObject({
      command: 'python3 -m flask --app app run --host 0.0.0.0 --port "$PORT"',
      source: 'app.py (a Flask app)',
    });
  });

  it('names the Flask variable or factory result when flask could not find it alone', async () => {
    const run = 'from api import create_app\nserver = create_app()\nserver.run()\n';
    expect((await start({ 'run.py': run, 'requirements.txt': 'Flask==3.0.0\n' })).command).toBe(
      'python3 -m flask --app run:server run --host 0.0.0.0 --port "$PORT"',
    );
  });

  it('serves FastAPI with uvicorn, runs other scripts as they are, and prefers the lab, then a Procfile', async () => {
    expect((await start({ 'main.py': 'from fastapi import FastAPI\napi = FastAPI()\n' })).command).toBe(
      'python3 -m uvicorn main:api --host 0.0.0.0 --port "$PORT"',
    );
    expect((await start({ 'server.py': 'import http.server\n' })).command).toBe('python3 server.py');
    const procfile = { Procfile: 'web: gunicorn app:app -b 0.0.0.0:$PORT\n', 'app.py': 'import flask\n' };
    expect((await start(procfile)).command).toBe('gunicorn app:app -b 0.0.0.0:$PORT');
    expect((await start(procfile, 'python3 lab.py')).source).toBe('lab.yaml app.start');
  });

  it('says what it looked for when there is no entry file, and names Django for manage.py', async () => {
    await expect(start({ 'requirements.txt': 'flask\n' })).rejects.toThrow(
      /no Procfile and none of app\.py, main\.py/,
    );
    const django = start({ 'manage.py': 'import django\n' });
    await expect(django).rejects.toBeInstanceOf(AppSetupError);
    await expect(django).rejects.toThrow(/Django project \(manage\.py\)/);
  });
});

describe('detectPhpStart', () => {
  it("serves the front controller's folder with PHP's built-in server, public/ first", async () => {
    const both = await project({ 'public/index.php': '<?php', 'index.php': '<?php' });
    expect(await detectPhpStart(both)).toMatchObject({
      command: 'PHP_CLI_SERVER_WORKERS=4 php -S 0.0.0.0:"$PORT" -t public',
      source: "public/index.php (PHP's built-in server)",
    });
    expect((await detectPhpStart(await project({ 'index.php': '<?php' }))).command).toMatch(/-t \.$/);
    expect((await detectPhpStart(both, 'php app.php')).command).toBe('php app.php');
  });
});

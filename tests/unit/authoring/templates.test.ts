import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  createLabFromTemplate,
  editNext,
  listTemplates,
  titleFromId,
} from '../../../runner/authoring/templates';
import { UserError } from '../../../runner/common/errors';
import { loadLab } from '../../../runner/lab';
import { labSchemaPath } from '../../../runner/lab/export-json-schema';

const parent = mkdtempSync(path.join(tmpdir(), 'backlab-new-'));
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe('templates', () => {
  test('lists the shipped templates with what they are', async () => {
    const templates = await listTemplates();
    expect(templates.map((t) => [t.name, t.services])).toEqual([
      ['api-tests', []],
      ['express-mongodb', ['mongodb']],
      ['express-mysql', ['mysql']],
      ['express-redis', ['mysql', 'redis']],
      ['flask-mysql', ['mysql']],
      ['nginx-proxy', ['nginx']],
      ['php-mysql', ['mysql']],
    ]);
    const mysql = templates.find((t) => t.name === 'express-mysql')!;
    expect(mysql.services).toEqual(['mysql']);
    expect(mysql.summary.length).toBeGreaterThan(10);
  });

  test('a new lab is the template with its id, title and schema modeline filled in, and it loads', async () => {
    const made = await createLabFromTemplate({
      template: 'express-mysql',
      id: 'notes-api',
      title: 'Notes, the API',
      parentDir: parent,
    });
    expect(made.dir).toBe(path.join(parent, 'notes-api'));
    const text = readFileSync(path.join(made.dir, 'lab.yaml'), 'utf8');
    const firstLine = text.split('\n')[0];
    expect(firstLine).toBe(`# yaml-language-server: $schema=${path.relative(made.dir, labSchemaPath())}`);
    expect(existsSync(path.resolve(made.dir, firstLine.split('$schema=')[1]))).toBe(true);
    expect(parse(text)).toMatchObject({ id: 'notes-api', title: 'Notes, the API' });
    const brief = readFileSync(path.join(made.dir, 'README.md'), 'utf8');
    expect(brief.split('\n')[0]).toBe('# Notes, the API');
    expect(brief).toContain('backlab start notes-api ./my-notes');
    expect(brief).not.toContain('express-mysql');
    const loaded = await loadLab(made.dir);
    expect(loaded.ok && loaded.lab.id).toBe('notes-api');
    expect(editNext(made.dir).map((e) => e.path)).toEqual([
      'lab.yaml',
      'README.md',
      'solution/',
      'starter/',
      'tests/',
      'db/',
      'submissions/',
      'mutations/',
    ]);
  });

  test('the title defaults to the id in words', async () => {
    expect(titleFromId('orders-api')).toBe('Orders api');
    const made = await createLabFromTemplate({
      template: 'express-mysql',
      id: 'orders-api',
      parentDir: parent,
    });
    expect(parse(readFileSync(path.join(made.dir, 'lab.yaml'), 'utf8')).title).toBe('Orders api');
  });

  test('never overwrites an existing folder', async () => {
    mkdirSync(path.join(parent, 'taken'));
    await expect(
      createLabFromTemplate({ template: 'express-mysql', id: 'taken', parentDir: parent }),
    ).rejects.toThrow(`${path.join(parent, 'taken')} already exists; backlab new never overwrites a folder`);
  });

  test('an unknown template names the close one and the known ones', async () => {
    const attempt = createLabFromTemplate({ template: 'express-mysq', id: 'x-lab', parentDir: parent });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(attempt).rejects.toThrow(
      /^no template `express-mysq`; did you mean `express-mysql`\? Known templates: .*express-mysql/,
    );
    expect(existsSync(path.join(parent, 'x-lab'))).toBe(false);
  });

  test('an id that is not kebab-case is refused', async () => {
    await expect(
      createLabFromTemplate({ template: 'express-mysql', id: 'My Lab', parentDir: parent }),
    ).rejects.toThrow(
      'lab id "My Lab": expected a kebab-case id (lowercase letters, digits and dashes), like "notes-api"',
    );
  });
});

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connectionHint, variablesNaming } from '../../../runner/sandbox/connection-hint';
import { nodeCrashExcerpt } from '../../../runner/sandbox/log-excerpt';
import { missingModuleHint } from '../../../runner/sandbox/missing-module';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-case-');

const mysql = {
  title: 'MySQL',
  host: 'mysql',
  port: 3306,
  variables: ['DATABASE_URL', 'DB_HOST', 'MYSQL_HOST'],
};

describe('nodeCrashExcerpt', () => {
  it('keeps the error line of a crash with a long require stack', () => {
    const log = [
      'node:internal/modules/cjs/loader:1228',
      '  throw err;',
      '  ^',
      '',
      "Error: Cannot find module 'bcrypt'",
      'Require stack:',
      ...Array.from({ length: 20 }, (_, i) => `- /app/routes/file${i}.js`),
      '    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)',
      '    at Object.<anonymous> (/app/lib/hash.js:1:18)',
      "  code: 'MODULE_NOT_FOUND',",
      '}',
      'Node.js v20.20.2',
    ].join('\n');
    const excerpt = nodeCrashExcerpt(log);
    expect(excerpt).toContain("Error: Cannot find module 'bcrypt'");
    expect(excerpt).toContain('- /app/routes/file0.js');
    expect(excerpt).not.toContain('- /app/routes/file10.js');
    expect(excerpt).not.toContain('node:internal/modules/cjs/loader:1225');
  });
});

describe('missingModuleHint', () => {
  it('names a look-alike dependency that package.json does declare', () => {
    const log = "Error: Cannot find module 'bcrypt'\nRequire stack:\n- /app/lib/hash.js\n- /app/server.js";
    const app = { declared: ['bcryptjs', 'express'], hostDir: '/nowhere', sandboxDir: '/app' };
    expect(missingModuleHint(log, app)).toBe(
      "bcrypt (required by lib/hash.js) is not in package.json's dependencies; it declares bcryptjs: did you mean that one? Run `npm install bcrypt` to add it, or fix the name in the code.",
    );
  });

  it('tells a declared but uninstalled package, and an ES module import', () => {
    const app = { declared: ['express'], hostDir: '/nowhere', sandboxDir: '/app' };
    const esm =
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'express' imported from /app/src/server.js";
    expect(missingModuleHint(esm, app)).toMatch(
      /^express \(required by src\/server\.js\) is in package\.json but was not installed/,
    );
  });

  it('finds the file whose name differs only in case: the sandbox is case-sensitive', async () => {
    const dir = await folders.make();
    await mkdir(join(dir, 'Config'));
    await writeFile(join(dir, 'Config', 'DB.js'), '');
    const log = "Error: Cannot find module './config/db'\nRequire stack:\n- /app/server.js";
    expect(missingModuleHint(log, { declared: [], hostDir: dir, sandboxDir: '/app' })).toBe(
      'the file ./config/db (required by server.js) does not exist, but Config/DB.js does: file names are case-sensitive in the sandbox (and on Linux servers).',
    );
  });
});

describe('connectionHint', () => {
  it('says where the database is when the app tried localhost or an unknown host', () => {
    expect(connectionHint('Error: connect ECONNREFUSED 127.0.0.1:3306', [mysql])).toBe(
      'your app tried to reach its database at 127.0.0.1:3306, but in the grading sandbox MySQL runs at mysql:3306, given to your app as DATABASE_URL, DB_HOST, MYSQL_HOST: read those variables instead of a fixed address.',
    );
    expect(connectionHint('Error: getaddrinfo ENOTFOUND db', [mysql])).toMatch(
      /^your app tried to reach its database at the host "db", which does not exist in the sandbox/,
    );
    expect(connectionHint("Access denied for user 'root'@'172.18.0.3'", [mysql])).toMatch(/as "root"/);
    expect(connectionHint('listening on 3000', [mysql])).toBeUndefined();
  });

  it('lists the variables that carry a host, best-known names and URLs first', () => {
    const env = {
      MYSQLHOST: 'mysql',
      DB_HOST: 'mysql',
      DATABASE_URL: 'mysql://u:p@mysql:3306/app',
      PORT: '3000',
    };
    expect(variablesNaming('mysql', env)).toEqual(['DATABASE_URL', 'DB_HOST', 'MYSQLHOST']);
  });

  it('names Redis by its URL without credentials too, and points an app at 127.0.0.1:6379 there', () => {
    const env = {
      REDIS_URL: 'redis://redis:6379',
      REDIS_HOST: 'redis',
      REDIS_PORT: '6379',
      DB_HOST: 'mysql',
    };
    expect(variablesNaming('redis', env)).toEqual(['REDIS_URL', 'REDIS_HOST']);
    const redis = { title: 'Redis', host: 'redis', port: 6379, variables: ['REDIS_URL', 'REDIS_HOST'] };
    const mysql = { title: 'MySQL', host: 'mysql', port: 3306, variables: ['DB_HOST'] };
    expect(connectionHint('Error: connect ECONNREFUSED 127.0.0.1:6379', [mysql, redis])).toMatch(
      /at 127\.0\.0\.1:6379, but in the grading sandbox Redis runs at redis:6379, given to your app as REDIS_URL, REDIS_HOST:/,
    );
  });
});

import { z } from 'zod';
import {
  databaseName,
  duration,
  httpProbe,
  kebabId,
  pathList,
  positiveInteger,
  relativePath,
  size,
  text,
} from './manifest-fields';

/**
 * The schema of lab.yaml. Strict everywhere: an unknown key is an error, so a typo never silently
 * turns into a default. Every field is described; the descriptions become labs/lab.schema.json,
 * which gives lab authors completion and hover help in their editor.
 */

export const SERVICE_KINDS = ['mysql', 'mongodb', 'redis', 'nginx'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced'] as const;

export const LIMIT_DEFAULTS = {
  memory: '512m',
  cpus: 1,
  pids: 256,
  timeout: '120s',
  install: '300s',
} as const;

const IN_LAB = 'the lab folder';
const IN_SUBMISSION = 'the submission folder';
const SOURCES = ['submission', 'lab'] as const;

const sourceField = (what: string) =>
  z
    .enum(SOURCES, { error: 'expected "submission" or "lab"' })
    .default('submission')
    .describe(
      `Who provides the ${what}: "submission" (the learner writes it) or "lab" (shipped in the lab folder)`,
    );

const MysqlService = z
  .strictObject({
    database: databaseName('app').default('app').describe('Name of the database created for the lab'),
    init: pathList(IN_LAB, 'db/schema.sql')
      .default([])
      .describe('SQL files (paths in the lab folder) applied in order before the app starts'),
  })
  .describe('A MySQL-compatible server (MariaDB) on the run network');

const MongodbService = z
  .strictObject({
    database: databaseName('app').default('app').describe('Name of the database the app uses'),
    init: pathList(IN_LAB, 'db/seed.json')
      .default([])
      .describe(
        'JSON files (paths in the lab folder) of the form {"collection": [documents]}, inserted in order',
      ),
  })
  .describe('A MongoDB server on the run network');

const RedisService = z
  .strictObject({})
  .describe(
    'A Redis server on the run network, in memory, without a password; emptied before every stage. The app gets REDIS_URL, REDIS_HOST and REDIS_PORT',
  );

const NginxStatic = z
  .strictObject({
    path: relativePath('the lab or submission folder', 'public').describe(
      "Folder of static files, copied into nginx's document root /usr/share/nginx/html",
    ),
    from: sourceField('static files'),
  })
  .describe('Static files nginx serves, such as a public/ folder');

const NginxService = z
  .strictObject({
    config: relativePath('the lab or submission folder', 'nginx.conf')
      .optional()
      .describe(
        'nginx config file, included inside the http { } block in place of the default site; without it nginx serves its own default site',
      ),
    from: sourceField('config file'),
    static: NginxStatic.optional(),
  })
  .describe('An nginx server in front of the app');

export const ServicesSchema = z
  .strictObject({
    mysql: MysqlService.optional(),
    mongodb: MongodbService.optional(),
    redis: RedisService.optional(),
    nginx: NginxService.optional(),
  })
  .describe(`Services started for the lab, by kind (${SERVICE_KINDS.join(', ')}); each is optional`);

const ReadyProbe = z
  .strictObject({
    http: httpProbe()
      .optional()
      .describe(
        'HTTP request the app must answer before it counts as ready, like "GET /health"; default: its port accepts connections',
      ),
    timeout: duration().default('30s').describe('How long the app may take to become ready'),
  })
  .describe('How the runner knows the app has started');

export const APP_KINDS = ['server', 'tests'] as const;
export const APP_RUNTIMES = ['node', 'python', 'php'] as const;

const AppSchema = z
  .strictObject({
    kind: z
      .enum(APP_KINDS, { error: 'expected "server" or "tests"' })
      .default('server')
      .describe(
        'What the submission is: "server" (an app the stage suites test over HTTP) or "tests" (a jest suite the stage suites run against the APIs they serve, with backlab/kit runLearnerTests)',
      ),
    runtime: z
      .enum(APP_RUNTIMES, { error: 'expected "node", "python" or "php"' })
      .optional()
      .describe(
        'The language the app is written in; default: told by its folder (package.json: node, requirements.txt or pyproject.toml: python, composer.json: php). A "tests" submission always runs on node',
      ),
    from: sourceField('app'),
    path: relativePath(`${IN_SUBMISSION} (or the lab folder)`, 'server')
      .default('.')
      .describe(
        'The app\'s folder (its package.json, requirements.txt or composer.json) in the submission (or lab folder if from is "lab"); without one, the only startable subfolder',
      ),
    port: z
      .int({ error: 'expected a port number between 1 and 65535' })
      .min(1, { error: 'expected a port number between 1 and 65535' })
      .max(65535, { error: 'expected a port number between 1 and 65535' })
      .default(3000)
      .describe('Port the app listens on; the runner passes it in PORT'),
    install: text()
      .optional()
      .describe(
        'Command that installs a Node.js app\'s dependencies; default: "npm ci" when a lockfile exists, else "npm install" (Python and PHP apps use the image\'s libraries)',
      ),
    start: text()
      .optional()
      .describe(
        "Command that starts the app; default: detected from the app's folder (package.json, a Flask or FastAPI entry file, PHP's front controller)",
      ),
    instances: z
      .int({ error: 'expected a whole number from 1 to 4' })
      .min(1, { error: 'expected a whole number from 1 to 4' })
      .max(4, { error: 'expected a whole number from 1 to 4' })
      .default(1)
      .describe('How many copies of the app run (load-balancing labs run several)'),
    ready: ReadyProbe.prefault({}),
  })
  .describe("The learner's app (or the lab's own); leave out for labs without an app, such as SQL-only labs");

const LimitsSchema = z
  .strictObject({
    memory: size().default(LIMIT_DEFAULTS.memory).describe('Memory limit per app container, like "512m"'),
    cpus: z
      .number({ error: 'expected a positive number of CPUs, like 1 or 0.5' })
      .positive({ error: 'expected a positive number of CPUs, like 1 or 0.5' })
      .default(LIMIT_DEFAULTS.cpus)
      .describe('CPUs per app container, like 1 or 0.5'),
    pids: positiveInteger().default(LIMIT_DEFAULTS.pids).describe('Most processes an app container may run'),
    timeout: duration().default(LIMIT_DEFAULTS.timeout).describe('Time limit for each stage, like "120s"'),
    install: duration()
      .default(LIMIT_DEFAULTS.install)
      .describe('Time limit for installing dependencies, like "300s"'),
  })
  .describe('Sandbox limits for the app; each has a default');

const StageSchema = z
  .strictObject({
    id: kebabId('register').describe('Stage id, unique in the lab, kebab-case'),
    title: text().describe('What the learner builds in this stage, shown in the score table'),
    points: positiveInteger().describe('Points the stage is worth'),
    tests: pathList(IN_LAB, 'tests/01-register.test.ts', { required: true }).describe(
      'Test suite file(s) of the stage, paths in the lab folder',
    ),
    hidden: pathList(IN_LAB, 'tests/hidden/01-register.test.ts')
      .default([])
      .describe('Extra test files run only by the submission server; learners never see them'),
    hints: z
      .array(text(), { error: 'expected a list of hints, like ["Return 201 with the new id"]' })
      .default([])
      .describe('Hints shown to the learner when the stage does not pass'),
    starterPasses: z
      .boolean({ error: 'expected true or false' })
      .default(false)
      .describe('True when the starter code is expected to pass this stage already'),
  })
  .describe('One graded step of the lab');

export const LabManifestSchema = z
  .strictObject({
    id: kebabId('login-system').describe('Lab id, kebab-case; must equal the name of the lab folder'),
    title: text().describe('Lab title, like "Build a login system"'),
    summary: text().describe('One line that says what the learner builds'),
    difficulty: z
      .enum(DIFFICULTIES, { error: `expected one of ${DIFFICULTIES.join(', ')}` })
      .describe('How hard the lab is'),
    tags: z
      .array(text(), { error: 'expected a list of tags, like [auth, mysql]' })
      .default([])
      .describe('Topics, for search and listing'),
    services: ServicesSchema.prefault({}),
    app: AppSchema.optional(),
    limits: LimitsSchema.prefault({}),
    starter: relativePath(IN_LAB, 'starter')
      .default('starter')
      .describe('Folder with the code learners start from'),
    solution: relativePath(IN_LAB, 'solution')
      .default('solution')
      .describe('Folder with a reference solution that passes every stage'),
    stages: z
      .array(StageSchema, { error: 'expected a list of stages' })
      .min(1, { error: 'expected at least one stage' })
      .describe('Graded stages, in the order the learner does them'),
  })
  .meta({
    title: 'backlab lab manifest (lab.yaml)',
    description: 'A hands-on back-end lab: services, the app, limits and graded stages',
  });

/** lab.yaml as written by its author. */
export type LabManifestInput = z.input<typeof LabManifestSchema>;
/** lab.yaml after validation: defaults applied, single paths turned into lists. */
export type LabManifest = z.output<typeof LabManifestSchema>;

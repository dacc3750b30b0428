/** The project's own test suite. Lab stage suites use the config in runner/grading. */
const shared = {
  testEnvironment: 'node',
  // Fixture labs and adversarial cases hold learner apps (some broken on purpose): data to the
  // tests, not modules.
  modulePathIgnorePatterns: [
    '<rootDir>/tests/fixtures/',
    '<rootDir>/tests/adversarial/cases/',
    '<rootDir>/labs/',
    '<rootDir>/templates/',
  ],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: { '^backlab/kit$': '<rootDir>/runner/kit/index.ts' },
};
const ignored = ['/node_modules/', '/tests/fixtures/', '/tests/adversarial/cases/'];

/**
 * Two projects in one jest run, so CI ends with one summary of every test and one exit code:
 * - unit (tests/unit): fakes only, no Docker; its files run in parallel on jest's workers.
 * - integration (every other folder of tests/: integration, e2e, adversarial, and any new one
 *   by default): real Docker, MariaDB, nginx. They share one Docker engine and two cores, so
 *   their files run one at a time, so timings (readiness limits, `docker ps` latency) stay
 *   honest. `maxWorkers` is global to a jest run, so it cannot do this per project; the project's
 *   runner does: tests/support/serial-runner.js is jest's own runner marked serial, which jest
 *   runs in band after (or before) the parallel files of the unit project, never alongside them.
 * `npm run test:unit` is `jest --selectProjects unit`; a single file runs as before (`npx jest
 * tests/e2e/app-dir.test.ts`).
 */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/tests/unit'],
      testPathIgnorePatterns: ignored,
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/tests'],
      testPathIgnorePatterns: [...ignored, '<rootDir>/tests/unit/'],
      runner: '<rootDir>/tests/support/serial-runner.js',
      setupFiles: ['<rootDir>/tests/support/no-public-package-index.js'],
    },
  ],
  // Workers for the unit project: the machines have 2 cores (jest's default would be 1, which
  // runs everything in band). The integration project ignores this (see its runner).
  maxWorkers: 2,
  testTimeout: 120000,
  // test.concurrent grades (known answers, validate of every lab, adversarial cases) run two at
  // a time within a file.
  maxConcurrency: 2,
  verbose: true,
};

/** The project's own test suite. Lab stage suites use the config in runner/grading. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testPathIgnorePatterns: ['/node_modules/', '/tests/fixtures/', '/tests/adversarial/cases/'],
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
  testTimeout: 120000,
  // Integration tests share one Docker engine; run files one at a time so timings stay honest.
  maxWorkers: 1,
  // test.concurrent grades (known answers, validate of every lab) run two at a time.
  maxConcurrency: 2,
  verbose: true,
};

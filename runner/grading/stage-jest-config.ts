/** Where the test-runner container sees each of its parts. */
export const RUNNER_PATHS = {
  lab: '/lab',
  backlab: '/backlab',
  // Named node_modules so that Node's own resolution finds jest's dependencies beside it.
  modules: '/deps/node_modules',
  results: '/results',
  jestCache: '/jest-cache',
  submission: '/submission',
} as const;

const { lab: LAB, backlab: BACKLAB, modules: MODULES, jestCache: JEST_CACHE } = RUNNER_PATHS;

/**
 * jest's configuration for a stage's suites. Lab suites are TypeScript or JavaScript, transpiled
 * only: a type error in a lab is caught by `backlab validate`.
 */
export function stageJestConfig(roots: string[]): Record<string, unknown> {
  return {
    rootDir: LAB,
    roots,
    testEnvironment: 'node',
    testMatch: ['**/*.test.[jt]s'],
    transform: {
      '^.+\\.[jt]s$': [
        `${MODULES}/ts-jest`,
        {
          tsconfig: {
            module: 'commonjs',
            target: 'es2022',
            esModuleInterop: true,
            isolatedModules: true,
            allowJs: true,
            sourceMap: true,
          },
        },
      ],
    },
    moduleNameMapper: { '^backlab/kit$': `${BACKLAB}/dist/runner/kit/index.js` },
    modulePaths: [MODULES],
    transformIgnorePatterns: ['/node_modules/', `^${BACKLAB}/`, `^${MODULES}/`],
    cacheDirectory: JEST_CACHE,
    testSequencer: `${BACKLAB}/dist/runner/grading/suite-order.js`,
    globalSetup: `${BACKLAB}/dist/runner/grading/stage-gate.js`,
    testTimeout: 15000,
    watchman: false,
  };
}

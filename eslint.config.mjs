import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '**/node_modules/**',
      'coverage/**',
      'tests/fixtures/grading/submissions/**',
      'tests/fixtures/learner-corpus/**',
      'tests/adversarial/cases/**',
      'labs/*/submissions/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Learner-side test suites of labs whose submission is a test suite.
    files: ['{labs,templates}/*/{starter,solution,mutations/*,submissions/*}/tests/**/*.js'],
    languageOptions: { globals: globals.jest },
  },
);

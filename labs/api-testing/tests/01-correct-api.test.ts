import { describeFailures, describeRun } from 'backlab/kit';
import { referenceRun } from './support/bookshop';

jest.setTimeout(120_000);

const MIN_TESTS = 5;

test('your tests all pass on the correct bookshop API', async () => {
  const run = await referenceRun();
  const failed = run.outcome === 'ran' ? run.tests.filter((t) => t.status === 'failed') : [];
  if (run.outcome !== 'ran' || run.tests.length === 0 || failed.length > 0) {
    throw new Error(
      `On the correct API: ${describeFailures(run)}\nA test that fails on the correct API checks something the API does not promise: read the brief's API description, and build each URL from process.env.API_URL.`,
    );
  }
});

test(`your suite has at least ${MIN_TESTS} tests that pass on the correct API`, async () => {
  const run = await referenceRun();
  const passed = run.outcome === 'ran' ? run.tests.filter((t) => t.status === 'passed').length : 0;
  if (passed < MIN_TESTS) {
    throw new Error(
      `${passed === 1 ? 'Only 1 test of yours passes' : `${passed} of your tests pass`} on the correct API (${describeRun(run)}); write at least ${MIN_TESTS}.`,
    );
  }
});

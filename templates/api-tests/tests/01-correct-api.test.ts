import { describeFailures } from 'backlab/kit';
import { referenceRun } from './support/notes-api';

jest.setTimeout(120_000);

const MIN_TESTS = 3;

test('your tests all pass on the correct notes API', async () => {
  const run = await referenceRun();
  const failed = run.outcome === 'ran' ? run.tests.filter((t) => t.status === 'failed') : [];
  if (run.outcome !== 'ran' || run.tests.length === 0 || failed.length > 0) {
    throw new Error(`On the correct API: ${describeFailures(run)}`);
  }
});

test(`at least ${MIN_TESTS} of your tests pass on the correct API`, async () => {
  const run = await referenceRun();
  const passed = run.outcome === 'ran' ? run.tests.filter((t) => t.status === 'passed').length : 0;
  if (passed < MIN_TESTS) throw new Error(`${passed} pass on the correct API; write at least ${MIN_TESTS}.`);
});

import { findFlakyTests, formatOutcomes } from '../../../runner/authoring/flaky-tests';
import { fakeResult } from './fake-results';

describe('findFlakyTests', () => {
  test('finds nothing when every run has the same outcomes, failures included', () => {
    const run = () => fakeResult({ create: { 'saves a note': 'pass', 'rejects bad input': 'fail' } });
    expect(findFlakyTests([run(), run(), run()])).toEqual([]);
  });

  test('reports a test whose outcome changes, with its outcome in every run and the first failure', () => {
    const runs = [
      fakeResult({ create: { 'saves a note': 'pass', 'lists notes': 'pass' } }),
      fakeResult({ create: { 'saves a note': 'fail', 'lists notes': 'pass' } }),
      fakeResult({ create: { 'saves a note': 'pass', 'lists notes': 'pass' } }),
    ];
    expect(findFlakyTests(runs)).toEqual([
      {
        stage: 'create',
        test: 'saves a note',
        outcomes: ['pass', 'fail', 'pass'],
        firstFailure: 'saves a note failed',
      },
    ]);
  });

  test('a test that ran in some runs only is flaky, as "missing" where it did not run', () => {
    const runs = [fakeResult({ read: { 'lists notes': 'pass' } }), fakeResult({ read: {} })];
    expect(findFlakyTests(runs)).toEqual([
      { stage: 'read', test: 'lists notes', outcomes: ['pass', 'missing'] },
    ]);
  });

  test('keeps tests of the same name in different stages apart', () => {
    const runs = [
      fakeResult({ a: { 'answers 404': 'pass' }, b: { 'answers 404': 'pass' } }),
      fakeResult({ a: { 'answers 404': 'pass' }, b: { 'answers 404': 'fail' } }),
    ];
    expect(findFlakyTests(runs).map((f) => f.stage)).toEqual(['b']);
  });

  test('one run cannot show flakiness', () => {
    expect(findFlakyTests([fakeResult({ a: { t: 'fail' } })])).toEqual([]);
  });

  test('formats the outcomes run by run', () => {
    expect(formatOutcomes(['pass', 'fail', 'missing'])).toBe('run 1 pass, run 2 fail, run 3 missing');
  });
});

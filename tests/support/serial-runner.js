/**
 * Jest's own test runner, marked serial: jest runs the files of a serial runner one at a time in
 * its main process (as --runInBand would), and the files of other runners with workers. The
 * integration project uses it, so Docker tests never overlap while unit tests run in parallel,
 * all in one jest run with one summary and one exit code (see jest.config.js).
 *
 * jest-runner is required from where @jest/core (the code that calls runners) finds it, so the
 * runner is always the one of the jest that runs, whatever npm hoists.
 */
const path = require('node:path');

const jestDir = path.dirname(require.resolve('jest/package.json'));
const coreDir = path.dirname(require.resolve('@jest/core/package.json', { paths: [jestDir] }));
const { default: TestRunner } = require(require.resolve('jest-runner', { paths: [coreDir] }));

class SerialRunner extends TestRunner {
  // Read by @jest/core's scheduler: `serial: runInBand || Boolean(testRunner.isSerial)`.
  isSerial = true;
}

module.exports = SerialRunner;

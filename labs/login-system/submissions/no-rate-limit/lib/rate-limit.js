// Known-bad: never locks, so passwords can be guessed without limit.
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60 * 1000;

function retryAfterSeconds() {
  return 0;
}

function recordFailure() {}

function clearFailures() {}

module.exports = { retryAfterSeconds, recordFailure, clearFailures, MAX_FAILURES, WINDOW_MS };

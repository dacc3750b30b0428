// Failed logins per email, kept in memory: enough for one app process.
const MAX_FAILURES = 5;
const WINDOW_MS = 15 * 60 * 1000;

const failuresByKey = new Map();

function recentFailures(key, now) {
  const recent = (failuresByKey.get(key) || []).filter((time) => now - time < WINDOW_MS);
  if (recent.length === 0) failuresByKey.delete(key);
  else failuresByKey.set(key, recent);
  return recent;
}

/** Seconds until `key` may try again, or 0 when it is not locked. */
function retryAfterSeconds(key, now = Date.now()) {
  const recent = recentFailures(key, now);
  if (recent.length < MAX_FAILURES) return 0;
  const unlocksAt = recent[recent.length - MAX_FAILURES] + WINDOW_MS;
  return Math.max(1, Math.ceil((unlocksAt - now) / 1000));
}

function recordFailure(key, now = Date.now()) {
  failuresByKey.set(key, [...recentFailures(key, now), now]);
}

function clearFailures(key) {
  failuresByKey.delete(key);
}

module.exports = { retryAfterSeconds, recordFailure, clearFailures, MAX_FAILURES, WINDOW_MS };

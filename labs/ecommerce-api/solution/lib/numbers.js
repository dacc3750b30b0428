const { invalid } = require('./errors');

/** A whole number from a JSON body, within bounds; anything else (strings, 1.5, NaN) is a 400. */
function wholeNumber(value, field, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw invalid(`${field} must be a whole number ${range}`);
  }
  return value;
}

/** A whole number from the query string ("20"), or the default when the parameter is absent. */
function queryNumber(query, field, fallback, bounds) {
  const raw = query[field];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) {
    throw invalid(`${field} must be a whole number, got ${JSON.stringify(raw)}`);
  }
  return wholeNumber(Number(raw), field, bounds);
}

module.exports = { wholeNumber, queryNumber };

const { ObjectId } = require('mongodb');
const { notFound } = require('./errors');

// ObjectId.isValid also accepts any 12-character string; ids in URLs are 24 hex digits.
const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The ObjectId for an id from a URL or body; a malformed id names nothing, so it is a 404. */
function objectIdOr404(value, what) {
  if (typeof value !== 'string' || !OBJECT_ID.test(value))
    throw notFound(`No ${what} with id ${String(value)}`);
  return new ObjectId(value);
}

module.exports = { objectIdOr404 };

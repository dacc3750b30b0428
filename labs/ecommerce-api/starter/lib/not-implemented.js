const { ApiError } = require('./errors');

/** Placeholder for routes still to write: 501 in the API's error format. */
function notImplemented(req, _res) {
  throw new ApiError(
    501,
    'not_implemented',
    `${req.method} ${req.originalUrl.split('?')[0]} is not written yet`,
  );
}

module.exports = { notImplemented };

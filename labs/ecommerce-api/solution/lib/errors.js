// Every error leaves the API as {"error": {"code": "...", "message": "..."}}: clients branch on the
// code, people read the message.

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const invalid = (message) => new ApiError(400, 'validation_error', message);
const unauthorized = (message) => new ApiError(401, 'unauthorized', message);
const forbidden = (message) => new ApiError(403, 'forbidden', message);
const notFound = (message) => new ApiError(404, 'not_found', message);
const conflict = (code, message) => new ApiError(409, code, message);

function sendError(res, status, code, message) {
  res.status(status).json({ error: { code, message } });
}

function notFoundHandler(req, res) {
  sendError(res, 404, 'not_found', `No route for ${req.method} ${req.path}`);
}

// Express 5 forwards errors thrown in async handlers here. Details stay in the log, never in a response.
function errorHandler(err, req, res, next) {
  if (res.headersSent) return next(err);
  if (err instanceof ApiError) return sendError(res, err.status, err.code, err.message);
  if (err.type === 'entity.parse.failed')
    return sendError(res, 400, 'invalid_json', 'The request body is not valid JSON');
  if (err.type === 'entity.too.large')
    return sendError(res, 413, 'payload_too_large', 'The request body is too large');
  console.error(err);
  return sendError(res, 500, 'internal_error', 'Something went wrong on our side');
}

module.exports = {
  ApiError,
  invalid,
  unauthorized,
  forbidden,
  notFound,
  conflict,
  errorHandler,
  notFoundHandler,
};

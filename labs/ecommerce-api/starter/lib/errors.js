// Every error leaves the API as {"error": {"code": "...", "message": "..."}}: clients branch on the
// code, people read the message. Throw these from route handlers; app.js turns them into responses.
//
//   throw new ApiError(404, 'not_found', `No product with id ${id}`);
//   throw invalid('price must be a whole number of cents');

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

module.exports = { ApiError, invalid, unauthorized, forbidden, notFound, conflict };

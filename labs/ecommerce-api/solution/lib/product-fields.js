const { invalid } = require('./errors');
const { wholeNumber } = require('./numbers');

const MAX_TEXT = 200;

/**
 * The product fields of a request body, checked. `partial` (PATCH) allows leaving fields out.
 * Only these fields are taken: a body cannot set _id or anything else.
 */
function productFields(body, { partial }) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('Send the product as a JSON object');
  }
  const fields = {};
  const has = (key) => body[key] !== undefined;
  if (has('name') || !partial) fields.name = requiredText(body.name, 'name');
  if (has('category') || !partial) fields.category = requiredText(body.category, 'category');
  if (has('description')) fields.description = optionalText(body.description, 'description');
  else if (!partial) fields.description = '';
  if (has('price') || !partial) fields.price = wholeNumber(body.price, 'price (in cents)');
  if (has('stock') || !partial) fields.stock = wholeNumber(body.stock, 'stock');
  if (partial && Object.keys(fields).length === 0) {
    throw invalid('Send at least one of name, description, category, price, stock');
  }
  return fields;
}

function requiredText(value, field) {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) {
    throw invalid(`${field} must be a non-empty string of at most ${MAX_TEXT} characters`);
  }
  return value.trim();
}

function optionalText(value, field) {
  if (typeof value !== 'string' || value.length > 2000) {
    throw invalid(`${field} must be a string of at most 2000 characters`);
  }
  return value;
}

module.exports = { productFields };

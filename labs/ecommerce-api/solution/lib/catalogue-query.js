const { invalid } = require('./errors');
const { queryNumber } = require('./numbers');

const SORTS = ['name', '-name', 'price', '-price', 'createdAt', '-createdAt'];
const MAX_LIMIT = 50;

/**
 * Turns GET /api/products?category=&minPrice=&maxPrice=&inStock=&q=&sort=&page=&limit= into a
 * MongoDB filter, sort and page. Unknown values are a 400, never silently ignored.
 */
function parseCatalogueQuery(query) {
  const filter = {};
  const category = text(query, 'category');
  if (category !== undefined) filter.category = category;

  const minPrice = queryNumber(query, 'minPrice', undefined, {});
  const maxPrice = queryNumber(query, 'maxPrice', undefined, {});
  if (minPrice !== undefined || maxPrice !== undefined) {
    filter.price = {};
    if (minPrice !== undefined) filter.price.$gte = minPrice;
    if (maxPrice !== undefined) filter.price.$lte = maxPrice;
  }

  const inStock = text(query, 'inStock');
  if (inStock !== undefined && inStock !== 'true' && inStock !== 'false') {
    throw invalid('inStock must be true or false');
  }
  if (inStock === 'true') filter.stock = { $gt: 0 };

  const q = text(query, 'q');
  // Escaped: the search text is matched literally, so "(" or ".*" are just characters.
  if (q) filter.name = { $regex: escapeRegex(q), $options: 'i' };

  const sortParam = text(query, 'sort') ?? 'name';
  if (!SORTS.includes(sortParam)) throw invalid(`sort must be one of ${SORTS.join(', ')}`);
  const field = sortParam.replace(/^-/, '');
  // _id breaks ties, so equal prices keep one order and pages never overlap.
  const sort = { [field]: sortParam.startsWith('-') ? -1 : 1, _id: 1 };

  const page = queryNumber(query, 'page', 1, { min: 1 });
  const limit = queryNumber(query, 'limit', 10, { min: 1, max: MAX_LIMIT });
  return { filter, sort, page, limit, skip: (page - 1) * limit };
}

function text(query, field) {
  const value = query[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} may be given once`);
  return value;
}

function escapeRegex(value) {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = { parseCatalogueQuery };

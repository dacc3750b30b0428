/**
 * One page of `items`: ?page (from 1) and ?limit (1 to 50, default 10). Answers undefined for a
 * page or limit that is not a whole number in range.
 */
function paginate(items, query) {
  const page = query.page === undefined ? 1 : Number(query.page);
  const limit = query.limit === undefined ? 10 : Number(query.limit);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(limit) || limit < 1 || limit > 50)
    return undefined;
  const start = page * limit;
  return { items: items.slice(start, start + limit), page, limit, total: items.length };
}

module.exports = { paginate };

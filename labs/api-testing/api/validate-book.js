/** What is wrong with a new book's fields, or undefined when they are fine. */
function bookProblem(body) {
  const { title, author, year, price } = body ?? {};
  if (typeof title !== 'string' || title.trim() === '') return 'title must be a non-empty string';
  if (typeof author !== 'string' || author.trim() === '') return 'author must be a non-empty string';
  if (!Number.isInteger(year) || year < 0 || year > 2100) return 'year must be a whole number up to 2100';
  if (typeof price !== 'number' || !(price >= 0)) return 'price must be a number of at least 0';
  return undefined;
}

module.exports = { bookProblem };

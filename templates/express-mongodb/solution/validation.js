const MAX_TITLE = 200;

/** Why a title is not acceptable, or undefined when it is. */
function titleProblem(title) {
  if (typeof title !== 'string') return 'title is required and must be text';
  if (title.trim() === '') return 'title must not be empty';
  if (title.length > MAX_TITLE) return `title must be at most ${MAX_TITLE} characters`;
  return undefined;
}

module.exports = { titleProblem };

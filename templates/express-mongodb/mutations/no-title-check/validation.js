/** Accepts every title: the check the tests must notice is missing. */
function titleProblem() {
  return undefined;
}

module.exports = { titleProblem };

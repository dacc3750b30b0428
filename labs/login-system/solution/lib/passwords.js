const bcrypt = require('bcryptjs');

// Cost 10: 2^10 rounds, slow enough to make guessing expensive, fast enough to log in.
const COST = 10;

// Checked when the email is unknown, so that failure takes as long as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('no account has this password', COST);

function hashPassword(password) {
  return bcrypt.hash(password, COST);
}

/** True when `password` matches `hash`; false (after the same work) when there is no hash. */
async function verifyPassword(password, hash) {
  const matches = await bcrypt.compare(password, hash ?? DUMMY_HASH);
  return hash !== undefined && matches;
}

module.exports = { hashPassword, verifyPassword };

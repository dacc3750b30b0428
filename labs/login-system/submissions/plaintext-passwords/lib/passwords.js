// Known-bad: keeps the password itself in users.password_hash.
async function hashPassword(password) {
  return password;
}

async function verifyPassword(password, hash) {
  return hash !== undefined && password === hash;
}

module.exports = { hashPassword, verifyPassword };

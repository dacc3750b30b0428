// Deliberately simple: something@something.tld, no spaces, at most 255 characters (the column size).
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD_LENGTH = 8;

function isValidEmail(email) {
  return typeof email === 'string' && email.length <= 255 && EMAIL_PATTERN.test(email);
}

function isValidPassword(password) {
  return typeof password === 'string' && [...password].length >= MIN_PASSWORD_LENGTH;
}

function isValidName(name) {
  return name === undefined || name === null || (typeof name === 'string' && name.length <= 255);
}

/** Emails are case-insensitive everywhere: stored, looked up and rate-limited in lower case. */
function normalizeEmail(email) {
  return email.toLowerCase();
}

module.exports = { isValidEmail, isValidPassword, isValidName, normalizeEmail, MIN_PASSWORD_LENGTH };

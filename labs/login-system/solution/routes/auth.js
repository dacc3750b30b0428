const express = require('express');
const { hashPassword, verifyPassword } = require('../lib/passwords');
const { createUser, findUserByEmail, findUserById } = require('../lib/users');
const {
  isValidEmail,
  isValidPassword,
  isValidName,
  normalizeEmail,
  MIN_PASSWORD_LENGTH,
} = require('../lib/validation');
const { retryAfterSeconds, recordFailure, clearFailures } = require('../lib/rate-limit');
const { startSession, endSession, sessionUserId } = require('../lib/sessions');

const router = express.Router();

// One message for unknown email and wrong password, so responses do not reveal who has an account.
const INVALID_CREDENTIALS = { error: 'Invalid email or password' };

router.post('/register', async (req, res) => {
  const { email, password, name } = req.body ?? {};
  if (!isValidEmail(email)) {
    return res.status(400).json({ error: 'email must be a valid email address' });
  }
  if (!isValidPassword(password)) {
    return res.status(400).json({ error: `password must be at least ${MIN_PASSWORD_LENGTH} characters` });
  }
  if (!isValidName(name)) {
    return res.status(400).json({ error: 'name must be a string of at most 255 characters' });
  }
  try {
    const passwordHash = await hashPassword(password);
    const user = await createUser({ email: normalizeEmail(email), passwordHash, name });
    return res.status(201).json(user);
  } catch (err) {
    // The UNIQUE index decides, so two simultaneous sign-ups cannot both succeed.
    if (err.code === 'ER_DUP_ENTRY') {
      return res.status(409).json({ error: 'An account with this email already exists' });
    }
    throw err;
  }
});

router.post('/login', async (req, res) => {
  const { email, password } = req.body ?? {};
  if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) {
    return res.status(400).json({ error: 'email and password are required' });
  }
  const key = normalizeEmail(email);
  const wait = retryAfterSeconds(key);
  if (wait > 0) {
    res.set('Retry-After', String(wait));
    return res.status(429).json({ error: 'Too many failed logins for this email, try again later' });
  }
  const user = await findUserByEmail(key);
  const passwordMatches = await verifyPassword(password, user?.password_hash);
  if (!user || !passwordMatches) {
    recordFailure(key);
    return res.status(401).json(INVALID_CREDENTIALS);
  }
  clearFailures(key);
  await startSession(req, user.id);
  return res.json({ id: user.id, email: user.email });
});

router.get('/me', async (req, res) => {
  const userId = sessionUserId(req);
  const user = userId === undefined ? undefined : await findUserById(userId);
  if (!user) return res.status(401).json({ error: 'Not logged in' });
  return res.json({ id: user.id, email: user.email });
});

router.post('/logout', async (req, res) => {
  await endSession(req, res);
  return res.status(204).end();
});

module.exports = router;

const express = require('express');
// const bcrypt = require('bcryptjs');
// const pool = require('../db');

const router = express.Router();

function notImplemented(req, res) {
  res.status(501).json({ error: 'Not implemented' });
}

// POST /api/register  {email, password, name?}
// TODO (register stage):
//   - 400 {error} when email is not a valid email, or password is shorter than 8 characters or missing.
//   - 409 {error} when the email is already registered (emails are case-insensitive).
//   - 201 {id, email} for the new user, never the password or its hash.
// TODO (password-storage stage): store bcrypt.hash(password, 10) in users.password_hash, never the password.
// TODO (sql-injection stage): only ? placeholders: pool.execute('... WHERE email = ?', [email]).
router.post('/register', notImplemented);

// POST /api/login  {email, password}
// TODO (login stage):
//   - 200 and a session (an HttpOnly cookie, or a JSON {token}) when the password matches
//     (bcrypt.compare(password, user.password_hash)).
//   - 401 with the SAME body for an unknown email and for a wrong password.
// TODO (brute-force stage): after 5 failed logins for an email within 15 minutes, answer 429 with a
//   Retry-After header (seconds) for that email, even when the password is right.
router.post('/login', notImplemented);

// GET /api/me
// TODO (sessions stage): 200 {id, email} of the logged-in user; 401 without a valid session or token.
router.get('/me', notImplemented);

// POST /api/logout
// TODO (sessions stage): end the session on the server (200 or 204), so the old cookie or token
//   gets 401 from /api/me afterwards, even if someone kept a copy.
router.post('/logout', notImplemented);

module.exports = router;

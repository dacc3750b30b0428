const { randomBytes } = require('node:crypto');
const session = require('express-session');

const COOKIE_NAME = 'sid';

function sessionMiddleware() {
  return session({
    name: COOKIE_NAME,
    // A fresh secret per start unless one is configured: sessions then end with the process.
    secret: process.env.SESSION_SECRET || randomBytes(32).toString('hex'),
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: 8 * 60 * 60 * 1000 },
  });
}

/** A new session id at login, so an id planted before login is worthless (session fixation). */
function startSession(req, userId) {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      req.session.userId = userId;
      resolve();
    });
  });
}

/** Deletes the session on the server, so a copy of the old cookie stops working too. */
function endSession(req, res) {
  res.clearCookie(COOKIE_NAME);
  return new Promise((resolve, reject) => {
    req.session.destroy((err) => (err ? reject(err) : resolve()));
  });
}

function sessionUserId(req) {
  return req.session?.userId;
}

module.exports = { sessionMiddleware, startSession, endSession, sessionUserId };

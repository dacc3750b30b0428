const express = require('express');
const { requireUser } = require('../require-user');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Whom the API shows a user as: never the password hash. */
const publicUser = (user) => ({ id: user.id, email: user.email });

function usersRouter(store) {
  const router = express.Router();
  router.post('/users', (req, res) => {
    const { email, password } = req.body ?? {};
    if (typeof email !== 'string' || !EMAIL.test(email))
      return res.status(400).json({ error: 'A valid email is required' });
    if (typeof password !== 'string' || password.length < 8) {
      return res.status(400).json({ error: 'password must have at least 8 characters' });
    }
    if (store.findUser(email)) return res.status(409).json({ error: 'That email is already registered' });
    res.status(201).json(publicUser(store.addUser(email.toLowerCase(), password)));
  });
  router.post('/login', (req, res) => {
    const { email, password } = req.body ?? {};
    const user =
      typeof email === 'string' && typeof password === 'string' ? store.findUser(email) : undefined;
    if (!user || !store.checkPassword(user, password))
      return res.status(401).json({ error: 'Invalid email or password' });
    res.json({ token: store.newToken(user) });
  });
  router.get('/me', requireUser(store), (req, res) => res.json(publicUser(req.user)));
  return router;
}

module.exports = { usersRouter, publicUser };

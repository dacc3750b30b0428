import crypto from 'node:crypto';
import bcrypt from 'bcryptjs';
import express from 'express';
import session from 'express-session';
import { createUser, findUserByEmail, findUserById } from './users.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const INVALID = { error: 'Invalid email or password' };
const DUMMY_HASH = bcrypt.hashSync('no account has this password', 10);
const WINDOW_MS = 15 * 60 * 1000;
const failures = new Map();

function recentFailures(key) {
  const recent = (failures.get(key) ?? []).filter((t) => Date.now() - t < WINDOW_MS);
  failures.set(key, recent);
  return recent;
}

const app = express();
app.use(express.json());
app.use(
  session({
    name: 'sid',
    secret: process.env.SESSION_SECRET || crypto.randomBytes(32).toString('hex'),
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax' },
  }),
);

app.get('/health', (req, res) => res.json({ status: 'ok' }));

app.post('/api/register', async (req, res) => {
  const { email, password, name } = req.body ?? {};
  if (typeof email !== 'string' || email.length > 255 || !EMAIL.test(email)) {
    return res.status(400).json({ error: 'email must be a valid email address' });
  }
  if (typeof password !== 'string' || [...password].length < 8) {
    return res.status(400).json({ error: 'password must be at least 8 characters' });
  }
  if (name != null && (typeof name !== 'string' || name.length > 255)) {
    return res.status(400).json({ error: 'name must be a string of at most 255 characters' });
  }
  try {
    res.status(201).json(await createUser(email.toLowerCase(), await bcrypt.hash(password, 10), name));
  } catch (err) {
    if (err.code !== 'ER_DUP_ENTRY') throw err;
    res.status(409).json({ error: 'An account with this email already exists' });
  }
});

app.post('/api/login', async (req, res) => {
  const { email, password } = req.body ?? {};
  if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) {
    return res.status(400).json({ error: 'email and password are required' });
  }
  const key = email.toLowerCase();
  const recent = recentFailures(key);
  if (recent.length >= 5) {
    const wait = Math.ceil((recent[recent.length - 5] + WINDOW_MS - Date.now()) / 1000);
    return res.set('Retry-After', String(Math.max(1, wait))).status(429).json({ error: 'Too many failed logins' });
  }
  const user = await findUserByEmail(key);
  const matches = await bcrypt.compare(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !matches) {
    recent.push(Date.now());
    return res.status(401).json(INVALID);
  }
  failures.delete(key);
  await new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
  req.session.userId = user.id;
  res.json({ id: user.id, email: user.email });
});

app.get('/api/me', async (req, res) => {
  const user = req.session.userId === undefined ? undefined : await findUserById(req.session.userId);
  if (!user) return res.status(401).json({ error: 'Not logged in' });
  res.json({ id: user.id, email: user.email });
});

app.post('/api/logout', async (req, res) => {
  res.clearCookie('sid');
  await new Promise((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
  res.status(204).end();
});

app.use((req, res) => res.status(404).json({ error: `No route for ${req.method} ${req.path}` }));

app.use((err, req, res, _next) => {
  const status = err.status || 500;
  if (status >= 500) console.error(err);
  res.status(status).json({ error: status >= 500 ? 'Internal server error' : err.message });
});

export default app;

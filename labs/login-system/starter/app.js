const express = require('express');
const authRoutes = require('./routes/auth');

const app = express();

app.use(express.json());

// TODO (sessions stage): add session handling here, before the routes, e.g. express-session:
//   const session = require('express-session');
//   app.use(session({ secret: ..., resave: false, saveUninitialized: false, cookie: { httpOnly: true } }));
// Or hand out your own random tokens at login and look them up on every request.

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.use('/api', authRoutes);

app.use((req, res) => {
  res.status(404).json({ error: `No route for ${req.method} ${req.path}` });
});

// Errors become JSON; details stay in the log, never in the response.
// Express recognises an error handler by its four parameters, so _next stays.
app.use((err, req, res, _next) => {
  const status = err.status || err.statusCode || 500;
  if (status >= 500) console.error(err);
  res.status(status).json({ error: status >= 500 ? 'Internal server error' : err.message });
});

module.exports = app;

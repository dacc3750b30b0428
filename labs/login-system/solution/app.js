const express = require('express');
const { sessionMiddleware } = require('./lib/sessions');
const authRoutes = require('./routes/auth');

const app = express();

app.use(express.json({ limit: '10kb' }));
app.use(sessionMiddleware());

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

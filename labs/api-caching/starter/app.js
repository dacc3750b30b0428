require('./db'); // loads .env first, so REDIS_URL is set before cache.js reads it
const express = require('express');
const productRoutes = require('./routes/products');

const app = express();

app.use(express.json());

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.use('/api/products', productRoutes);

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

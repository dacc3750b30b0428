const express = require('express');
const productRoutes = require('./routes/products');
const cartRoutes = require('./routes/cart');
const orderRoutes = require('./routes/orders');
const { ApiError } = require('./lib/errors');

const app = express();

app.use(express.json({ limit: '10kb' }));

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.use('/api/products', productRoutes);
app.use('/api/cart', cartRoutes);
app.use('/api', orderRoutes);

// TODO (admin-products stage): answer unknown routes with 404 {"error": {"code": "not_found", "message": ...}}
//   (Express's default is an HTML page).

// Express 5 sends errors thrown in async handlers here. Details stay in the log, never in a response.
app.use((err, req, res, _next) => {
  if (err instanceof ApiError) {
    return res.status(err.status).json({ error: { code: err.code, message: err.message } });
  }
  // TODO (admin-products stage): a request body that is not JSON arrives here with
  //   err.type === 'entity.parse.failed': answer 400 with code "invalid_json".
  console.error(err);
  return res
    .status(500)
    .json({ error: { code: 'internal_error', message: 'Something went wrong on our side' } });
});

module.exports = app;

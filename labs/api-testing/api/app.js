// The bookshop API the learner writes tests for. Every call of createBookshop() makes a fresh app
// with its own in-memory store, seeded with the same books, so test runs never share data.
const express = require('express');
const { createStore } = require('./store');
const { usersRouter } = require('./routes/users');
const { booksRouter } = require('./routes/books');

function createBookshop() {
  const store = createStore();
  const app = express();
  app.use(express.json());
  app.get('/health', (req, res) => res.json({ ok: true }));
  app.use('/api', usersRouter(store));
  app.use('/api/books', booksRouter(store));
  app.use((req, res) => res.status(404).json({ error: 'Not found' }));
  // Malformed JSON is the client's mistake: 400, not a stack trace.
  app.use((err, req, res, next) => {
    if (err.type === 'entity.parse.failed') return res.status(400).json({ error: 'Malformed JSON' });
    next(err);
  });
  return app;
}

module.exports = { createBookshop };

if (require.main === module) {
  const port = Number(process.env.PORT) || 4000;
  createBookshop().listen(port, () => console.log(`bookshop API on http://localhost:${port}`));
}

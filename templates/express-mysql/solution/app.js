const express = require('express');
const notes = require('./notes');

const app = express();
app.use(express.json());

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

app.use('/api/notes', notes);

// A body that is not JSON is the client's mistake, not a crash.
app.use((err, req, res, _next) => {
  if (err.type === 'entity.parse.failed')
    return res.status(400).json({ error: 'The body is not valid JSON' });
  console.error(err);
  res.status(500).json({ error: 'Something went wrong' });
});

module.exports = app;

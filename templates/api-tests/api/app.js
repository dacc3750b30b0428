// The notes API the learner writes tests for. Each createNotesApi() is a fresh app with its own
// notes, so test runs never share data.
const express = require('express');
const { notesRouter } = require('./notes');

function createNotesApi() {
  const app = express();
  app.use(express.json());
  app.get('/health', (req, res) => res.json({ ok: true }));
  app.use('/api/notes', notesRouter());
  return app;
}

module.exports = { createNotesApi };

if (require.main === module) {
  const port = Number(process.env.PORT) || 4000;
  createNotesApi().listen(port, () => console.log(`notes API on http://localhost:${port}`));
}

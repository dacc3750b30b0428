const express = require('express');
const { notes } = require('./db');

const app = express();
app.use(express.json());

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

// TODO stage 1: POST /api/notes saves {title, body} and answers 201 with {id, title, body}.
// Answer 400 {error} when title is missing, not a string, empty or longer than 200 characters.

// TODO stage 2: GET /api/notes lists every note (oldest first);
// GET /api/notes/:id answers one note, or 404 {error} when there is none.

// `notes()` is the MongoDB collection: await notes().insertOne({...}), notes().find().toArray()…
void notes;

module.exports = app;

const express = require('express');
const { paginate } = require('../paginate');
const { requireUser } = require('../require-user');
const { bookProblem } = require('../validate-book');

function booksRouter(store) {
  const router = express.Router();
  router.get('/', (req, res) => {
    const page = paginate(store.listBooks(), req.query);
    if (!page) return res.status(400).json({ error: 'page must be 1 or more, limit from 1 to 50' });
    res.json(page);
  });
  router.get('/:id', (req, res) => {
    const book = store.findBook(Number(req.params.id));
    if (!book) return res.status(404).json({ error: 'No such book' });
    res.json(book);
  });
  router.post('/', (req, res) => {
    const problem = bookProblem(req.body);
    if (problem) return res.status(400).json({ error: problem });
    const { title, author, year, price } = req.body;
    res.status(201).json(store.addBook({ title: title.trim(), author: author.trim(), year, price }));
  });
  router.delete('/:id', requireUser(store), (req, res) => {
    if (!store.deleteBook(Number(req.params.id))) return res.status(404).json({ error: 'No such book' });
    res.status(204).end();
  });
  return router;
}

module.exports = { booksRouter };

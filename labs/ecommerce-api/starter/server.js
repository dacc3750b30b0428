// Connects to MongoDB, then starts the HTTP server. The app itself lives in app.js.
const app = require('./app');
const { connect } = require('./db');

const port = Number(process.env.PORT) || 3000;

connect()
  .then(() => {
    // 0.0.0.0: reachable from other containers, not only from inside this one.
    app.listen(port, '0.0.0.0', () => {
      console.log(`ecommerce-api listening on port ${port}`);
    });
  })
  .catch((err) => {
    console.error(`Could not connect to MongoDB: ${err.message}`);
    process.exit(1);
  });

// Known-bad: listens on 127.0.0.1 only, so nothing outside the app's own container can reach it.
const app = require('./app');

const port = Number(process.env.PORT) || 3000;

app.listen(port, '127.0.0.1', () => {
  console.log(`login-system listening on 127.0.0.1:${port}`);
});

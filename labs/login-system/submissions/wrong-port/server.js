// Known-bad: ignores PORT and listens on a hard-coded port.
const app = require('./app');

app.listen(3006, '0.0.0.0', () => {
  console.log('login-system listening on port 3006');
});

const app = require('./app');

// PORT comes from the grader; listen on every interface so the tests can reach the app.
const port = Number(process.env.PORT) || 3000;
app.listen(port, '0.0.0.0', () => console.log(`notes cache listening on ${port}`));

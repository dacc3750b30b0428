// GET /hello runs a computation that blocks the event loop for minutes: nothing else answers.
const http = require('node:http');
const { probe } = require('./probe.cjs');

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

http
  .createServer(async (req, res) => {
    if (req.url === '/health') return send(res, 200, { status: 'ok' });
    if (req.url === '/hello') {
      // Bounded (150 s) so the suite stops by itself; longer than the stage time limit (60 s).
      const until = Date.now() + 150_000;
      let x = 1;
      while (Date.now() < until) x = (x * 48271) % 2147483647;
      return send(res, 200, { message: 'hello', x });
    }
    if (req.url === '/probe') return send(res, 200, await probe(__dirname));
    return send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

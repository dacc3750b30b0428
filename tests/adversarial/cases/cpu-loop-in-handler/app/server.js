// GET /hello runs a computation that blocks the event loop for a minute: nothing else answers.
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
      // Bounded so the suite stops by itself; far longer than any test waits.
      const until = Date.now() + 60_000;
      let x = 1;
      while (Date.now() < until) x = (x * 48271) % 2147483647;
      return send(res, 200, { message: 'hello', x });
    }
    if (req.url === '/probe') return send(res, 200, await probe(__dirname));
    return send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

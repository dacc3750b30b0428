// GET /hello starts a 200 answer and never finishes it: 64 KB every 20 ms (bounded at 150 s).
const http = require('node:http');
const { probe } = require('./probe.cjs');

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

function endless(res) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"message":"hello","more":"');
  const chunk = 'y'.repeat(64 * 1024);
  const until = Date.now() + 150_000;
  const timer = setInterval(() => {
    if (Date.now() > until) {
      clearInterval(timer);
      res.end('"}');
    } else res.write(chunk);
  }, 20);
  res.on('close', () => clearInterval(timer));
}

http
  .createServer(async (req, res) => {
    if (req.url === '/health') return send(res, 200, { status: 'ok' });
    if (req.url === '/hello') return endless(res);
    if (req.url === '/probe') return send(res, 200, await probe(__dirname));
    return send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

// Answers its first real request correctly, then a background job it started crashes the process.
const http = require('node:http');
const { probe } = require('./probe.cjs');

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

let served = 0;
http
  .createServer(async (req, res) => {
    if (req.url === '/health') return send(res, 200, { status: 'ok' });
    if (++served === 1) {
      setTimeout(() => {
        throw new Error('crash after the first request: session store not initialised');
      }, 100);
    }
    if (req.url === '/hello') return send(res, 200, { message: 'hello' });
    if (req.url === '/probe') return send(res, 200, await probe(__dirname));
    return send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

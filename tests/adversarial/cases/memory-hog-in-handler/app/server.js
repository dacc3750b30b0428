// GET /hello builds a "report" in memory that outgrows the limit: the kernel kills the app.
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
      const report = [];
      for (let i = 0; i < 64; i++) report.push(Buffer.alloc(8 * 1024 * 1024, i));
      return send(res, 200, { message: 'hello', parts: report.length });
    }
    if (req.url === '/probe') return send(res, 200, await probe(__dirname));
    return send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

// GET /hello answers 1.2 GB of JSON (streamed, so the app itself stays small).
const http = require('node:http');
const { probe } = require('./probe.cjs');

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

function huge(res) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"message":"hello","padding":"');
  const chunk = 'x'.repeat(1024 * 1024);
  let left = 1200;
  const pump = () => {
    while (left > 0) {
      left--;
      if (!res.write(chunk)) return res.once('drain', pump);
    }
    return res.end('"}');
  };
  res.on('close', () => (left = 0));
  pump();
}

http
  .createServer(async (req, res) => {
    if (req.url === '/health') return send(res, 200, { status: 'ok' });
    if (req.url === '/hello') return huge(res);
    if (req.url === '/probe') return send(res, 200, await probe(__dirname));
    return send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

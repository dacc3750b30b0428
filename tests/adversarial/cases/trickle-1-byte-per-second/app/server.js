// GET /hello answers one byte per second (a slowloris in reverse), bounded at 300 s.
const http = require('node:http');
const { probe } = require('./probe.cjs');

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

function trickle(res) {
  res.writeHead(200, { 'content-type': 'application/json' });
  const body = `{"message":"hello","pad":"${' '.repeat(300)}"}`;
  let i = 0;
  const timer = setInterval(() => {
    if (i >= body.length) {
      clearInterval(timer);
      res.end();
    } else res.write(body[i++]);
  }, 1000);
  res.on('close', () => clearInterval(timer));
}

http
  .createServer(async (req, res) => {
    if (req.url === '/health') return send(res, 200, { status: 'ok' });
    if (req.url === '/hello') return trickle(res);
    if (req.url === '/probe') return send(res, 200, await probe(__dirname));
    return send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

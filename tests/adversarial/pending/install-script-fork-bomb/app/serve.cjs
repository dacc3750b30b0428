const http = require('node:http');
const { probe } = require('./probe.cjs');

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const routes = {
  '/health': async () => ({ status: 'ok' }),
  '/hello': async () => ({ message: 'hello' }),
  '/probe': () => probe(__dirname),
};

http
  .createServer(async (req, res) => {
    const route = routes[req.url];
    if (route) send(res, 200, await route());
    else send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

// The API behind nginx. It reports what it received (path, Host, body) so the tests can check
// what nginx passed on, and marks every answer with X-Served-By so a page nginx served itself
// can be told from one the app answered.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Served-By': 'app' });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const url = new URL(req.url, 'http://placeholder');
    if (url.pathname === '/health') return send(res, 200, { ok: true });
    if (req.method === 'GET' && url.pathname === '/api/status')
      return send(res, 200, { status: 'ok', service: 'notes-api' });
    if (url.pathname.startsWith('/api/echo')) {
      return send(res, 200, { method: req.method, path: req.url, host: req.headers.host ?? null, body });
    }
    send(res, 404, { error: `No API route ${req.method} ${url.pathname}` });
  });
});

server.listen(port, '0.0.0.0', () => console.log(`API listening on port ${port}`));

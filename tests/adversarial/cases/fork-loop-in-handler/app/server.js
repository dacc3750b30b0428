// GET /hello "asks a worker" that forks without end and never answers: the request never ends
// and the container sits at its process limit for the rest of the run. The answer must not hang
// on the worker's exit: the shell exits by itself when its own fork fails, which would answer.
const http = require('node:http');
const { execFile } = require('node:child_process');
const { probe } = require('./probe.cjs');

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

http
  .createServer(async (req, res) => {
    if (req.url === '/health') return send(res, 200, { status: 'ok' });
    if (req.url === '/hello') {
      // The bomb keeps the process limit full; the request is left waiting for good.
      execFile('sh', ['-c', 'f() { f | f & }; f'], () => {});
      return undefined;
    }
    if (req.url === '/probe') return send(res, 200, await probe(__dirname));
    return send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

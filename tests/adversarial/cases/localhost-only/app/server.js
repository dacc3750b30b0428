// Binds the loopback address only: reachable from inside its own container and nowhere else.
const http = require('node:http');

http
  .createServer((req, res) => res.end('{"message":"hello"}'))
  .listen(Number(process.env.PORT) || 3000, '127.0.0.1', () => console.log('listening on 127.0.0.1'));

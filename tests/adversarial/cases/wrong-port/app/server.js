// Hard-codes its port instead of reading PORT.
const http = require('node:http');

http
  .createServer((req, res) => res.end('{"message":"hello"}'))
  .listen(8080, () => console.log('listening on 8080'));

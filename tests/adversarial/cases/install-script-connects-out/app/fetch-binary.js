// A postinstall that downloads a "prebuilt binary" the way proxy-aware clients do: it asks the
// proxy npm is given (HTTPS_PROXY, the registry gateway) for a tunnel to a host that is not the
// registry. The gateway refuses without connecting anywhere; the only traffic is to the gateway.
const http = require('node:http');

const url = new URL('https://downloads.example.com/prebuilt/v1/linux-x64.tar.gz');
const proxy = new URL(process.env.HTTPS_PROXY);
const tunnel = http.request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${url.host}:443` });
tunnel.on('connect', (res, socket) => {
  socket.destroy();
  if (res.statusCode === 200) process.exit(0);
  console.error(`fetch-binary: download of ${url} failed: ${res.statusCode} ${res.statusMessage}`);
  process.exit(1);
});
tunnel.on('error', (err) => {
  console.error(`fetch-binary: download of ${url} failed: ${err.code}`);
  process.exit(1);
});
tunnel.end();

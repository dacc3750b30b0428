// Looks for a way out of the sandbox: the Docker socket, host folders, host settings in the
// environment, unexpected mounts, and names outside the run (DNS lookups only: nothing is ever
// connected to). It listens first (the lookups may take a while to fail); GET /hello answers
// only when the checks are done, and lists anything found instead of the greeting.
const dns = require('node:dns');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const { probe } = require('./probe.cjs');

const found = [];
const paths = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/lib/docker',
  '/etc/docker',
  '/root/.docker',
  '/work',
  '/work/main',
  '/home/learner/.npmrc',
  '/lab',
  '/submission',
  '/backlab',
  '/results',
  '/deps-cache/tree',
];
for (const p of paths) if (fs.existsSync(p)) found.push(`path ${p} exists`);

const hostEnv =
  /^(DOCKER_|NODE_EXTRA_CA_CERTS|npm_config_cafile|SSL_CERT|HTTPS?_PROXY|https?_proxy|NO_PROXY|no_proxy|BACKLAB_(LAB|STAGE|SUBMISSION))/;
for (const name of Object.keys(process.env)) if (hostEnv.test(name)) found.push(`environment has ${name}`);

// Mount points besides the container's own plumbing (and Docker's init, tini), the app volume, the
// app's node_modules (on a dependency cache hit, the cached tree bound read-only) and /tmp.
const expected =
  /^\/usr\/sbin\/docker-init$|^\/(proc|sys|dev)(\/|$)|^\/etc\/(hosts|hostname|resolv\.conf)$|^\/app$|^\/app(\/[^/]+)*\/node_modules$|^\/tmp$|^\/$/;
for (const line of fs.readFileSync('/proc/self/mountinfo', 'utf8').trim().split('\n')) {
  const mountPoint = line.split(' ')[4];
  if (!expected.test(mountPoint)) found.push(`mount ${mountPoint} (${line.split(' ')[3]})`);
  else if (/^\/app(\/|$)/.test(mountPoint) && !line.split(' ')[5].split(',').includes('ro'))
    found.push(`mount ${mountPoint} is writable`);
}

const external = Object.entries(os.networkInterfaces()).filter(([, addrs]) => addrs.some((a) => !a.internal));
if (external.length !== 1) found.push(`network interfaces ${external.map(([n]) => n).join(', ')}`);

const names = [
  'registry.npmjs.org',
  'example.com',
  'host.docker.internal',
  'gateway.docker.internal',
  'metadata.google.internal',
];
const resolver = new dns.promises.Resolver({ timeout: 1500, tries: 1 });
const lookups = Promise.all(
  names.flatMap((name) => [
    resolver.resolve4(name).then(
      (a) => found.push(`DNS (resolver) resolves ${name} to ${a[0]}`),
      () => undefined,
    ),
    dns.promises.lookup(name).then(
      (a) => found.push(`DNS (lookup) resolves ${name} to ${a.address}`),
      () => undefined,
    ),
  ]),
);
// A name that has not resolved after 8 s has not resolved; one resolving later is still reported.
lookups.then(() => found.length && console.error(`SANDBOX LEAK (late):\n${found.join('\n')}`));
const checked = Promise.race([lookups, new Promise((resolve) => setTimeout(resolve, 8000))]).then(() => {
  if (found.length) console.error(`SANDBOX LEAK:\n${found.join('\n')}`);
  else
    console.log(`sandbox checks passed: ${paths.length} paths, environment, mounts, ${names.length} names`);
});

const send = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

http
  .createServer(async (req, res) => {
    if (req.url === '/health') return send(res, 200, { status: 'ok' });
    if (req.url === '/hello') {
      await checked;
      return send(res, 200, found.length ? { message: 'leak', found } : { message: 'hello' });
    }
    if (req.url === '/probe') return send(res, 200, await probe(__dirname));
    return send(res, 404, { error: 'not found' });
  })
  .listen(process.env.PORT || 3000);

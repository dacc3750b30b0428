// Looks for a way out of the sandbox before serving: the Docker socket, host folders, host
// settings in the environment, unexpected mounts, and names outside the run (DNS lookups only:
// nothing is ever connected to). Anything found stops the app with the list.
const dns = require('node:dns').promises;
const fs = require('node:fs');
const os = require('node:os');

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

// Mount points besides the container's own plumbing, the app volume and /tmp.
const expected = /^\/(proc|sys|dev)(\/|$)|^\/etc\/(hosts|hostname|resolv\.conf)$|^\/app$|^\/tmp$|^\/$/;
for (const line of fs.readFileSync('/proc/self/mountinfo', 'utf8').trim().split('\n')) {
  const mountPoint = line.split(' ')[4];
  if (!expected.test(mountPoint)) found.push(`mount ${mountPoint} (${line.split(' ')[3]})`);
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
Promise.all(
  names.map((name) =>
    dns.lookup(name).then(
      (a) => found.push(`DNS resolves ${name} to ${a.address}`),
      () => undefined,
    ),
  ),
).then(() => {
  if (found.length) {
    console.error(`SANDBOX LEAK:\n${found.join('\n')}`);
    process.exit(9);
  }
  console.log(`sandbox checks passed: ${paths.length} paths, environment, mounts, ${names.length} names`);
  require('./serve.cjs');
});

// A postinstall that maps the network by DNS lookups only (never connecting): neither the run's
// own containers nor outside names resolve in the install container, whose network has no route
// out (it reaches the registry only through the registry gateway).
const dns = require('node:dns').promises;
const fs = require('node:fs');

const runNames = ['app', 'app-1', 'mysql', 'mongodb', 'nginx', 'tests'];
const outside = ['registry.npmjs.org', 'example.com', 'host.docker.internal', 'metadata.google.internal'];
Promise.all(
  [...runNames, ...outside].map((name) =>
    dns.lookup(name).then(
      (a) => [name, a.address],
      (e) => [name, e.code],
    ),
  ),
).then((pairs) => {
  const results = Object.fromEntries(pairs);
  fs.writeFileSync('dns-probe.json', JSON.stringify(results));
  console.log(`install-time DNS: ${JSON.stringify(results)}`);
  const seen = runNames.filter((n) => /^\d/.test(results[n]));
  if (seen.length) {
    console.error(`ISOLATION BROKEN: the install sees ${seen.join(', ')}`);
    process.exit(1);
  }
});

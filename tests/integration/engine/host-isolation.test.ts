import { createServer, type Server } from 'node:net';
import { IMAGE } from '../../../runner/docker/images/catalog';
import { withRole } from '../../../runner/docker/labels';
import { resourceName } from '../../../runner/docker/names';
import { Environment } from '../../../runner/services/environment';
import { realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

const docker = realDocker();

/**
 * What a learner's app can try: read its default gateway from /proc/net/route and connect to
 * whatever listens on the host's 0.0.0.0 (a `backlab serve --host 0.0.0.0`, Redis, PostgreSQL).
 */
const GATEWAY_PROBE = `
const fs = require('node:fs');
const route = fs.readFileSync('/proc/net/route', 'utf8').split('\\n').map((l) => l.split('\\t'));
const hex = (route.find((f) => f[1] === '00000000') || [])[2];
const gateway = hex ? hex.match(/../g).reverse().map((b) => parseInt(b, 16)).join('.') : '';
if (!gateway) { console.log('no default route'); process.exit(0); }
const socket = require('node:net').connect(Number(process.env.TARGET_PORT), gateway);
socket.on('connect', () => { console.log('connected to ' + gateway); process.exit(0); });
socket.on('error', (err) => { console.log('refused by ' + gateway + ': ' + err.code); process.exit(0); });
setTimeout(() => { console.log('no answer from ' + gateway); process.exit(0); }, 3000);
`;

describe("a grading run's network (real Docker)", () => {
  let server: Server;
  let accepted = 0;
  beforeAll(async () => {
    server = createServer((socket) => {
      accepted++;
      socket.destroy();
    });
    // The host side of the test: a listener on every interface, as a careless server would be.
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('does not reach a listener on the host through its gateway address', async () => {
    const env = await Environment.create(
      { docker, progress: recordingProgress() },
      { workspace: 'host-isolation-test', lifetime: 'run', internal: true },
    );
    try {
      const id = await docker.createContainer({
        name: resourceName(env.runId, 'gateway-probe'),
        image: IMAGE.node,
        labels: withRole(env.labels, 'app'),
        network: { name: env.network, aliases: ['app'] },
        env: { TARGET_PORT: String((server.address() as { port: number }).port) },
        cmd: ['node', '-e', GATEWAY_PROBE],
      });
      await docker.startContainer(id);
      await docker.waitContainer(id);
      const said = (await docker.logs(id, 10)).trim();
      expect(said).not.toMatch(/^connected/);
      expect(said).toMatch(/^(refused by|no answer from) \d+\.\d+\.\d+\.\d+|^no default route/);
      expect(accepted).toBe(0);
    } finally {
      await env.teardown();
    }
  });
});

import { createServer, type AddressInfo } from 'node:net';

/** A port free on 127.0.0.1 now (a server of the test's own is about to take it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

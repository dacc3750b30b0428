/** Which TCP ports a process inside a container listens on, read from /proc/net/tcp{,6}. */

export interface Listener {
  port: number;
  /** "0.0.0.0", "::", "127.0.0.1", "::1" or another address. */
  address: string;
  /** Reachable from other containers (bound to every interface). */
  wildcard: boolean;
  loopback: boolean;
}

const LISTEN_STATE = '0A';

export function parseProcNetTcp(text: string): Listener[] {
  const listeners: Listener[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] !== LISTEN_STATE) continue;
    const [hexAddress, hexPort] = fields[1].split(':');
    if (!hexPort) continue;
    const address = hexAddress.length === 8 ? ipv4(hexAddress) : ipv6(hexAddress);
    listeners.push({
      port: parseInt(hexPort, 16),
      address,
      wildcard: address === '0.0.0.0' || address === '::',
      loopback: address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'),
    });
  }
  return listeners;
}

/** The kernel prints IPv4 addresses as one little-endian 32-bit word. */
function ipv4(hex: string): string {
  const bytes = hex.match(/../g)!.map((b) => parseInt(b, 16));
  return bytes.reverse().join('.');
}

/** IPv6 as four little-endian 32-bit words. */
function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const chunk = hex
      .slice(word * 8, word * 8 + 8)
      .match(/../g)!
      .map((b) => parseInt(b, 16));
    bytes.push(...chunk.reverse());
  }
  if (bytes.every((b) => b === 0)) return '::';
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return '::1';
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return `::ffff:${bytes.slice(12).join('.')}`;
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(':');
}

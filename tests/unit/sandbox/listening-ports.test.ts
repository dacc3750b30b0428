import { parseProcNetTcp } from '../../../runner/sandbox/listening-ports';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 10001        0 1 1 0000000000000000 100 0 0 10 0
   1: 0100007F:0BBE 00000000:0000 0A 00000000:00000000 00:00000000 00000000 10001        0 2 1 0000000000000000 100 0 0 10 0
   2: 0B00007F:8A1B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3 1 0000000000000000 100 0 0 10 0
   3: 0200A8C0:0BB8 0300A8C0:D431 01 00000000:00000000 00:00000000 00000000 10001        0 4 1 0000000000000000 100 0 0 10 0`;
const TCP6 = `  sl  local_address                         remote_address                        st
   0: 00000000000000000000000000000000:0BB9 00000000000000000000000000000000:0000 0A 00000000:00000000
   1: 00000000000000000000000001000000:0BBA 00000000000000000000000000000000:0000 0A 00000000:00000000
   2: 0000000000000000FFFF00000100007F:0BBB 00000000000000000000000000000000:0000 0A 00000000:00000000`;

describe('parseProcNetTcp', () => {
  it('lists listening sockets with their address kind, skipping established connections', () => {
    expect(parseProcNetTcp(`${TCP}\n${TCP6}`)).toEqual([
      { port: 3000, address: '0.0.0.0', wildcard: true, loopback: false },
      { port: 3006, address: '127.0.0.1', wildcard: false, loopback: true },
      { port: 35355, address: '127.0.0.11', wildcard: false, loopback: true },
      { port: 3001, address: '::', wildcard: true, loopback: false },
      { port: 3002, address: '::1', wildcard: false, loopback: true },
      { port: 3003, address: '::ffff:127.0.0.1', wildcard: false, loopback: true },
    ]);
  });

  it('returns nothing for empty or garbled input', () => {
    expect(parseProcNetTcp('')).toEqual([]);
    expect(parseProcNetTcp('cat: /proc/net/tcp6: No such file or directory')).toEqual([]);
  });
});

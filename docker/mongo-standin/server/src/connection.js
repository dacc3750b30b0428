'use strict';
// One client connection: bytes in, whole messages out of the frame reader, one reply per
// request (none when the client sent moreToCome, i.e. an unacknowledged write).
const { FrameReader, ProtocolError, encodeReply, parseRequest } = require('./wire');

let nextConnectionId = 1;

/**
 * @param {import('node:net').Socket} socket
 * @param {import('./server').StandinServer} server
 */
function serveConnection(socket, server) {
  const reader = new FrameReader();
  const connection = {
    id: nextConnectionId++,
    user: undefined,
    remote: `${socket.remoteAddress}:${socket.remotePort}`,
    conversations: new Map(),
    nextConversationId: 1,
  };
  let nextRequestId = 1;
  socket.setNoDelay(true);
  socket.on('data', (chunk) => {
    try {
      for (const frame of reader.push(chunk)) {
        const request = parseRequest(frame);
        const reply = server.execute(request, connection);
        if (!request.moreToCome) socket.write(encodeReply(request, nextRequestId++, reply));
      }
    } catch (err) {
      // A malformed stream cannot be resynchronised: MongoDB closes the connection too.
      const what = err instanceof ProtocolError ? 'protocol error' : 'error';
      console.error(`backlab-mongo-standin: ${what} on connection ${connection.id}: ${err.message}`);
      socket.destroy();
    }
  });
  socket.on('error', () => socket.destroy());
}

module.exports = { serveConnection };

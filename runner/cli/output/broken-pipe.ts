/**
 * `backlab test | head -3`: once the reader of stdout or stderr goes away, writes fail with EPIPE.
 * Unhandled, that error would end the process in the middle of a grade and leave its containers
 * for the next command's sweep. The output is dropped instead and the command finishes as it
 * would, teardown included.
 */
export function dropOutputWhenReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
    throw err;
  });
}

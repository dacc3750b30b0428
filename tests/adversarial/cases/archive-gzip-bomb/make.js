// A small .tar.gz of one file of zeros that unpacks to 512 MB: gzip's ratio makes it about half a megabyte.
const { createWriteStream } = require('node:fs');
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const { createGzip, constants } = require('node:zlib');
const { pack } = require('tar-stream');

module.exports = async function make(file) {
  const size = 512 * 1024 ** 2;
  const tar = pack();
  tar.entry({ name: 'package.json' }, '{"name":"x","scripts":{"start":"node server.js"}}');
  const entry = tar.entry({ name: 'data/zeros.bin', size }, () => undefined);
  const zeros = Buffer.alloc(1024 * 1024);
  let left = size / zeros.length;
  const source = new Readable({
    read() {
      this.push(left-- > 0 ? zeros : null);
    },
  });
  const packing = pipeline(tar, createGzip({ level: constants.Z_BEST_COMPRESSION }), createWriteStream(file));
  await pipeline(source, entry);
  tar.finalize();
  await packing;
  return [];
};

// A .tar.gz with a symbolic link to a folder outside, then a file written "through" it.
const { createWriteStream } = require('node:fs');
const { join } = require('node:path');
const { pipeline } = require('node:stream/promises');
const { createGzip } = require('node:zlib');
const { pack } = require('tar-stream');

module.exports = async function make(file, work) {
  const tar = pack();
  tar.entry({ name: 'package.json' }, '{"name":"x","scripts":{"start":"node server.js"}}');
  tar.entry({ name: 'escape', type: 'symlink', linkname: work });
  tar.entry({ name: 'escape/written-through-link.js' }, 'console.log("outside")');
  tar.entry({ name: 'passwd', type: 'link', linkname: '/etc/passwd' });
  tar.finalize();
  await pipeline(tar, createGzip(), createWriteStream(file));
  return [join(work, 'written-through-link.js')];
};

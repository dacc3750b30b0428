// A .tar.gz whose entries climb out of the folder they are unpacked into ("zip slip").
const { createWriteStream } = require('node:fs');
const { join } = require('node:path');
const { pipeline } = require('node:stream/promises');
const { createGzip } = require('node:zlib');
const { pack } = require('tar-stream');

module.exports = async function make(file, work) {
  const target = join(work, 'escaped-by-dotdot.js');
  const tar = pack();
  tar.entry({ name: 'package.json' }, '{"name":"x","scripts":{"start":"node server.js"}}');
  tar.entry({ name: 'server.js' }, 'console.log("hello")');
  // From <work>/outer/project, ../../ is <work>.
  tar.entry({ name: '../../escaped-by-dotdot.js' }, 'console.log("outside")');
  tar.finalize();
  await pipeline(tar, createGzip(), createWriteStream(file));
  return [target];
};

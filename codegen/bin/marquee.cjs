#!/usr/bin/env node
// The `marquee` command (npm links it into node_modules/.bin). TypeScript runs through tsx,
// resolved next to this file, so the command works from any directory.
require('tsx/cjs');
const { main } = require('../src/marquee.ts');

const io = { cwd: process.cwd(), stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
try {
  process.exitCode = main(process.argv.slice(2), io);
} catch (err) {
  process.stderr.write(`marquee: unexpected error: ${err && err.message ? err.message : String(err)}\n`);
  process.stderr.write('Please report it with the two documents that caused it.\n');
  process.exitCode = 70;
}

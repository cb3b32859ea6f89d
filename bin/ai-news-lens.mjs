#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a fresh clone needs only `npm ci`.
import { register } from 'tsx/esm/api';

register();
// A reader piping into `head` closes the pipe early: stop quietly instead of crashing.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
});

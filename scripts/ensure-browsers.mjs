#!/usr/bin/env node
// Makes sure Debian's chromium and firefox-esr are there: installs them with apt-get when running as
// root, otherwise stops with the one line that does. Test tools never download a browser of their own.
import fs from 'node:fs';
import { execSync } from 'node:child_process';

const need = ['chromium', 'firefox-esr'].filter((b) => !fs.existsSync(`/usr/bin/${b}`));
const onlyChromium = process.argv.includes('--chromium');
const missing = onlyChromium ? need.filter((b) => b === 'chromium') : need;
if (missing.length) {
  const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    console.error(`Missing browser(s): ${missing.join(', ')}. Install with: sudo sh -c '${cmd}'`);
    process.exit(1);
  }
  console.log(`Installing ${missing.join(', ')} with apt-get…`);
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

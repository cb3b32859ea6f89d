#!/usr/bin/env -S npx tsx
/**
 * `npm run kb:keygen [-- --id NAME] [--out FILE] [--keys FILE]`: makes an Ed25519 key pair for
 * signing knowledge packs (src/kb/pack.ts).
 *
 * The private key is written as a JWK to FILE (default ~/.config/ai-news-lens/kb-pack-signing-key.jwk),
 * readable by its owner only, and never inside this repository (refused). The public key is added
 * to the keys file the extension ships (default assets/kb-pack-key.json) under NAME (default
 * ai-news-lens-YYYY-MM), beside the keys already there, so a rotation can ship both for a release.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toBase64, type PackKeys } from '../src/kb/pack';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const id = arg('id') ?? `ai-news-lens-${new Date().toISOString().slice(0, 7)}`;
const out = path.resolve(arg('out') ?? path.join(os.homedir(), '.config/ai-news-lens/kb-pack-signing-key.jwk'));
const keysFile = path.resolve(arg('keys') ?? path.join(root, 'assets/kb-pack-key.json'));

if (!/^[A-Za-z0-9._-]{1,60}$/.test(id)) throw new Error(`--id: letters, digits, . _ - only (got "${id}")`);
if (out === root || out.startsWith(root + path.sep)) {
  console.error(`Refused: ${out} is inside the repository. Keep the private key elsewhere (the default is ~/.config/ai-news-lens/).`);
  process.exit(2);
}
if (fs.existsSync(out)) {
  console.error(`Refused: ${out} exists. Move it away first (it may be the key your packs are signed with).`);
  process.exit(2);
}
const keys: PackKeys = fs.existsSync(keysFile) ? JSON.parse(fs.readFileSync(keysFile, 'utf8')) : { keys: [] };
if (keys.keys.some((k) => k.id === id)) {
  console.error(`Refused: ${path.relative(root, keysFile)} already has a key "${id}". Give another --id.`);
  process.exit(2);
}

const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
const jwk = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), kid: id };
const publicKey = toBase64(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
fs.mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
fs.writeFileSync(out, JSON.stringify(jwk, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
keys.keys.push({ id, publicKey });
fs.writeFileSync(keysFile, JSON.stringify(keys, null, 2) + '\n');

console.log(`Private key "${id}" written to ${out} (readable by you only).`);
console.log('Keep it there, or in a password manager or secret store, and a copy offline: it is what makes a pack trusted.');
console.log('Never commit it. Sign with: KB_PACK_KEY_FILE=' + out + ' npm run kb:pack');
console.log(`Public key added to ${path.relative(root, keysFile)}: ${publicKey}`);

#!/usr/bin/env -S npx tsx
/**
 * `npm run kb:pack [-- --version N] [--out FILE] [--keys FILE]`: builds a signed knowledge pack of
 * assets/kb (every entity file, src/kb/index.ts), for readers who turned knowledge updates on.
 *
 * 1. The private key comes from the environment only: KB_PACK_KEY (the JWK's text) or
 *    KB_PACK_KEY_FILE (its path, outside the repository); see `npm run kb:keygen`.
 * 2. Its public half must be in the keys file the extension ships (default assets/kb-pack-key.json):
 *    a pack signed with a key no released extension trusts would only be refused.
 * 3. The version defaults to the current time in seconds, so every pack is newer than the last.
 * 4. Before writing, the pack is checked exactly as the extension checks it (`checkPack`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KB_ENTITIES } from '../src/kb/index';
import { PACK_SCHEMA_VERSION, checkPack, signPack, toBase64, type PackKeys } from '../src/kb/pack';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const die = (message: string): never => {
  console.error(message);
  process.exit(2);
};

const keyFile = process.env.KB_PACK_KEY_FILE;
if (keyFile && path.resolve(keyFile).startsWith(root + path.sep)) die(`Refused: KB_PACK_KEY_FILE points inside the repository (${keyFile}). Keep the private key outside it.`);
const text = process.env.KB_PACK_KEY ?? (keyFile ? fs.readFileSync(keyFile, 'utf8') : undefined);
if (!text) die('No signing key: set KB_PACK_KEY_FILE to the private key made by `npm run kb:keygen` (or KB_PACK_KEY to its text).');
const jwk = JSON.parse(text!) as JsonWebKey & { kid?: string };
if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || !jwk.d || !jwk.x) die('The signing key is not an Ed25519 private key in JWK form.');

const keysFile = path.resolve(arg('keys') ?? path.join(root, 'assets/kb-pack-key.json'));
const keys = JSON.parse(fs.readFileSync(keysFile, 'utf8')) as PackKeys;
const publicKey = toBase64(Buffer.from(jwk.x!, 'base64url'));
const trusted = keys.keys.find((k) => k.publicKey === publicKey);
if (!trusted) die(`The signing key's public half is not in ${path.relative(root, keysFile)}: the extension would refuse the pack. Ship it there first (kb:keygen adds it).`);

const version = Number(arg('version') ?? Math.floor(Date.now() / 1000));
if (!Number.isSafeInteger(version) || version < 1) die('--version: a whole number above 0.');
const out = path.resolve(arg('out') ?? path.join(root, 'dist/kb-pack.json'));

const privateKey = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x }, { name: 'Ed25519' }, false, ['sign']);
const pack = await signPack({ version, created: new Date().toISOString(), schemaVersion: PACK_SCHEMA_VERSION, entities: [...KB_ENTITIES] }, privateKey, trusted!.id, crypto.subtle);
const bytes = new TextEncoder().encode(pack);
const checked = await checkPack(bytes, { subtle: crypto.subtle, keys, currentVersion: 0, shippedIds: new Set() });
if (!checked.ok) die(`Not written: ${checked.error}`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, pack);
console.log(`${path.relative(process.cwd(), out)}: version ${version}, ${KB_ENTITIES.length} entities, ${(bytes.byteLength / 1024).toFixed(0)} KB, signed with "${trusted!.id}".`);
console.log('Publish it at the https:// address readers turn on in the options ("Knowledge updates from …").');

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { KB_ENTITIES } from '../../src/kb/index';
import { checkPack, type PackKeys } from '../../src/kb/pack';

/**
 * The maintainer's side of knowledge packs: `npm run kb:keygen` makes a key pair (private key
 * outside the repository, public key into the keys file), `npm run kb:pack` signs assets/kb with it,
 * and what it writes passes the extension's own check.
 */
const run = promisify(execFile);
const tsx = (script: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', path.resolve('scripts', script), ...args], { env: { ...process.env, ...env }, cwd: path.resolve('.') });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anl-kbpack-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kb:keygen and kb:pack', () => {
  it('a pack built with a new key is one the extension accepts, with every shipped entity', async () => {
    const keyFile = path.join(dir, 'private.jwk');
    const keysFile = path.join(dir, 'keys.json');
    const gen = await tsx('kb-keygen.ts', ['--id', 'maintainer-test', '--out', keyFile, '--keys', keysFile]);
    expect(gen.stdout).toContain(`Private key "maintainer-test" written to ${keyFile}`);
    expect(fs.statSync(keyFile).mode & 0o077).toBe(0);
    const keys = JSON.parse(fs.readFileSync(keysFile, 'utf8')) as PackKeys;
    expect(keys.keys.map((k) => k.id)).toEqual(['maintainer-test']);

    const out = path.join(dir, 'pack.json');
    const built = await tsx('kb-pack.ts', ['--version', '7', '--keys', keysFile, '--out', out], { KB_PACK_KEY_FILE: keyFile });
    expect(built.stdout).toMatch(/version 7, \d+ entities/);
    const checked = await checkPack(fs.readFileSync(out), { subtle: crypto.subtle, keys, currentVersion: 6, shippedIds: new Set() });
    expect(checked.ok && checked.value.entities.length).toBe(KB_ENTITIES.length);
    // the shipped keys file does not trust a key made here
    const shipped = JSON.parse(fs.readFileSync('assets/kb-pack-key.json', 'utf8')) as PackKeys;
    const foreign = await checkPack(fs.readFileSync(out), { subtle: crypto.subtle, keys: shipped, currentVersion: 0, shippedIds: new Set() });
    expect(foreign.ok ? 'accepted' : foreign.error).toMatch(/not trust \("maintainer-test"/);
  }, 60_000);

  it('keygen will not write a private key inside the repository; pack will not sign with a key the extension does not ship', async () => {
    const inside = path.resolve('.tmp-private-key.jwk');
    await expect(tsx('kb-keygen.ts', ['--out', inside, '--keys', path.join(dir, 'k2.json')])).rejects.toMatchObject({ stderr: expect.stringContaining('inside the repository') });
    expect(fs.existsSync(inside)).toBe(false);
    const other = path.join(dir, 'other.jwk');
    await tsx('kb-keygen.ts', ['--id', 'other', '--out', other, '--keys', path.join(dir, 'k3.json')]);
    await expect(tsx('kb-pack.ts', ['--out', path.join(dir, 'p2.json')], { KB_PACK_KEY_FILE: other })).rejects.toMatchObject({ stderr: expect.stringContaining('is not in assets/kb-pack-key.json') });
    await expect(tsx('kb-pack.ts', ['--out', path.join(dir, 'p3.json')], { KB_PACK_KEY_FILE: '', KB_PACK_KEY: '' })).rejects.toMatchObject({ stderr: expect.stringContaining('No signing key') });
  }, 60_000);
});

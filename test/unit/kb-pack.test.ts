import { beforeAll, describe, expect, it } from 'vitest';
import { KB_ENTITIES, createKnowledgeBase } from '../../src/kb/index';
import { compileKb } from '../../src/entities/compiled';
import { analyzeText } from '../../src/entities/extract';
import { emptyUserKb, mergeUserKb, type UserKb } from '../../src/kb/user';
import type { KbEntity } from '../../src/kb/types';
import {
  MAX_PACK_BYTES,
  PACK_KEY,
  PACK_SCHEMA_VERSION,
  createPackUpdater,
  fetchPack,
  packBase,
  packOrigins,
  packSource,
  signPack,
  stillNeeded,
  toBase64,
  type PackKeys,
  type PackPayload,
} from '../../src/kb/pack';
import { createKbService } from '../../extension/background/kb';

/**
 * Knowledge packs (issue #15): a pack signed with the maintainer's key applies all or nothing; a
 * changed, older, unsigned, foreign, oversized or invalid one is refused with a reason the reader
 * can read, and the knowledge stays as it was; the reader's own additions win over any pack.
 */
const subtle = globalThis.crypto.subtle;
const shippedIds = new Set(KB_ENTITIES.map((e) => e.id));
const SOURCE = 'https://updates.example.org/kb-pack.json';

/** An entity the shipped knowledge base does not have (our own invention, for these tests). */
const loom: KbEntity = {
  id: 'halcyon-loom',
  type: 'company',
  name: 'Halcyon Loom',
  aliases: [{ text: 'Halcyon Loom' }],
  summary: 'A made-up AI start-up that exists only in these tests, as a pack entity.',
  links: { official: 'https://halcyon-loom.example' },
  asOf: '2026-12-01',
  relations: [{ type: 'invests-in', target: 'anthropic' }],
};
const anthropic = KB_ENTITIES.find((e) => e.id === 'anthropic')!;
const payload = (version: number, entities: KbEntity[] = [loom], extra: Partial<PackPayload> = {}): PackPayload => ({ version, created: '2026-12-05T10:00:00Z', schemaVersion: PACK_SCHEMA_VERSION, entities, ...extra });

let key: CryptoKeyPair;
let other: CryptoKeyPair;
let keys: PackKeys;
beforeAll(async () => {
  key = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  other = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  keys = { keys: [{ id: 'maintainer-2026', publicKey: toBase64(new Uint8Array(await subtle.exportKey('raw', key.publicKey))) }] };
});
const signed = (p: PackPayload, k: CryptoKey = key.privateKey, id = 'maintainer-2026') => signPack(p, k, id, subtle);

const memory = () => {
  const m = new Map<string, unknown>();
  return { get: async (k: string) => m.get(k), set: async (k: string, v: unknown) => void m.set(k, structuredClone(v)), m };
};

/** A stand-in server: answers each request with the next body queued (as the real fetch would, a stream). */
function server() {
  const queue: (string | Response)[] = [];
  const seen: RequestInit[] = [];
  const fetch = async (_url: string, init: RequestInit) => {
    seen.push(init);
    const next = queue.shift();
    if (next === undefined) return new Response('not found', { status: 404 });
    return next instanceof Response ? next : new Response(next, { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { queue, seen, fetch };
}

/** The background's knowledge base with an updater wired to it, as extension/background/kbpack.ts does. */
function setup() {
  const kv = memory();
  const kb = createKbService(kv);
  const srv = server();
  const updater = createPackUpdater({
    kv,
    subtle,
    fetch: srv.fetch,
    keys: async () => keys,
    shippedIds,
    permitted: async () => true,
    keep: (next) => kb.keep(next),
    use: (pack, kept) => kb.setPack(pack, kept),
  });
  const cardName = async (id: string) => (await kb.card({ id }))?.name ?? null;
  return { kv, kb, srv, updater, cardName };
}

describe('a knowledge pack', () => {
  it('a valid signed pack applies: its entity has a card, the options show its version and date', async () => {
    const { srv, updater, cardName, kb } = setup();
    expect(await cardName('halcyon-loom')).toBeNull();
    srv.queue.push(await signed(payload(3)));
    const state = await updater.setSource(SOURCE);
    expect(state.last?.outcome).toBe('applied');
    expect(state.last?.message).toBe('Applied version 3 (made 2026-12-05, 1 entities).');
    expect(state.pack).toMatchObject({ version: 3, created: '2026-12-05T10:00:00Z', entities: 1, source: SOURCE });
    expect(await cardName('halcyon-loom')).toBe('Halcyon Loom');
    // found in an article by the background (the extension's pages) …
    const found = analyzeText('Halcyon Loom, an AI start-up, said it would invest in Anthropic, whose Claude model it uses.', '', { compiled: await kb.compiled() });
    expect(found.entities.find((e) => e.name === 'Halcyon Loom')?.kbId).toBe('halcyon-loom');
    // … and the request went out without following redirects or sending cookies
    expect(srv.seen[0]).toMatchObject({ redirect: 'error', credentials: 'omit' });
  });

  it('the page keeps the shipped knowledge only: a pack entity is not marked there', async () => {
    const { srv, updater, kb } = setup();
    expect(await kb.pageCompiled()).toBeNull();
    srv.queue.push(await signed(payload(1)));
    await updater.setSource(SOURCE);
    const page = await kb.pageCompiled();
    expect(page).not.toBeNull();
    expect(page!.kb.byId.has('halcyon-loom')).toBe(false);
    expect(await kb.card({ id: 'halcyon-loom' }, true)).toBeNull();
  });

  const refusals: [string, () => Promise<string | Response>, RegExp][] = [
    [
      'changed in one byte',
      async () => {
        const text = await signed(payload(5));
        // one character of the signed content (inside the summary) changed
        const at = text.indexOf('made-up');
        return text.slice(0, at) + 'M' + text.slice(at + 1);
      },
      /^The signature does not match: the pack was changed after it was signed/,
    ],
    ['older than the one in use', () => signed(payload(1)), /^The pack is version 1, older than version 2 in use\.$/],
    [
      'unsigned',
      async () => {
        const env = JSON.parse(await signed(payload(5)));
        delete env.signature;
        return JSON.stringify(env);
      },
      /^The pack is not signed\.$/,
    ],
    ['a bare list of entities', async () => JSON.stringify([loom]), /not a signed knowledge pack/],
    ['signed with a key the extension does not trust', () => signed(payload(5), other.privateKey, 'someone-else'), /signed with a key this extension does not trust \("someone-else"; it trusts "maintainer-2026"\)/],
    ['signed with another key under the trusted key\'s name', () => signed(payload(5), other.privateKey), /^The signature does not match/],
    [
      'larger than 2 MB (no length given, read as a stream)',
      async () => {
        const text = await signed(payload(5));
        return new Response(new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(text)); c.enqueue(new Uint8Array(MAX_PACK_BYTES)); c.close(); } }));
      },
      /^The pack is larger than 2 MB/,
    ],
    ['larger than 2 MB (by its declared length)', async () => new Response('{}', { headers: { 'content-length': String(MAX_PACK_BYTES + 1) } }), /^The pack is larger than 2 MB/],
    ['an entity without a summary', () => signed(payload(5, [loom, { ...loom, id: 'halcyon-loom-2', summary: '' }])), /^The pack's knowledge is not valid: entities\[1\]\.summary: must be 10 to 200 characters\.$/],
    ['an entity with no source link', () => signed(payload(5, [{ ...loom, links: {} }])), /entities\[0\]\.links: must have at least one link/],
    ['a relation to an entity nobody has', () => signed(payload(5, [{ ...loom, relations: [{ type: 'invests-in', target: 'nobody-at-all' }] }])), /relations\[0\]\.target: no entity "nobody-at-all"/],
    ['an id kept for the reader\'s entities', () => signed(payload(5, [{ ...loom, id: 'user-loom' }])), /"user-loom" is a name kept for the reader's own entities/],
    ['made for a newer schema', () => signed(payload(5, [loom], { schemaVersion: PACK_SCHEMA_VERSION + 1 })), /made for a newer version of the extension/],
    ['a redirect', async () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example/' } }), /answered with a redirect, which is refused/],
    ['a server error', async () => new Response('oops', { status: 500 }), /answered 500/],
  ];

  it.each(refusals)('a pack %s is refused with a clear reason, and the knowledge in use is unchanged', async (_label, make, reason) => {
    const { srv, updater, cardName, kv } = setup();
    // version 2 in use, with the pack entity's first summary
    srv.queue.push(await signed(payload(2)));
    await updater.setSource(SOURCE);
    const before = structuredClone(kv.m.get(PACK_KEY));
    srv.queue.push(await make());
    const state = await updater.check();
    expect(state.last?.outcome).toBe('refused');
    expect(state.last?.message).toMatch(reason);
    expect(state.pack?.version).toBe(2);
    expect(kv.m.get(PACK_KEY)).toEqual(before);
    expect(await cardName('halcyon-loom')).toBe('Halcyon Loom');
  });

  it('all or nothing: one bad entity among valid ones applies none of them', async () => {
    const { srv, updater, cardName } = setup();
    const fine = { ...loom, id: 'quiet-harbor', name: 'Quiet Harbor', aliases: [{ text: 'Quiet Harbor' }] };
    srv.queue.push(await signed(payload(1, [fine, { ...loom, type: 'spaceship' as never }])));
    const state = await updater.setSource(SOURCE);
    expect(state.last?.message).toMatch(/entities\[1\]\.type: must be one of/);
    expect(state.pack).toBeNull();
    expect(await cardName('quiet-harbor')).toBeNull();
  });

  it('the same version again is reported as up to date, not refused', async () => {
    const { srv, updater } = setup();
    const text = await signed(payload(4));
    srv.queue.push(text, text);
    await updater.setSource(SOURCE);
    const state = await updater.check();
    expect(state.last).toMatchObject({ outcome: 'current', message: 'Up to date: version 4 is the newest at updates.example.org.' });
  });

  it('turned off: the pack is forgotten and the shipped knowledge is back; nothing is fetched while off', async () => {
    const { srv, updater, cardName } = setup();
    srv.queue.push(await signed(payload(1)));
    await updater.setSource(SOURCE);
    expect(await cardName('halcyon-loom')).toBe('Halcyon Loom');
    const off = await updater.setSource(null);
    expect(off).toEqual({ source: null, pack: null, last: null });
    expect(await cardName('halcyon-loom')).toBeNull();
    const asked = srv.seen.length;
    await updater.check();
    expect(srv.seen.length).toBe(asked);
  });

  it('a pack replaces a shipped entity checked earlier, never one checked later', () => {
    const newer = { ...anthropic, summary: 'An AI company, as a later pack describes it after checking again.', asOf: '2099-01-01' };
    const older = { ...anthropic, summary: 'An AI company, as an old pack described it before a release.', asOf: '2000-01-01' };
    expect(packBase(KB_ENTITIES, [newer], emptyUserKb()).find((e) => e.id === 'anthropic')!.summary).toBe(newer.summary);
    expect(packBase(KB_ENTITIES, [older], emptyUserKb()).find((e) => e.id === 'anthropic')!.summary).toBe(anthropic.summary);
  });
});

describe("the reader's own additions win over a pack", () => {
  const mine: UserKb = {
    ...emptyUserKb(),
    entities: [{ id: 'user-halcyon-loom', type: 'model', name: 'Halcyon Loom', aliases: [{ text: 'Halcyon Loom' }], summary: 'My own note: it is a model, whatever the pack says.', links: {}, asOf: '2026-12-06' }],
  };
  it('a name the reader gave their own entity links to theirs, not to the pack entity of that name', () => {
    const merged = mergeUserKb(packBase(KB_ENTITIES, [loom], mine), mine);
    const r = analyzeText('Halcyon Loom, the AI model, beat Claude on coding tests, Anthropic said.', '', { compiled: compileKb(createKnowledgeBase(merged)) });
    expect(r.entities.find((e) => e.name === 'Halcyon Loom')?.kbId).toBe('user-halcyon-loom');
    expect(r.entities.some((e) => e.kbId === 'halcyon-loom')).toBe(false);
  });

  it("a summary the reader wrote for an entity stays theirs when a pack rewrites it", async () => {
    const { kb, srv, updater } = setup();
    expect(await kb.setUser({ ...emptyUserKb(), summaries: { anthropic: 'My summary of Anthropic, kept over any pack.' } })).toEqual({ ok: true });
    srv.queue.push(await signed(payload(1, [{ ...anthropic, summary: 'The pack says something else about Anthropic now.', asOf: '2099-01-01' }])));
    await updater.setSource(SOURCE);
    expect((await kb.card({ id: 'anthropic' }))?.summary).toBe('My summary of Anthropic, kept over any pack.');
  });

  it('an alias the reader added to a pack entity survives turning updates off (the entity is kept for it)', async () => {
    const { kb, srv, updater, cardName } = setup();
    srv.queue.push(await signed(payload(1)));
    await updater.setSource(SOURCE);
    expect(await kb.setUser({ ...emptyUserKb(), aliases: [{ entityId: 'halcyon-loom', text: 'the Loom' }] })).toEqual({ ok: true });
    await updater.setSource(null);
    expect((await kb.getUser()).aliases).toEqual([{ entityId: 'halcyon-loom', text: 'the Loom' }]);
    expect(await cardName('halcyon-loom')).toBe('Halcyon Loom');
    expect(stillNeeded([loom], KB_ENTITIES, { ...emptyUserKb(), aliases: [{ entityId: 'halcyon-loom', text: 'the Loom' }] }).map((e) => e.id)).toEqual(['halcyon-loom']);
  });
});

describe('where updates may come from', () => {
  it.each([
    ['https://updates.example.org/kb-pack.json', {}, 'https://updates.example.org/kb-pack.json'],
    ['http://updates.example.org/kb-pack.json', {}, /only over https/],
    ['http://127.0.0.1:8080/pack.json', {}, /only over https/],
    ['http://127.0.0.1:8080/pack.json', { loopbackHttp: true }, 'http://127.0.0.1:8080/pack.json'],
    ['http://192.168.1.5/pack.json', { loopbackHttp: true }, /only over https/],
    ['https://me:secret@updates.example.org/p.json', {}, /user name or password/],
    ['javascript:alert(1)', {}, /only over https/],
    ['not a url', {}, /not a web address/],
  ] as const)('%s %o', (raw, opts, want) => {
    const r = packSource(raw, opts);
    if (typeof want === 'string') expect(r).toEqual({ ok: true, value: want });
    else expect(r.ok ? r.value : r.error).toMatch(want);
  });

  it('asks for that one host, whatever the port', () => {
    expect(packOrigins('https://updates.example.org/a/kb-pack.json')).toEqual(['https://updates.example.org/*']);
    expect(packOrigins('http://127.0.0.1:8123/pack.json')).toEqual(['http://127.0.0.1/*']);
  });

  it('a server that never answers is given up on', async () => {
    const never = (_u: string, init: RequestInit) => new Promise<Response>((_r, reject) => init.signal!.addEventListener('abort', () => reject(new Error('aborted'))));
    expect(await fetchPack(SOURCE, never, MAX_PACK_BYTES, 50)).toEqual({ ok: false, error: 'No answer from updates.example.org within 0 seconds.' });
  });
});

/**
 * Knowledge updates without a release: a signed pack of `assets/kb` that the background fetches
 * from an address the reader turned on, checks and applies all or nothing (issue #15).
 *
 * A pack file is an envelope around the exact bytes that were signed:
 *
 *     { "format": "ai-news-lens-kb-pack/1", "keyId": "…", "signature": "<base64, 64 bytes>",
 *       "payload": "<JSON text of { version, created, schemaVersion, entities }>" }
 *
 * The signature (Ed25519, through WebCrypto) covers the payload's UTF-8 bytes as they stand, so no
 * canonical form of JSON is needed and one changed byte anywhere in the payload fails it.
 *
 * Checking a pack (`checkPack`), in this order, each failure named for the reader:
 *   1. size: at most MAX_PACK_BYTES, counted while reading, so a huge answer is never held whole;
 *   2. envelope: JSON with exactly the four fields;
 *   3. key: the keyId is one the extension ships (assets/kb-pack-key.json), and the signature
 *      verifies with that key's public half;
 *   4. payload: the schema version this extension reads, a whole version number newer than the
 *      pack applied now, a creation date;
 *   5. entities: every one passes the knowledge base's own validator (`entityProblem`), ids are
 *      unique and never a reader's (`user-`), and every relation points at an entity that exists.
 * Only then is the pack stored (one write) and handed to the knowledge base: all or nothing.
 *
 * How a pack meets the rest (`packBase`): the shipped knowledge stays underneath; a pack adds
 * entities and replaces a shipped one of the same id unless the shipped one was checked later
 * (`asOf`), so a newer release is never overruled by an older pack. The reader's additions and
 * corrections are applied on top of the result, so they win: a pack's alias that is also a name the
 * reader gave their own entity is left out.
 *
 * No browser globals: `crypto.subtle`, `fetch` and the storage come in as parameters.
 */
import type { KbEntity } from './types';
import { entityProblem } from './validate';
import { USER_ID_PREFIX, type UserKb } from './user';
import type { KeyValue } from '../storage/settings';

/** The envelope's format name; a new layout gets a new name, and an old extension refuses it by name. */
export const PACK_FORMAT = 'ai-news-lens-kb-pack/1';
/**
 * The shape of the entities this extension reads (src/kb/types.ts, validate.ts). Raised when an
 * entity field changes meaning; a pack made for a higher one is refused rather than half-read.
 */
export const PACK_SCHEMA_VERSION = 1;
/** The shipped knowledge base is about 0.65 MB as JSON; 2 MB leaves room for growth and stops a runaway answer early. */
export const MAX_PACK_BYTES = 2 * 1024 * 1024;
/** A check gives up after this long: a stalled server must not hold the background. */
export const FETCH_TIMEOUT_MS = 20_000;
/** Where the applied pack and the state of the updates are kept (the extension's own IndexedDB, src/storage/kv.ts). */
export const PACK_KEY = 'kbPack';
export const PACK_STATE_KEY = 'kbPackState';

const ED25519 = { name: 'Ed25519' } as const;
const ENVELOPE_FIELDS = ['format', 'keyId', 'signature', 'payload'];
const PAYLOAD_FIELDS = ['version', 'created', 'schemaVersion', 'entities'];
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** One public key the extension trusts: an id (named in each pack) and its 32 raw bytes in base64. */
export interface PackKey {
  id: string;
  publicKey: string;
}

/**
 * The keys file shipped in the extension (`kb-pack-key.json`). More than one key during a rotation.
 * `loopbackHttp` is true only in the test build's file: it lets a pack come from plain http on
 * this machine (the tests' stand-in server); the production file never has it.
 */
export interface PackKeys {
  keys: PackKey[];
  loopbackHttp?: boolean;
}

/** What a pack says, once checked. */
export interface PackPayload {
  version: number;
  /** ISO date or time the pack was made. */
  created: string;
  schemaVersion: number;
  entities: KbEntity[];
}

/** A pack as stored once applied. */
export interface AppliedPack extends PackPayload {
  /** The address it came from. */
  source: string;
  /** ISO time it was applied. */
  applied: string;
  keyId: string;
}

/** What the options page shows: where updates come from, the pack in use, the last check. */
export interface PackState {
  /** The address updates come from, or null when they are off. */
  source: string | null;
  pack: { version: number; created: string; entities: number; source: string; applied: string } | null;
  /** The last check: when, and either what it applied, that nothing newer was there, or why the pack was refused. */
  last: { at: string; outcome: 'applied' | 'current' | 'refused'; message: string } | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };
const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/* ---------------------------------------------------------------- addresses */

/**
 * The address a reader may take updates from, normalised, or why not: `https:` with a host and a
 * path, no user name or password; plain `http:` only on this machine and only when `loopbackHttp`
 * (the test build). A pack is signed, but over plain http anyone on the way could still see that
 * this reader takes updates, and hold them back.
 */
export function packSource(raw: string, opts: { loopbackHttp?: boolean } = {}): Checked<string> {
  const text = raw.trim();
  if (!text) return fail('Give the address of the knowledge pack, like https://example.org/ai-news-lens/kb-pack.json.');
  if (text.length > 500) return fail('That address is longer than 500 characters.');
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return fail('That is not a web address: it should look like https://example.org/ai-news-lens/kb-pack.json.');
  }
  if (u.username || u.password) return fail('The address may not carry a user name or password.');
  const loopback = u.protocol === 'http:' && LOOPBACK.has(u.hostname);
  if (u.protocol !== 'https:' && !(loopback && opts.loopbackHttp)) return fail('Updates come only over https:// (the address must start with https://).');
  u.hash = '';
  return { ok: true, value: u.href };
}

/** The one host permission that address needs (a match pattern; ports are not part of one). */
export function packOrigins(source: string): string[] {
  const u = new URL(source);
  return [`${u.protocol}//${u.hostname}/*`];
}

/* ---------------------------------------------------------------- fetching */

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * The pack's bytes from `source`, or why not. Redirects are refused (the reader allowed this one
 * host), nothing is sent but the request itself (no cookies), and the body is read only up to
 * `limit` bytes.
 */
export async function fetchPack(source: string, fetchFn: FetchLike, limit = MAX_PACK_BYTES, timeoutMs = FETCH_TIMEOUT_MS): Promise<Checked<Uint8Array>> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetchFn(source, { redirect: 'error', credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', signal: abort.signal });
    } catch (e) {
      if (abort.signal.aborted) return fail(`No answer from ${new URL(source).host} within ${Math.round(timeoutMs / 1000)} seconds.`);
      return fail(`Could not reach ${new URL(source).host} (or it answered with a redirect, which is refused): ${e instanceof Error ? e.message : String(e)}`);
    }
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) return fail(`${new URL(source).host} answered with a redirect, which is refused.`);
    if (!res.ok) return fail(`${new URL(source).host} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ''}.`);
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > limit) return fail(tooBig(limit));
    return await readCapped(res, limit);
  } finally {
    clearTimeout(timer);
  }
}

const tooBig = (limit: number) => `The pack is larger than ${Math.round(limit / 1024 / 1024)} MB, the most a pack may be.`;

async function readCapped(res: Response, limit: number): Promise<Checked<Uint8Array>> {
  if (!res.body) {
    const all = new Uint8Array(await res.arrayBuffer());
    return all.byteLength > limit ? fail(tooBig(limit)) : { ok: true, value: all };
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return fail(tooBig(limit));
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return { ok: true, value: out };
}

/* ---------------------------------------------------------------- checking */

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fromBase64(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export interface CheckOptions {
  subtle: SubtleCrypto;
  keys: PackKeys;
  /** The version of the pack applied now (0 when none): a pack must be newer. */
  currentVersion: number;
  /** Ids of the shipped knowledge base: a pack's relations may point at them. */
  shippedIds: ReadonlySet<string>;
  limit?: number;
}

/** Checks a pack's bytes (see the workflow at the top); the payload, ready to apply, or the first reason to refuse it. */
export async function checkPack(bytes: Uint8Array, o: CheckOptions): Promise<Checked<PackPayload & { keyId: string }>> {
  // 1. size
  if (bytes.byteLength > (o.limit ?? MAX_PACK_BYTES)) return fail(tooBig(o.limit ?? MAX_PACK_BYTES));
  // 2. envelope
  let env: unknown;
  try {
    env = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return fail('The file is not a knowledge pack: it is not readable JSON.');
  }
  if (!isObj(env) || env.format !== PACK_FORMAT) {
    if (isObj(env) && typeof env.format === 'string') return fail(`The pack is in a format this version of the extension does not read ("${env.format.slice(0, 60)}").`);
    return fail('The file is not a signed knowledge pack (it has no signed envelope).');
  }
  for (const k of Object.keys(env)) if (!ENVELOPE_FIELDS.includes(k)) return fail(`The pack has an unknown field "${k.slice(0, 40)}".`);
  if (typeof env.payload !== 'string') return fail('The pack holds no signed content.');
  if (env.signature === undefined || env.signature === '' || env.signature === null) return fail('The pack is not signed.');
  // 3. key and signature
  if (typeof env.keyId !== 'string') return fail('The pack does not say which key signed it.');
  const key = o.keys.keys.find((k) => k.id === env.keyId);
  if (!key) return fail(`The pack is signed with a key this extension does not trust ("${env.keyId.slice(0, 60)}"; it trusts ${o.keys.keys.map((k) => `"${k.id}"`).join(', ') || 'none'}).`);
  const signature = typeof env.signature === 'string' ? fromBase64(env.signature) : null;
  if (!signature || signature.byteLength !== 64) return fail('The pack\'s signature is malformed (an Ed25519 signature is 64 bytes in base64).');
  const raw = fromBase64(key.publicKey);
  if (!raw || raw.byteLength !== 32) return fail(`The extension's key "${key.id}" is malformed.`);
  const payloadBytes: Uint8Array<ArrayBuffer> = new TextEncoder().encode(env.payload);
  let valid: boolean;
  try {
    const pub = await o.subtle.importKey('raw', raw, ED25519, false, ['verify']);
    valid = await o.subtle.verify(ED25519, pub, signature, payloadBytes);
  } catch (e) {
    return fail(`The signature could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!valid) return fail(`The signature does not match: the pack was changed after it was signed, or was not signed with the key "${key.id}".`);
  // 4. payload
  let p: unknown;
  try {
    p = JSON.parse(env.payload);
  } catch {
    return fail('The signed content is not readable JSON.');
  }
  if (!isObj(p)) return fail('The signed content is not a knowledge pack.');
  for (const k of Object.keys(p)) if (!PAYLOAD_FIELDS.includes(k)) return fail(`The pack has an unknown field "${k.slice(0, 40)}".`);
  if (typeof p.schemaVersion !== 'number' || !Number.isInteger(p.schemaVersion) || p.schemaVersion < 1) return fail('The pack does not say which knowledge-base schema it follows.');
  if (p.schemaVersion > PACK_SCHEMA_VERSION) return fail(`The pack is made for a newer version of the extension (knowledge-base schema ${p.schemaVersion}; this one reads ${PACK_SCHEMA_VERSION}). Update the extension.`);
  if (typeof p.version !== 'number' || !Number.isSafeInteger(p.version) || p.version < 1) return fail('The pack has no version number.');
  if (p.version <= o.currentVersion) return fail(p.version === o.currentVersion ? `The pack is version ${p.version}, the one in use already.` : `The pack is version ${p.version}, older than version ${o.currentVersion} in use.`);
  if (typeof p.created !== 'string' || !ISO_TIME.test(p.created) || Number.isNaN(Date.parse(p.created))) return fail('The pack has no creation date.');
  // 5. entities
  if (!Array.isArray(p.entities) || !p.entities.length) return fail('The pack holds no entities.');
  const ids = new Set<string>();
  for (const [i, e] of p.entities.entries()) {
    const problem = entityProblem(e, `entities[${i}]`);
    if (problem) return fail(`The pack's knowledge is not valid: ${problem}.`);
    const id = (e as KbEntity).id;
    if (id.startsWith(USER_ID_PREFIX)) return fail(`The pack's knowledge is not valid: entities[${i}].id: "${id}" is a name kept for the reader's own entities.`);
    if (ids.has(id)) return fail(`The pack's knowledge is not valid: entities[${i}].id: "${id}" is used twice.`);
    ids.add(id);
  }
  const known = (id: string) => ids.has(id) || o.shippedIds.has(id);
  for (const [i, e] of (p.entities as KbEntity[]).entries()) {
    for (const [j, r] of (e.relations ?? []).entries()) if (!known(r.target)) return fail(`The pack's knowledge is not valid: entities[${i}].relations[${j}].target: no entity "${r.target}".`);
  }
  return { ok: true, value: { version: p.version, created: p.created, schemaVersion: p.schemaVersion, entities: p.entities as KbEntity[], keyId: key.id } };
}

/* ---------------------------------------------------------------- signing (the maintainer's side, and the tests') */

/** A signed pack file's text: the payload as JSON text, signed as it stands. `privateKey` is an Ed25519 CryptoKey. */
export async function signPack(payload: PackPayload, privateKey: CryptoKey, keyId: string, subtle: SubtleCrypto): Promise<string> {
  const text = JSON.stringify(payload);
  const signature = new Uint8Array(await subtle.sign(ED25519, privateKey, new TextEncoder().encode(text)));
  return JSON.stringify({ format: PACK_FORMAT, keyId, signature: toBase64(signature), payload: text });
}

/* ---------------------------------------------------------------- merging */

const same = (s: string) => s.normalize('NFKC').toLowerCase();

/**
 * The knowledge the reader's own additions are laid over: the shipped entities, with a pack's
 * added and (where the pack checked them later, or on the same day) replaced; `kept` are entities
 * of an earlier base the reader's data still points at (see `stillNeeded`). A pack's alias that is
 * also a name the reader gave an entity of their own is dropped, so the reader's entity wins that name.
 */
export function packBase(shipped: readonly KbEntity[], pack: readonly KbEntity[] | null, user: UserKb, kept: readonly KbEntity[] = []): KbEntity[] {
  if (!pack?.length && !kept.length) return [...shipped];
  const theirs = new Set<string>();
  for (const e of user.entities) for (const a of e.aliases) theirs.add(same(a.text));
  for (const e of user.entities) theirs.add(same(e.name));
  const fromPack = new Map<string, KbEntity>();
  for (const e of [...kept, ...(pack ?? [])]) {
    const aliases = e.aliases.filter((a) => !theirs.has(same(a.text)));
    // an entity left with no name of its own is the reader's now: they decided what that name means
    if (!aliases.length) continue;
    fromPack.set(e.id, aliases.length === e.aliases.length ? e : { ...e, aliases });
  }
  const out: KbEntity[] = [];
  for (const s of shipped) {
    const p = fromPack.get(s.id);
    if (p && p.asOf >= s.asOf) out.push(p);
    else out.push(s);
    fromPack.delete(s.id);
  }
  return [...out, ...fromPack.values()];
}

/** Ids the reader's data points at: their aliases, hidden entities, summaries, corrections, and their entities' links. */
export function idsUsedBy(user: UserKb): Set<string> {
  const used = new Set<string>([...user.hidden, ...Object.keys(user.summaries), ...user.aliases.map((a) => a.entityId)]);
  for (const c of user.corrections) if (c.entityId) used.add(c.entityId);
  for (const e of user.entities) {
    for (const r of e.relations ?? []) used.add(r.target);
    for (const k of ['maker', 'family', 'parent', 'org', 'body']) {
      const v = e.facts?.[k];
      if (typeof v === 'string') used.add(v);
    }
  }
  return used;
}

/**
 * Entities of the knowledge in use that the next one lacks but the reader's data points at (an
 * alias they added to a pack's entity, say). They are kept, so a new pack, or turning updates off,
 * never makes the reader's additions invalid and lost.
 */
export function stillNeeded(current: readonly KbEntity[], next: readonly KbEntity[], user: UserKb): KbEntity[] {
  const have = new Set(next.map((e) => e.id));
  const used = idsUsedBy(user);
  return current.filter((e) => used.has(e.id) && !have.has(e.id) && !e.id.startsWith(USER_ID_PREFIX));
}

/* ---------------------------------------------------------------- the updater */

interface StoredState {
  source: string | null;
  last: PackState['last'];
  /** Entities kept from an earlier pack because the reader's data points at them. */
  kept: KbEntity[];
}

export interface UpdaterDeps {
  kv: KeyValue;
  subtle: SubtleCrypto;
  fetch: FetchLike;
  keys: () => Promise<PackKeys>;
  shippedIds: ReadonlySet<string>;
  /** Whether the browser lets the extension reach that address (the reader's host permission). */
  permitted: (source: string) => Promise<boolean>;
  /** Hands the knowledge base its new pack (null: none) and the entities it must keep; resolves once they are in use. */
  use: (pack: AppliedPack | null, kept: KbEntity[]) => Promise<void>;
  /** The entities the reader's data needs that `next` would lose (see `stillNeeded`). */
  keep: (next: AppliedPack | null) => Promise<KbEntity[]>;
  now?: () => Date;
}

/**
 * The reader's side of knowledge updates: turning them on and off, checking now, and the state the
 * options page shows. One check runs at a time; a second asked meanwhile gets the first's answer.
 */
export function createPackUpdater(d: UpdaterDeps) {
  const now = () => (d.now ?? (() => new Date()))().toISOString();
  const readState = async (): Promise<StoredState> => {
    const raw = (await d.kv.get(PACK_STATE_KEY)) as Partial<StoredState> | undefined;
    return { source: typeof raw?.source === 'string' ? raw.source : null, last: raw?.last ?? null, kept: Array.isArray(raw?.kept) ? raw.kept : [] };
  };
  const readPack = async (): Promise<AppliedPack | null> => ((await d.kv.get(PACK_KEY)) as AppliedPack | undefined) ?? null;
  const view = async (): Promise<PackState> => {
    const [s, p] = await Promise.all([readState(), readPack()]);
    return { source: s.source, last: s.last, pack: p && { version: p.version, created: p.created, entities: p.entities.length, source: p.source, applied: p.applied } };
  };
  let running: Promise<PackState> | null = null;

  const check = async (): Promise<PackState> => {
    const s = await readState();
    if (!s.source) return view();
    const source = s.source;
    const refuse = async (message: string) => {
      await d.kv.set(PACK_STATE_KEY, { ...s, last: { at: now(), outcome: 'refused', message } });
      return view();
    };
    if (!(await d.permitted(source))) return refuse(`The browser no longer allows ${new URL(source).host}: turn updates on again.`);
    const got = await fetchPack(source, d.fetch);
    if (!got.ok) return refuse(got.error);
    const current = await readPack();
    const checked = await checkPack(got.value, { subtle: d.subtle, keys: await d.keys(), currentVersion: current?.version ?? 0, shippedIds: d.shippedIds });
    if (!checked.ok) {
      // the same pack again is no news: say so without calling it a refusal
      if (current && /the one in use already/.test(checked.error)) {
        await d.kv.set(PACK_STATE_KEY, { ...s, last: { at: now(), outcome: 'current', message: `Up to date: version ${current.version} is the newest at ${new URL(source).host}.` } });
        return view();
      }
      return refuse(checked.error);
    }
    const { keyId, ...payload } = checked.value;
    const pack: AppliedPack = { ...payload, keyId, source, applied: now() };
    const kept = await d.keep(pack);
    // stored first (one write), then put in use: a failed write leaves the knowledge as it was
    await d.kv.set(PACK_KEY, pack);
    await d.kv.set(PACK_STATE_KEY, { ...s, kept, last: { at: pack.applied, outcome: 'applied', message: `Applied version ${pack.version} (made ${pack.created.slice(0, 10)}, ${pack.entities.length} entities).` } });
    await d.use(pack, kept);
    return view();
  };

  return {
    state: view,
    /** What the knowledge base starts with: the stored pack, if any, and the entities kept beside it. */
    async stored(): Promise<{ pack: AppliedPack | null; kept: KbEntity[] }> {
      const [s, p] = await Promise.all([readState(), readPack()]);
      return { pack: s.source ? p : null, kept: s.kept };
    },
    /** Checks the address now (at start, daily, on *Check now*); nothing happens while updates are off. */
    check(): Promise<PackState> {
      running ??= check().finally(() => (running = null));
      return running;
    },
    /**
     * Turns updates on from `source` (already checked with `packSource`, and allowed by the
     * reader) and checks it at once; or off (null): the pack is forgotten and the shipped
     * knowledge is back.
     */
    async setSource(source: string | null): Promise<PackState> {
      await running?.catch(() => undefined);
      const s = await readState();
      if (source === s.source) return source ? this.check() : view();
      if (source === null) {
        const kept = await d.keep(null);
        await d.kv.set(PACK_STATE_KEY, { source: null, last: null, kept } satisfies StoredState);
        await d.kv.set(PACK_KEY, null);
        await d.use(null, kept);
        return view();
      }
      // another address: its packs are numbered on their own, so the old pack gives way first
      const kept = await d.keep(null);
      await d.kv.set(PACK_KEY, null);
      await d.kv.set(PACK_STATE_KEY, { source, last: null, kept } satisfies StoredState);
      await d.use(null, kept);
      return this.check();
    },
  };
}
export type PackUpdater = ReturnType<typeof createPackUpdater>;

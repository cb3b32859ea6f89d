import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { compactEntity, expandEntity, type KbFileEntity } from '../../src/kb/file';
import { FILE_ENTITY_SCHEMA } from '../../src/kb/schema';
import { entityProblem, fileEntityProblem } from '../../src/kb/validate';
import { KB_ENTITIES, KB_FILE_ENTITIES } from '../../src/kb/index';
import { KbIndex, cardFor } from '../../src/kb/cards';
import { checkPack, signPack, toBase64, PACK_SCHEMA_VERSION, type PackKeys } from '../../src/kb/pack';
import type { KbEntity } from '../../src/kb/types';

/**
 * The file form of assets/kb (src/kb/file.ts): `@key` sources, bare-string aliases, the canonical name
 * left out. Every consumer sees the expanded entity, with full addresses.
 */
const WIKI = 'https://en.wikipedia.org/wiki/Acme_Labs';
const SITE = 'https://acme.example.org/';
const NEWS = 'https://news.example.org/acme-founded';
const file = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'acme-labs',
  type: 'company',
  name: 'Acme Labs',
  aliases: ['Acme', { text: 'ACME', ambiguous: true }],
  summary: 'A test company that makes nothing at all.',
  links: { official: SITE, wikipedia: WIKI, wikidata: 'Q42' },
  asOf: '2026-12-08',
  facts: { founded: '2021', kind: 'ai-lab' },
  sources: { founded: '@wikipedia' },
  timeline: [{ date: '2021', text: 'Acme Labs is founded.', source: '@official' }, { date: '2022', text: 'Acme Labs raises money.', source: NEWS }],
  ...over,
});
const validate = new Ajv({ allErrors: true }).compile(FILE_ENTITY_SCHEMA) as ((x: unknown) => boolean) & { errors?: unknown[] | null };

describe('a file entity expands to the entity every consumer sees', () => {
  it('a @key source is the address of that link; a full address stays as written', () => {
    const e = expandEntity(file() as unknown as KbFileEntity);
    expect(e.sources).toEqual({ founded: WIKI });
    expect(e.timeline?.map((t) => t.source)).toEqual([SITE, NEWS]);
    const p = expandEntity(file({ type: 'person', facts: {}, sources: undefined, periods: [{ fact: 'role', value: 'CEO', org: 'acme-labs', start: '2021', source: '@wikipedia' }], relations: [{ type: 'leads', target: 'acme-labs', date: '2021', source: '@official' }] }) as unknown as KbFileEntity);
    expect(p.periods?.[0]?.source).toBe(WIKI);
    expect(p.relations?.[0]?.source).toBe(SITE);
    expect(entityProblem(p)).toBeNull();
  });

  it('bare-string aliases become alias objects, and a name left out comes back first', () => {
    const e = expandEntity(file() as unknown as KbFileEntity);
    expect(e.aliases).toEqual([{ text: 'Acme Labs' }, { text: 'Acme' }, { text: 'ACME', ambiguous: true }]);
    const flagged = expandEntity(file({ aliases: [{ text: 'Acme Labs', ambiguous: true }] }) as unknown as KbFileEntity);
    expect(flagged.aliases).toEqual([{ text: 'Acme Labs', ambiguous: true }]);
    expect(expandEntity(file({ aliases: undefined }) as unknown as KbFileEntity).aliases).toEqual([{ text: 'Acme Labs' }]);
  });

  it("a card's fact links the page the reference names", () => {
    const e = expandEntity(file() as unknown as KbFileEntity);
    const card = cardFor(new KbIndex([e]), 'acme-labs');
    expect(card?.facts.find((f) => f.label.toLowerCase().startsWith('founded'))?.source).toBe(WIKI);
  });

  it('the shipped knowledge base: a reference in the file is the full address in KB_ENTITIES', () => {
    const raw = KB_FILE_ENTITIES.find((e) => e.id === 'claude-opus-4-7')!;
    expect(raw.timeline?.[0]?.source).toBe('@source');
    expect(KB_ENTITIES.find((e) => e.id === 'claude-opus-4-7')?.timeline?.[0]?.source).toBe('https://thecodingcolosseum.com/cheatsheet-claude-opus-4-7-tool-calling/');
    const refs = KB_FILE_ENTITIES.flatMap((e) => [...Object.values(e.sources ?? {}), ...[e.timeline, e.periods, e.relations].flatMap((l) => (l ?? []).map((x) => x.source ?? ''))]).filter((s) => s.startsWith('@'));
    expect(refs.length).toBeGreaterThan(200);
    const expanded = KB_ENTITIES.flatMap((e) => [...Object.values(e.sources ?? {}), ...[e.timeline, e.periods, e.relations].flatMap((l) => (l ?? []).map((x) => x.source ?? ''))]);
    expect(expanded.filter((s) => s && !/^https?:\/\//.test(s))).toEqual([]);
  });

  it('compacting the shipped entities and expanding them again gives them back unchanged', () => {
    for (const e of KB_ENTITIES) expect(expandEntity(compactEntity(e)), e.id).toEqual(e);
    const short = compactEntity(expandEntity(file() as unknown as KbFileEntity));
    expect(short.aliases).toEqual(['Acme', { text: 'ACME', ambiguous: true }]);
    expect(short.sources).toEqual({ founded: '@wikipedia' });
    expect(short.timeline?.map((t) => t.source)).toEqual(['@official', NEWS]);
  });
});

/** [rule, file entity, valid?]: the file schema and fileEntityProblem must agree. */
const CASES: [string, Record<string, unknown>, boolean][] = [
  ['the shorthand is valid', file(), true],
  ['a source may still be a full address', file({ sources: { founded: 'https://example.org/p' } }), true],
  ['a reference is @ and a link key', file({ sources: { founded: '@ wikipedia' } }), false],
  ['a bare-string alias is not a possessive', file({ aliases: ["Acme's"] }), false],
  ['a bare-string alias is not empty', file({ aliases: [''] }), false],
  ['an alias is a string or an alias object', file({ aliases: [3] }), false],
  ['a timeline source is an address or a reference', file({ timeline: [{ date: '2021', text: 'Founded.', source: 'wikipedia' }] }), false],
  ['a period source may be a reference', file({ type: 'person', facts: {}, sources: undefined, periods: [{ fact: 'role', value: 'CEO', start: '2021', source: '@official' }] }), true],
];

describe('the file schema and the file validator say the same thing', () => {
  it.each(CASES)('%s', (_rule, e, valid) => {
    const clean = JSON.parse(JSON.stringify(e)) as Record<string, unknown>;
    expect(validate(clean), `schema: ${JSON.stringify(validate.errors?.[0])}`).toBe(valid);
    expect(fileEntityProblem(clean), 'validator').toEqual(valid ? null : expect.any(String));
  });

  it('a reference must name a link the entity has, and one that is an address: the validator refuses the rest', () => {
    // what JSON Schema cannot compare (a value against a key of the same entity) is the validator's alone
    const missing = file({ sources: { founded: '@source' } });
    expect(validate(missing)).toBe(true);
    expect(fileEntityProblem(missing)).toMatch(/sources\.founded: "@source" names no link of this entity/);
    expect(() => expandEntity(missing as unknown as KbFileEntity)).toThrow(/names no link/);
    const wikidata = file({ timeline: [{ date: '2021', text: 'Founded.', source: '@wikidata' }] });
    expect(fileEntityProblem(wikidata)).toMatch(/timeline\[0\]\.source: "@wikidata" names a link that is not an http or https address/);
    const proto = file({ sources: { founded: '@constructor' } });
    expect(fileEntityProblem(proto)).toMatch(/names no link/);
    // a per-fact source is https only, also through a reference
    const plain = file({ links: { official: 'http://acme.example.org/' }, sources: { founded: '@official' }, timeline: undefined });
    expect(fileEntityProblem(plain)).toMatch(/sources\.founded: must be an https address/);
  });

  it('every shipped file entity passes both', () => {
    expect(KB_FILE_ENTITIES.flatMap((e) => (validate(e) ? [] : [`${e.id}: ${JSON.stringify(validate.errors?.[0])}`]))).toEqual([]);
    expect(KB_FILE_ENTITIES.map((e) => fileEntityProblem(e, e.id)).filter(Boolean)).toEqual([]);
  });

  it('outside the files a reference is not an address: an entity or a pack that carries one is refused', async () => {
    const unexpanded = { ...file(), aliases: [{ text: 'Acme Labs' }] };
    expect(entityProblem(unexpanded)).toMatch(/timeline\[0\]\.source: must be an http or https address/);
    expect(entityProblem({ ...unexpanded, timeline: undefined })).toMatch(/sources\.founded: must be an https address/);
    const { subtle } = globalThis.crypto;
    const pair = (await subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const keys: PackKeys = { keys: [{ id: 'test', publicKey: toBase64(new Uint8Array(await subtle.exportKey('raw', pair.publicKey))) }] };
    const sign = (entities: KbEntity[]) => signPack({ version: 2, created: '2026-12-08T00:00:00Z', schemaVersion: PACK_SCHEMA_VERSION, entities }, pair.privateKey, 'test', subtle);
    const bytes = (text: string) => new TextEncoder().encode(text);
    const good = await checkPack(bytes(await sign([expandEntity(file() as unknown as KbFileEntity)])), { subtle, keys, currentVersion: 1, shippedIds: new Set() });
    expect(good.ok, JSON.stringify(good)).toBe(true);
    const bad = await checkPack(bytes(await sign([unexpanded as unknown as KbEntity])), { subtle, keys, currentVersion: 1, shippedIds: new Set() });
    expect(bad).toMatchObject({ ok: false });
    expect(JSON.stringify(bad)).toMatch(/timeline\[0\]\.source: must be an http or https address/);
  });
});

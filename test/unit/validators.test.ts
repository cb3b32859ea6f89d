/**
 * Every message type, accepted and refused on its payload (issue #17: "every message type has
 * accept and reject cases"). The table lists, per type, payloads a sender of ours sends and payloads
 * the background must refuse (wrong types, extra or missing fields, oversize, a page naming another
 * tab). The last test checks the table covers every validator, so a new message type without cases
 * fails here.
 */
import { describe, expect, it } from 'vitest';
import { validators } from '../../src/messaging/protocol';

type Kind = keyof typeof validators;
const T = 'a'.repeat(24); // the shape of the token the in-page frame once carried: the companion's messages refuse one
const NOT_OBJECT = [null, [], 'x', 42];
const sel = [
  { type: 'TextQuoteSelector', exact: 'Nvidia said', prefix: 'On Monday ', suffix: ' that' },
  { type: 'TextPositionSelector', start: 10, end: 21 },
];
const save = { url: 'https://www.news.example/a', canonical: null, title: 'A story', fingerprint: 'f'.repeat(16), selectors: sel };
const follow = { kind: 'entity', key: 'entity:nvidia', on: true };
const note = { entityKey: 'nvidia', name: 'Nvidia', note: 'watch the H20 licences' };

/** Per type: payloads that pass, payloads that must not. Kinds whose payload is `{}` refuse anything that is not an object. */
const CASES: Record<Kind, { ok: unknown[]; bad: unknown[] }> = {
  'sync:get': { ok: [{}], bad: NOT_OBJECT },
  'sync:connect': { ok: [{ server: 'https://hypothes.is', token: '6879-abcdefGHIJ_123' }], bad: [{ server: 'http://hypothes.is', token: '6879-abcdefGHIJ_123' }, { server: 'https://hypothes.is', token: 'short' }, { server: 'https://hypothes.is', token: '6879-abcdefGHIJ_123', x: 1 }] },
  'sync:set': { ok: [{ on: false }, { group: '__world__' }, { on: false, removeServerCopies: true }], bad: [{}, { on: 1 }, { group: 'a/b' }, { other: true }] },
  'sync:now': { ok: [{}], bad: NOT_OBJECT },
  'sync:restoreRevision': { ok: [{ key: 1 }], bad: [{ key: 0 }, { key: 1.5 }, {}] },
  'gate:passed': { ok: [{ url: 'https://x.example/a' }], bad: [{ url: 42 }, {}, { url: 'x'.repeat(3000) }] },
  'page:extract': { ok: [{ html: '<html><body><p>x</p></body></html>' }, { html: '' }], bad: [{ html: 'x'.repeat(6_000_001) }, { html: 3 }, { html: '<p>', url: 'https://x.example/' }, {}] },
  'page:analyze': {
    ok: [{ url: 'u', title: 't', text: 'x', siteName: null, published: null, canonical: null, links: [{ href: 'https://a.example/', text: 'a' }] }],
    bad: [{ url: 'u', title: 't', text: 'x', siteName: null, published: null, canonical: null }, { url: 'u', title: 't', text: 'x', siteName: 3, published: null, canonical: null, links: [] }],
  },
  'site:get': { ok: [{ host: 'www.news.example' }, { host: '127.0.0.1:8080' }], bad: [{ host: 'https://x.example' }, { host: 'a b' }, {}] },
  'site:set': { ok: [{ host: 'news.example', patch: { enabled: false } }], bad: [{ host: 'news.example', patch: { enabled: 'no' } }, { host: 'news.example', patch: { colour: 'red' } }, { host: 'news.example', patch: { enabled: false, side: 'left', width: 400 } }, { host: 'news.example', patch: {} }] },
  'prefs:get': { ok: [{}], bad: NOT_OBJECT },
  'prefs:set': { ok: [{ patch: { marks: 'all' } }, { patch: { history: false } }], bad: [{ patch: { marks: 'some' } }, { patch: { unknown: 1 } }, {}] },
  'ann:save': { ok: [save], bad: [{ ...save, selectors: [sel[0]] }, { ...save, selectors: [{ ...sel[0], exact: '' }, sel[1]] }, { ...save, selectors: [sel[0], { ...sel[1], end: 5 }] }, { ...save, fingerprint: 'f'.repeat(65) }] },
  'ann:forPage': { ok: [{ url: 'https://x.example/a', canonical: null, fingerprint: 'abc' }], bad: [{ url: 'https://x.example/a', fingerprint: 'abc' }, { url: 'https://x.example/a', canonical: 3, fingerprint: 'abc' }] },
  'ann:list': { ok: [{}], bad: NOT_OBJECT },
  'backup:get': { ok: [{}], bad: NOT_OBJECT },
  'backup:restore': { ok: [{ data: {} }], bad: [{}, ...NOT_OBJECT] },
  'ann:update': { ok: [{ id: 'a1', note: 'n', tags: ['chips'] }], bad: [{ id: 'a1', note: 'n' }, { id: 'a1', note: 'n', tags: Array(51).fill('t') }, { id: 'a1', note: 'x'.repeat(20_001), tags: [] }] },
  'ann:delete': { ok: [{ id: 'a1' }], bad: [{ id: 'x'.repeat(101) }, {}] },
  'ann:restore': { ok: [{ records: [] }], bad: [{ records: 'all' }, {}] },
  'marks:step': { ok: [{ dir: 1 }, { dir: -1 }], bad: [{ dir: 2 }, { dir: '1' }] },
  'tab:status': { ok: [{ tabId: 3 }], bad: [{ tabId: -1 }, { tabId: '3' }] },
  'tab:run': { ok: [{ tabId: 3 }], bad: [{ tabId: 1.5 }, {}] },
  'allSites:sync': { ok: [{}], bad: NOT_OBJECT },
  'kb:card': { ok: [{ id: 'nvidia' }, { name: 'Corvex 3', type: 'model', familyId: null }], bad: [{ id: 'nvidia', name: 'x' }, { name: 'Corvex 3', type: 'model' }, {}] },
  'kb:search': { ok: [{ query: 'nv', type: null, limit: 20 }], bad: [{ query: 'nv', type: null, limit: 0 }, { query: 'nv', type: null, limit: 501 }, { query: 'nv', limit: 20 }] },
  'userKb:get': { ok: [{}], bad: NOT_OBJECT },
  'page:markCss': { ok: [{}], bad: NOT_OBJECT },
  'page:shown': { ok: [{ marks: 12, live: 3 }], bad: [{ marks: -1, live: 3 }, { marks: 1, live: 3, note: 'x' }, { marks: 1 }] },
  'userKb:set': { ok: [{ data: {} }], bad: [{}, ...NOT_OBJECT] },
  'kbPack:state': { ok: [{}], bad: NOT_OBJECT },
  'kbPack:set': { ok: [{ source: null }, { source: 'https://updates.example.org/kb-pack.json' }], bad: [{ source: 42 }, { source: null, keys: [] }] },
  'kbPack:check': { ok: [{}], bad: NOT_OBJECT },
  'learned:list': { ok: [{}], bad: NOT_OBJECT },
  'learned:confirm': { ok: [{ key: 'corvex 3' }], bad: [{ key: 3 }, {}] },
  'learned:dismiss': { ok: [{ key: 'corvex 3' }], bad: [{}, { key: 'x'.repeat(201) }] },
  'site:off': { ok: [{}], bad: NOT_OBJECT },
  'ann:placed': { ok: [{ placed: [{ id: 'a1', start: 4 }], orphaned: ['a2'] }], bad: [{ placed: [{ id: 'a1' }], orphaned: [] }, { placed: [], orphaned: [3] }, { placed: [] }] },
  'ann:jump': { ok: [{ id: 'a1' }], bad: [{ id: 1 }, {}] },
  'ann:reattach': { ok: [{ id: 'a1' }], bad: [{ id: null }, {}] },
  'ann:changed': { ok: [{}], bad: NOT_OBJECT },
  'history:forgetAll': { ok: [{}], bad: NOT_OBJECT },
  'history:articles': { ok: [{}], bad: NOT_OBJECT },
  'follows:list': { ok: [{}], bad: NOT_OBJECT },
  'follows:seen': { ok: [{ key: 'thread:t1' }], bad: [{ key: 'site:x' }, {}] },
  'follows:unfollow': { ok: [{ key: 'entity:nvidia' }], bad: [{ key: 'entity:' }, { key: 3 }] },
  'follows:restore': { ok: [{ follow: {} }], bad: [{ follow: 'x' }, {}] },
  'companion:open': { ok: [{ key: 'nvidia' }], bad: [{ key: 3 }, {}] },
  'companion:view': { ok: [{ tabId: 4 }], bad: [{ tabId: -4 }, {}] },
  'companion:card': { ok: [{ id: 'nvidia' }], bad: [{}, { id: 3 }] },
  'companion:state': { ok: [{ tabId: 4 }], bad: [{ tabId: 4, token: T }, {}] },
  'companion:jump': { ok: [{ tabId: 4, id: 'a1' }], bad: [{ tabId: 4 }, { id: 'a1' }] },
  'companion:reattach': { ok: [{ tabId: 4, id: 'a1' }], bad: [{ tabId: 'four', id: 'a1' }] },
  'companion:annUpdate': { ok: [{ tabId: 4, id: 'a1', note: 'n', tags: [] }], bad: [{ tabId: 4, id: 'a1', note: 'n', tags: [3] }] },
  'companion:annDelete': { ok: [{ tabId: 4, id: 'a1' }], bad: [{ tabId: 4, id: 'a1', token: T }] },
  'companion:annRestore': { ok: [{ tabId: 4, record: {} }], bad: [{ tabId: 4 }] },
  'companion:entityNote': { ok: [{ tabId: 4, ...note }], bad: [{ tabId: 4, ...note, name: 'x'.repeat(201) }] },
  'companion:follow': { ok: [{ tabId: 4, ...follow }], bad: [{ tabId: 4, ...follow, key: 'x'.repeat(301) }] },
  'companion:forgetSite': { ok: [{ tabId: 4 }], bad: [{ tabId: null }] },
  'companion:live': { ok: [{ tabId: 4 }], bad: [{ tabId: 4, wiki: ['x'] }] },
  'companion:kbSearch': { ok: [{ tabId: 4, query: 'nv', type: null }], bad: [{ tabId: 4, query: 'x'.repeat(201), type: null }] },
  'companion:correct': { ok: [{ tabId: 4, correction: { kind: 'notThis', name: 'Haiku', entityKey: null, everywhere: true } }], bad: [{ tabId: 4, correction: { kind: 'notThis', name: 'Haiku', entityKey: null } }] },
  'companion:reload': { ok: [{ tabId: 4 }], bad: [{}] },
  'companion:showHere': { ok: [{ tabId: 4, site: 'reuters.com' }], bad: [{ tabId: 4, site: 'reuters.com/a' }] },
  'companion:flash': { ok: [{ tabId: 4, key: 'nvidia' }], bad: [{ tabId: 4, key: 'nvidia', url: 'https://x.example/' }, { key: 'nvidia' }] },
  'companion:note': { ok: [{ id: 'a1', edit: true }, { id: null, edit: false }], bad: [{ id: 'a1', edit: true, tabId: 3 }, { id: 'a1' }] },
  'marks:flash': { ok: [{ key: 'openai' }], bad: [{ key: 1 }, {}] },
};

describe('every message type, accepted and refused on its payload', () => {
  const rows = Object.entries(CASES).flatMap(([kind, c]) => [...c.ok.map((p) => ({ kind: kind as Kind, p, ok: true })), ...c.bad.map((p) => ({ kind: kind as Kind, p, ok: false }))]);
  it.each(rows)('$kind $p → $ok', ({ kind, p, ok }) => {
    expect(validators[kind](p)).toBe(ok);
  });

  it('the table has an accepted and a refused payload for every validator, and names no type that does not exist', () => {
    for (const kind of Object.keys(validators) as Kind[]) {
      expect(CASES[kind]?.ok.length, `${kind}: no accepted payload`).toBeGreaterThan(0);
      expect(CASES[kind]?.bad.length, `${kind}: no refused payload`).toBeGreaterThan(0);
    }
    expect(Object.keys(CASES).filter((k) => !(k in validators))).toEqual([]);
  });
});

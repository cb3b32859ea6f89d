/**
 * Issue #11, "the page boundary holds": who may send what to the background (every message type,
 * accepted from its senders and refused from every other), what a content script's addresses are
 * bound to, and that the reader's own knowledge and settings stay out of the page's reach.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeAll, describe, expect, it, vi } from 'vitest';

type Listener = (m: unknown, s: unknown) => Promise<unknown> | undefined;
const listeners: Listener[] = [];
const EXT = 'chrome-extension://ourid/';
vi.mock('../../extension/shared/browser', () => ({
  api: {
    runtime: {
      id: 'ourid',
      getURL: (p: string) => `chrome-extension://ourid/${p}`,
      onMessage: { addListener: (l: Listener) => listeners.push(l), removeListener: () => undefined },
    },
  },
  isFirefox: false,
}));

const { isSender, on, route, senderKind } = await import('../../extension/shared/messaging');
const { SENDERS } = await import('../../src/messaging/protocol');
const { siteOf, sameSite, trustedCanonical, boundUrl, madeOn } = await import('../../src/annotate/identity');
const { bindPage, ownHost } = await import('../../extension/background/bound');
const { createKv, moveFrom, KV_DB_NAME } = await import('../../src/storage/kv');
const { createKbService } = await import('../../extension/background/kb');
const { emptyUserKb, newUserEntity, USER_KB_KEY } = await import('../../src/kb/user');
const { KB_ENTITIES } = await import('../../src/kb/index');

const web = 'https://www.news.example/2026/story';
/** Senders as the browser describes them, each with the kind it should be taken for (null: nobody). */
const SENDER_CASES = [
  { name: 'our content script in a web page', kind: 'tab', s: { id: 'ourid', url: web, frameId: 0, tab: { id: 4, url: web } } },
  { name: 'our content script in a frame of a web page', kind: 'tab', s: { id: 'ourid', url: 'https://ads.example/f', frameId: 7, tab: { id: 4, url: web } } },
  // the toolbar popup and the in-page sidebar's frame are gone (issue #13): a page at either old address is nobody
  { name: 'the old toolbar popup', kind: null, s: { id: 'ourid', url: `${EXT}popup/popup.html` } },
  { name: 'the old toolbar popup in a tab', kind: null, s: { id: 'ourid', url: `${EXT}popup/popup.html`, frameId: 0, tab: { id: 9, url: `${EXT}popup/popup.html` } } },
  { name: 'the library in a tab of its own', kind: 'extensionPage', s: { id: 'ourid', url: `${EXT}options/options.html#library`, frameId: 0, tab: { id: 9, url: `${EXT}options/options.html` } } },
  { name: 'the old panel frame inside a web page', kind: null, s: { id: 'ourid', url: `${EXT}panel/panel.html#t=x`, frameId: 3, tab: { id: 4, url: web } } },
  { name: 'the reading companion in the side panel or sidebar', kind: 'companion', s: { id: 'ourid', url: `${EXT}sidepanel/sidepanel.html` } },
  { name: 'the reading companion in a tab of its own', kind: 'companion', s: { id: 'ourid', url: `${EXT}sidepanel/sidepanel.html?tab=4`, frameId: 0, tab: { id: 9, url: `${EXT}sidepanel/sidepanel.html?tab=4` } } },
  { name: 'the companion framed inside a web page', kind: null, s: { id: 'ourid', url: `${EXT}sidepanel/sidepanel.html`, frameId: 2, tab: { id: 4, url: web } } },
  { name: 'the old panel opened as a page of its own', kind: null, s: { id: 'ourid', url: `${EXT}panel/panel.html`, frameId: 0, tab: { id: 4, url: `${EXT}panel/panel.html` } } },
  { name: 'a library page framed inside a web page', kind: null, s: { id: 'ourid', url: `${EXT}options/options.html`, frameId: 2, tab: { id: 4, url: web } } },
  { name: 'a library page whose tab shows a web page', kind: null, s: { id: 'ourid', url: `${EXT}options/options.html`, frameId: 0, tab: { id: 4, url: web } } },
  { name: 'the options page with no tab', kind: null, s: { id: 'ourid', url: `${EXT}options/options.html` } },
  { name: 'another page of ours', kind: null, s: { id: 'ourid', url: `${EXT}assets/x.html`, frameId: 0, tab: { id: 4, url: `${EXT}assets/x.html` } } },
  { name: 'another extension', kind: null, s: { id: 'evil', url: 'chrome-extension://evil/popup.html' } },
  { name: 'a content script without a tab', kind: null, s: { id: 'ourid', url: web } },
  { name: 'a content script in a non-web document', kind: null, s: { id: 'ourid', url: 'data:text/html,x', frameId: 0, tab: { id: 4 } } },
] as const;

describe('senders', () => {
  it.each(SENDER_CASES)('$name is taken for $kind', ({ s, kind }) => {
    expect(senderKind(s as never)).toBe(kind);
  });

  // one route per direction, with every message the background answers, as index.ts builds them
  beforeAll(() => {
    const byKind: Record<string, Record<string, () => string>> = { tab: {}, extensionPage: {}, companion: {}, options: {} };
    for (const [kind, who] of Object.entries(SENDERS)) for (const w of who) byKind[w]![kind] = () => `ran:${w}`;
    on(Object.entries(byKind).map(([w, handlers]) => route(handlers as never, w as never)));
  });

  const send = async (kind: string, s: unknown) => (await listeners[0]!({ kind, payload: {} }, s)) as { ok: boolean; error?: string; value?: string };
  // `options` is the library page within `extensionPage`: a sender may be both
  const kindsOf = (c: (typeof SENDER_CASES)[number]): string[] => (c.kind === 'extensionPage' && c.name.startsWith('the library') ? ['extensionPage', 'options'] : c.kind ? [c.kind] : []);
  const cases = Object.entries(SENDERS).flatMap(([message, who]) => SENDER_CASES.map((c) => ({ message, who: who as readonly string[], name: c.name, s: c.s, as: kindsOf(c) })));
  it.each(cases)('$message from $name', async ({ message, who, s, as }) => {
    const kind = message;
    const answer = await send(kind, s);
    const allowed = as.some((k) => who.includes(k));
    if (allowed) expect(answer.error ?? answer.value).not.toMatch(/^refused/);
    else expect(answer).toEqual({ ok: false, error: `refused: ${kind}` });
  });

  it('every message type has at least one sender and at least one refused', () => {
    for (const [kind, who] of Object.entries(SENDERS)) {
      expect(who.length, kind).toBeGreaterThan(0);
      expect(who.length, kind).toBeLessThan(3); // of the kinds (tab, extensionPage, companion, options), at least two are refused
    }
  });

  it('the sync token and settings are the options page’s alone: not the companion, not a page, not the old popup', () => {
    const library = SENDER_CASES.find((c) => c.name === 'the library in a tab of its own')!.s;
    const popup = SENDER_CASES.find((c) => c.name === 'the old toolbar popup')!.s;
    expect(isSender(library as never, 'options')).toBe(true);
    expect(isSender(popup as never, 'options')).toBe(false);
    for (const c of SENDER_CASES.filter((x) => x.name !== 'the library in a tab of its own')) expect(isSender(c.s as never, 'options'), c.name).toBe(false);
    for (const [kind, who] of Object.entries(SENDERS)) if (kind.startsWith('sync:')) expect(who, kind).toEqual(['options']);
  });

  it('sync messages carry only what they say: a server address of https (http on this machine), a token of printable characters, known fields', async () => {
    const { validators } = await import('../../src/messaging/protocol');
    expect(validators['sync:connect']({ server: 'https://hypothes.is', token: '6879-abcdefGHIJ_123' })).toBe(true);
    expect(validators['sync:connect']({ server: 'http://127.0.0.1:5000', token: '6879-abcdefGHIJ_123' })).toBe(true);
    expect(validators['sync:connect']({ server: 'http://hypothes.is', token: '6879-abcdefGHIJ_123' })).toBe(false);
    expect(validators['sync:connect']({ server: 'https://hypothes.is/api', token: '6879-abcdefGHIJ_123' })).toBe(false);
    expect(validators['sync:connect']({ server: 'javascript:alert(1)', token: '6879-abcdefGHIJ_123' })).toBe(false);
    expect(validators['sync:connect']({ server: 'https://hypothes.is', token: 'has a space' })).toBe(false);
    expect(validators['sync:connect']({ server: 'https://hypothes.is', token: '6879-abcdefGHIJ_123', extra: 1 })).toBe(false);
    expect(validators['sync:set']({ on: true })).toBe(true);
    expect(validators['sync:set']({ group: 'g7Xk2' })).toBe(true);
    expect(validators['sync:set']({ group: '../x' })).toBe(false);
    expect(validators['sync:set']({})).toBe(false);
    expect(validators['sync:set']({ on: 'yes' })).toBe(false);
    expect(validators['sync:restoreRevision']({ key: 3 })).toBe(true);
    expect(validators['sync:restoreRevision']({ key: '3' })).toBe(false);
  });

  it('only the options page chooses where knowledge updates come from, or sees and settles what was learned from reading: a page, a frame in it or the companion cannot', async () => {
    const bySender = Object.fromEntries(SENDER_CASES.map((c) => [c.name, c.s]));
    const sendOk = (kind: string, s: unknown) => listeners[0]!({ kind, payload: kind === 'kbPack:set' ? { source: null } : kind.startsWith('learned:') ? { key: 'corvex 3' } : {} }, s);
    for (const kind of ['kbPack:set', 'kbPack:check', 'kbPack:state', 'learned:list', 'learned:confirm', 'learned:dismiss']) {
      expect(await sendOk(kind, bySender['the library in a tab of its own'])).toEqual({ ok: true, value: 'ran:extensionPage' });
      for (const who of ['our content script in a web page', 'the old panel frame inside a web page', 'the reading companion in the side panel or sidebar', 'a library page framed inside a web page', 'another extension']) {
        expect(await sendOk(kind, bySender[who]), `${kind} from ${who}`).toEqual({ ok: false, error: `refused: ${kind}` });
      }
    }
    const { validators } = await import('../../src/messaging/protocol');
    expect(validators['kbPack:set']({ source: 'https://updates.example.org/kb-pack.json' })).toBe(true);
    expect(validators['kbPack:set']({ source: null })).toBe(true);
    expect(validators['kbPack:set']({ source: 42 })).toBe(false);
    expect(validators['kbPack:set']({ source: 'x'.repeat(501) })).toBe(false);
    expect(validators['kbPack:set']({ source: null, keys: [] })).toBe(false);
    expect(validators['learned:confirm']({ key: 'corvex 3' })).toBe(true);
    expect(validators['learned:confirm']({ key: 3 })).toBe(false);
    expect(validators['learned:dismiss']({})).toBe(false);
  });

  it('a route refuses to carry a message its sender may not send', () => {
    expect(() => route({ 'backup:get': () => ({}) } as never, 'companion')).toThrow(/backup:get/);
    expect(() => route({ 'ann:forPage': () => [] } as never, 'extensionPage')).toThrow(/ann:forPage/);
  });
});

describe('the in-page sidebar, its frame and the popup stay removed (issue #13)', () => {
  // the frame's messages as they were: if any came back, its sender kind or token would come with it
  const OLD_FRAME = ['panel:state', 'panel:jump', 'panel:reattach', 'panel:annUpdate', 'panel:annDelete', 'panel:annRestore', 'panel:entityNote', 'panel:follow', 'panel:forgetSite', 'panel:showHere', 'panel:live', 'panel:kbSearch', 'panel:correct', 'panel:reload'];
  const token = 'A1b2C3d4E5f6G7h8I9j0K1l2';

  it('no message type of the frame is declared, validated or sent by anyone', async () => {
    const { validators } = await import('../../src/messaging/protocol');
    expect(Object.keys(SENDERS).filter((k) => !/^[a-zA-Z]+:[a-zA-Z]+$/.test(k) || k.startsWith('panel:'))).toEqual([]);
    expect(Object.keys(validators).filter((k) => k.startsWith('panel:'))).toEqual([]);
    for (const who of Object.values(SENDERS)) expect(who).not.toContain('panel');
  });

  it.each(SENDER_CASES.map((c) => ({ name: c.name, s: c.s })))('a frame message from $name is refused before anything runs', async ({ s }) => {
    for (const kind of OLD_FRAME) {
      expect(await listeners[0]!({ kind, payload: { token, id: 'x' } }, s), kind).toEqual({ ok: false, error: `refused: ${kind}` });
    }
  });

  it("the content script no longer sets the sidebar's fold, side or width, and the companion sets only a site's on/off switch", async () => {
    const { validators } = await import('../../src/messaging/protocol');
    expect(SENDERS['site:set']).toEqual(['companion']);
    expect(await listeners[0]!({ kind: 'site:set', payload: { host: 'www.news.example', patch: { enabled: false } } }, SENDER_CASES[0].s)).toEqual({ ok: false, error: 'refused: site:set' });
    expect(validators['site:set']({ host: 'www.news.example', patch: { enabled: false } })).toBe(true);
    for (const patch of [{ collapsed: true }, { side: 'left' }, { width: 420 }, { enabled: true, width: 420 }, {}]) expect(validators['site:set']({ host: 'www.news.example', patch }), JSON.stringify(patch)).toBe(false);
  });

  it('the popup’s questions (tab status, run here, all sites) are the companion’s alone now', () => {
    for (const kind of ['tab:status', 'tab:run', 'allSites:sync'] as const) expect(SENDERS[kind], kind).toEqual(['companion']);
  });
});

describe('story identity is the browser’s, not the page’s', () => {
  it.each([
    ['https://www.reuters.com/a', 'reuters.com'],
    ['https://uk.reuters.com/a', 'reuters.com'],
    ['http://www.news.example:8080/a', 'news.example'],
    ['https://alice.github.io/post', 'alice.github.io'],
    ['http://127.0.0.1:3000/x', '127.0.0.1'],
    ['moz-extension://x/panel.html', null],
    ['not a url', null],
  ])('siteOf(%s) = %s', (url, site) => expect(siteOf(url)).toBe(site));

  it('a canonical link counts only on its own site', () => {
    expect(trustedCanonical('https://amp.reuters.com/a.amp', 'https://www.reuters.com/a')).toBe('https://www.reuters.com/a');
    expect(trustedCanonical('https://www.news.example/copy', 'https://www.reuters.com/a')).toBeNull();
    expect(trustedCanonical('https://alice.github.io/p', 'https://bob.github.io/p')).toBeNull();
    expect(trustedCanonical('https://www.news.example/copy', 'javascript:alert(1)')).toBeNull();
    expect(sameSite('https://a.news.example/', 'https://b.news.example/')).toBe(true);
  });

  it('an address a content script names is kept only within the sender’s origin', () => {
    expect(boundUrl(web, 'https://www.news.example/2026/next')).toBe('https://www.news.example/2026/next');
    expect(boundUrl(web, 'https://www.reuters.com/a')).toBe(web);
    expect(boundUrl(web, 'garbage')).toBe(web);
  });

  it('bindPage takes the sender’s address and drops a canonical link of another site', () => {
    const from = { tabId: 1, frameId: 0, url: web };
    expect(bindPage({ url: 'https://www.reuters.com/a', canonical: 'https://www.reuters.com/a', x: 1 }, from)).toEqual({ url: web, canonical: null, x: 1 });
    expect(() => bindPage({ url: web, canonical: null }, { tabId: null, frameId: null, url: `${EXT}options/options.html` })).toThrow(/refused/);
  });

  it('a content script may change only its own site’s switches', () => {
    const from = { tabId: 1, frameId: 0, url: web };
    expect(ownHost('www.news.example', from)).toBe('www.news.example');
    expect(() => ownHost('www.reuters.com', from)).toThrow(/refused/);
  });

  it('a highlight belongs to the site of its story’s address', () => {
    expect(madeOn({ url: 'https://reuters.com/a' }, 'reuters.com')).toBe(true);
    expect(madeOn({ url: 'https://reuters.com/a' }, 'news.example')).toBe(false);
    expect(madeOn({ url: 'https://reuters.com/a' }, null)).toBe(false);
  });
});

describe('the reader’s own knowledge stays out of the page', () => {
  const today = '2026-12-07';
  const mine = newUserEntity({ name: 'Zorblax Labs', type: 'company', summary: 'My private note on Zorblax.' }, new Set(), today);
  if (!mine.ok) throw new Error(mine.error);
  const anthropic = KB_ENTITIES.find((e) => e.id === 'anthropic')!;
  const user = { ...emptyUserKb(), entities: [mine.value], aliases: [{ entityId: 'anthropic', text: 'Ant Co' }], summaries: { anthropic: 'My own words on Anthropic.' } };
  const kb = createKbService({ get: async (k) => (k === USER_KB_KEY ? user : undefined), set: async () => undefined });
  const card = (over: Record<string, unknown>) => ({ name: 'x', type: 'company' as const, kbId: null, summary: null, mentionCount: 1, firstMention: null, family: null, familyId: null, maker: null, status: null, mentionTexts: ['x'], why: [], ...over });

  it('an entity the reader added is neither marked nor carded in the page; their edits of a shipped one are not shown', async () => {
    const res = await kb.forPage({
      entities: [
        card({ name: 'Zorblax Labs', kbId: mine.value.id, summary: 'My private note on Zorblax.', mentionTexts: ['Zorblax Labs'] }),
        card({ name: anthropic.name, kbId: 'anthropic', summary: 'My own words on Anthropic.', mentionTexts: ['Anthropic', 'Ant Co'] }),
        card({ name: 'Ant Co only', kbId: 'anthropic', mentionTexts: ['Ant Co'] }),
      ],
    });
    expect(res.entities).toHaveLength(1);
    expect(res.entities[0]).toMatchObject({ kbId: 'anthropic', mentionTexts: ['Anthropic'], summary: anthropic.summary });
    expect(await kb.card({ id: mine.value.id }, true)).toBeNull();
    expect((await kb.card({ id: 'anthropic' }, true))?.summary).toBe(anthropic.summary);
    expect(JSON.stringify(await kb.card({ id: 'anthropic' }, true))).not.toMatch(/Zorblax|My own words/);
    // the library (an extension page) still sees them
    expect((await kb.card({ id: mine.value.id }))?.summary).toBe('My private note on Zorblax.');
  });
});

describe('settings move out of storage.local', () => {
  it('old records move to the extension’s IndexedDB once, and leave storage.local', async () => {
    const area: Record<string, unknown> = { settings: { v: 3, prefs: { marks: 'all' } }, userKb: { version: 1 } };
    const legacy = {
      get: async () => ({ ...area }),
      remove: async (keys: string[]) => void keys.forEach((k) => delete area[k]),
    };
    const factory = new IDBFactory();
    const kv = createKv(factory, legacy);
    expect(await kv.get('settings')).toEqual({ v: 3, prefs: { marks: 'all' } });
    expect(area).toEqual({});
    await kv.set('settings', { v: 3 });
    // a stale copy left behind (a failed remove) never overwrites the newer record
    area.settings = { v: 1 };
    const db = await new Promise<IDBDatabase>((r) => {
      const q = factory.open(KV_DB_NAME, 1);
      q.onsuccess = () => r(q.result);
    });
    const { wrap } = await import('idb');
    expect(await moveFrom(wrap(db) as never, legacy)).toBe(0);
    expect(await createKv(factory, null).get('settings')).toEqual({ v: 3 });
  });
});

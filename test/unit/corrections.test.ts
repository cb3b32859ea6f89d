import { describe, expect, it } from 'vitest';
import { KB_ENTITIES, createKnowledgeBase } from '../../src/kb/index';
import { checkUserKb, emptyUserKb, mergeUserKb, newUserEntity, type UserKb } from '../../src/kb/user';
import { correctAnalysis, correctKb, siteOf, siteOfUrl, withCorrection, type Correction } from '../../src/kb/corrections';
import { compileKb } from '../../src/entities/compiled';
import { analyzeText } from '../../src/entities/extract';

/** The correction loop of issue #12: "Not this", "It's …" and "Add", kept with the reader's additions and applied at the next analysis. */
const shipped = new Set(KB_ENTITIES.map((e) => e.id));
// a sentence of our own where "Haiku" (an ambiguous alias of Claude) links to Claude
const TEXT = 'Anthropic released Haiku, its fastest AI model, to developers on Tuesday, and Reuters tested it.';

/** The analysis path of the background: merged, corrected knowledge base, then the analysis corrected for the site. */
function analyze(user: UserKb, site: string | null = null) {
  const merged = mergeUserKb(KB_ENTITIES, user);
  const compiled = compileKb(createKnowledgeBase(correctKb(merged, user.corrections)));
  return correctAnalysis(analyzeText(TEXT, '', { compiled }), user.corrections, site);
}
const linkOf = (user: UserKb, site: string | null = null) => analyze(user, site).entities.find((e) => e.mentions.some((m) => m.text === 'Haiku'))?.kbId ?? null;
const withCorrections = (...corrections: Correction[]): UserKb => {
  const r = checkUserKb({ ...emptyUserKb(), corrections }, shipped);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('applying corrections to an analysis', () => {
  it('without a correction, "Haiku" links to Claude (the mistake the reader corrects)', () => {
    expect(linkOf(emptyUserKb())).toBe('claude');
  });

  it('"Not this" everywhere: the mention is no longer linked, and Claude (found only there) is gone', () => {
    const user = withCorrections({ kind: 'notThis', name: 'Haiku', entityId: 'claude', site: null });
    const a = analyze(user, 'news.example');
    expect(a.entities.some((e) => e.kbId === 'claude')).toBe(false);
    expect(a.entities.some((e) => e.mentions.some((m) => m.text === 'Haiku'))).toBe(false);
    // the rest of the article is untouched
    expect(a.entities.map((e) => e.kbId)).toEqual(['anthropic', 'reuters']);
  });

  it('"Not this" on one site applies on that site only', () => {
    const user = withCorrections({ kind: 'notThis', name: 'Haiku', entityId: 'claude', site: 'news.example' });
    expect(linkOf(user, 'news.example')).toBeNull();
    expect(linkOf(user, 'other.example')).toBe('claude');
    expect(linkOf(user, null)).toBe('claude');
  });

  it('"Not this" of another entity leaves the link alone; "not an entity at all" removes it whatever it linked to', () => {
    expect(linkOf(withCorrections({ kind: 'notThis', name: 'Haiku', entityId: 'anthropic', site: null }))).toBe('claude');
    expect(linkOf(withCorrections({ kind: 'notThis', name: 'haiku', entityId: null, site: null }))).toBeNull();
  });

  it('"It\'s …": the name links to the chosen entity, and Claude no longer has it', () => {
    const user = withCorrections({ kind: 'itIs', name: 'Haiku', entityId: 'claude-haiku-4-5' });
    const a = analyze(user);
    expect(a.entities.find((e) => e.kbId === 'claude-haiku-4-5')?.mentions.map((m) => m.text)).toEqual(['Haiku']);
    expect(a.entities.some((e) => e.kbId === 'claude')).toBe(false);
  });

  it('"It\'s …" for a name that is another entity\'s own name: the chosen entity wins it', () => {
    const user = withCorrections({ kind: 'itIs', name: 'Reuters', entityId: 'bloomberg' });
    const a = analyze(user);
    expect(a.entities.find((e) => e.mentions.some((m) => m.text === 'Reuters'))?.kbId).toBe('bloomberg');
    expect(a.entities.some((e) => e.kbId === 'reuters')).toBe(false);
  });

  it('"It\'s …" keeps the evidence rule: an ambiguous name still needs an AI article', () => {
    const user = withCorrections({ kind: 'itIs', name: 'Haiku', entityId: 'claude-haiku-4-5' });
    const compiled = compileKb(createKnowledgeBase(correctKb(mergeUserKb(KB_ENTITIES, user), user.corrections)));
    const poem = analyzeText('She wrote a haiku about the autumn moon. Haiku has seventeen syllables.', '', { compiled });
    expect(poem.entities.some((e) => e.kbId === 'claude-haiku-4-5')).toBe(false);
  });

  it('"Add": the name becomes a new known entity of the reader\'s, by its maker', () => {
    const made = newUserEntity({ name: 'Haiku', type: 'model', maker: 'anthropic' }, new Set(), '2026-12-07');
    if (!made.ok) throw new Error(made.error);
    const r = checkUserKb({ ...emptyUserKb(), entities: [made.value], corrections: [{ kind: 'add', name: 'Haiku', entityId: made.value.id }] }, shipped);
    if (!r.ok) throw new Error(r.error);
    const e = analyze(r.value).entities.find((x) => x.mentions.some((m) => m.text === 'Haiku'));
    expect(e).toMatchObject({ kbId: 'user-haiku', type: 'model', name: 'Haiku' });
  });

  it('correctKb moves a name to its entity only', () => {
    const user = withCorrections({ kind: 'itIs', name: 'Sonnet', entityId: 'claude-haiku-4-5' });
    const kb = correctKb(KB_ENTITIES, user.corrections);
    expect(kb.find((e) => e.id === 'claude')!.aliases.map((a) => a.text)).not.toContain('Sonnet');
    expect(kb.find((e) => e.id === 'claude-haiku-4-5')!.aliases).toContainEqual({ text: 'Sonnet', ambiguous: true });
    expect(kb).toHaveLength(KB_ENTITIES.length);
  });
});

describe('storing corrections with the reader\'s additions', () => {
  it('a version-1 file (before corrections) is still read, and comes back as version 2 with none', () => {
    expect(checkUserKb({ version: 1, hidden: ['reuters'] }, shipped)).toEqual({ ok: true, value: { ...emptyUserKb(), hidden: ['reuters'] } });
  });

  it('names are trimmed; the site is a registrable site', () => {
    const r = checkUserKb({ ...emptyUserKb(), corrections: [{ kind: 'notThis', name: '  Haiku ', entityId: 'claude', site: 'news.example' }] }, shipped);
    expect(r).toEqual({ ok: true, value: { ...emptyUserKb(), corrections: [{ kind: 'notThis', name: 'Haiku', entityId: 'claude', site: 'news.example' }] } });
  });

  const bad = (corrections: unknown) => ({ ...emptyUserKb(), corrections });
  it.each([
    [bad({}), 'corrections: must be a list'],
    [bad(Array.from({ length: 2001 }, () => ({ kind: 'notThis', name: 'Haiku', entityId: null, site: null }))), 'corrections: must be a list of at most 2000'],
    [bad(['Haiku']), 'corrections[0]: must be an object'],
    [bad([{ kind: 'nope', name: 'Haiku' }]), 'corrections[0].kind'],
    [bad([{ kind: 'itIs', name: 'Haiku', entityId: 'claude', site: null }]), 'corrections[0].site: unknown field'],
    [bad([{ kind: 'notThis', name: '', entityId: null, site: null }]), 'corrections[0].name'],
    [bad([{ kind: 'notThis', name: 'x'.repeat(121), entityId: null, site: null }]), 'corrections[0].name'],
    [bad([{ kind: 'notThis', name: 'Hai\u0000ku', entityId: null, site: null }]), 'corrections[0].name'],
    [bad([{ kind: 'notThis', name: 'Haiku', entityId: 'ghost', site: null }]), 'corrections[0].entityId: no entity "ghost"'],
    [bad([{ kind: 'itIs', name: 'Haiku', entityId: null }]), 'corrections[0].entityId'],
    [bad([{ kind: 'add', name: 'Haiku', entityId: 'claude' }]), 'corrections[0].entityId: an added name is one of your own entities'],
    [bad([{ kind: 'notThis', name: 'Haiku', entityId: 'claude', site: 'www.news.example' }]), 'corrections[0].site'],
    [bad([{ kind: 'notThis', name: 'Haiku', entityId: 'claude', site: 'https://news.example/' }]), 'corrections[0].site'],
    [bad([{ kind: 'notThis', name: 'Haiku', entityId: 'claude', site: null }, { kind: 'notThis', name: 'haiku', entityId: 'claude', site: null }]), 'corrections[1]: the same correction twice'],
    [bad([{ kind: 'itIs', name: 'Haiku', entityId: 'claude' }, { kind: 'itIs', name: 'Haiku', entityId: 'claude-haiku-4-5' }]), 'corrections[1].name: "Haiku" is already corrected'],
    [JSON.parse('{"version":2,"corrections":[{"kind":"itIs","name":"Haiku","entityId":"claude","__proto__":{"polluted":true}}]}'), 'corrections[0].__proto__: not allowed as a key'],
    [JSON.parse('{"version":2,"__proto__":{"polluted":true}}'), '__proto__: not allowed as a key'],
    [{ version: 1, corrections: [] }, 'corrections: unknown field'],
  ])('a bad file is refused with its first problem named (%#)', (data, problem) => {
    const r = checkUserKb(data, shipped);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(problem);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the site of a correction', () => {
  it.each([
    ['www.news.example', 'news.example'],
    ['news.example', 'news.example'],
    ['WWW.Example-News.com.', 'example-news.com'],
    ['www.bbc.co.uk', 'bbc.co.uk'],
    ['www.abc.net.au', 'abc.net.au'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['bad host', null],
  ])('%s → %s', (host, site) => expect(siteOf(host)).toBe(site));

  it('only http(s) addresses have a site', () => {
    expect(siteOfUrl('https://www.news.example:8443/a?b')).toBe('news.example');
    expect(siteOfUrl('chrome-extension://abc/sidepanel/sidepanel.html')).toBeNull();
    expect(siteOfUrl(null)).toBeNull();
  });
});

describe('a new correction replaces what it contradicts', () => {
  const notClaudeHere: Correction = { kind: 'notThis', name: 'Haiku', entityId: 'claude', site: 'news.example' };
  const isHaiku45: Correction = { kind: 'itIs', name: 'Haiku', entityId: 'claude-haiku-4-5' };
  it.each([
    ['the same "not this" twice is kept once', [notClaudeHere], notClaudeHere, [notClaudeHere]],
    ['"not this" on another site is kept beside it', [notClaudeHere], { ...notClaudeHere, site: 'other.example' }, [notClaudeHere, { ...notClaudeHere, site: 'other.example' }]],
    ['"it\'s …" to another entity keeps "not Claude"', [notClaudeHere], isHaiku45, [notClaudeHere, isHaiku45]],
    ['"it\'s Claude" drops "not Claude"', [notClaudeHere], { kind: 'itIs', name: 'haiku', entityId: 'claude' }, [{ kind: 'itIs', name: 'haiku', entityId: 'claude' }]],
    ['a second "it\'s …" replaces the first', [isHaiku45], { kind: 'itIs', name: 'Haiku', entityId: 'claude' }, [{ kind: 'itIs', name: 'Haiku', entityId: 'claude' }]],
    ['"not Haiku 4.5" drops "it\'s Haiku 4.5"', [isHaiku45], { kind: 'notThis', name: 'Haiku', entityId: 'claude-haiku-4-5', site: null }, [{ kind: 'notThis', name: 'Haiku', entityId: 'claude-haiku-4-5', site: null }]],
    ['"not a name at all" drops any "it\'s …"', [isHaiku45], { kind: 'notThis', name: 'Haiku', entityId: null, site: null }, [{ kind: 'notThis', name: 'Haiku', entityId: null, site: null }]],
    ['other names are left alone', [{ kind: 'itIs', name: 'Sonnet', entityId: 'claude' }], isHaiku45, [{ kind: 'itIs', name: 'Sonnet', entityId: 'claude' }, isHaiku45]],
  ] as [string, Correction[], Correction, Correction[]][])('%s', (_, list, c, out) => {
    expect(withCorrection(list, c)).toEqual(out);
    expect(checkUserKb({ ...emptyUserKb(), corrections: withCorrection(list, c) }, shipped).ok).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { KB_ENTITIES, createKnowledgeBase } from '../../src/kb/index';
import { KbIndex, cardFor, cardForUnknown } from '../../src/kb/cards';
import { checkUserKb, emptyUserKb, mergeUserKb, newUserEntity, type UserKb } from '../../src/kb/user';
import { entityProblem } from '../../src/kb/validate';
import { searchKb } from '../../src/kb/search';
import { compileKb } from '../../src/entities/compiled';
import { analyzeText } from '../../src/entities/extract';

const shipped = new Set(KB_ENTITIES.map((e) => e.id));
const idx = new KbIndex(KB_ENTITIES);

describe('cards', () => {
  it('a model found by its shape gets its maker and family from the family entity', () => {
    const card = cardForUnknown(idx, 'Qwen3.7-Max', 'model', 'qwen');
    const fact = (label: string) => card.facts.find((f) => f.label === label);
    expect(fact('Maker')?.value).toMatch(/^Alibaba/);
    expect(fact('Family')?.ref?.id).toBe('qwen');
    expect(card.unknown).toBe(true);
  });

  it('a company card lists the models it makes and who leads it, each linking to its card', () => {
    const card = cardFor(idx, 'anthropic')!;
    const models = card.relations.find((r) => r.label === 'Models and products')!;
    expect(models.refs.map((r) => r.id)).toEqual(expect.arrayContaining(['claude', 'claude-code']));
    for (const r of card.relations.flatMap((x) => x.refs)) expect(cardFor(idx, r.id)).not.toBeNull();
  });

  it('a family card lists its members; a member names its maker and family', () => {
    expect(cardFor(idx, 'qwen')!.relations.find((r) => r.label === 'Members')?.refs.length).toBeGreaterThan(0);
    const member = KB_ENTITIES.find((e) => e.facts?.family === 'claude')!;
    const card = cardFor(idx, member.id)!;
    expect(card.facts.find((f) => f.label === 'Maker')?.ref?.id).toBe('anthropic');
    expect(card.facts.find((f) => f.label === 'Family')?.ref?.id).toBe('claude');
  });

  it('a policy card shows its status', () => {
    expect(cardFor(idx, 'eu-ai-act')!.facts.map((f) => f.label)).toContain('Status');
  });

  it('disputes appear on both sides as claims with a status, never as facts', () => {
    const disputed = KB_ENTITIES.filter((e) => e.relations?.some((r) => r.type === 'sued-by' || r.type === 'accused-of-distilling'));
    expect(disputed.length).toBeGreaterThan(0);
    for (const e of disputed) {
      const card = cardFor(idx, e.id)!;
      expect(card.disputes.length).toBeGreaterThan(0);
      for (const d of card.disputes) expect(['alleged', 'denied', 'settled', 'ruled', 'pending', 'dismissed']).toContain(d.status);
      const other = card.disputes[0]!.claimant.id === e.id ? card.disputes[0]!.respondent.id : card.disputes[0]!.claimant.id;
      expect(cardFor(idx, other)!.disputes.length).toBeGreaterThan(0);
    }
  });

  it('links on cards are http(s) only', () => {
    for (const e of KB_ENTITIES) for (const l of cardFor(idx, e.id)!.links) expect(l.href).toMatch(/^https?:\/\//);
  });
});

describe("the reader's additions", () => {
  const anthropicModel = (name: string) => newUserEntity({ name, type: 'model', maker: 'anthropic' }, new Set(), '2026-11-25');

  it('a new model by a maker is matched in the next article and its card names the maker', () => {
    const made = anthropicModel('Parable 7');
    expect(made.ok).toBe(true);
    if (!made.ok) return;
    const user: UserKb = { ...emptyUserKb(), entities: [made.value] };
    expect(checkUserKb(user, shipped)).toMatchObject({ ok: true });
    const merged = mergeUserKb(KB_ENTITIES, user);
    const r = analyzeText('Anthropic said Parable 7 beat Claude on every coding test, and the AI model ships today.', '', { compiled: compileKb(createKnowledgeBase(merged)) });
    expect(r.entities.find((e) => e.name === 'Parable 7')).toMatchObject({ kbId: made.value.id, type: 'model' });
    expect(cardFor(new KbIndex(merged), made.value.id)!.facts.find((f) => f.label === 'Maker')?.ref?.id).toBe('anthropic');
  });

  it('an extra alias links a new name to a shipped entity; hiding an entity removes it', () => {
    const user: UserKb = { ...emptyUserKb(), aliases: [{ entityId: 'qwen', text: 'Tongyi' }], hidden: ['reuters'] };
    const merged = mergeUserKb(KB_ENTITIES, user);
    const r = analyzeText('Alibaba updated Tongyi, its AI model family, Reuters reported on Monday about the chatbot.', '', { compiled: compileKb(createKnowledgeBase(merged)) });
    expect(r.entities.find((e) => e.kbId === 'qwen')?.mentions.map((m) => m.text)).toContain('Tongyi');
    expect(r.entities.some((e) => e.kbId === 'reuters')).toBe(false);
  });

  it("a reader's summary replaces the shipped one on the card", () => {
    const merged = mergeUserKb(KB_ENTITIES, { ...emptyUserKb(), summaries: { reuters: 'My own note on the wire service I read most.' } });
    expect(cardFor(new KbIndex(merged), 'reuters')!.summary).toBe('My own note on the wire service I read most.');
    expect(cardFor(idx, 'reuters')!.summary).not.toBe('My own note on the wire service I read most.');
  });

  it.each([
    [[], 'the file must hold a JSON object'],
    [{ version: 3 }, 'version: must be 1 or 2'],
    [{ version: 1, entities: [{ id: 'anthropic' }] }, 'entities[0].type'],
    [{ version: 1, entities: [{ ...KB_ENTITIES[0], id: 'user-x', summary: 'short' }] }, 'entities[0].summary'],
    [{ version: 1, entities: [{ ...KB_ENTITIES[0], id: 'user-x', links: { site: 'javascript:alert(1)' } }] }, 'entities[0].links.site'],
    [{ version: 1, entities: [{ ...KB_ENTITIES[0], id: 'anthropic' }] }, 'must start with "user-"'],
    [{ version: 1, aliases: [{ entityId: 'nope', text: 'X' }] }, 'aliases[0].entityId'],
    [{ version: 1, hidden: ['ghost'] }, 'hidden[0]'],
    [{ version: 1, extra: true }, 'extra: unknown field'],
  ])('a bad file is refused with its first problem named: %j', (data, problem) => {
    const r = checkUserKb(data, shipped);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(problem);
  });

  it('export → import round-trips', () => {
    const made = anthropicModel('Mythos 5');
    if (!made.ok) throw new Error(made.error);
    const user: UserKb = {
      version: 2,
      entities: [made.value],
      aliases: [{ entityId: 'claude', text: 'Claude AI' }],
      hidden: ['bloomberg'],
      summaries: { reuters: 'A news agency the reader follows for wire copy.' },
      corrections: [
        { kind: 'notThis', name: 'Haiku', entityId: 'claude', site: 'news.example' },
        { kind: 'notThis', name: 'Sonnet', entityId: null, site: null },
        { kind: 'itIs', name: 'Opus', entityId: 'claude-haiku-4-5' },
        { kind: 'add', name: 'Mythos 5', entityId: made.value.id },
      ],
    };
    const back = checkUserKb(JSON.parse(JSON.stringify(user)), shipped);
    expect(back).toEqual({ ok: true, value: user });
  });

  it('the hand-written validator accepts every shipped entity (it guards what readers import)', () => {
    expect(KB_ENTITIES.map((e) => entityProblem(e, e.id)).filter(Boolean)).toEqual([]);
  });
});

describe('knowledge-base search', () => {
  it.each([
    ['qwen', 'qwen'],
    ['BIS', 'bis'],
    ['amodei', 'dario-amodei'],
  ])('finds %s', (q, id) => {
    expect(searchKb(KB_ENTITIES, q).hits.slice(0, 5).map((h) => h.id)).toContain(id);
  });
  it('filters by type', () => {
    const r = searchKb(KB_ENTITIES, '', { type: 'outlet', limit: 500 });
    expect(r.hits.every((h) => h.type === 'outlet')).toBe(true);
    expect(r.total).toBeGreaterThan(10);
  });
});

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { ENTITY_SCHEMA, FACT_RULES, POLICY_STATUSES, RELATION_TYPES, CLAIM_STATUSES } from '../../src/kb/schema';
import { datedFacts, entityProblem, kbProblems } from '../../src/kb/validate';
import { ENTITY_TYPES, PERIOD_FACTS, type KbEntity } from '../../src/kb/types';
import { KB_ENTITIES } from '../../src/kb/index';
import { kbStats } from '../../src/cli/kb-stats';

/**
 * One set of knowledge-base rules (issue #15): every rule of assets/kb/README.md has a case here, and
 * each case goes through both the JSON schema (ajv) and the hand validator, which must agree.
 */
const README = readFileSync(new URL('../../assets/kb/README.md', import.meta.url), 'utf8');
const validate = new Ajv({ allErrors: true }).compile(ENTITY_SCHEMA as object);
const ajv = Object.assign((x: unknown): boolean => validate(x), { get errors() { return validate.errors; } });
const SRC = 'https://example.org/page';
const base = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'acme-labs',
  type: 'company',
  name: 'Acme Labs',
  aliases: [{ text: 'Acme Labs' }],
  summary: 'A test company that makes nothing at all.',
  links: { official: SRC },
  asOf: '2026-12-07',
  ...over,
});
const person = (over: Record<string, unknown> = {}) => base({ id: 'jane-roe', type: 'person', name: 'Jane Roe', aliases: [{ text: 'Jane Roe' }], ...over });
const policy = (over: Record<string, unknown> = {}) => base({ id: 'test-act', type: 'policy', name: 'Test Act', aliases: [{ text: 'Test Act' }], ...over });

/** [rule as the README words it, entity, valid?] */
const CASES: [string, Record<string, unknown>, boolean][] = [
  ['a plain entity is valid', base(), true],
  ['id: lowercase kebab-case', base({ id: 'Acme_Labs' }), false],
  ['id: no leading hyphen', base({ id: '-acme' }), false],
  ['type: one of the eight types', base({ type: 'robot' }), false],
  ['required: summary', (({ summary: _s, ...r }) => r)(base()), false],
  ['required: asOf', (({ asOf: _a, ...r }) => r)(base()), false],
  ['asOf: YYYY-MM-DD', base({ asOf: '2026-12' }), false],
  ['unknown top-level field', base({ notes: 'x' }), false],
  ['aliases: at least one', base({ aliases: [] }), false],
  ['alias: unknown field', base({ aliases: [{ text: 'Acme Labs', weight: 2 }] }), false],
  ['alias: case is sensitive or insensitive', base({ aliases: [{ text: 'Acme Labs', case: 'upper' }] }), false],
  ['alias: ambiguous is a boolean', base({ aliases: [{ text: 'Acme Labs', ambiguous: 'yes' }] }), false],
  ['alias: an insensitive, ambiguous alias is fine', base({ aliases: [{ text: 'Acme Labs', case: 'insensitive', ambiguous: true }] }), true],
  ['alias: no possessive', base({ aliases: [{ text: 'Acme Labs' }, { text: "Acme's" }] }), false],
  ['alias: no possessive with a curly apostrophe', base({ aliases: [{ text: 'Acme Labs' }, { text: 'Acme’s' }] }), false],
  ['summary: at most 200 characters', base({ summary: 'x'.repeat(201) }), false],
  ['summary: 200 characters is fine', base({ summary: 'x'.repeat(200) }), true],
  ['summary: at least 10 characters', base({ summary: 'short' }), false],
  ['links: at least one', base({ links: {} }), false],
  ['links: http(s) only', base({ links: { official: 'javascript:alert(1)' } }), false],
  ['links: wikidata as a bare id', base({ links: { wikidata: 'Q95' } }), true],
  ['links: wikidata not a bare word', base({ links: { wikidata: 'Google' } }), false],
  ['facts: only the keys of the type', base({ facts: { maker: 'acme-labs' } }), false],
  ['facts: company kind from its list', base({ facts: { kind: 'ai-lab' } }), true],
  ['facts: company kind not outside its list', base({ facts: { kind: 'bakery' } }), false],
  ['facts: a date fact is YYYY, YYYY-MM or YYYY-MM-DD', base({ facts: { founded: 'in 2021' } }), false],
  ['facts: model modality from its list', base({ type: 'model', facts: { maker: 'acme-labs', kind: 'model', modality: 'smell' } }), false],
  ['facts: openWeights is true or false', base({ type: 'model', facts: { maker: 'acme-labs', openWeights: 'yes' } }), false],
  ['facts: policy status from the statuses', policy({ facts: { status: 'thriving' } }), false],
  ['facts: policy status "replaced" is a status', policy({ facts: { status: 'replaced', kind: 'law' } }), true],
  ['facts: policy kind declaration', policy({ facts: { kind: 'declaration' } }), true],
  ['facts: person since is a date', person({ facts: { role: 'CEO', org: 'acme-labs', since: 'recently' } }), false],
  ['facts: organisation jurisdiction', base({ type: 'organization', facts: { kind: 'court', jurisdiction: 'US' } }), true],
  ['relations: type from the list', base({ relations: [{ type: 'likes', target: 'x' }] }), false],
  ['relations: unknown field', base({ relations: [{ type: 'makes', target: 'x', weight: 1 }] }), false],
  ['relations: date format', base({ relations: [{ type: 'makes', target: 'x', date: 'May 2024' }] }), false],
  ['relations: source http(s)', base({ relations: [{ type: 'makes', target: 'x', source: 'ftp://x' }] }), false],
  ['relations: a dispute carries a status', base({ relations: [{ type: 'sued-by', target: 'x' }] }), false],
  ['relations: a dispute with its status', base({ relations: [{ type: 'sued-by', target: 'x', status: 'pending', source: SRC }] }), true],
  ['relations: a status from the claim statuses', base({ relations: [{ type: 'sued-by', target: 'x', status: 'won' }] }), false],
  ['relations: note at most 200 characters', base({ relations: [{ type: 'makes', target: 'x', note: 'n'.repeat(201) }] }), false],
  ['timeline: date format', base({ timeline: [{ date: '14 May 2026', text: 'Signed.' }] }), false],
  ['timeline: text 3 to 160 characters', base({ timeline: [{ date: '2026', text: 'x'.repeat(161) }] }), false],
  ['timeline: source http(s)', base({ timeline: [{ date: '2026', text: 'Signed.', source: 'file:///x' }] }), false],
  ['timeline: unknown field', base({ timeline: [{ date: '2026', event: 'Signed.' }] }), false],
  ['periods: a role with its source', person({ periods: [{ fact: 'role', value: 'CEO', org: 'acme-labs', start: '2016', end: '2025-12', source: SRC }] }), true],
  ['periods: source required', person({ periods: [{ fact: 'role', value: 'CEO', start: '2016' }] }), false],
  ['periods: start required', person({ periods: [{ fact: 'role', value: 'CEO', source: SRC }] }), false],
  ['periods: fact from the list', person({ periods: [{ fact: 'mood', value: 'happy', start: '2016', source: SRC }] }), false],
  ['periods: unknown field', person({ periods: [{ fact: 'role', value: 'CEO', start: '2016', source: SRC, note: 'x' }] }), false],
  ['periods: a status from the policy statuses', policy({ periods: [{ fact: 'status', value: 'sleeping', start: '2020', source: SRC }] }), false],
  ['periods: replaced by another policy', policy({ periods: [{ fact: 'status', value: 'replaced', by: 'other-act', start: '2026-05-14', source: SRC }] }), true],
  ['periods: a parent period names the parent', base({ periods: [{ fact: 'parent', value: 'subsidiary of', start: '2026-02', source: SRC }] }), false],
  ['periods: source http(s)', person({ periods: [{ fact: 'role', value: 'CEO', start: '2016', source: 'see Reuters' }] }), false],
  ['sources: a fact the entity states, cited by an https page', base({ facts: { founded: '2021', hq: 'France' }, sources: { founded: SRC, hq: SRC } }), true],
  ['sources: https only, not http', base({ facts: { founded: '2021' }, sources: { founded: 'http://example.org/page' } }), false],
  ['sources: https only, not javascript:', base({ facts: { founded: '2021' }, sources: { founded: 'javascript:alert(1)' } }), false],
  ['sources: only facts of the type', base({ facts: { founded: '2021' }, sources: { released: SRC } }), false],
  ['sources: no prototype key', base({ facts: { founded: '2021' }, sources: JSON.parse(`{"__proto__": "${SRC}"}`) }), false],
  ['sources: an address, not a list', base({ facts: { founded: '2021' }, sources: { founded: [SRC] } }), false],
];

describe('the JSON schema and the validator say the same thing', () => {
  it.each(CASES)('%s', (_rule, entity, valid) => {
    expect(ajv(entity), `schema: ${JSON.stringify(ajv.errors?.[0])}`).toBe(valid);
    expect(entityProblem(entity), 'validator').toEqual(valid ? null : expect.any(String));
  });

  it('the one rule JSON Schema cannot state (comparing two values) is the validator\'s alone: a period ends no earlier than it starts', () => {
    const e = person({ periods: [{ fact: 'role', value: 'CEO', start: '2020', end: '2019', source: SRC }] });
    expect(ajv(e)).toBe(true);
    expect(entityProblem(e)).toMatch(/end: before its start/);
    expect(KB_ENTITIES.flatMap((x) => x.periods ?? []).filter((p) => p.end && p.end < p.start)).toEqual([]);
  });

  it('every shipped entity passes both', () => {
    expect(KB_ENTITIES.flatMap((e) => (ajv(e) ? [] : [e.id]))).toEqual([]);
    expect(KB_ENTITIES.map((e) => entityProblem(e)).filter(Boolean)).toEqual([]);
  });

  it('the rule JSON Schema cannot state (a source names a fact the entity has) is the validator\'s alone', () => {
    const e = base({ facts: { kind: 'ai-lab' }, sources: { founded: SRC } });
    expect(ajv(e)).toBe(true);
    expect(entityProblem(e)).toMatch(/sources.founded: the entity states no such fact/);
    const mine = base({ links: {}, facts: { myNote: 'kept' }, sources: { myNote: SRC, other: SRC } });
    expect(entityProblem(mine, 'entity', { requireLink: false })).toMatch(/sources.other: the entity states no such fact/);
    expect(KB_ENTITIES.filter((x) => Object.keys(x.sources ?? {}).some((k) => x.facts?.[k] === undefined)).map((x) => x.id)).toEqual([]);
  });

  it("a reader's own entry may have no link, a longer summary and facts of its own naming", () => {
    const mine = base({ links: {}, summary: 'x'.repeat(250), facts: { myNote: 'kept' } });
    expect(entityProblem(mine, 'entity', { requireLink: false })).toBeNull();
    expect(entityProblem(mine)).not.toBeNull();
  });
});

describe('rules across entities (kbProblems)', () => {
  const co = base() as unknown as KbEntity;
  const ok = (list: Record<string, unknown>[]) => kbProblems(list as unknown as KbEntity[]);
  it.each([
    ['ids are unique across files', [co, { ...co, type: 'organization' }], /id used twice/],
    ['the canonical name is among the aliases', [{ ...co, aliases: [{ text: 'Acme' }] }], /not among its aliases/],
    ['every model names its maker', [co, base({ id: 'acme-1', type: 'model', name: 'Acme 1', aliases: [{ text: 'Acme 1' }], facts: { kind: 'model' } })], /names its maker/],
    ['a maker is a company', [person(), base({ id: 'acme-1', type: 'model', name: 'Acme 1', aliases: [{ text: 'Acme 1' }], facts: { maker: 'jane-roe' } })], /not a company/],
    ['a family has kind family', [co, base({ id: 'acme-1', type: 'model', name: 'Acme 1', aliases: [{ text: 'Acme 1' }], facts: { maker: 'acme-labs', family: 'acme-labs' } })], /not a family/],
    ['a relation target exists', [{ ...co, relations: [{ type: 'makes', target: 'nowhere' }] }], /no such entity/],
    ['a period org exists', [person({ periods: [{ fact: 'role', value: 'CEO', org: 'nowhere', start: '2020', source: SRC }] })], /no such entity/],
    ['a period by exists', [policy({ periods: [{ fact: 'status', value: 'replaced', by: 'nowhere', start: '2020', source: SRC }] })], /no such entity/],
    ['an alias on two entities must be ambiguous on both', [co, person({ aliases: [{ text: 'Jane Roe' }, { text: 'Acme Labs', ambiguous: true }] })], /not ambiguous on both/],
  ] as [string, Record<string, unknown>[], RegExp][])('%s', (_rule, list, problem) => {
    expect(ok(list).join('\n')).toMatch(problem);
  });

  it('an alias ambiguous on both entities is allowed, and the shipped knowledge base has no problem', () => {
    expect(ok([{ ...co, aliases: [{ text: 'Acme Labs', ambiguous: true }] }, person({ aliases: [{ text: 'Jane Roe' }, { text: 'Acme Labs', ambiguous: true }] })])).toEqual([]);
    expect(kbProblems(KB_ENTITIES)).toEqual([]);
  });
});

describe('the README states the same tables', () => {
  const row = (t: string) => README.split('\n').find((l) => new RegExp(`^\\| ${t}\\s+\\|`).test(l)) ?? '';
  it.each(ENTITY_TYPES)('facts of a %s', (t) => {
    const r = row(t);
    expect(r, t).not.toBe('');
    for (const k of FACT_RULES[t].keys) expect(r, `${t} ${k}`).toContain(`\`${k}\``);
    for (const k of FACT_RULES[t].kind) expect(r, `${t} kind ${k}`).toMatch(new RegExp(`[ :,]${k}[,; |]`));
  });
  it('relation types, claim statuses, policy statuses and period facts', () => {
    for (const r of RELATION_TYPES) expect(README).toContain(`\`${r}\``);
    for (const s of CLAIM_STATUSES) expect(README).toMatch(new RegExp(`status\`?, one of [^.]*\\b${s}\\b`));
    for (const s of POLICY_STATUSES) expect(README).toContain(`\`${s}\``);
    for (const f of PERIOD_FACTS) expect(README).toContain(`\`${f}\``);
    expect(README).toContain('At most **200 characters**');
  });
});

describe('kb stats', () => {
  const run = (entities: readonly KbEntity[]) => {
    const lines: string[] = [];
    const code = kbStats((l) => lines.push(l), entities);
    return { code, text: lines.join('\n') };
  };
  it('prints the counts, dated facts with a source, the asOf dates and the gzipped size; exits 0 when all is sourced', () => {
    const { code, text } = run(KB_ENTITIES);
    expect(code).toBe(0);
    expect(text).toMatch(new RegExp(`^entities: ${KB_ENTITIES.length} `, 'm'));
    expect(text).toMatch(/^hardware: \d+$/m);
    expect(text).toMatch(/^dated facts with a source: \d+ of \d+$/m);
    expect(text).toMatch(/^asOf dates: \d+ distinct \(2026-/m);
    expect(text).toMatch(/^gzipped size: \d+\.\d KB \(budget 150 KB\)$/m);
  });
  it('exits 1 and names the fact when an entity checked after 2026-12-01 has a dated fact without a source', () => {
    const e = { ...(base() as unknown as KbEntity), facts: { founded: '2021' } };
    const { code, text } = run([e]);
    expect(code).toBe(1);
    expect(text).toContain('acme-labs: facts.founded 2021');
    expect(run([{ ...e, asOf: '2026-11-01' }]).code).toBe(0);
    expect(run([{ ...e, timeline: [{ date: '2021', text: 'Founded.', source: SRC }] }]).code).toBe(0);
    expect(run([{ ...e, facts: {}, timeline: [{ date: '2021', text: 'Founded.' }] }]).code).toBe(1);
  });
  it('a fact cited by its own sources entry counts as sourced; a source for another fact does not', () => {
    const e = { ...(base() as unknown as KbEntity), facts: { founded: '2021', hq: 'France' } };
    expect(datedFacts(e)).toEqual([{ id: 'acme-labs', what: 'facts.founded 2021', sourced: false }]);
    expect(datedFacts({ ...e, sources: { founded: SRC } })[0]!.sourced).toBe(true);
    expect(datedFacts({ ...e, sources: { hq: SRC } })[0]!.sourced).toBe(false);
    expect(run([{ ...e, sources: { founded: SRC } }]).text).toMatch(/^dated facts with a source: 1 of 1$/m);
    expect(run([{ ...e, sources: { hq: SRC } }]).code).toBe(1);
  });
});

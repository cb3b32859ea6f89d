import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { KB_ENTITIES } from '../../src/kb/index';
import { ENTITY_SCHEMA, ID_FACTS } from '../../src/kb/schema';

describe('knowledge base files', () => {
  const ids = new Map(KB_ENTITIES.map((e) => [e.id, e]));

  it('every entity matches the schema', () => {
    const validate = new Ajv({ allErrors: true }).compile(ENTITY_SCHEMA as object) as ((x: unknown) => boolean) & { errors?: unknown[] | null };
    const problems = KB_ENTITIES.flatMap((e) => (validate(e) ? [] : [`${e.id}: ${JSON.stringify(validate.errors?.[0])}`]));
    expect(problems).toEqual([]);
  });

  it('holds at least the 80 entities a reader meets most, of every type', () => {
    expect(KB_ENTITIES.length).toBeGreaterThanOrEqual(80);
    for (const t of ['company', 'model', 'policy', 'agency', 'person', 'outlet']) {
      expect(KB_ENTITIES.filter((e) => e.type === t).length, t).toBeGreaterThanOrEqual(5);
    }
  });

  it('meets the coverage a reader of AI news needs (issue: knowledge base)', () => {
    const count = (t: string) => KB_ENTITIES.filter((e) => e.type === t).length;
    expect({ company: count('company') >= 150, model: count('model') >= 200, policy: count('policy') >= 50, agency: count('agency') >= 40, person: count('person') >= 80, outlet: count('outlet') >= 40 }).toEqual({
      company: true, model: true, policy: true, agency: true, person: true, outlet: true,
    });
    const families = KB_ENTITIES.filter((e) => e.type === 'model' && e.facts?.kind === 'family').map((e) => e.id);
    for (const f of ['gpt', 'openai-o-series', 'claude', 'gemini', 'llama', 'qwen', 'deepseek-models', 'mistral-models', 'grok', 'kimi', 'glm', 'ernie', 'hunyuan', 'doubao', 'phi', 'gemma', 'amazon-nova']) {
      expect(families, f).toContain(f);
      expect(KB_ENTITIES.some((e) => e.facts?.family === f), `${f} has members`).toBe(true);
    }
  });

  it('disputes are claims with a status, never bare facts', () => {
    const bare = KB_ENTITIES.flatMap((e) => (e.relations ?? []).filter((r) => (r.type === 'sued-by' || r.type === 'accused-of-distilling') && !r.status).map((r) => `${e.id} ${r.type} ${r.target}`));
    expect(bare).toEqual([]);
  });

  it('every date or number a card states has a source: the entity links one, or the relation does', () => {
    const unsourced = KB_ENTITIES.filter((e) => {
      const dated = Object.values(e.facts ?? {}).some((v) => typeof v === 'number' || (typeof v === 'string' && /^\d{4}/.test(v))) || (e.timeline ?? []).length > 0;
      return dated && !Object.keys(e.links).length;
    });
    expect(unsourced.map((e) => e.id)).toEqual([]);
    const relUnsourced = KB_ENTITIES.flatMap((e) => (e.relations ?? []).filter((r) => r.date && !r.source && !Object.keys(e.links).length).map((r) => `${e.id} ${r.type}`));
    expect(relUnsourced).toEqual([]);
  });

  it('ids are unique', () => {
    expect(ids.size).toBe(KB_ENTITIES.length);
  });

  it('every relation target and id-valued fact points at an entity', () => {
    const dangling: string[] = [];
    for (const e of KB_ENTITIES) {
      for (const r of e.relations ?? []) if (!ids.has(r.target)) dangling.push(`${e.id} ${r.type} → ${r.target}`);
      for (const k of ID_FACTS) {
        const v = e.facts?.[k];
        if (typeof v === 'string' && !ids.has(v)) dangling.push(`${e.id} facts.${k} → ${v}`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it('every model names its maker', () => {
    expect(KB_ENTITIES.filter((e) => e.type === 'model' && !ids.has(String(e.facts?.maker))).map((e) => e.id)).toEqual([]);
  });

  describe('hardware (issue #12: AI chips and systems)', () => {
    const hardware = KB_ENTITIES.filter((e) => e.type === 'hardware');

    it('holds the chips and systems AI news names most', () => {
      const names = new Set(hardware.flatMap((e) => e.aliases.map((a) => a.text)));
      for (const n of ['H100', 'H200', 'H20', 'B200', 'GB200', 'GB300', 'Blackwell', 'Rubin', 'Vera Rubin', 'Trillium', 'Ironwood', 'Trainium', 'Inferentia', 'Ascend 910B', 'Ascend 910C', 'MI300X', 'MI325X', 'MI355X', 'Gaudi 3', 'WSE-3']) {
        expect(names, n).toContain(n);
      }
    });

    it('every chip names its maker (a company) and, when it has one, a hardware family', () => {
      const bad = hardware.filter((e) => {
        const maker = ids.get(String(e.facts?.maker));
        const family = e.facts?.family === undefined ? undefined : ids.get(String(e.facts.family));
        return maker?.type !== 'company' || (e.facts?.family !== undefined && (family?.type !== 'hardware' || family.facts?.kind !== 'family'));
      });
      expect(bad.map((e) => e.id)).toEqual([]);
    });

    it('every dated fact has a sourced timeline entry of that date, and every export rule that names a chip is a sourced policy', () => {
      const unsourced: string[] = [];
      for (const e of hardware) {
        for (const k of ['announced', 'released']) {
          const d = e.facts?.[k];
          if (d !== undefined && !(e.timeline ?? []).some((t) => t.date === d && t.source)) unsourced.push(`${e.id} facts.${k}`);
        }
        for (const t of e.timeline ?? []) if (!t.source) unsourced.push(`${e.id} timeline ${t.date}`);
        for (const r of e.relations ?? []) {
          if (!r.source) unsourced.push(`${e.id} ${r.type} ${r.target}`);
          if (r.type === 'restricted-by' && ids.get(r.target)?.type !== 'policy') unsourced.push(`${e.id} restricted-by ${r.target}: not a policy`);
        }
      }
      expect(unsourced).toEqual([]);
    });
  });

  it('outlet ties are dated and sourced: licensing deals from an outlet to a company, lawsuits by an outlet', () => {
    const bad: string[] = [];
    for (const e of KB_ENTITIES) {
      for (const r of e.relations ?? []) {
        const target = ids.get(r.target);
        if (r.type === 'licenses-content-to' && (e.type !== 'outlet' || target?.type !== 'company' || !r.date || !r.source)) bad.push(`${e.id} ${r.type} ${r.target}`);
        if (r.type === 'sued-by' && target?.type === 'outlet' && (!r.date || !r.source)) bad.push(`${e.id} sued-by ${r.target}`);
      }
    }
    expect(bad).toEqual([]);
    expect(KB_ENTITIES.flatMap((e) => (e.relations ?? []).filter((r) => r.type === 'licenses-content-to')).length).toBeGreaterThanOrEqual(10);
  });

  it('no two entities share an alias unless both flag it ambiguous', () => {
    const seen = new Map<string, { id: string; ambiguous: boolean }>();
    const clashes: string[] = [];
    for (const e of KB_ENTITIES) {
      for (const a of e.aliases) {
        const key = a.case === 'insensitive' ? a.text.toLowerCase() : a.text;
        const prev = seen.get(key);
        if (prev && prev.id !== e.id && !(prev.ambiguous && a.ambiguous)) clashes.push(`${a.text}: ${prev.id} / ${e.id}`);
        seen.set(key, { id: e.id, ambiguous: !!a.ambiguous });
      }
    }
    expect(clashes).toEqual([]);
  });

  it('links are http(s) only and summaries fit one line of the sidebar', () => {
    for (const e of KB_ENTITIES) {
      for (const url of Object.values(e.links)) if (!url.startsWith('Q')) expect(url, e.id).toMatch(/^https?:\/\//);
      expect(e.summary.length, e.id).toBeLessThanOrEqual(280);
    }
  });
});

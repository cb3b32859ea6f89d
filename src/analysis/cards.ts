import type { KnowledgeBase } from '../kb/index';
import type { Analysis } from '../entities/types';
import type { EntityCard } from '../messaging/protocol';
import { whyLinked } from '../kb/cards';

/** Turns an analysis into the cards the companion and the marks draw, with background from the knowledge base. */
export function toCards(a: Analysis, kb: KnowledgeBase): EntityCard[] {
  return a.entities.map((e) => {
    const k = e.kbId ? kb.byId.get(e.kbId) : undefined;
    const familyId = e.familyId ?? (typeof k?.facts?.['family'] === 'string' ? (k.facts['family'] as string) : null);
    const first = e.mentions[0];
    const family = familyId ? kb.byId.get(familyId) : undefined;
    const makerId = k?.facts?.['maker'] ?? family?.facts?.['maker'] ?? e.makerId;
    const maker = (e.type === 'model' || e.type === 'hardware') && typeof makerId === 'string' ? (kb.byId.get(makerId)?.name ?? null) : null;
    const status = e.type === 'policy' && typeof k?.facts?.['status'] === 'string' ? (k.facts['status'] as string) : null;
    const mentionTexts = [...new Set(e.mentions.map((m) => m.text))];
    return {
      name: e.name,
      type: e.type,
      kbId: e.kbId,
      summary: k?.summary ?? null,
      mentionCount: e.mentions.length,
      firstMention: first ? { start: first.start, end: first.end } : null,
      family: family?.name ?? null,
      familyId,
      maker,
      status,
      mentionTexts,
      why: e.why,
      whyLinked: whyLinked(e.why, mentionTexts, { entity: k, family: family?.name ?? null }),
    };
  });
}

/**
 * Related reading and story threads over the reader's own history of AI articles, kept in memory
 * as inverted indexes so a lookup touches only the articles that share an entity.
 *
 * related(): articles sharing entities with this one, scored by the sum of each shared entity's
 *   rarity in the history (inverse document frequency), so "Anthropic + Alibaba + distillation"
 *   beats "AI"; the shared entities are named.
 * assign(): puts an article into the thread it best continues (rarity-weighted overlap with the
 *   thread's defining entities, within a time window), or starts a new one, incrementally.
 */

export interface HistoryEntity {
  /** Knowledge-base id, or `type:name` for an entity found by shape or NLP. */
  key: string;
  name: string;
  count: number;
}

export interface HistoryArticle {
  id: string;
  url: string;
  title: string;
  outlet: string | null;
  /** ISO date (published, or read). */
  date: string;
  entities: HistoryEntity[];
}

export interface Related {
  id: string;
  title: string;
  url: string;
  score: number;
  shared: string[];
}

export interface Thread {
  id: string;
  name: string;
  articles: string[];
  /** Entity key → how many of the thread's articles mention it. */
  entities: Map<string, number>;
  first: string;
  last: string;
}

/** Entities mentioned this few times in an article are passing mentions, not what it is about. */
const MIN_MENTIONS = 1;
/** A thread takes an article only when they share at least this much rarity-weighted overlap... */
const JOIN_SCORE = 0.35;
/** ...and the article is no further than this from the thread's latest article. */
const THREAD_WINDOW_DAYS = 120;
/** A thread is defined by its most frequent entities; this many. */
const THREAD_DEFINING = 8;

const days = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 86_400_000;

export class History {
  readonly articles = new Map<string, HistoryArticle>();
  /** Entity key → ids of articles mentioning it. */
  private readonly byEntity = new Map<string, Set<string>>();
  private readonly names = new Map<string, string>();
  readonly threads = new Map<string, Thread>();
  /** Entity key → threads whose defining entities include it. */
  private readonly threadsByEntity = new Map<string, Set<string>>();
  private readonly threadOf = new Map<string, string>();
  private nextThread = 1;

  idf(key: string): number {
    const df = this.byEntity.get(key)?.size ?? 0;
    return Math.log((this.articles.size + 1) / (df + 1)) + 1e-6;
  }

  add(a: HistoryArticle): void {
    if (this.articles.has(a.id)) this.remove(a.id);
    this.articles.set(a.id, a);
    for (const e of a.entities) {
      if (e.count < MIN_MENTIONS) continue;
      let set = this.byEntity.get(e.key);
      if (!set) this.byEntity.set(e.key, (set = new Set()));
      set.add(a.id);
      this.names.set(e.key, e.name);
    }
  }

  remove(id: string): void {
    const a = this.articles.get(id);
    if (!a) return;
    for (const e of a.entities) this.byEntity.get(e.key)?.delete(id);
    this.articles.delete(id);
  }

  /** Articles sharing this one's entities, best first. */
  related(a: Pick<HistoryArticle, 'id' | 'entities'>, limit = 10): Related[] {
    const scores = new Map<string, { score: number; shared: string[] }>();
    for (const e of a.entities) {
      const ids = this.byEntity.get(e.key);
      if (!ids) continue;
      const w = this.idf(e.key);
      for (const id of ids) {
        if (id === a.id) continue;
        const s = scores.get(id) ?? { score: 0, shared: [] };
        s.score += w;
        s.shared.push(e.name);
        scores.set(id, s);
      }
    }
    return [...scores]
      .sort((x, y) => y[1].score - x[1].score)
      .slice(0, limit)
      .map(([id, s]) => {
        const art = this.articles.get(id)!;
        return { id, title: art.title, url: art.url, score: Math.round(s.score * 1000) / 1000, shared: s.shared };
      });
  }

  /** Puts an article (already added) into a thread; returns the thread. */
  assign(a: HistoryArticle): Thread {
    const mine = new Set(a.entities.map((e) => e.key));
    const norm = [...mine].reduce((n, k) => n + this.idf(k), 0) || 1;
    const candidates = new Set<string>();
    for (const k of mine) for (const t of this.threadsByEntity.get(k) ?? []) candidates.add(t);
    let best: Thread | null = null;
    let bestScore = 0;
    for (const tid of candidates) {
      const t = this.threads.get(tid)!;
      if (days(a.date, t.last) > THREAD_WINDOW_DAYS) continue;
      const defining = this.defining(t);
      const tNorm = defining.reduce((n, k) => n + this.idf(k), 0) || 1;
      const shared = defining.filter((k) => mine.has(k)).reduce((n, k) => n + this.idf(k), 0);
      const score = shared / Math.min(norm, tNorm);
      if (score > bestScore) {
        best = t;
        bestScore = score;
      }
    }
    const previous = this.threadOf.get(a.id);
    if (previous) this.threads.get(previous)!.articles = this.threads.get(previous)!.articles.filter((x) => x !== a.id);
    if (!best || bestScore < JOIN_SCORE) {
      best = { id: `t${this.nextThread++}`, name: '', articles: [], entities: new Map(), first: a.date, last: a.date };
      this.threads.set(best.id, best);
    }
    best.articles.push(a.id);
    for (const k of mine) best.entities.set(k, (best.entities.get(k) ?? 0) + 1);
    if (a.date < best.first) best.first = a.date;
    if (a.date > best.last) best.last = a.date;
    for (const k of this.defining(best)) {
      let set = this.threadsByEntity.get(k);
      if (!set) this.threadsByEntity.set(k, (set = new Set()));
      set.add(best.id);
    }
    best.name = this.nameOf(best);
    this.threadOf.set(a.id, best.id);
    return best;
  }

  /** The thread's defining entities: most frequent in it, rarer ones first on ties. */
  defining(t: Thread): string[] {
    return [...t.entities]
      .sort((x, y) => y[1] - x[1] || this.idf(y[0]) - this.idf(x[0]))
      .slice(0, THREAD_DEFINING)
      .map(([k]) => k);
  }

  /** "Anthropic – Alibaba": the two most defining named entities, rarest first among equals. */
  nameOf(t: Thread): string {
    const top = this.defining(t)
      .filter((k) => !k.startsWith('policy:') && !k.startsWith('outlet:'))
      .slice(0, 2)
      .map((k) => this.names.get(k) ?? k);
    return top.join(' – ') || 'Untitled thread';
  }

  thread(articleId: string): Thread | undefined {
    const id = this.threadOf.get(articleId);
    return id ? this.threads.get(id) : undefined;
  }
}

/**
 * Related reading and story threads over the reader's own history of AI articles, kept in memory
 * as inverted indexes so a lookup touches only the articles that share an entity.
 *
 * related(): articles sharing entities with this one, scored by the sum of each shared entity's
 *   rarity in the history (inverse document frequency), so "Anthropic + Alibaba + distillation"
 *   beats "AI"; the shared entities are named.
 * assign(): puts an article into the thread it best continues, or starts a new one, incrementally.
 *   A thread is defined by the entities its articles keep naming (a name mentioned once in the
 *   whole thread is a passing mention and defines nothing); the article is compared with those as
 *   rarity-weighted sets (cosine, each entity weighing its rarity), within a time window. Rare
 *   shared names carry a join; big names everyone mentions, and the article's own asides, do not.
 * restore(): puts a stored article back into the thread it was assigned before, without scoring,
 *   so the index rebuilt after a reload (records replayed in reading order) has the same threads
 *   under the same ids; follows and timelines refer to those ids.
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
  /** Entity key → its mentions summed over the thread's articles (what they are about, beyond what they name). */
  mentions: Map<string, number>;
  first: string;
  last: string;
}

/** Entities mentioned this few times in an article are passing mentions, not what it is about. */
const MIN_MENTIONS = 1;
/** A thread takes an article only when their rarity-weighted cosine reaches this... */
const JOIN_SCORE = 0.2;
/** ...and the article is no further than this from the thread's latest article. */
const THREAD_WINDOW_DAYS = 120;
/** A thread is defined by its most frequent entities, at most this many... */
const THREAD_DEFINING = 8;
/** ...among which an entity its articles mention only once in all only makes up the first few. */
const MIN_DEFINING = 3;


export interface HistoryOptions {
  /**
   * Makes a new thread's id. Ids are stored with each article and outlive this object, so they
   * must not repeat across sessions: the default is random rather than a counter from 1.
   */
  newThreadId?: () => string;
}

/** `t-` and 72 random bits: collisions are negligible for any reader's lifetime of threads. */
export function randomThreadId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return 't-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class History {
  readonly articles = new Map<string, HistoryArticle>();
  /** Entity key → ids of articles mentioning it. */
  private readonly byEntity = new Map<string, Set<string>>();
  private readonly names = new Map<string, string>();
  readonly threads = new Map<string, Thread>();
  /** Entity key → threads whose defining entities include it. */
  private readonly threadsByEntity = new Map<string, Set<string>>();
  /** Thread id → its defining entities (as of the latest article to join or leave it): what assign() compares with. */
  private readonly definedBy = new Map<string, string[]>();
  private readonly threadOf = new Map<string, string>();
  /** Article id → the entity keys it counted into its thread, with their mentions, to undo exactly that when it leaves. */
  private readonly joined = new Map<string, Map<string, number>>();
  private readonly newThreadId: () => string;

  constructor(options: HistoryOptions = {}) {
    this.newThreadId = options.newThreadId ?? randomThreadId;
  }

  /**
   * Rarity of an entity in the history. Smoothed (log(1 + N/df)) so that with only two or three
   * articles read, an entity they all share still counts: an entity in every article weighs ln 2,
   * not zero, and a thread can form from the first follow-up.
   */
  idf(key: string): number {
    const df = this.byEntity.get(key)?.size ?? 0;
    return Math.log(1 + (this.articles.size + 1) / (df + 1));
  }

  /** Indexes an article (replacing an earlier version of it); its thread, if any, is kept. */
  add(a: HistoryArticle): void {
    if (this.articles.has(a.id)) this.unindex(a.id);
    this.articles.set(a.id, a);
    for (const e of a.entities) {
      if (e.count < MIN_MENTIONS) continue;
      let set = this.byEntity.get(e.key);
      if (!set) this.byEntity.set(e.key, (set = new Set()));
      set.add(a.id);
      this.names.set(e.key, e.name);
    }
  }

  /** Forgets an article entirely: its index entries and its place in its thread. */
  remove(id: string): void {
    this.unindex(id);
    this.leave(id);
  }

  private unindex(id: string): void {
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
    // rarities do not change while one article is scored: each is worked out once, not per thread
    const memo = new Map<string, number>();
    const idf = (k: string) => {
      let w = memo.get(k);
      if (w === undefined) memo.set(k, (w = this.idf(k)));
      return w;
    };
    const mine = new Set(a.entities.map((e) => e.key));
    const norm = [...mine].reduce((n, k) => n + idf(k) ** 2, 0) || 1;
    const candidates = new Set<string>();
    for (const k of mine) for (const t of this.threadsByEntity.get(k) ?? []) candidates.add(t);
    const at = Date.parse(a.date);
    let best: Thread | null = null;
    let bestScore = 0;
    for (const tid of candidates) {
      const t = this.threads.get(tid)!;
      if (Math.abs(at - Date.parse(t.last)) / 86_400_000 > THREAD_WINDOW_DAYS) continue;
      let tNorm = 0;
      let shared = 0;
      for (const k of this.definedBy.get(tid)!) {
        const w = idf(k) ** 2;
        tNorm += w;
        if (mine.has(k)) shared += w;
      }
      const score = shared / Math.sqrt(norm * tNorm);
      if (score > bestScore) {
        best = t;
        bestScore = score;
      }
    }
    // left only after scoring, as before: a re-assigned article's own earlier counts still speak
    // for its thread, which keeps threads stable when an article is re-read
    this.leave(a.id);
    if (!best || bestScore < JOIN_SCORE) best = this.open(this.unusedThreadId(), a.date);
    // its own thread, and it was the only article there: the thread goes on under the same id
    else if (!this.threads.has(best.id)) best = this.open(best.id, a.date);
    this.join(best, a);
    return best;
  }

  /**
   * Puts an article back into a thread it was assigned to before (a stored record), adding it to
   * the index too. No scoring: the stored thread is the answer. Replaying records in the order they
   * were first assigned rebuilds the same threads, indexes and names as assign() built.
   */
  restore(a: HistoryArticle, threadId: string): Thread {
    this.add(a);
    this.leave(a.id);
    const t = this.threads.get(threadId) ?? this.open(threadId, a.date);
    this.join(t, a);
    return t;
  }

  /** The thread's articles in date order (the order they were added among equal dates), for a timeline. */
  threadArticles(threadId: string): HistoryArticle[] {
    const t = this.threads.get(threadId);
    if (!t) return [];
    const at = (d: string) => {
      const n = Date.parse(d);
      return Number.isNaN(n) ? Number.POSITIVE_INFINITY : n;
    };
    return t.articles
      .map((id) => this.articles.get(id))
      .filter((x): x is HistoryArticle => x !== undefined)
      .sort((x, y) => at(x.date) - at(y.date));
  }

  /** A generated id not already in use (a custom generator may repeat a restored id). */
  private unusedThreadId(): string {
    for (let i = 0; i < 100; i++) {
      const id = this.newThreadId();
      if (!this.threads.has(id)) return id;
    }
    throw new Error('thread id generator keeps returning ids already in use');
  }

  private open(id: string, date: string): Thread {
    const t: Thread = { id, name: '', articles: [], entities: new Map(), mentions: new Map(), first: date, last: date };
    this.threads.set(id, t);
    return t;
  }

  private join(t: Thread, a: HistoryArticle): void {
    const mine = new Map<string, number>();
    for (const e of a.entities) mine.set(e.key, (mine.get(e.key) ?? 0) + e.count);
    t.articles.push(a.id);
    for (const [k, n] of mine) {
      t.entities.set(k, (t.entities.get(k) ?? 0) + 1);
      t.mentions.set(k, (t.mentions.get(k) ?? 0) + n);
    }
    if (a.date < t.first) t.first = a.date;
    if (a.date > t.last) t.last = a.date;
    this.redefine(t);
    this.threadOf.set(a.id, t.id);
    this.joined.set(a.id, mine);
  }

  /** Takes an article out of its thread, undoing its counts, so moving it never counts it twice. */
  private leave(id: string): void {
    const tid = this.threadOf.get(id);
    this.threadOf.delete(id);
    const keys = this.joined.get(id) ?? new Map<string, number>();
    this.joined.delete(id);
    const t = tid === undefined ? undefined : this.threads.get(tid);
    if (!t) return;
    t.articles = t.articles.filter((x) => x !== id);
    for (const [k, m] of keys) {
      const n = (t.entities.get(k) ?? 0) - 1;
      if (n > 0) {
        t.entities.set(k, n);
        t.mentions.set(k, (t.mentions.get(k) ?? 0) - m);
      } else {
        t.entities.delete(k);
        t.mentions.delete(k);
      }
    }
    if (t.articles.length === 0) {
      this.threads.delete(t.id);
      this.redefine(t);
      return;
    }
    const dates = t.articles.map((x) => this.articles.get(x)?.date).filter((d): d is string => d !== undefined);
    if (dates.length) {
      t.first = dates.reduce((m, d) => (d < m ? d : m));
      t.last = dates.reduce((m, d) => (d > m ? d : m));
    }
    this.redefine(t);
  }

  /**
   * Works out the thread's defining entities again after an article joined or left, moves the
   * thread in threadsByEntity to match, and renames it. A thread no longer in `threads` is taken
   * out of the index.
   */
  private redefine(t: Thread): void {
    const old = this.definedBy.get(t.id) ?? [];
    const now = this.threads.get(t.id) === t ? this.defining(t) : [];
    const keep = new Set(now);
    for (const key of old) if (!keep.has(key)) this.threadsByEntity.get(key)?.delete(t.id);
    for (const key of now) {
      let set = this.threadsByEntity.get(key);
      if (!set) this.threadsByEntity.set(key, (set = new Set()));
      set.add(t.id);
    }
    if (now.length) this.definedBy.set(t.id, now);
    else this.definedBy.delete(t.id);
    t.name = this.nameFrom(now);
  }

  /**
   * The thread's defining entities: those in most of its articles, then the most mentioned, rarer
   * ones first on ties. Passing mentions (one mention in all) come last and only make up the first
   * MIN_DEFINING; otherwise a short thread would be defined by its rarest asides, not its story.
   */
  defining(t: Thread): string[] {
    // each rarity worked out once, not in every comparison of the sort
    const ranked = [...t.entities]
      .map(([k, n]) => ({ k, n, m: t.mentions.get(k) ?? 0, w: this.idf(k) }))
      .sort((x, y) => y.n - x.n || y.m - x.m || y.w - x.w);
    const out: string[] = [];
    for (const x of ranked) {
      if (out.length === THREAD_DEFINING || (out.length >= MIN_DEFINING && x.m < 2)) break;
      out.push(x.k);
    }
    return out;
  }

  /** "Anthropic – Alibaba": the two most defining named entities. */
  nameOf(t: Thread): string {
    return this.nameFrom(this.defining(t));
  }

  private nameFrom(defining: string[]): string {
    const top = defining
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

/**
 * Reader settings, behind a small key-value seam so the same code runs on `browser.storage.local`
 * and in tests. The stored record is versioned; `migrations[n]` upgrades version n to n + 1, and
 * data written by any older version opens unchanged in meaning under the current one.
 */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface SiteSettings {
  /** The in-page sidebar (removed, issue #13) was folded on this site: kept so older settings, backups and synced copies still read. */
  collapsed: boolean;
  /** The extension runs on this site (the reader can turn it off per site). */
  enabled: boolean;
  /** The in-page sidebar's edge (removed, issue #13; kept as `collapsed` is). */
  side: 'left' | 'right';
  /** The in-page sidebar's width in CSS pixels (removed, issue #13; kept as `collapsed` is). */
  width: number;
}

/** The opt-in live sources (see src/related/live/); both off until the reader turns one on. */
export type LiveId = 'news' | 'wiki';

export interface Prefs {
  /** Mark the first mention of each entity (subtle) or every mention. */
  marks: 'first' | 'all';
  /** Keep a local history of AI articles read, for related reading and threads (on unless turned off). */
  history: boolean;
  /** Also a system notification (not only the toolbar badge) when a new article continues something followed. */
  notify: boolean;
  /** Forget history entries older than this many days; 0 keeps them until the reader forgets them. */
  retentionDays: number;
  /** Live sources the reader turned on (after granting the browser's permission for them). */
  live: Record<LiveId, boolean>;
  /**
   * Another server for a live source (a self-hosted mirror or proxy), `https://host[:port]` (plain
   * `http:` only on this machine, for tests and local proxies); absent means the public service.
   */
  liveBases: Partial<Record<LiveId, string>>;
}

/** Retention choices offered to the reader, in days (0: keep). */
export const RETENTION_DAYS = [0, 30, 90, 180, 365, 730] as const;

/** Hosts a plain `http:` server address may name: this machine only (a stand-in in tests, a local proxy). */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a live source may be asked at this address: `https:`, or `http:` on this machine. Names
 * from the article travel in the address, so over plain http anyone on the way could read them,
 * and change the answer.
 */
export function isServerProtocol(u: URL): boolean {
  return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
}

/** An `https:` origin (or `http:` on this machine), with no path, query or credentials; or null. */
export function liveBase(v: unknown): string | null {
  if (typeof v !== 'string' || v.length > 200) return null;
  try {
    const u = new URL(v);
    if (!isServerProtocol(u) || u.username || u.password || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash) return null;
    return u.origin;
  } catch {
    return null;
  }
}

export interface SettingsV2 {
  version: 2;
  sites: Record<string, SiteSettings>;
  prefs: Prefs;
}

export const SETTINGS_KEY = 'settings';
export const CURRENT_VERSION = 2;
export const MIN_WIDTH = 280;
export const MAX_WIDTH = 640;
export const DEFAULT_SITE: SiteSettings = { collapsed: false, enabled: true, side: 'right', width: 360 };
const DEFAULT_PREFS: Prefs = { marks: 'first', history: true, notify: false, retentionDays: 0, live: { news: false, wiki: false }, liveBases: {} };

type Rec = Record<string, unknown>;
/** Upgrades from each older version. */
export const migrations: Record<number, (old: Rec) => Rec> = {
  // v2 adds the sidebar's side and width per site, and reading preferences
  1: (old) => ({
    version: 2,
    sites: Object.fromEntries(Object.entries((old.sites as Record<string, Rec> | undefined) ?? {}).map(([h, s]) => [h, { ...s, side: 'right', width: 360 }])),
    prefs: { ...DEFAULT_PREFS },
  }),
};

const clampWidth = (w: unknown) => (typeof w === 'number' && Number.isFinite(w) ? Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w))) : DEFAULT_SITE.width);

export function migrate(raw: unknown): SettingsV2 {
  if (typeof raw !== 'object' || raw === null) return { version: 2, sites: {}, prefs: { ...DEFAULT_PREFS } };
  let rec = raw as Rec;
  let v = typeof rec.version === 'number' ? rec.version : 1;
  while (v < CURRENT_VERSION) {
    const step = migrations[v];
    if (!step) throw new Error(`no migration from settings version ${v}`);
    rec = step(rec);
    v++;
  }
  const sites: Record<string, SiteSettings> = {};
  if (typeof rec.sites === 'object' && rec.sites) {
    for (const [host, s] of Object.entries(rec.sites as Record<string, Partial<SiteSettings> | null>)) {
      sites[host] = { collapsed: s?.collapsed === true, enabled: s?.enabled !== false, side: s?.side === 'left' ? 'left' : 'right', width: clampWidth(s?.width) };
    }
  }
  return { version: 2, sites, prefs: normalizePrefs(rec.prefs) };
}

/** Prefs as stored or patched, with every field valid: anything unknown falls back to the default (live sources: off). */
export function normalizePrefs(raw: unknown): Prefs {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const live = (typeof p.live === 'object' && p.live !== null ? p.live : {}) as Record<string, unknown>;
  const bases = (typeof p.liveBases === 'object' && p.liveBases !== null ? p.liveBases : {}) as Record<string, unknown>;
  const liveBases: Partial<Record<LiveId, string>> = {};
  for (const id of ['news', 'wiki'] as const) {
    const b = liveBase(bases[id]);
    if (b) liveBases[id] = b;
  }
  return {
    marks: p.marks === 'all' ? 'all' : 'first',
    history: p.history !== false,
    notify: p.notify === true,
    retentionDays: (RETENTION_DAYS as readonly unknown[]).includes(p.retentionDays) ? (p.retentionDays as number) : 0,
    live: { news: live.news === true, wiki: live.wiki === true },
    liveBases,
  };
}

export class SettingsStore {
  /** Writes run one after another, so two quick changes cannot overwrite each other. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly kv: KeyValue) {}

  private async load(): Promise<SettingsV2> {
    return migrate(await this.kv.get(SETTINGS_KEY));
  }

  private write<T>(change: (all: SettingsV2) => T): Promise<T> {
    const next = this.queue.then(async () => {
      const all = await this.load();
      const out = change(all);
      await this.kv.set(SETTINGS_KEY, all);
      return out;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  async site(host: string): Promise<SiteSettings> {
    return { ...DEFAULT_SITE, ...(await this.load()).sites[host] };
  }

  updateSite(host: string, patch: Partial<SiteSettings>): Promise<SiteSettings> {
    return this.write((all) => {
      const next = { ...DEFAULT_SITE, ...all.sites[host], ...patch };
      next.width = clampWidth(next.width);
      all.sites[host] = next;
      return next;
    });
  }

  /** Everything, for a backup. */
  all(): Promise<SettingsV2> {
    return this.load();
  }

  /** Replaces everything (a backup restore), after it passed `migrate`. */
  replaceAll(next: SettingsV2): Promise<void> {
    return this.write((all) => {
      all.sites = next.sites;
      all.prefs = next.prefs;
    });
  }

  async prefs(): Promise<Prefs> {
    return (await this.load()).prefs;
  }

  updatePrefs(patch: Partial<Prefs>): Promise<Prefs> {
    return this.write((all) => (all.prefs = normalizePrefs({ ...all.prefs, ...patch, live: { ...all.prefs.live, ...patch.live } })));
  }
}

/**
 * Reader settings, behind a small key-value seam so the same code runs on `browser.storage.local`
 * and in tests. The stored record is versioned; `migrations[n]` upgrades version n to n + 1.
 */
export interface KeyValue {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface SiteSettings {
  /** The sidebar is folded to a slim tab on this site. */
  collapsed: boolean;
  /** The extension runs on this site (the reader can turn it off per site). */
  enabled: boolean;
}

export interface SettingsV1 {
  version: 1;
  sites: Record<string, SiteSettings>;
}

export const SETTINGS_KEY = 'settings';
export const CURRENT_VERSION = 1;
const DEFAULT_SITE: SiteSettings = { collapsed: false, enabled: true };

/** Upgrades from each older version; empty until the schema first changes. */
export const migrations: Record<number, (old: Record<string, unknown>) => Record<string, unknown>> = {};

export function migrate(raw: unknown): SettingsV1 {
  if (typeof raw !== 'object' || raw === null) return { version: 1, sites: {} };
  let rec = raw as Record<string, unknown>;
  let v = typeof rec.version === 'number' ? rec.version : 1;
  while (v < CURRENT_VERSION) {
    const step = migrations[v];
    if (!step) throw new Error(`no migration from settings version ${v}`);
    rec = step(rec);
    v++;
  }
  const sites: Record<string, SiteSettings> = {};
  if (typeof rec.sites === 'object' && rec.sites) {
    for (const [host, s] of Object.entries(rec.sites as Record<string, Partial<SiteSettings>>)) {
      sites[host] = { collapsed: s?.collapsed === true, enabled: s?.enabled !== false };
    }
  }
  return { version: 1, sites };
}

export class SettingsStore {
  constructor(private readonly kv: KeyValue) {}

  private async load(): Promise<SettingsV1> {
    return migrate(await this.kv.get(SETTINGS_KEY));
  }

  async site(host: string): Promise<SiteSettings> {
    return { ...DEFAULT_SITE, ...(await this.load()).sites[host] };
  }

  async updateSite(host: string, patch: Partial<SiteSettings>): Promise<SiteSettings> {
    const all = await this.load();
    const next = { ...DEFAULT_SITE, ...all.sites[host], ...patch };
    all.sites[host] = next;
    await this.kv.set(SETTINGS_KEY, all);
    return next;
  }
}

/**
 * Knowledge updates (issue #15), off until the reader turns them on in the options: the background
 * fetches the signed pack from that one address when it starts (if the last check is old), daily by
 * an alarm, and on *Check now*; src/kb/pack.ts checks it and the knowledge service applies it.
 */
import { api } from '../shared/browser';
import { createPackUpdater, packOrigins, packSource, type PackKeys, type PackState } from '../../src/kb/pack';
import { shippedPatternFor } from '../../src/related/live';
import type { KeyValue } from '../../src/storage/settings';
import type { createKbService } from './kb';

const ALARM = 'kb-pack-check';
const DAY_MINUTES = 24 * 60;
/** A background that starts again within this long of the last check does not fetch again (a service worker starts often). */
const FRESH_MS = 12 * 60 * 60 * 1000;

export function createKbPacks(kv: KeyValue, kb: ReturnType<typeof createKbService>) {
  let keys: Promise<PackKeys> | null = null;
  // shipped beside the manifest; the test build's holds the tests' key (scripts/build.mjs)
  const loadKeys = () => (keys ??= fetch(api.runtime.getURL('kb-pack-key.json')).then((r) => r.json() as Promise<PackKeys>));
  const permitted = (source: string) => api.permissions.contains({ origins: packOrigins(source) }).catch(() => false);
  const updater = createPackUpdater({
    kv,
    subtle: crypto.subtle,
    fetch: (input, init) => fetch(input, init),
    keys: loadKeys,
    shippedIds: kb.shippedIds,
    permitted,
    keep: (next) => kb.keep(next),
    use: (pack, kept) => kb.setPack(pack, kept),
  });
  const schedule = async (on: boolean) => {
    if (on) await api.alarms.create(ALARM, { periodInMinutes: DAY_MINUTES, delayInMinutes: DAY_MINUTES });
    else await api.alarms.clear(ALARM);
  };

  return {
    state: (): Promise<PackState> => updater.state(),
    check: (): Promise<PackState> => updater.check(),
    /** On from `raw` (checked again here, and only once the browser allows its host), or off (null). */
    async set(raw: string | null): Promise<PackState> {
      if (raw === null) {
        const off = await updater.setSource(null);
        await schedule(false);
        return off;
      }
      const source = packSource(raw, { loopbackHttp: (await loadKeys()).loopbackHttp === true });
      if (!source.ok) throw new Error(source.error);
      // under a site the extension reads already, the reader would never have been asked about it
      const shipped = shippedPatternFor(new URL(source.value).origin, api.runtime.getManifest().host_permissions ?? []);
      if (shipped) throw new Error(`${new URL(source.value).host} is on a site the extension already reads (${shipped}): use an address of its own.`);
      if (!(await permitted(source.value))) throw new Error(`The browser has not allowed ${new URL(source.value).host}: updates stay off.`);
      await schedule(true);
      return updater.setSource(source.value);
    },
    wire(): void {
      api.alarms.onAlarm.addListener((alarm) => {
        if (alarm.name === ALARM) void updater.check();
      });
      void updater.state().then(async (s) => {
        if (!s.source) return;
        if (!(await api.alarms.get(ALARM))) await schedule(true);
        if (!s.last || Date.now() - Date.parse(s.last.at) > FRESH_MS) await updater.check();
      });
    },
  };
}

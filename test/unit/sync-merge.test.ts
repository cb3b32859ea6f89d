/**
 * The three-way merge behind storage.sync (src/sync/merge.ts): each case is one thing a reader does
 * on one machine (or two), and what the other machine must then hold.
 */
import { describe, expect, it } from 'vitest';
import { baseOf, digest, kbFromItems, kbItems, keyedKb, mergeEntries, type Keyed } from '../../src/sync/merge';

const e = (key: string, version: string, time?: string): Keyed<string> => ({ key, version, time, value: `${key}@${version}` });
const keys = (list: Keyed<string>[]) => list.map((x) => `${x.key}@${x.version}`).sort();

describe('mergeEntries', () => {
  const ancestor = baseOf([e('a', '1'), e('b', '1'), e('c', '1')]);
  const cases: { what: string; here: Keyed<string>[]; there: Keyed<string>[]; put: string[]; remove: string[]; result: string[] }[] = [
    { what: 'nothing changed', here: [e('a', '1'), e('b', '1'), e('c', '1')], there: [e('a', '1'), e('b', '1'), e('c', '1')], put: [], remove: [], result: ['a@1', 'b@1', 'c@1'] },
    { what: 'removed there, unchanged here: removed here', here: [e('a', '1'), e('b', '1'), e('c', '1')], there: [e('a', '1'), e('c', '1')], put: [], remove: ['b'], result: ['a@1', 'c@1'] },
    { what: 'removed here, unchanged there: stays removed', here: [e('a', '1'), e('c', '1')], there: [e('a', '1'), e('b', '1'), e('c', '1')], put: [], remove: [], result: ['a@1', 'c@1'] },
    { what: 'removed here, changed there since: back with the change', here: [e('a', '1'), e('c', '1')], there: [e('a', '1'), e('b', '2'), e('c', '1')], put: ['b@2'], remove: [], result: ['a@1', 'b@2', 'c@1'] },
    { what: 'removed there, changed here since: kept', here: [e('a', '1'), e('b', '2'), e('c', '1')], there: [e('a', '1'), e('c', '1')], put: [], remove: [], result: ['a@1', 'b@2', 'c@1'] },
    { what: 'added on both sides: both kept', here: [e('a', '1'), e('b', '1'), e('c', '1'), e('x', '1')], there: [e('a', '1'), e('b', '1'), e('c', '1'), e('y', '1')], put: ['y@1'], remove: [], result: ['a@1', 'b@1', 'c@1', 'x@1', 'y@1'] },
    { what: 'changed there only: taken', here: [e('a', '1'), e('b', '1'), e('c', '1')], there: [e('a', '2'), e('b', '1'), e('c', '1')], put: ['a@2'], remove: [], result: ['a@2', 'b@1', 'c@1'] },
    { what: 'changed here only: kept', here: [e('a', '2'), e('b', '1'), e('c', '1')], there: [e('a', '1'), e('b', '1'), e('c', '1')], put: [], remove: [], result: ['a@2', 'b@1', 'c@1'] },
    {
      what: 'changed on both: the later time wins',
      here: [e('a', '2', '2026-12-02T00:00:00Z'), e('b', '1'), e('c', '1')],
      there: [e('a', '3', '2026-12-03T00:00:00Z'), e('b', '1'), e('c', '1')],
      put: ['a@3'],
      remove: [],
      result: ['a@3', 'b@1', 'c@1'],
    },
    { what: 'changed on both, no time to tell: this machine’s', here: [e('a', '2'), e('b', '1'), e('c', '1')], there: [e('a', '3'), e('b', '1'), e('c', '1')], put: [], remove: [], result: ['a@2', 'b@1', 'c@1'] },
  ];
  it.each(cases)('$what', ({ here, there, put, remove, result }) => {
    const m = mergeEntries(ancestor, here, there);
    expect(m.put.sort()).toEqual(put);
    expect(m.remove.sort()).toEqual(remove);
    expect(keys(m.result)).toEqual(result);
  });

  it('with no ancestor known, nothing is removed on either side: entries only join', () => {
    const m = mergeEntries(null, [e('a', '1'), e('x', '1')], [e('a', '1'), e('y', '1')]);
    expect(m.remove).toEqual([]);
    expect(keys(m.result)).toEqual(['a@1', 'x@1', 'y@1']);
  });

  it('on the first sync here, the copy’s value wins where no time tells (a new machine’s defaults never override the reader’s choice)', () => {
    expect(mergeEntries(null, [e('marks', 'default')], [e('marks', 'all')], true).put).toEqual(['marks@all']);
    expect(mergeEntries(null, [e('marks', 'default')], [e('marks', 'all')], false).put).toEqual([]);
  });

  it('a key named like a prototype property is an ordinary entry', () => {
    const base = baseOf([e('__proto__', '1'), e('constructor', '1')]);
    const m = mergeEntries(base, [e('__proto__', '1')], [e('constructor', '1')]);
    expect(m.remove).toEqual(['__proto__']);
    expect(keys(m.result)).toEqual([]);
  });
});

describe('knowledge-base additions as entries', () => {
  const kb = {
    entities: [{ id: 'user-acme', name: 'Acme' }],
    aliases: [{ entityId: 'nvidia', text: 'Team Green' }],
    hidden: ['time'],
    summaries: { qwen: 'My words on Qwen.' },
    corrections: [{ kind: 'notThis', name: 'Haiku', entityId: 'claude-haiku', site: null }],
  };
  it('round-trips whole, each addition its own entry, an edit a new version', () => {
    const items = kbItems(kb);
    expect(kbFromItems(items)).toEqual({ version: 2, ...kb });
    const keyed = keyedKb(items);
    expect(keyed.map((k) => k.key)).toEqual(['entity:user-acme', 'alias:nvidia:Team Green', 'hidden:time', 'summary:qwen', expect.stringMatching(/^correction:/)]);
    const edited = keyedKb(kbItems({ ...kb, summaries: { qwen: 'Other words.' } }));
    expect(edited[3]!.version).not.toBe(keyed[3]!.version);
  });
  it('leaves out what names no entry, and keeps a "__proto__" summary an own property', () => {
    expect(keyedKb([null, 42, { k: 'entity', v: {} }, { k: 'nonsense', v: 1 }])).toEqual([]);
    const out = kbFromItems([{ k: 'summary', id: '__proto__', v: 'x' }]) as { summaries: object };
    expect(Object.getPrototypeOf(out.summaries)).toBe(Object.prototype);
    expect(Object.hasOwn(out.summaries, '__proto__')).toBe(true);
  });
  it('digests differ when values do', () => {
    expect(digest({ a: 1 })).toBe(digest({ a: 1 }));
    expect(digest({ a: 1 })).not.toBe(digest({ a: 2 }));
  });
});

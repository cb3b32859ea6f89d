/**
 * A highlight saved while the browser stops the extension's background: the save is sent again
 * under the same key and stored once (src/messaging/retry.ts, the background's keyed save).
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { lostAnswer, requestKey, retryLost } from '../../src/messaging/retry';
import { createAnnotations } from '../../extension/background/annotations';
import { validators } from '../../src/messaging/protocol';

const noWait = async () => undefined;
const draft = { url: 'https://www.news.example/a', canonical: null, title: 'A', fingerprint: 'fp', selectors: [{ type: 'TextQuoteSelector' as const, exact: 'some quote', prefix: '', suffix: '' }] };

describe('a request whose answer was lost', () => {
  it('tells a lost answer (the worker stopped) from a refusal', () => {
    expect(lostAnswer(new Error('A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received'))).toBe(true);
    expect(lostAnswer(new Error('The message port closed before a response was received.'))).toBe(true);
    expect(lostAnswer(new Error('Could not establish connection. Receiving end does not exist.'))).toBe(true);
    expect(lostAnswer(new Error('no answer to ann:save'))).toBe(true);
    expect(lostAnswer(new Error('refused: a page may only change its own site'))).toBe(false);
    expect(lostAnswer(new Error('Your browser has no room left to store this'))).toBe(false);
  });

  it('is sent again while the answer is lost, and not after a refusal or the last try', async () => {
    let n = 0;
    const flaky = () => (++n < 3 ? Promise.reject(new Error('The message port closed before a response was received.')) : Promise.resolve('saved'));
    expect(await retryLost(flaky, [1, 1, 1], noWait)).toBe('saved');
    expect(n).toBe(3);
    n = 0;
    await expect(retryLost(() => (n++, Promise.reject(new Error('refused: no'))), [1, 1], noWait)).rejects.toThrow('refused');
    expect(n).toBe(1);
    n = 0;
    await expect(retryLost(() => (n++, Promise.reject(new Error('no answer to ann:save'))), [1, 1], noWait)).rejects.toThrow('no answer');
    expect(n).toBe(3);
  });

  it('keys are random, in UUID form, and pass the save validator (an uppercase or odd key does not)', () => {
    const keys = new Set(Array.from({ length: 200 }, () => requestKey()));
    expect(keys.size).toBe(200);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const sel = [...draft.selectors, { type: 'TextPositionSelector' as const, start: 0, end: 10 }];
    expect(validators['ann:save']({ ...draft, selectors: sel, key: [...keys][0] })).toBe(true);
    expect(validators['ann:save']({ ...draft, selectors: sel })).toBe(true);
    expect(validators['ann:save']({ ...draft, selectors: sel, key: [...keys][0]!.toUpperCase() })).toBe(false);
    expect(validators['ann:save']({ ...draft, selectors: sel, key: 'other-highlight-id' })).toBe(false);
  });
});

describe('the background’s keyed save', () => {
  it('stores a repeated save once, with the same id', async () => {
    const a = createAnnotations(new IDBFactory());
    const key = requestKey();
    const first = await a.save({ ...draft, key });
    const again = await a.save({ ...draft, key });
    expect(first).toEqual({ id: key });
    expect(again).toEqual({ id: key });
    expect(await a.list()).toHaveLength(1);
  });

  it('refuses a key that names another highlight, and changes nothing', async () => {
    const a = createAnnotations(new IDBFactory());
    const { id } = await a.save(draft);
    await a.update(id, 'my note', ['tag']);
    await expect(a.save({ ...draft, key: id, selectors: [{ type: 'TextQuoteSelector', exact: 'other words', prefix: '', suffix: '' }] })).rejects.toThrow('refused');
    await expect(a.save({ ...draft, key: id, url: 'https://elsewhere.example/b' })).rejects.toThrow('refused');
    expect(await a.list()).toMatchObject([{ id, note: 'my note', selectors: draft.selectors }]);
  });
});

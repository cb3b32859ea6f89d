import { describe, expect, it } from 'vitest';
import { createTally } from '../../src/lifetime/tally';

describe('the count of live listeners and observers', () => {
  it('counts a listener until its signal aborts, and the listener really is added and removed', () => {
    const t = createTally();
    const target = new EventTarget();
    const heard: string[] = [];
    const ac = new AbortController();
    t.listen(target, 'ping', (e) => heard.push(e.type), { signal: ac.signal });
    t.listen(target, 'pong', (e) => heard.push(e.type), { signal: ac.signal });
    expect(t.live).toBe(2);
    target.dispatchEvent(new Event('ping'));
    ac.abort();
    ac.abort();
    target.dispatchEvent(new Event('ping'));
    expect(heard).toEqual(['ping']);
    expect(t.live).toBe(0);
  });
  it('does not count a listener whose signal already aborted', () => {
    const t = createTally();
    const ac = new AbortController();
    ac.abort();
    t.listen(new EventTarget(), 'ping', () => undefined, { signal: ac.signal });
    expect(t.live).toBe(0);
  });
  it('counts an observer until its first disconnect, which still reaches the observer', () => {
    const t = createTally();
    let disconnected = 0;
    const o = t.track({ disconnect: () => void disconnected++ });
    expect(t.live).toBe(1);
    o.disconnect();
    o.disconnect();
    expect(t.live).toBe(0);
    expect(disconnected).toBe(2);
  });
  it('a teardown that forgets one thing leaves the count higher after every round', () => {
    const t = createTally();
    const target = new EventTarget();
    const round = (forget: boolean) => {
      const ac = new AbortController();
      t.listen(target, 'a', () => undefined, { signal: ac.signal });
      const o = t.track({ disconnect: () => undefined });
      ac.abort();
      if (!forget) o.disconnect();
    };
    round(false);
    round(false);
    expect(t.live).toBe(0);
    round(true);
    round(true);
    expect(t.live).toBe(2);
  });
  it('reports every change', () => {
    const t = createTally();
    const seen: number[] = [];
    t.onChange = (n) => seen.push(n);
    const ac = new AbortController();
    t.listen(new EventTarget(), 'a', () => undefined, { signal: ac.signal });
    t.track({ disconnect: () => undefined }).disconnect();
    ac.abort();
    expect(seen).toEqual([1, 2, 1, 0]);
  });
});

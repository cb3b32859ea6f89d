import { describe, expect, it } from 'vitest';
import { validators } from '../../src/messaging/protocol';

describe('message validators', () => {
  it.each([
    ['gate:passed', { url: 'https://x.example/a' }, true],
    ['gate:passed', { url: 42 }, false],
    ['page:analyze', { url: 'u', title: 't', text: 'x', siteName: null, published: null, links: [] }, true],
    ['page:analyze', { url: 'u', title: 't', text: 'x', siteName: null, published: null }, false],
    ['page:analyze', { url: 'u', title: 't', text: 'x'.repeat(3_000_000), siteName: null, published: null, links: [] }, false],
    ['page:analyze', { url: 'u', title: 't', text: 'x', siteName: null, published: null, links: Array(301).fill({ href: 'https://a.example', text: '' }) }, false],
    ['site:set', { host: 'a.example', patch: { collapsed: true } }, true],
    ['site:set', { host: 'a.example', patch: { evil: true } }, false],
    ['site:set', { host: '<script>', patch: {} }, false],
    ['tab:run', { tabId: -1 }, false],
    ['tab:run', { tabId: 3 }, true],
  ] as const)('%s %j → %s', (kind, payload, ok) => {
    expect(validators[kind](payload)).toBe(ok);
  });
});

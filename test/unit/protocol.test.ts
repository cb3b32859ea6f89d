import { describe, expect, it } from 'vitest';
import { validators } from '../../src/messaging/protocol';

describe('message validators', () => {
  it.each([
    ['gate:passed', { url: 'https://x.example/a' }, true],
    ['gate:passed', { url: 42 }, false],
    ['page:analyze', { url: 'u', title: 't', text: 'x', siteName: null, published: null, canonical: null, links: [] }, true],
    ['page:analyze', { url: 'u', title: 't', text: 'x', siteName: null, published: null, canonical: null }, false],
    ['page:analyze', { url: 'u', title: 't', text: 'x', siteName: null, published: null, links: [] }, false],
    ['page:analyze', { url: 'u', title: 't', text: 'x'.repeat(3_000_000), siteName: null, published: null, canonical: null, links: [] }, false],
    ['page:analyze', { url: 'u', title: 't', text: 'x', siteName: null, published: null, canonical: null, links: Array(301).fill({ href: 'https://a.example', text: '' }) }, false],
    ['site:set', { host: 'a.example', patch: { collapsed: true } }, true],
    ['site:set', { host: 'a.example', patch: { evil: true } }, false],
    ['site:set', { host: '<script>', patch: {} }, false],
    ['tab:run', { tabId: -1 }, false],
    ['tab:run', { tabId: 3 }, true],
    ['panel:state', { token: 'short' }, false],
    ['panel:state', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2' }, true],
    ['panel:annUpdate', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', id: 'x', note: 'n', tags: ['a'] }, true],
    ['panel:annUpdate', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', id: 'x', note: 'n', tags: [1] }, false],
    ['ann:placed', { placed: [{ id: 'a', start: 3 }], orphaned: ['b'] }, true],
    ['ann:placed', { placed: [{ id: 'a', start: 'x' }], orphaned: [] }, false],
    ['follows:seen', { key: 'thread:t-0a1b2c' }, true],
    ['follows:seen', { key: 'entity:org:Alibaba Cloud' }, true],
    ['follows:seen', { key: 'story:t-0a1b2c' }, false],
    ['follows:seen', { key: 'thread:' }, false],
    ['follows:unfollow', { key: 42 }, false],
    ['follows:unfollow', { key: `entity:${'x'.repeat(500)}` }, false],
    ['follows:restore', { follow: { key: 'thread:t-1' } }, true],
    ['follows:restore', { follow: 'thread:t-1' }, false],
    // the companion names its tab by id, under the frame's own rules for the rest
    ['companion:view', { tabId: 3 }, true],
    ['companion:view', { tabId: '3' }, false],
    ['companion:state', { tabId: 3 }, true],
    ['companion:state', { tabId: 3, token: 'A1b2C3d4E5f6G7h8I9j0K1l2' }, false],
    ['companion:state', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2' }, false],
    ['companion:annUpdate', { tabId: 3, id: 'x', note: 'n', tags: ['a'] }, true],
    ['companion:annUpdate', { tabId: 3, id: 'x', note: 'n', tags: [1] }, false],
    ['companion:follow', { tabId: 3, kind: 'thread', key: 't-1', on: true }, true],
    ['companion:follow', { tabId: 3, kind: 'story', key: 't-1', on: true }, false],
    ['companion:live', { tabId: 3, wiki: 'x'.repeat(201) }, false],
    ['companion:card', { id: 'openai' }, true],
    ['companion:open', { key: 'openai' }, true],
    ['companion:open', { key: 7 }, false],
  ] as const)('%s %j → %s', (kind, payload, ok) => {
    expect(validators[kind](payload)).toBe(ok);
  });
});

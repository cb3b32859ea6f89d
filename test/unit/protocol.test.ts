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
    ['panel:correct', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', correction: { kind: 'notThis', name: 'Haiku', entityKey: 'claude', everywhere: false } }, true],
    ['panel:correct', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', correction: { kind: 'notThis', name: 'Haiku', entityKey: null, everywhere: true } }, true],
    // the site is the background's to know, from the browser: the frame cannot name one
    ['panel:correct', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', correction: { kind: 'notThis', name: 'Haiku', entityKey: 'claude', everywhere: false, site: 'evil.example' } }, false],
    ['panel:correct', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', correction: { kind: 'notThis', name: ' ', entityKey: null, everywhere: true } }, false],
    ['panel:correct', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', correction: { kind: 'itIs', name: 'Haiku', entityId: 'claude-haiku-4-5' } }, true],
    ['panel:correct', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', correction: { kind: 'itIs', name: 'Haiku', entityId: 7 } }, false],
    ['panel:correct', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', correction: { kind: 'add', name: 'Haiku', type: 'model', maker: 'anthropic' } }, true],
    ['panel:correct', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', correction: { kind: 'add', name: 'Haiku', type: 'spaceship', maker: null } }, false],
    ['panel:correct', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', correction: { kind: 'hide', name: 'Haiku' } }, false],
    ['panel:kbSearch', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', query: 'Hai', type: null }, true],
    ['panel:kbSearch', { token: 'A1b2C3d4E5f6G7h8I9j0K1l2', query: 'Hai', type: 'spaceship' }, false],
    ['panel:reload', { token: 'short' }, false],
  ] as const)('%s %j → %s', (kind, payload, ok) => {
    expect(validators[kind](payload)).toBe(ok);
  });
});

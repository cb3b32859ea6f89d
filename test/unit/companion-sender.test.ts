import { describe, expect, it, vi } from 'vitest';

// the one browser seam, faked: our extension's id and origin
vi.mock('../../extension/shared/browser', () => ({
  api: { runtime: { id: 'ours', getURL: (p: string) => `chrome-extension://ours/${p}` } },
}));
const { fromCompanion } = await import('../../extension/shared/messaging');

const page = 'chrome-extension://ours/sidepanel/sidepanel.html';
describe('fromCompanion: only our companion page', () => {
  it.each([
    ['the side panel (no tab)', { id: 'ours', url: page }, true],
    ['the page in a tab of its own, bound', { id: 'ours', url: `${page}?tab=4`, tab: { id: 9, url: `${page}?tab=4` } }, true],
    ['another extension', { id: 'theirs', url: page }, false],
    // the in-page sidebar's frame and the toolbar popup are gone (#13): their old addresses are nobody
    ['the old sidebar frame', { id: 'ours', url: 'chrome-extension://ours/panel/panel.html', tab: { id: 9, url: 'https://news.example/a' } }, false],
    ['the old popup', { id: 'ours', url: 'chrome-extension://ours/popup/popup.html' }, false],
    ['the options page', { id: 'ours', url: 'chrome-extension://ours/options/options.html', frameId: 0, tab: { id: 9, url: 'chrome-extension://ours/options/options.html' } }, false],
    ['our page framed in a web page', { id: 'ours', url: page, tab: { id: 9, url: 'https://evil.example/' } }, false],
    ['a content script', { id: 'ours', url: 'https://news.example/a', tab: { id: 9, url: 'https://news.example/a' } }, false],
    ['no address', { id: 'ours' }, false],
  ])('%s → %s', (_what, sender, ok) => {
    expect(fromCompanion(sender as never)).toBe(ok);
  });
});

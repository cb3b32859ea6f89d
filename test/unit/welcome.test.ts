import { describe, expect, it } from 'vitest';
import { opensWelcome, parseTestHooks } from '../../src/welcome/hooks';
import { companionShortcut } from '../../src/welcome/shortcut';
import { boundCompanionPath, companionHome } from '../../src/companion/opening';
import { SAMPLE, sampleText } from '../../src/welcome/sample';
import { analyzeText } from '../../src/entities/extract';
import { compileKb } from '../../src/entities/compiled';
import { compromiseOptions } from '../../src/entities/nlp';

describe('the welcome page opens on a first install only', () => {
  it.each([
    ['install', null, true],
    ['update', null, false],
    ['browser_update', null, false],
    ['shared_module_update', null, false],
    // the test build: its suite opens its own tabs, unless a test asks for the welcome page
    ['install', { welcomeOnInstall: false, companion: 'auto' }, false],
    ['install', { welcomeOnInstall: true, companion: 'auto' }, true],
    ['update', { welcomeOnInstall: true, companion: 'auto' }, false],
  ] as const)('%s with hooks %j: %s', (reason, hooks, opens) => {
    expect(opensWelcome(reason, hooks)).toBe(opens);
  });
});

describe('test hooks: only the exact shape counts, anything else is what ships', () => {
  it.each([
    [{ welcomeOnInstall: false }, { welcomeOnInstall: false, companion: 'auto' }],
    [{ welcomeOnInstall: true, companion: 'tab' }, { welcomeOnInstall: true, companion: 'tab' }],
    [{ welcomeOnInstall: 'no' }, null],
    [{ welcomeOnInstall: false, companion: 'popup' }, null],
    [{ welcomeOnInstall: false, extra: 1 }, null],
    [[], null],
    [null, null],
    ['{"welcomeOnInstall":false}', null],
  ])('%j → %j', (raw, parsed) => {
    expect(parseTestHooks(raw)).toEqual(parsed);
  });
});

describe("the companion's shortcut as the browser reports it", () => {
  it.each([
    [[{ name: 'next-mark', shortcut: 'Alt+Shift+J' }, { name: 'open-companion', shortcut: 'Alt+Shift+L' }], ['Alt', 'Shift', 'L']],
    // the reader changed it in the browser's shortcut settings
    [[{ name: 'open-companion', shortcut: 'Ctrl+Shift+Y' }], ['Ctrl', 'Shift', 'Y']],
    // Firefox's build: the command is the built-in sidebar one
    [[{ name: '_execute_sidebar_action', shortcut: 'Alt+Shift+L' }], ['Alt', 'Shift', 'L']],
    // macOS Chrome writes symbols with no separator
    [[{ name: 'open-companion', shortcut: '⌥⇧L' }], ['⌥', '⇧', 'L']],
    // removed by the reader, or taken by another extension
    [[{ name: 'open-companion', shortcut: '' }], null],
    [[{ name: 'next-mark', shortcut: 'Alt+Shift+J' }], null],
  ])('%j → %j', (commands, keys) => {
    expect(companionShortcut(commands)).toEqual(keys);
  });
});

describe('where the companion opens', () => {
  it.each([
    [{ sidePanel: true, sidebar: false }, null, 'sidePanel'],
    [{ sidePanel: false, sidebar: true }, null, 'sidebar'],
    // Firefox for Android, a Chrome without sidePanel: a tab bound to the article's tab
    [{ sidePanel: false, sidebar: false }, null, 'tab'],
    // the test build playing a browser with neither
    [{ sidePanel: true, sidebar: false }, { welcomeOnInstall: false, companion: 'tab' }, 'tab'],
    [{ sidePanel: false, sidebar: true }, { welcomeOnInstall: false, companion: 'auto' }, 'sidebar'],
  ] as const)('%j, hooks %j → %s', (has, hooks, where) => {
    expect(companionHome(has, hooks)).toBe(where);
  });
  it('binds the companion page to the article tab by id', () => {
    expect(boundCompanionPath(42)).toBe('sidepanel/sidepanel.html?tab=42');
  });
});

describe('the sample article', () => {
  const a = analyzeText(sampleText(), SAMPLE.title, { compiled: compileKb(), ...compromiseOptions });
  const linked = new Map(a.entities.map((e) => [e.name, e]));
  it('is an AI-industry article to the same analysis pages get', () => {
    expect(a.isAI).toBe(true);
  });
  it.each([
    ['Anthropic', 'company'],
    ['OpenAI', 'company'],
    ['Claude', 'model'],
    ['H100', 'hardware'],
    ['Federal Trade Commission', 'agency'],
  ])('marks %s as a %s of the knowledge base', (name, type) => {
    const e = [...linked.values()].find((x) => x.name === name || x.mentions.some((m) => m.text === name));
    expect(e?.type).toBe(type);
    expect(e?.kbId).toBeTruthy();
  });
});

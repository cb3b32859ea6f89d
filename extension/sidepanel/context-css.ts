/** The Context view's stylesheet with the card's (the companion's main.tsx adds it; the design tokens come with ../shared/page.css). */
import { CARD_CSS } from '../shared/EntityCard';

export const CONTEXT_CSS = CARD_CSS + `
* { box-sizing: border-box; }
.panel {
  --bg: var(--lens-bg); --fg: var(--lens-fg); --muted: var(--lens-muted); --line: var(--lens-line); --accent: var(--lens-accent); --chip: var(--lens-chip);
  font: var(--lens-text-md)/1.45 var(--lens-font);
  color: var(--fg); background: var(--bg);
}
.panel { position: absolute; inset: 0; display: flex; flex-direction: column; }
.brand { font-weight: 650; letter-spacing: .01em; }
.logo { color: var(--accent); }
button:focus-visible, input:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.story { margin: 10px 12px 6px; color: var(--muted); font-size: 13px; }
.headline { margin: 4px 0 0; color: var(--fg); font-weight: 600; }
.byline { margin: 2px 0 0; }
.cited { padding: 6px 0; border-bottom: 1px solid var(--line); font-size: 13px; }
.cited .kind { font-size: 11px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); font-weight: 650; }
.cited .source { font-size: 12px; color: var(--muted); }
.cited a { color: var(--accent); }
.pill { display: inline-block; padding: 1px 8px; margin-right: 4px; border-radius: 999px; background: var(--chip); color: var(--accent); font-weight: 600; font-size: 12px; }
.search { display: block; margin: 4px 12px 8px; }
.search input { width: 100%; padding: 6px 8px; font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; }
.groups { overflow-y: auto; padding: 0 16px 16px 12px; flex: 1; scrollbar-gutter: stable; }
.empty { color: var(--muted); }
h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 14px 0 6px; font-weight: 650; }
.count { font-weight: 500; }
ul { list-style: none; margin: 0; padding: 0; }
.entity { padding: 8px 0 8px 10px; border-bottom: 1px solid var(--line); border-left: 3px solid var(--type); margin-bottom: 2px; }
.name-row { display: flex; justify-content: space-between; gap: 8px; width: 100%; padding: 0; font: inherit; color: inherit; background: none; border: 0; text-align: left; cursor: pointer; }
.name-row:hover .name { text-decoration: underline; }
.detail { overflow-y: auto; padding: 0 16px 16px 12px; flex: 1; }
.detail-name { text-transform: none; letter-spacing: 0; font-size: 16px; color: var(--fg); margin: 8px 0 4px; }
.jump { font: inherit; font-size: 12px; color: var(--accent); background: none; border: 0; padding: 0; cursor: pointer; }
.jump:hover { text-decoration: underline; }
.back { font: inherit; color: var(--accent); background: none; border: 0; padding: 4px 0; cursor: pointer; }
.tabs { display: flex; gap: 2px; margin: 2px 12px 6px; border-bottom: 1px solid var(--line); }
.tabs button { font: inherit; font-size: 13px; font-weight: 600; color: var(--muted); background: none; border: 0; border-bottom: 2px solid transparent; padding: 6px 8px; cursor: pointer; }
.tabs button[aria-selected="true"] { color: var(--accent); border-bottom-color: var(--accent); }
.views { position: relative; display: flex; flex-direction: column; flex: 1; min-height: 0; }
.context { position: relative; z-index: 1; display: flex; flex-direction: column; flex: 1; min-height: 0; background: var(--bg); }
[hidden] { display: none !important; }
.name { font-weight: 600; }
.mentions, .family { color: var(--muted); font-size: 12px; }
.summary { margin: 2px 0 0; font-size: 13px; }
.summary.unknown { color: var(--muted); font-style: italic; }
.t-company { --type: #3b82f6; } .t-model { --type: #a855f7; } .t-policy { --type: #f59e0b; } .t-agency { --type: #10b981; }
.t-person { --type: #ef4444; } .t-outlet { --type: #64748b; } .t-organization { --type: #14b8a6; } .t-hardware { --type: #65a30d; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** Styles for the marks, inserted by the background with scripting.insertCSS (no element in the page, and past its CSP). */
const MARK_CSS = `
::highlight(anl-company) { background-color: rgba(59,130,246,.16); text-decoration: underline rgba(59,130,246,.7) 2px; }
::highlight(anl-model) { background-color: rgba(168,85,247,.16); text-decoration: underline rgba(168,85,247,.7) 2px; }
::highlight(anl-policy) { background-color: rgba(245,158,11,.18); text-decoration: underline rgba(245,158,11,.8) 2px; }
::highlight(anl-agency) { background-color: rgba(16,185,129,.16); text-decoration: underline rgba(16,185,129,.7) 2px; }
::highlight(anl-person) { background-color: rgba(239,68,68,.12); text-decoration: underline rgba(239,68,68,.6) 2px; }
::highlight(anl-outlet) { background-color: rgba(100,116,139,.16); text-decoration: underline rgba(100,116,139,.7) 2px; }
::highlight(anl-organization) { background-color: rgba(20,184,166,.14); text-decoration: underline rgba(20,184,166,.7) 2px; }
::highlight(anl-hardware) { background-color: rgba(132,204,22,.16); text-decoration: underline rgba(101,163,13,.7) 2px; }
::highlight(anl-annotation) { background-color: rgba(250,204,21,.42); }
::highlight(anl-flash) { background-color: rgba(250,204,21,.75); }
mark[data-ai-news-lens="mark"] { background: rgba(59,130,246,.16); color: inherit; text-decoration: underline 2px; }
`;

/** The marks' styles under this page's random highlight names (see MarkNames). */
export const markCss = (names: Record<string, string>): string => MARK_CSS.replace(/::highlight\(anl-([a-z]+)\)/g, (m, k: string) => (names[k] ? `::highlight(${names[k]})` : m));

/** Fresh random names for one page's highlights. */
export function newMarkNames<K extends string>(keys: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const k of keys) out[k] = `h${[...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
  return out;
}
export const MARK_KEYS = ['company', 'model', 'policy', 'agency', 'person', 'outlet', 'organization', 'hardware', 'annotation', 'flash'] as const;

/**
 * Elements the extension adds to a page: a custom element with a closed shadow root, styled by
 * inline `!important` declarations, which beat any page rule (`!important` ones and `all: unset`
 * included). Page CSS cannot reach inside; the page's layout is not touched (position: fixed).
 */
export interface PageHost {
  host: HTMLElement;
  /** Where to render inside the shadow root. */
  box: HTMLElement;
}

const GUARDED = ['click', 'keydown', 'keyup', 'input', 'change', 'submit', 'mousedown', 'mouseup', 'pointerdown', 'pointerup', 'pointermove'] as const;
const stopUntrusted = (ev: Event) => {
  if (ev.isTrusted) return;
  ev.stopImmediatePropagation();
  ev.preventDefault();
};

export function createHost(tag: string, role: string, css: string): PageHost {
  const host = document.createElement(tag);
  host.setAttribute('data-ai-news-lens', role);
  const shadow = host.attachShadow({ mode: 'closed' });
  // Everything inside acts for the reader: an event a script made (isTrusted false) stops at the root.
  for (const type of GUARDED) shadow.addEventListener(type, stopUntrusted, true);
  const style = document.createElement('style');
  style.textContent = css;
  const box = document.createElement('div');
  shadow.append(style, box);
  return { host, box };
}

/** Sets the host's box: fixed, above everything, with the given properties; all `!important`. */
export function pin(host: HTMLElement, props: Record<string, string>): void {
  const s = host.style;
  s.cssText = '';
  const set = (k: string, v: string) => s.setProperty(k, v, 'important');
  set('all', 'initial');
  set('position', 'fixed');
  set('z-index', '2147483647');
  set('display', 'block');
  for (const [k, v] of Object.entries(props)) set(k, v);
}

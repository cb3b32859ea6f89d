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

/**
 * Whether a click on our in-page UI (`host`) is one the reader could have meant: nothing of ours or
 * of its ancestors made transparent, hidden or filtered by the page, and for a pointer click our
 * host is what the browser finds at that point (not a decoy laid over it). A click from the
 * keyboard (`detail` 0: Enter or Space on a focused button) has no point to check. Against
 * clickjacking (issue #11, finding 5): the page can restyle and cover what it hosts.
 */
export function unobstructed(host: HTMLElement, ev: MouseEvent): boolean {
  if (!ev.isTrusted || !host.isConnected) return false;
  for (let el: Element | null = host; el; el = el.parentElement) {
    const cs = getComputedStyle(el);
    if (Number(cs.opacity) < 1 || cs.visibility !== 'visible' || (cs.filter !== 'none' && cs.filter !== '') || cs.display === 'none') return false;
  }
  if (ev.detail === 0) return true;
  return document.elementFromPoint(ev.clientX, ev.clientY) === host;
}

import { render } from 'preact';
import { Sidebar, type SidebarProps } from './Sidebar';
import { SIDEBAR_CSS } from './styles';

export const HOST_TAG = 'ai-news-lens-sidebar';
const TAB = { width: 40, height: 72 };

/** Inline `!important` on the host beats any page rule, including `!important` ones and `all: unset`. */
function placeHost(host: HTMLElement, collapsed: boolean, side: 'left' | 'right', width: number): void {
  const s = host.style;
  const set = (k: string, v: string) => s.setProperty(k, v, 'important');
  set('all', 'initial');
  set('position', 'fixed');
  set('z-index', '2147483647');
  s.removeProperty(side === 'right' ? 'left' : 'right');
  set(side, '0');
  set('display', 'block');
  set('contain', 'strict');
  if (collapsed) {
    set('top', '40vh');
    set('width', `${TAB.width}px`);
    set('height', `${TAB.height}px`);
  } else {
    set('top', '0');
    set('width', `min(${width}px, 100vw)`);
    set('height', '100vh');
  }
}

export interface SidebarHandle {
  destroy(): void;
  /** Expands the sidebar if folded and opens the entity's card, with focus on it. */
  openEntity(e: SidebarProps['entities'][number]): void;
}

/**
 * Draws the sidebar in a closed shadow root on its own host element, appended to `<html>` so it
 * never takes part in the page's layout; it claims only the fixed strip it covers.
 */
type Layout = { side: 'left' | 'right'; width: number };

export function mountSidebar(
  props: Omit<SidebarProps, 'onCollapse' | 'onClose' | 'register' | 'side' | 'onLayout'> & Layout & { onCollapse: (c: boolean) => void; onLayout: (patch: Partial<Layout>) => void },
): SidebarHandle {
  const host = document.createElement(HOST_TAG);
  host.setAttribute('data-ai-news-lens', 'sidebar');
  const root = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  style.textContent = SIDEBAR_CSS;
  const container = document.createElement('div');
  root.append(style, container);
  let collapsed = props.collapsed;
  let layout: Layout = { side: props.side, width: props.width };
  let opener: ((e: SidebarProps['entities'][number]) => void) | null = null;
  const destroy = (): void => {
    render(null, container);
    host.remove();
  };
  const draw = (): void => {
    placeHost(host, collapsed, layout.side, layout.width);
    host.setAttribute('data-side', layout.side);
    host.setAttribute('data-state', collapsed ? 'collapsed' : 'open');
    render(
      <Sidebar
        {...props}
        collapsed={collapsed}
        onCollapse={(c) => {
          collapsed = c;
          draw();
          props.onCollapse(c);
        }}
        onClose={destroy}
        register={(fn) => (opener = fn)}
        side={layout.side}
        onLayout={(patch, done) => {
          layout = { ...layout, ...patch };
          placeHost(host, collapsed, layout.side, layout.width);
          host.setAttribute('data-side', layout.side);
          if (patch.side) draw();
          if (done) props.onLayout(patch);
        }}
      />,
      container,
    );
  };
  draw();
  host.setAttribute('data-entity-count', String(props.entities.length));
  document.documentElement.append(host);
  return {
    destroy,
    openEntity(e) {
      if (collapsed) {
        collapsed = false;
        draw();
        props.onCollapse(false);
      }
      opener?.(e);
    },
  };
}

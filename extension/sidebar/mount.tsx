import { render } from 'preact';
import { Sidebar, type SidebarProps } from './Sidebar';
import { SIDEBAR_CSS } from './styles';
import { createHost, pin } from '../shared/host';
import { PANEL_PING } from '../../src/messaging/protocol';

export const HOST_TAG = 'ai-news-lens-sidebar';
const TAB = { width: 40, height: 72 };

function placeHost(host: HTMLElement, collapsed: boolean, side: 'left' | 'right', width: number): void {
  pin(host, {
    [side]: '0',
    contain: 'strict',
    ...(collapsed ? { top: '40vh', width: `${TAB.width}px`, height: `${TAB.height}px` } : { top: '0', width: `min(${width}px, 100vw)`, height: '100vh' }),
  });
}

export interface SidebarHandle {
  /** The element in the page that holds the sidebar (its data-* attributes say what it shows). */
  readonly host: HTMLElement;
  destroy(): void;
  /** Expands the sidebar if folded and opens the entity's card, with focus on it. */
  openEntity(e: SidebarProps['entities'][number]): void;
  /** Expands the sidebar if folded and shows the reader's frame with a command ("edit=<id>"). */
  openPanel(command: string): void;
  /** Tells the frame its data changed (a bare signal: no data crosses into or out of the page). */
  pingPanel(): void;
}

/**
 * Draws the sidebar in a closed shadow root on its own host element, appended to `<html>` so it
 * never takes part in the page's layout; it claims only the fixed strip it covers.
 */
type Layout = { side: 'left' | 'right'; width: number };

export function mountSidebar(
  props: Omit<SidebarProps, 'onCollapse' | 'onClose' | 'register' | 'registerPanel' | 'side' | 'onLayout'> & Layout & { onCollapse: (c: boolean) => void; onLayout: (patch: Partial<Layout>) => void },
): SidebarHandle {
  const { host, box: container } = createHost(HOST_TAG, 'sidebar', SIDEBAR_CSS);
  let collapsed = props.collapsed;
  let layout: Layout = { side: props.side, width: props.width };
  let opener: ((e: SidebarProps['entities'][number]) => void) | null = null;
  let panelOpener: ((command: string) => void) | null = null;
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
        registerPanel={(fn) => (panelOpener = fn)}
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
    host,
    destroy,
    openEntity(e) {
      if (collapsed) {
        collapsed = false;
        draw();
        props.onCollapse(false);
      }
      opener?.(e);
    },
    openPanel(command) {
      if (collapsed) {
        collapsed = false;
        draw();
        props.onCollapse(false);
      }
      panelOpener?.(command);
    },
    pingPanel() {
      // "*": the signal is a constant and carries nothing, and with a dynamic resource URL (Chrome)
      // the frame's origin is not the one getURL() names
      container.querySelector('iframe')?.contentWindow?.postMessage(PANEL_PING, '*');
    },
  };
}

import { useState } from 'preact/hooks';
import type { EntityCard } from '../../src/messaging/protocol';
import type { EntityType } from '../../src/kb/types';

/** Group order and labels: what a reader of AI news looks for first. */
export const GROUPS: { type: EntityType; label: string }[] = [
  { type: 'company', label: 'Companies' },
  { type: 'model', label: 'Models & products' },
  { type: 'policy', label: 'Policies & legal' },
  { type: 'agency', label: 'Agencies & regulators' },
  { type: 'person', label: 'People' },
  { type: 'outlet', label: 'News outlets' },
  { type: 'organization', label: 'Other organisations' },
];

export interface SidebarProps {
  title: string;
  entities: EntityCard[];
  isAI: boolean;
  collapsed: boolean;
  onCollapse: (collapsed: boolean) => void;
  onClose: () => void;
}

export function Sidebar({ title, entities, isAI, collapsed, onCollapse, onClose }: SidebarProps) {
  const [filter, setFilter] = useState('');
  if (collapsed) {
    return (
      <button class="tab" type="button" aria-expanded="false" aria-label={`Open AI News Lens: ${entities.length} entities`} onClick={() => onCollapse(false)}>
        <span class="logo" aria-hidden="true">◎</span>
        <span class="tab-count">{entities.length}</span>
      </button>
    );
  }
  const q = filter.trim().toLowerCase();
  const shown = q ? entities.filter((e) => e.name.toLowerCase().includes(q) || (e.summary ?? '').toLowerCase().includes(q)) : entities;
  return (
    <aside class="panel" aria-label="AI News Lens">
      <header>
        <div class="brand">
          <span class="logo" aria-hidden="true">◎</span> AI News Lens
        </div>
        <div class="actions">
          <button type="button" aria-expanded="true" aria-label="Collapse sidebar" title="Collapse" onClick={() => onCollapse(true)}>
            ›
          </button>
          <button type="button" aria-label="Close sidebar for this page" title="Close" onClick={onClose}>
            ×
          </button>
        </div>
      </header>
      <p class="story">
        <span class="pill">{isAI ? 'AI industry' : 'Not detected as AI news'}</span> {title}
      </p>
      <label class="search">
        <span class="visually-hidden">Filter entities</span>
        <input type="search" placeholder="Filter entities" value={filter} onInput={(e) => setFilter((e.target as HTMLInputElement).value)} />
      </label>
      <div class="groups">
        {entities.length === 0 && <p class="empty">No entities found in this article.</p>}
        {GROUPS.map(({ type, label }) => {
          const list = shown.filter((e) => e.type === type);
          if (!list.length) return null;
          return (
            <section key={type} class={`group t-${type}`} aria-label={label}>
              <h2>
                {label} <span class="count">{list.length}</span>
              </h2>
              <ul>
                {list.map((e) => (
                  <li key={`${e.kbId ?? e.name}`} class="entity" data-entity-type={e.type} data-kb-id={e.kbId ?? ''}>
                    <div class="name-row">
                      <span class="name">{e.name}</span>
                      <span class="mentions" title={`${e.mentionCount} mention${e.mentionCount === 1 ? '' : 's'}`}>
                        ×{e.mentionCount}
                      </span>
                    </div>
                    {e.family && <div class="family">{`${e.family} family`}</div>}
                    {e.summary ? <p class="summary">{e.summary}</p> : <p class="summary unknown">Not in knowledge base</p>}
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
    </aside>
  );
}

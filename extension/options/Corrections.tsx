import { useEffect, useState } from 'preact/hooks';
import { call } from '../shared/messaging';
import type { Correction } from '../../src/kb/corrections';
import type { UserKb } from '../../src/kb/user';
import type { LibraryToBackground } from '../../src/messaging/protocol';

type Save = (next: UserKb, done: string) => Promise<boolean>;

/** What a correction says, in the reader's words. `nameOf` names an entity by id. */
export function describeCorrection(c: Correction, nameOf: (id: string) => string): string {
  if (c.kind === 'notThis') return `“${c.name}” is ${c.entityId ? `not ${nameOf(c.entityId)}` : 'not a name to link'} ${c.site ? `on ${c.site}` : 'anywhere'}`;
  if (c.kind === 'itIs') return `“${c.name}” means ${nameOf(c.entityId)}`;
  return `“${c.name}” added as your own ${nameOf(c.entityId)}`;
}

/**
 * The reader's corrections of links, made in the "Notes & related" frame: each removable, with an
 * undo of the last removal. Removing an "Add" removes the entity it made too.
 */
export function Corrections({ user, save }: { user: UserKb; save: Save }) {
  const [undo, setUndo] = useState<UserKb | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  // entities are named as their cards name them (the options page does not load the knowledge base itself);
  // once their names arrive the effect runs again, finds every id named and stops
  useEffect(() => {
    const ids = [...new Set(user.corrections.map((c) => c.entityId).filter((id): id is string => !!id && !(id in names)))];
    if (!ids.length) return;
    void Promise.all(ids.map((id) => call<LibraryToBackground, 'kb:card'>('kb:card', { id }).then((c) => [id, c?.name ?? id] as const, () => [id, id] as const))).then((got) => setNames((n) => ({ ...n, ...Object.fromEntries(got) })));
  }, [user, names]);
  const nameOf = (id: string) => names[id] ?? id;
  if (!user.corrections.length && !undo) return null;
  const remove = async (i: number) => {
    const c = user.corrections[i]!;
    const made = c.kind === 'add' ? c.entityId : null;
    const next: UserKb = {
      ...user,
      corrections: user.corrections.filter((x, j) => j !== i && !(made && x.entityId === made)),
      ...(made ? { entities: user.entities.filter((e) => e.id !== made), aliases: user.aliases.filter((a) => a.entityId !== made), hidden: user.hidden.filter((h) => h !== made) } : {}),
    };
    if (await save(next, `Removed: ${describeCorrection(c, nameOf)}.`)) setUndo(user);
  };
  const restore = async () => {
    if (undo && (await save(undo, 'Correction restored.'))) setUndo(null);
  };
  return (
    <section aria-labelledby="kb-corrections">
      <h2 id="kb-corrections">Your corrections</h2>
      <p class="muted">Made with “Correct a link” in the companion (on an entity’s card, or in Notes &amp; related); each applies from the next analysis of a page.</p>
      <ul class="mine corrections">
        {user.corrections.map((c, i) => (
          <li key={`${c.kind}:${c.name}:${c.entityId ?? ''}:${c.kind === 'notThis' ? (c.site ?? '') : ''}`} data-correction={c.kind}>
            {describeCorrection(c, nameOf)}{' '}
            <button type="button" class="small" name="remove-correction" onClick={() => void remove(i)}>
              Remove
            </button>
          </li>
        ))}
      </ul>
      {undo && (
        <button type="button" class="small" name="undo-correction" onClick={() => void restore()}>
          Undo removal
        </button>
      )}
    </section>
  );
}

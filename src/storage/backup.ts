/**
 * One file with everything the reader made: settings, knowledge-base additions, highlights and
 * notes, entity notes. A restore checks every part before anything is written, then replaces all.
 */
import { fromWebAnnotations, toCollection, type AnnotationCollection } from '../annotate/export';
import { checkUserKb, type UserKb } from '../kb/user';
import { migrate, type SettingsV2 } from './settings';
import type { AnnotationRecord, EntityNoteRecord } from './db';

export const BACKUP_FORMAT = 'ai-news-lens-backup';

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: 1;
  exported: string;
  settings: SettingsV2;
  knowledge: UserKb;
  annotations: AnnotationCollection;
  entityNotes: EntityNoteRecord[];
}

export interface BackupParts {
  settings: SettingsV2;
  knowledge: UserKb;
  annotations: AnnotationRecord[];
  entityNotes: EntityNoteRecord[];
}

export function makeBackup(p: BackupParts, now = new Date()): Backup {
  return { format: BACKUP_FORMAT, version: 1, exported: now.toISOString(), settings: p.settings, knowledge: p.knowledge, annotations: toCollection(p.annotations), entityNotes: p.entityNotes };
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every part checked; the first problem named with the part it is in. */
export function checkBackup(data: unknown, shippedIds: ReadonlySet<string>): { ok: true; value: BackupParts } | { ok: false; error: string } {
  if (!isObj(data) || data.format !== BACKUP_FORMAT) return { ok: false, error: `not an AI News Lens backup (format must be "${BACKUP_FORMAT}")` };
  if (data.version !== 1) return { ok: false, error: 'version: must be 1' };
  if (!isObj(data.settings)) return { ok: false, error: 'settings: missing' };
  const knowledge = checkUserKb(data.knowledge, shippedIds);
  if (!knowledge.ok) return { ok: false, error: `knowledge: ${knowledge.error}` };
  const annotations = fromWebAnnotations(data.annotations);
  if (!annotations.ok) return { ok: false, error: `annotations: ${annotations.error}` };
  if (!Array.isArray(data.entityNotes)) return { ok: false, error: 'entityNotes: must be a list' };
  for (const [i, n] of data.entityNotes.entries()) {
    if (!isObj(n) || typeof n.entityKey !== 'string' || typeof n.note !== 'string' || typeof n.name !== 'string' || typeof n.updated !== 'string') return { ok: false, error: `entityNotes[${i}]: needs entityKey, name, note and updated` };
  }
  return { ok: true, value: { settings: migrate(data.settings), knowledge: knowledge.value, annotations: annotations.value, entityNotes: data.entityNotes as EntityNoteRecord[] } };
}

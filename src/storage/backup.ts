/**
 * One file with everything the reader made: settings, knowledge-base additions, highlights and
 * notes, entity notes, and (version 2) the reading history with what the reader follows. A restore
 * checks every part before anything is written, then replaces all. A version 1 file, from before
 * the history was backed up, restores everything it has and leaves the reading history as it is.
 */
import { fromWebAnnotations, toCollection, type AnnotationCollection } from '../annotate/export';
import { checkUserKb, type UserKb } from '../kb/user';
import { migrate, type SettingsV2 } from './settings';
import { followImportProblem, historyImportProblem } from './history-store';
import { isObj, isText, LIMITS, prototypeKeyProblem, textProblem, unknownField } from './limits';
import type { AnnotationRecord, EntityNoteRecord, FollowRecord, HistoryRecord } from './db';

export const BACKUP_FORMAT = 'ai-news-lens-backup';
export const BACKUP_VERSION = 2;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  exported: string;
  settings: SettingsV2;
  knowledge: UserKb;
  annotations: AnnotationCollection;
  entityNotes: EntityNoteRecord[];
  /** Reading history records, as stored (with their ids and thread ids, so threads come back whole). */
  history: HistoryRecord[];
  follows: FollowRecord[];
}

/** The reading history and follows: both or neither, as they refer to each other (a follow names a thread id). */
export interface ReadingParts {
  history: HistoryRecord[];
  follows: FollowRecord[];
}

export interface BackupParts {
  settings: SettingsV2;
  knowledge: UserKb;
  annotations: AnnotationRecord[];
  entityNotes: EntityNoteRecord[];
  /** Null when restoring a version 1 file: it has no history, and the current one is kept. */
  reading: ReadingParts | null;
}

export function makeBackup(p: BackupParts & { reading: ReadingParts }, now = new Date()): Backup {
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exported: now.toISOString(),
    settings: p.settings,
    knowledge: p.knowledge,
    annotations: toCollection(p.annotations),
    entityNotes: p.entityNotes,
    history: p.reading.history,
    follows: p.reading.follows,
  };
}


type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The history and follows of a version 2 file, each record checked as the database would store
 * it, and the identities the database keys on unique: two records with one id would silently
 * become one, two with one canonical URL would abort the restore half-way.
 */
function checkReading(data: Record<string, unknown>): Checked<ReadingParts> {
  if (!Array.isArray(data.history) || data.history.length > LIMITS.records) return { ok: false, error: `history: must be a list of at most ${LIMITS.records}` };
  const ids = new Map<string, number>();
  const urls = new Map<string, number>();
  for (const [i, r] of data.history.entries()) {
    const problem = historyImportProblem(r);
    if (problem) return { ok: false, error: `history[${i}]${problem.startsWith('must') ? ' ' : '.'}${problem}` };
    const { id, url } = r as HistoryRecord;
    if (ids.has(id)) return { ok: false, error: `history[${i}].id: the same as history[${ids.get(id)}]` };
    if (urls.has(url)) return { ok: false, error: `history[${i}].url: the same article as history[${urls.get(url)}]` };
    ids.set(id, i);
    urls.set(url, i);
  }
  if (!Array.isArray(data.follows) || data.follows.length > LIMITS.records) return { ok: false, error: `follows: must be a list of at most ${LIMITS.records}` };
  const keys = new Map<string, number>();
  for (const [i, f] of data.follows.entries()) {
    const problem = followImportProblem(f);
    if (problem) return { ok: false, error: `follows[${i}]${problem.startsWith('must') ? ' ' : '.'}${problem}` };
    const { key } = f as FollowRecord;
    if (keys.has(key)) return { ok: false, error: `follows[${i}].key: the same as follows[${keys.get(key)}]` };
    keys.set(key, i);
  }
  return { ok: true, value: { history: data.history as HistoryRecord[], follows: data.follows as FollowRecord[] } };
}

const BACKUP_FIELDS = ['format', 'version', 'exported', 'settings', 'knowledge', 'annotations', 'entityNotes', 'history', 'follows'];
const MAX_SITES = 10_000;

/** Entity notes, each bounded like a note saved in the page, one per entity (the store keys on it). */
function checkEntityNotes(list: unknown): Checked<EntityNoteRecord[]> {
  if (!Array.isArray(list) || list.length > LIMITS.records) return { ok: false, error: `entityNotes: must be a list of at most ${LIMITS.records}` };
  const keys = new Map<string, number>();
  for (const [i, n] of list.entries()) {
    const at = `entityNotes[${i}]`;
    if (!isObj(n) || typeof n.entityKey !== 'string' || typeof n.note !== 'string' || typeof n.name !== 'string' || typeof n.updated !== 'string') return { ok: false, error: `${at}: needs entityKey, name, note and updated` };
    const unknown = unknownField(n, ['entityKey', 'name', 'note', 'updated']);
    if (unknown) return { ok: false, error: `${at}.${unknown}` };
    for (const [k, max] of [['entityKey', LIMITS.entityKey], ['name', LIMITS.name], ['note', LIMITS.note], ['updated', LIMITS.date]] as const) {
      if (!isText(n[k], max)) return { ok: false, error: `${at}.${k}: ${textProblem(n[k], max)}` };
    }
    if (keys.has(n.entityKey)) return { ok: false, error: `${at}.entityKey: the same as entityNotes[${keys.get(n.entityKey)}]` };
    keys.set(n.entityKey, i);
  }
  return { ok: true, value: list as EntityNoteRecord[] };
}

/**
 * Every part checked; the first problem named with the part it is in (`annotations: items[3].id:
 * longer than 100 characters`). Nothing in the file may reach a prototype, at any depth.
 */
export function checkBackup(data: unknown, shippedIds: ReadonlySet<string>): Checked<BackupParts> {
  if (!isObj(data) || data.format !== BACKUP_FORMAT) return { ok: false, error: `not an AI News Lens backup (format must be "${BACKUP_FORMAT}")` };
  const unsafe = prototypeKeyProblem(data);
  if (unsafe) return { ok: false, error: unsafe };
  const unknown = unknownField(data, BACKUP_FIELDS);
  if (unknown) return { ok: false, error: unknown };
  if (data.version !== 1 && data.version !== BACKUP_VERSION) return { ok: false, error: `version: must be 1 or ${BACKUP_VERSION}` };
  if (!isObj(data.settings)) return { ok: false, error: 'settings: missing' };
  if (isObj(data.settings.sites) && Object.keys(data.settings.sites).length > MAX_SITES) return { ok: false, error: `settings.sites: more than ${MAX_SITES} sites` };
  const badHost = isObj(data.settings.sites) ? Object.keys(data.settings.sites).find((h) => !/^[a-z0-9.-]{1,253}(:\d{1,5})?$/i.test(h)) : undefined;
  if (badHost !== undefined) return { ok: false, error: `settings.sites.${badHost.slice(0, 80)}: not a host name` };
  const knowledge = checkUserKb(data.knowledge, shippedIds);
  if (!knowledge.ok) return { ok: false, error: `knowledge: ${knowledge.error}` };
  const annotations = fromWebAnnotations(data.annotations);
  if (!annotations.ok) return { ok: false, error: `annotations: ${annotations.error}` };
  const notes = checkEntityNotes(data.entityNotes);
  if (!notes.ok) return notes;
  let reading: ReadingParts | null = null;
  if (data.version === BACKUP_VERSION) {
    const r = checkReading(data);
    if (!r.ok) return r;
    reading = r.value;
  }
  return { ok: true, value: { settings: migrate(data.settings), knowledge: knowledge.value, annotations: annotations.value, entityNotes: notes.value, reading } };
}

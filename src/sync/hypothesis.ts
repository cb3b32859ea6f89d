/**
 * Our annotation ⇄ a Hypothesis annotation (API v1, test/fixtures/hypothesis-api).
 *
 * Out: the page's address as `uri` and `target.source`, our TextQuote and TextPosition selectors as
 * they are, the note as `text`, the tags, the article's title and other addresses in `document`.
 * What Hypothesis has no field for (our id, our own created/updated times, the text's fingerprint)
 * rides in one more selector, a FragmentSelector that `conformsTo` our own URN: the server stores a
 * target's selectors as given and hands them back, and other clients skip selectors they do not know.
 *
 * In: everything the server says is checked before it is stored (a server can be hostile, and a
 * group's other members write into it): http(s) addresses only, the same length limits as a save
 * in the page, a quote to anchor, real dates and an `acct:` user; otherwise refused with the
 * reason. Only the reader's own annotations may name one of our ids (else another member could
 * overwrite a local note by naming its id); the others are known by the server's id.
 */
import type { Selector, TextPositionSelector, TextQuoteSelector } from '../annotate/anchor';
import type { AnnotationRecord } from '../storage/db';
import { isObj, isText, isWebUrl, LIMITS, prototypeKeyProblem } from '../storage/limits';

/** `conformsTo` of the selector that carries what Hypothesis has no field for. */
export const MARKER = 'urn:ai-news-lens:annotation';
/** Hypothesis's public group; with read permission for the reader alone it is "Only me". */
export const ONLY_ME = '__world__';
/** The id of an annotation someone made outside this extension (or another member's): `hypothesis:<server id>`. */
export const REMOTE_PREFIX = 'hypothesis:';
/** A display name longer than this is cut (it is shown beside a highlight, never trusted). */
const MAX_NAME = 120;
/** The server's ids are short (22 characters on hypothes.is); anything much longer is not one. */
const MAX_SERVER_ID = 64;

/** What we send to create (or, whole, to update) an annotation: the API's AnnotationCreate. */
export interface HypothesisDraft {
  uri: string;
  document: { title: string[]; link: { href: string }[] };
  text: string;
  tags: string[];
  group: string;
  permissions: { read: string[]; update: string[]; delete: string[] };
  target: { source: string; selector: (Selector | MarkerSelector)[] }[];
}

export interface MarkerSelector {
  type: 'FragmentSelector';
  conformsTo: typeof MARKER;
  /** `id=…&created=…&updated=…&fingerprint=…` (URL-encoded). */
  value: string;
}

/** Where the reader's highlights go: Only me, or one of their groups. */
export interface Destination {
  /** `acct:name@authority` of the token's owner. */
  userid: string;
  group: string;
}

/** An annotation the server returned, as we keep it. */
export interface Pulled {
  record: AnnotationRecord;
  /** The server's id, its `updated` (what conflicts are decided by), who wrote it, and where. */
  remote: { id: string; updated: string; user: string; displayName: string | null; group: string };
  /** Written by the token's owner (theirs to edit); else another member's, shown with its author. */
  mine: boolean;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export function toHypothesis(a: AnnotationRecord, to: Destination): HypothesisDraft {
  const marker: MarkerSelector = {
    type: 'FragmentSelector',
    conformsTo: MARKER,
    value: new URLSearchParams({ id: a.id, created: a.created, updated: a.updated, fingerprint: a.fingerprint }).toString(),
  };
  const reader = to.group === ONLY_ME ? to.userid : `group:${to.group}`;
  return {
    uri: a.url,
    document: { title: a.title ? [a.title] : [], link: a.urls.filter((u) => u !== a.url).map((href) => ({ href })) },
    text: a.note,
    tags: a.tags,
    group: to.group,
    permissions: { read: [reader], update: [to.userid], delete: [to.userid] },
    target: [{ source: a.url, selector: [...a.selectors, marker] }],
  };
}

const isDate = (v: unknown): v is string => isText(v, LIMITS.date, 1) && !Number.isNaN(Date.parse(v));
/** `acct:name@authority`, the API's user-id format. */
const isUserId = (v: unknown): v is string => isText(v, 300) && /^acct:[A-Za-z0-9._]{1,60}@[^\s@]+$/.test(v);
const isOurId = (v: unknown): v is string => isText(v, LIMITS.id, 1) && /^[A-Za-z0-9:_-]+$/.test(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10_000_000;

/**
 * Reads one annotation the server sent, for the reader `me` (`acct:…`). Refused, with the field and
 * the problem, when anything in it could not have come from a save of ours or a real client.
 */
export function fromHypothesis(raw: unknown, me: string): Checked<Pulled> {
  const bad = (field: string, problem: string): Checked<Pulled> => ({ ok: false, error: `${field}: ${problem}` });
  if (!isObj(raw)) return bad('annotation', 'not an object');
  const proto = prototypeKeyProblem(raw);
  if (proto) return { ok: false, error: proto };
  const { id, uri, text, tags, user, group, created, updated } = raw;
  if (!isText(id, MAX_SERVER_ID, 1) || !/^[A-Za-z0-9_-]+$/.test(id)) return bad('id', 'missing, or not an id the server gives');
  if (!isWebUrl(uri)) return bad('uri', `must be an http(s) address of at most ${LIMITS.url} characters`);
  if (!isUserId(user)) return bad('user', 'missing, or not an acct: user id');
  if (!isText(group, 200, 1)) return bad('group', 'missing');
  if (!isDate(created) || !isDate(updated)) return bad(isDate(created) ? 'updated' : 'created', 'missing, or not a date');
  const note = text ?? '';
  if (!isText(note, LIMITS.note)) return bad('text', `longer than ${LIMITS.note} characters, or not a text`);
  const tagList = tags ?? [];
  if (!Array.isArray(tagList) || tagList.length > LIMITS.tags) return bad('tags', `must be a list of at most ${LIMITS.tags}`);
  const badTag = tagList.findIndex((t) => !isText(t, LIMITS.tag, 1));
  if (badTag >= 0) return bad(`tags[${badTag}]`, `must be a text of 1 to ${LIMITS.tag} characters`);

  const targets = raw.target;
  if (!Array.isArray(targets) || !isObj(targets[0])) return bad('target', 'missing');
  const target = targets[0];
  if (target.source !== undefined && !isWebUrl(target.source)) return bad('target[0].source', 'not an http(s) address');
  const selectors = Array.isArray(target.selector) ? (target.selector as unknown[]) : [];
  const quote = selectors.find((s): s is Record<string, unknown> => isObj(s) && s.type === 'TextQuoteSelector');
  if (!quote || !isText(quote.exact, LIMITS.quote, 1)) return bad('target[0].selector', `no TextQuoteSelector with a quote of 1 to ${LIMITS.quote} characters (a page note or a reply is not a highlight)`);
  for (const side of ['prefix', 'suffix'] as const) if (quote[side] !== undefined && !isText(quote[side], LIMITS.quote)) return bad(`TextQuoteSelector.${side}`, 'not a text');
  const q: TextQuoteSelector = { type: 'TextQuoteSelector', exact: quote.exact, prefix: typeof quote.prefix === 'string' ? quote.prefix.slice(-LIMITS.context) : '', suffix: typeof quote.suffix === 'string' ? quote.suffix.slice(0, LIMITS.context) : '' };
  const out: Selector[] = [q];
  const pos = selectors.find((s): s is Record<string, unknown> => isObj(s) && s.type === 'TextPositionSelector');
  if (pos) {
    if (!isCount(pos.start) || !isCount(pos.end) || pos.end < pos.start) return bad('TextPositionSelector', 'start and end must be whole numbers, start ≤ end');
    out.push({ type: 'TextPositionSelector', start: pos.start, end: pos.end } satisfies TextPositionSelector);
  }

  const mine = user === me;
  // our own fields, only from the reader's own annotations (see the top of this file)
  const markerSel = selectors.find((s): s is Record<string, unknown> => isObj(s) && s.type === 'FragmentSelector' && s.conformsTo === MARKER);
  const marker = mine && markerSel && isText(markerSel.value, 1000) ? new URLSearchParams(markerSel.value) : null;
  const ourId = marker?.get('id');
  const ourCreated = marker?.get('created');
  const ourUpdated = marker?.get('updated');
  const fingerprint = marker?.get('fingerprint') ?? '';

  const doc = isObj(raw.document) ? raw.document : {};
  const title = Array.isArray(doc.title) && isText(doc.title[0], LIMITS.title) ? doc.title[0] : '';
  const links = Array.isArray(doc.link) ? (doc.link as unknown[]).map((l) => (isObj(l) ? l.href : null)).filter(isWebUrl) : [];
  const info = isObj(raw.user_info) ? raw.user_info : {};
  const displayName = typeof info.display_name === 'string' && info.display_name.trim() ? info.display_name.trim().slice(0, MAX_NAME) : null;

  const record: AnnotationRecord = {
    id: isOurId(ourId) ? ourId : `${REMOTE_PREFIX}${id}`,
    url: uri,
    urls: [...new Set([uri, ...links])].slice(0, LIMITS.urls),
    title,
    fingerprint: isText(fingerprint, LIMITS.fingerprint) ? fingerprint : '',
    selectors: out,
    note,
    tags: [...new Set(tagList as string[])],
    created: isDate(ourCreated) ? ourCreated : created,
    updated: isDate(ourUpdated) ? ourUpdated : updated,
  };
  return { ok: true, value: { record, remote: { id, updated, user, displayName, group }, mine } };
}

/** "reader" of `acct:reader@hypothes.is`: how an author is named when the server gives no display name. */
export function userName(userid: string): string {
  return /^acct:([^@]+)@/.exec(userid)?.[1] ?? userid;
}

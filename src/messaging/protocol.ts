/**
 * Every message between the extension's contexts, typed per direction. A map entry is
 * `name: { req; res }`: what the sender passes and what the handler answers. `call` and `on`
 * (extension/shared/messaging.ts) are typed from these maps; each handler's payload is checked by
 * the validator of the same name before it runs, because a message is only as trusted as its sender.
 */
import { ENTITY_TYPES, type EntityType } from '../kb/types';
import { liveBase, RETENTION_DAYS, type Prefs, type SiteSettings } from '../storage/settings';
import type { EntityCardView } from '../kb/cards';
import type { KbSearchHit } from '../kb/search';
import type { UserKb } from '../kb/user';
import type { PackState } from '../kb/pack';
import type { LearnedEntry } from '../kb/learned';
import type { CitedReport } from '../related/cited';
import type { OutletTie } from '../kb/ties';
import type { LiveAnswer, NewsItem, WikiSummary } from '../related/live';
import type { StoryKind } from '../related/story';
import type { Selector } from '../annotate/anchor';
import type { AnnotationRecord, EntityNoteRecord } from '../storage/db';
import type { LibraryArticle } from '../library/articles';
import type { Article } from '../article/extract';
import { MAX_HTML_CHARS } from '../article/serialize';
import type { FollowedView } from '../library/follows';
import type { FollowRecord } from '../storage/db';
import type { SyncStatus } from '../sync/engine';
import type { NotSynced } from '../sync/packing';

export interface AnalyzeRequest {
  url: string;
  title: string;
  text: string;
  siteName: string | null;
  published: string | null;
  /** The page's <link rel=canonical>, to know the story again at another address. */
  canonical: string | null;
  /** The body's http(s) links, for the article's own cited reports. */
  links: { href: string; text: string }[];
}

/** One entity as the companion lists it and a mark's card shows it: knowledge-base background resolved in the background context. */
export interface EntityCard {
  name: string;
  type: EntityType;
  kbId: string | null;
  /** One-line background from the knowledge base; null when found by NLP or pattern alone. */
  summary: string | null;
  mentionCount: number;
  firstMention: { start: number; end: number } | null;
  /** Family of a versioned model found by shape ("Qwen3.7-Max" → "Qwen"). */
  family: string | null;
  familyId: string | null;
  /** For models and chips: the maker's name (its own, its family's, or the one named next to it). */
  maker: string | null;
  /** For policies: in force, proposed, vetoed … */
  status: string | null;
  /** The distinct texts it appears under, to find it in the page. */
  mentionTexts: string[];
  why: string[];
  /** The card's "Why linked: …" line, in words (src/kb/cards.ts whyLinked). */
  whyLinked?: string;
}

export interface AnalyzeResponse {
  isAI: boolean;
  aiScore: number;
  entities: EntityCard[];
  /** What kind of story it is ("IP dispute"), when the text says clearly. */
  story: StoryKind | null;
  /** Reports, filings and papers the article links to. */
  cited: CitedReport[];
  /** Deals and lawsuits between the site's outlet (by the tab's address) and the companies the article is about. */
  ties: OutletTie[];
  ms: number;
}

export interface TabStatus {
  host: string | null;
  analysed: boolean;
  isAI: boolean;
  entityCount: number;
  site: SiteSettings | null;
  allSites: boolean;
}

export interface ContentToBackground {
  /** Stage one judged the page an article plausibly about AI: load stage two into the sending frame. */
  'gate:passed': { req: { url: string }; res: { injected: boolean } };
  /**
   * Stage two's copy of its page, written out in slices (src/article/serialize.ts): the background
   * reads the article from it (src/article/offpage.ts), so Readability never runs in the page.
   */
  'page:extract': { req: { html: string }; res: Article };
  /** Stage two extracted the article: find its entities (the heavy NLP runs in the background). */
  'page:analyze': { req: AnalyzeRequest; res: AnalyzeResponse };
  /** This site's switches; `host` must be the sender's own (the browser's `sender.url`), or the request is refused. */
  'site:get': { req: { host: string }; res: SiteSettings };
  /** The one preference the page-side code needs; the rest stays with the extension's pages. */
  'prefs:get': { req: Record<string, never>; res: Pick<Prefs, 'marks'> };
  /**
   * Saves a highlight; answers only once it is durable in the extension's database. Its address is
   * the sender's (`sender.url`), its canonical link kept only when of the same site.
   */
  'ann:save': { req: AnnotationDraft & { key?: string }; res: { id: string } };
  /**
   * The saved highlights of this story, as selectors only: notes and tags never go to the page.
   * Only those made on the sender's own site (by `sender.url`), or on a site the reader chose in the companion.
   */
  'ann:forPage': { req: { url: string; canonical: string | null; fingerprint: string }; res: { id: string; selectors: Selector[] }[] };
  /** Which saved highlights were found in the page (in reading order) and which were not (orphans). Ids only. */
  'ann:placed': { req: { placed: { id: string; start: number }[]; orphaned: string[] }; res: { ok: true } };
  /**
   * What stage two drew for the story just read: how many marks, and how many listeners and
   * observers the content script keeps (the same after every run, or a teardown leaked). Counts
   * only; the companion shows them (and the end-to-end tests read them there, not in the page).
   */
  'page:shown': { req: { marks: number; live: number }; res: { ok: true } };
  /** Styles for the inline marks, inserted into the sending frame by the browser (not as a page element). */
  'page:markCss': { req: Record<string, never>; res: { ok: boolean; names?: MarkNames } };
  /** An entity's card: by knowledge-base id, or for a name found by shape alone. */
  'kb:card': { req: CardRequest; res: EntityCardView | null };
  /**
   * A card's "Open in side panel": opens the reading companion on this entity. Sent from the
   * reader's click, whose user activation Chrome lets `sidePanel.open` use while the handler runs.
   */
  'companion:open': { req: { key: string }; res: { opened: 'panel' | 'sidebar' | 'tab' } };
  /**
   * A trusted click on one of the reader's highlights, "Note…" or Alt+Shift+N: the companion opens
   * at that highlight's note (`edit`: its editor open), or at the reader's notes (`id` null).
   * `none`: Firefox with no companion open (a page click may not open its sidebar); the companion
   * opens at the note the next time the reader opens it, and the page shows a hint with no reader text.
   */
  'companion:note': { req: NoteAsk; res: { opened: 'panel' | 'sidebar' | 'tab' | 'none' } };
}

/**
 * The names the page's highlight registry (`CSS.highlights`) holds the marks under: random for each
 * page, so they say nothing of what they mark (a page can still see its own marked ranges).
 */
export type MarkNames = Record<'company' | 'model' | 'policy' | 'agency' | 'person' | 'outlet' | 'organization' | 'hardware' | 'annotation' | 'flash', string>;

export interface AnnotationDraft {
  url: string;
  canonical: string | null;
  title: string;
  fingerprint: string;
  selectors: Selector[];
}

export type CardRequest = { id: string } | { name: string; type: EntityType; familyId: string | null };

/** The library/options page: the reader's knowledge-base additions and the knowledge-base browser. */
export interface LibraryToBackground {
  'kb:card': { req: CardRequest; res: EntityCardView | null };
  'kb:search': { req: { query: string; type: EntityType | null; limit: number }; res: { total: number; hits: KbSearchHit[] } };
  'userKb:get': { req: Record<string, never>; res: UserKb };
  'prefs:get': { req: Record<string, never>; res: Prefs };
  'prefs:set': { req: { patch: Partial<Prefs> }; res: Prefs };
  /** Every saved annotation, newest first (the library page is an extension page: it may see notes). */
  'ann:list': { req: Record<string, never>; res: AnnotationRecord[] };
  'ann:update': { req: { id: string; note: string; tags: string[] }; res: AnnotationRecord | null };
  'ann:delete': { req: { id: string }; res: { ok: true } };
  /** The reading history, light (title, outlet, date, entities), for the library's entity filter. */
  'history:articles': { req: Record<string, never>; res: LibraryArticle[] };
  /** Every followed thread and entity with its articles, unread count and the reader's highlights in them. */
  'follows:list': { req: Record<string, never>; res: FollowedView[] };
  /** The reader looked at a follow: what joined it so far is no longer new. */
  'follows:seen': { req: { key: string }; res: { ok: boolean } };
  /** Stops following; answers with the follow as it was (for undo), or null if it was not followed. */
  'follows:unfollow': { req: { key: string }; res: { removed: FollowRecord | null } };
  /** Puts a follow back as it was (undo of an unfollow), checked first. */
  'follows:restore': { req: { follow: unknown }; res: { ok: true } | { ok: false; error: string } };
  /** Deletes the whole reading history (threads and thread follows with it). */
  'history:forgetAll': { req: Record<string, never>; res: { forgotten: number } };
  /** Everything the reader made, as one file. */
  'backup:get': { req: Record<string, never>; res: unknown };
  /** Checks a whole backup, then replaces all of the reader's data with it; nothing changes on a problem. */
  'backup:restore': {
    req: { data: unknown };
    /** `reading`: what came back of the reading history, or null for an older backup without one (the current history was kept). */
    res: { ok: true; reading: { articles: number; follows: number } | null } | { ok: false; error: string };
  };
  /** Puts records back (undo of a delete, or an import); all or nothing. */
  'ann:restore': { req: { records: unknown }; res: { ok: true; count: number } | { ok: false; error: string } };
  /** Replaces the reader's additions after checking them whole; nothing is stored when a problem is found. */
  'userKb:set': { req: { data: unknown }; res: { ok: true } | { ok: false; error: string } };
  /** Knowledge updates (src/kb/pack.ts): where from, the pack in use, the last check and its outcome. */
  'kbPack:state': { req: Record<string, never>; res: PackState };
  /**
   * Turns knowledge updates on from one address (the options page asked the browser for that host
   * first; the background checks the address and the permission again) and checks it at once; null
   * turns them off and forgets the pack.
   */
  'kbPack:set': { req: { source: string | null }; res: PackState };
  /** *Check now*: fetches and checks the pack at once (nothing while updates are off). */
  'kbPack:check': { req: Record<string, never>; res: PackState };
  /** Names learned from the reader's articles (src/kb/learned.ts), seen in two or more, with their evidence. */
  'learned:list': { req: Record<string, never>; res: LearnedEntry[] };
  /** *Confirm*: the entry becomes one of the reader's additions (its new id), checked with the rest of them. */
  'learned:confirm': { req: { key: string }; res: { ok: true; id: string } | { ok: false; error: string } };
  /** *Dismiss*: the entry is removed and its name is not learned again. */
  'learned:dismiss': { req: { key: string }; res: { ok: true } };
}

/** What the options page shows of sync with a Hypothesis server (never the token itself). */
export interface SyncView {
  on: boolean;
  server: string;
  /** A token is stored (it is never sent back to a page). */
  hasToken: boolean;
  /** The token's owner, once checked: `acct:…` and a display name. */
  userid: string | null;
  displayName: string | null;
  /** Where highlights go: `__world__` with read permission for the reader alone is Only me. */
  group: string;
  groups: { id: string; name: string }[];
  /** Sync stopped for a reason only the reader can fix (a refused token), in words. */
  paused: string | null;
  status: SyncStatus;
  /** Texts that lost a conflict, with the annotation's quote, to put back. */
  revisions: { key: number; annotationId: string; quote: string; note: string; tags: string[]; from: 'browser' | 'server'; written: string }[];
  /** Other members' annotations of the chosen group, pulled for pages read (read only). */
  others: { id: string; url: string; title: string; quote: string; note: string; author: string }[];
  /** What the browser's own sync (storage.sync) does not carry, and why. */
  notSynced: NotSynced[];
}

/**
 * The options page alone (extension/options/options.html, not the popup): the sync server, its
 * developer token and where highlights go. The token is only ever sent this way, into the
 * background; no answer carries it back.
 */
export interface OptionsToBackground {
  'sync:get': { req: Record<string, never>; res: SyncView };
  /** Checks the token with the server (its profile and groups) and keeps server and token; sync is not turned on by this. */
  'sync:connect': { req: { server: string; token: string }; res: { ok: true; view: SyncView } | { ok: false; error: string } };
  /** Turns sync on (after the page got the server's host permission) or off (stopping every request at once; `removeServerCopies` deletes the reader's annotations there first), or picks the group. */
  'sync:set': { req: { on?: boolean; group?: string; removeServerCopies?: boolean }; res: { ok: true; view: SyncView } | { ok: false; error: string } };
  /** Sends stopped changes again, and pulls the reader's annotations for the library. */
  'sync:now': { req: Record<string, never>; res: SyncView };
  /** Puts a kept revision back as the annotation's text. */
  'sync:restoreRevision': { req: { key: number }; res: { ok: boolean } };
}

/** What the live sources said about one article. */
export interface LiveState {
  /** The sources the reader turned on. */
  on: { news: boolean; wiki: boolean };
  /** The names the news search is (or would be) asked for. */
  newsQuery: string[];
  /** Null when the source is off or there was nothing to ask. */
  news: LiveAnswer<NewsItem> | null;
  /** Names in the article the knowledge base does not know: what Wikipedia may be asked about. */
  unknown: string[];
  wiki: { name: string; answer: LiveAnswer<WikiSummary> } | null;
}

/** The reader's history as it concerns one article: related reading, its thread, what is followed. */
export interface ReadingState {
  /** False when history is off, or the article is not AI news. */
  recorded: boolean;
  /** Articles read before that share entities, best first, with the shared entity names. */
  related: { url: string; title: string; outlet: string | null; date: string; shared: string[]; score: number }[];
  thread: { id: string; name: string; followed: boolean; articles: { url: string; title: string; outlet: string | null; date: string; current: boolean }[] } | null;
  /** The article's main entities, with whether each is followed. */
  entities: { key: string; name: string; followed: boolean }[];
  /** Who accused, denied, sued … in this article, where the text says so. */
  claims?: { kind: string; actorName: string; targetName: string | null; sentence: string }[];
  /** History records that could not be read (corrupted) and were skipped. */
  skipped: number;
  /** Why the history could not be read at all. */
  error?: string;
}

/** One entity of the page, as the companion's Notes & related names it (for notes on entities). */
export interface PanelEntity {
  key: string;
  name: string;
  type: EntityType;
  /** The texts it was found under in this article (what a correction names). */
  texts?: string[];
}

/**
 * A correction the reader makes in the companion, about a name of this article: it is not the entity
 * it was linked to (`entityKey`; null: not an entity at all), on this site or everywhere; it is
 * another entity; or it is something new. The background checks the name against the article and
 * takes the site from the tab's address.
 */
export type PanelCorrection =
  | { kind: 'notThis'; name: string; entityKey: string | null; everywhere: boolean }
  | { kind: 'itIs'; name: string; entityId: string }
  | { kind: 'add'; name: string; type: EntityType; maker: string | null };

export interface PanelState {
  page: { url: string; title: string; outlet: string | null; published: string | null };
  /** The registrable site of the tab's address as the browser reported it: what "on this site" means in a correction. */
  site?: string | null;
  /** This story's highlights with notes and tags; `placement` says where each one is in the page. */
  annotations: AnnotationRecord[];
  /**
   * Highlights of this story the reader made on other sites (the page copies that story, or names
   * it as canonical): offered here, in the companion, and drawn in the page only on request.
   */
  elsewhere: { site: string; count: number; shown: boolean }[];
  /** Null until the page reported which highlights it found. */
  placement: { placed: { id: string; start: number }[]; orphaned: string[] } | null;
  entities: PanelEntity[];
  entityNotes: EntityNoteRecord[];
  cited: CitedReport[];
  reading: ReadingState;
  /** The toolbar badge the browser shows for this tab now ("★": continues something followed). */
  badge: string;
  /** Background links (official pages, filings, the policy text) of the article's main known entities, from the knowledge base. */
  background: { key: string; name: string; type: EntityType; links: { label: string; href: string }[] }[];
}

/**
 * Who the browser says sent a message (extension/shared/messaging.ts decides): our content script
 * in a web page (`tab`), the options/library page at the top of its own tab (`extensionPage`), the
 * reading companion (`companion`: sidepanel/sidepanel.html in the side panel, the sidebar, or a tab
 * of its own); `options`: the options/library page checked again within `extensionPage` (for
 * sync's token and settings). Nothing of ours runs inside a web page's tab but the content script.
 */
export type SenderKind = 'tab' | 'extensionPage' | 'companion' | 'options';
type ToBackground = keyof ContentToBackground | keyof LibraryToBackground | keyof CompanionToBackground | keyof OptionsToBackground;
/** Every message to the background, with who may send it; anyone else is refused before a handler runs. */
export const SENDERS: Record<ToBackground, readonly SenderKind[]> = {
  'gate:passed': ['tab'],
  'page:extract': ['tab'],
  'page:analyze': ['tab'],
  'ann:save': ['tab'],
  'ann:forPage': ['tab'],
  'ann:placed': ['tab'],
  'page:shown': ['tab'],
  'page:markCss': ['tab'],
  // a card's "Open in side panel": opens the companion on that entity (the page's click gesture travels with it)
  'companion:open': ['tab'],
  // the content script asks only about its own site (checked against sender.url)
  'site:get': ['tab'],
  // the companion's Settings menu: this site on or off
  'site:set': ['companion'],
  'prefs:get': ['tab', 'extensionPage'],
  // the page gets shipped knowledge only (kb.card(req, true))
  'kb:card': ['tab', 'extensionPage'],
  'kb:search': ['extensionPage'],
  'userKb:get': ['extensionPage'],
  'userKb:set': ['extensionPage'],
  // the options page alone turns knowledge updates on or off: a page or a frame never chooses where knowledge comes from
  'kbPack:state': ['extensionPage'],
  'kbPack:set': ['extensionPage'],
  'kbPack:check': ['extensionPage'],
  // what was learned quotes the reader's articles: the options page only
  'learned:list': ['extensionPage'],
  'learned:confirm': ['extensionPage'],
  'learned:dismiss': ['extensionPage'],
  'prefs:set': ['extensionPage'],
  'ann:list': ['extensionPage'],
  'ann:update': ['extensionPage'],
  'ann:delete': ['extensionPage'],
  'ann:restore': ['extensionPage'],
  'history:articles': ['extensionPage'],
  'history:forgetAll': ['extensionPage'],
  'follows:list': ['extensionPage'],
  'follows:seen': ['extensionPage'],
  'follows:unfollow': ['extensionPage'],
  'follows:restore': ['extensionPage'],
  'backup:get': ['extensionPage'],
  'backup:restore': ['extensionPage'],
  'tab:status': ['companion'],
  'tab:run': ['companion'],
  'allSites:sync': ['companion'],
  // the reading companion names the tab it shows by id; only our own page may (messaging.ts senderKind)
  'companion:view': ['companion'],
  'companion:card': ['companion'],
  'companion:state': ['companion'],
  'companion:jump': ['companion'],
  'companion:reattach': ['companion'],
  'companion:annUpdate': ['companion'],
  'companion:annDelete': ['companion'],
  'companion:annRestore': ['companion'],
  'companion:entityNote': ['companion'],
  'companion:follow': ['companion'],
  'companion:forgetSite': ['companion'],
  'companion:live': ['companion'],
  // the sync token and settings: the options page alone (never the companion or a page)
  'sync:get': ['options'],
  'sync:connect': ['options'],
  'sync:set': ['options'],
  'sync:now': ['options'],
  'sync:restoreRevision': ['options'],
  // corrections and other sites' highlights, made in the companion on the names and story of the tab it shows
  'companion:kbSearch': ['companion'],
  'companion:correct': ['companion'],
  'companion:reload': ['companion'],
  'companion:showHere': ['companion'],
  'companion:flash': ['companion'],
  // a click on one of the reader's highlights in the page: the companion opens at its note (the click's gesture travels with it)
  'companion:note': ['tab'],
};

/**
 * The reading companion (sidepanel/sidepanel.html): one extension page shown in Chrome's side
 * panel, Firefox's sidebar, or a tab of its own bound to an article's tab (`?tab=ID`). It names the
 * tab it shows by id: only our companion page may send these (see `fromCompanion`); it is the only
 * place the reader's own data for an article is drawn, and it may show the reader's own knowledge
 * (it is an extension page, never in a web page). Every request about a tab's article is checked
 * against what the background recorded for that tab (its address, entities and highlights).
 */
export interface CompanionToBackground {
  /** Everything the companion draws for a tab: its state (not an article, not running, loading, an article) and the article's context. */
  'companion:view': { req: { tabId: number }; res: CompanionView };
  /** An entity's card, with the reader's own additions (an extension page may show them). */
  'companion:card': { req: CardRequest; res: EntityCardView | null };
  /** "Show in text" on an entity: the tab scrolls to its first mention and flashes it (the key only crosses into the page). */
  'companion:flash': { req: { tabId: number; key: string }; res: { ok: boolean } };
  /** The reader's data for the tab's article: its highlights with notes, entity notes, reading, related. */
  'companion:state': { req: { tabId: number }; res: PanelState };
  /** Scrolls the page to a saved highlight and flashes it. */
  'companion:jump': { req: { tabId: number; id: string }; res: { ok: boolean } };
  /** Re-attaches an orphaned highlight to the text the reader has selected in the page. */
  'companion:reattach': { req: { tabId: number; id: string }; res: { ok: true } | { ok: false; error: string } };
  'companion:annUpdate': { req: { tabId: number; id: string; note: string; tags: string[] }; res: AnnotationRecord | null };
  'companion:annDelete': { req: { tabId: number; id: string }; res: { ok: true } };
  'companion:annRestore': { req: { tabId: number; record: unknown }; res: { ok: true } | { ok: false; error: string } };
  'companion:entityNote': { req: { tabId: number; entityKey: string; name: string; note: string }; res: { ok: true } };
  /** Follows (or stops following) this article's thread or one of its entities. */
  'companion:follow': { req: { tabId: number; kind: 'thread' | 'entity'; key: string; on: boolean }; res: { ok: true } };
  /** Deletes the reading history of this article's site (the tab's own, as the browser gives its address). */
  'companion:forgetSite': { req: { tabId: number }; res: { forgotten: number } };
  /** The reader asked to see their highlights of this story made on another site (`elsewhere`) drawn in this page too. */
  'companion:showHere': { req: { tabId: number; site: string }; res: { ok: true } };
  /**
   * Asks the live sources the reader turned on about this article: news coverage of its top
   * entities, and a Wikipedia summary of `wiki` (one of the names the knowledge base does not know;
   * the most mentioned one when absent). Nothing is asked of a source that is off.
   */
  'companion:live': { req: { tabId: number; wiki?: string }; res: LiveState };
  /** The knowledge base's type-ahead, for "It's …". */
  'companion:kbSearch': { req: { tabId: number; query: string; type: EntityType | null }; res: { total: number; hits: KbSearchHit[] } };
  /** Stores a correction of one of this article's names; it applies from the next analysis. */
  'companion:correct': { req: { tabId: number; correction: PanelCorrection }; res: { ok: true; site: string | null } | { ok: false; error: string } };
  /** Reloads the tab, so a correction shows in its article. */
  'companion:reload': { req: { tabId: number }; res: { ok: true } };
  /** The tab's counts and switches, for the companion's header. */
  'tab:status': { req: { tabId: number }; res: TabStatus };
  /** "Run on this page": inject stage two into a tab the reader pointed at (activeTab, or a site the reader just granted). */
  'tab:run': { req: { tabId: number }; res: { ok: boolean; error?: string } };
  /** "On for <site>" in the Settings menu. */
  'site:set': { req: { host: string; patch: Partial<SiteSettings> }; res: SiteSettings };
  /** After the reader granted (or removed) all-sites access: (un)register the gate everywhere. */
  'allSites:sync': { req: Record<string, never>; res: { enabled: boolean } };
}

/** What the companion shows for one tab. */
export interface CompanionView {
  tabId: number;
  /** The tab's address and title, when the extension may know them (its sites, or a site the reader granted). */
  url: string | null;
  title: string | null;
  /**
   * `loading`: the tab is loading or its article is being read; `off`: the extension does not run
   * here (no access, or switched off for the site); `none`: it ran and found no AI article; `article`.
   */
  state: 'loading' | 'off' | 'none' | 'article';
  /** Whether the extension may read this site (its news sites, or a site or all sites the reader granted). */
  access: boolean;
  status: TabStatus;
  /** The tab's article as stage two last read it (null unless `state` is `article`). */
  article: {
    url: string;
    title: string;
    outlet: string | null;
    published: string | null;
    isAI: boolean;
    story: StoryKind | null;
    cited: CitedReport[];
    /** The outlet's ties to the companies the article is about, for the header (an older stored view may lack them). */
    ties?: OutletTie[];
    entities: EntityCard[];
  } | null;
  /** An entity the reader asked to see ("Open in side panel" on a card): its key, shown once. */
  focus: string | null;
  /** A highlight the reader clicked (or saved with "Note…") in the page, shown once: the companion opens at its note. */
  note: NoteAsk | null;
  /** What the page holds for the article: marks drawn, the reader's highlights placed, the content script's live listeners. */
  counts: { marks: number | null; highlights: number | null; live: number | null };
}

/** Where the companion opens in the reader's notes: at a highlight (`id`), with its editor open (`edit`), or at the list (`id` null). */
export interface NoteAsk {
  id: string | null;
  edit: boolean;
}

/** The background's notices to open companions (over their port): this tab's article or data changed; show this entity. */
export interface BackgroundToCompanion {
  'companion:changed': { tabId: number; focus?: string };
}

/** Where a message came from, as far as the handler needs to know. */
export interface MessageSource {
  tabId: number | null;
  frameId: number | null;
  url: string | null;
}

export interface BackgroundToContent {
  /** The reader switched the extension off for this site: remove the marks, highlights and cards. */
  'site:off': { req: Record<string, never>; res: void };
  /** A keyboard command (configurable in the browser's shortcut settings): go to the next or previous mark. */
  'marks:step': { req: { dir: 1 | -1 }; res: void };
  /** From the companion: show a saved highlight in the text. */
  'ann:jump': { req: { id: string }; res: { ok: boolean } };
  /** From the companion: attach this orphan to the current selection. */
  'ann:reattach': { req: { id: string }; res: { ok: true } | { ok: false; error: string } };
  /** From the companion: scroll to an entity's first mention (by its key) and flash it. */
  'marks:flash': { req: { key: string }; res: { ok: boolean } };
  /** A highlight was deleted (or restored) elsewhere: anchor the page's set again. */
  'ann:changed': { req: Record<string, never>; res: void };
}

export type Handlers<M> = { [K in keyof M]: M[K] extends { req: infer Q; res: infer R } ? (req: Q, from: MessageSource) => Promise<R> | R : never };

export interface Envelope {
  kind: string;
  payload: unknown;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** A key the sender chose for a request it may repeat (a random UUID, lower case). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isStr = (v: unknown, max = 2048): v is string => typeof v === 'string' && v.length <= max;
const isHost = (v: unknown): v is string => isStr(v, 253) && /^[a-z0-9.-]+(?::\d+)?$/i.test(v);
const isTabId = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const MAX_TEXT = 2_000_000;
/** `thread:<id>` or `entity:<key>`, as FollowRecord keys are. */
const isFollowKey = (v: unknown): v is string => isStr(v, 400) && /^(thread|entity):./.test(v);
/** One field of a `prefs:set` patch: known key, valid value. */
function isPrefPatch(k: string, v: unknown): boolean {
  const liveIds = (o: Record<string, unknown>, ok: (x: unknown) => boolean) => Object.entries(o).every(([id, x]) => (id === 'news' || id === 'wiki') && ok(x));
  switch (k) {
    case 'marks':
      return v === 'first' || v === 'all';
    case 'history':
    case 'notify':
      return typeof v === 'boolean';
    case 'retentionDays':
      return (RETENTION_DAYS as readonly unknown[]).includes(v);
    case 'live':
      return isObj(v) && liveIds(v, (x) => typeof x === 'boolean');
    case 'liveBases':
      return isObj(v) && liveIds(v, (x) => liveBase(x) !== null);
    default:
      return false;
  }
}

/** A correction's fields: known kind, bounded texts, nothing else. */
function isPanelCorrection(c: Record<string, unknown>): boolean {
  const keys = Object.keys(c);
  const only = (...ks: string[]) => keys.every((k) => ks.includes(k));
  if (!isStr(c.name, 120) || !c.name.trim()) return false;
  switch (c.kind) {
    case 'notThis':
      return only('kind', 'name', 'entityKey', 'everywhere') && (c.entityKey === null || isStr(c.entityKey, 300)) && typeof c.everywhere === 'boolean';
    case 'itIs':
      return only('kind', 'name', 'entityId') && isStr(c.entityId, 200);
    case 'add':
      return only('kind', 'name', 'type', 'maker') && typeof c.type === 'string' && (ENTITY_TYPES as readonly string[]).includes(c.type) && (c.maker === null || isStr(c.maker, 200));
    default:
      return false;
  }
}

/** Links sent per article; stage two sends at most this many. */
export const MAX_LINKS = 300;

/** Validators by message name: each says whether a payload has the declared shape. */
/** A developer token as Hypothesis gives them (`6879-…`): printable, no spaces, bounded. */
const isSyncToken = (v: unknown): v is string => isStr(v, 200) && /^[\x21-\x7e]{8,200}$/.test(v);
/** A sync server address: an https origin (plain http on this machine only), as a live source's. */
const isSyncServer = (v: unknown): v is string => liveBase(v) !== null;

export const validators: Record<keyof ContentToBackground | keyof LibraryToBackground | keyof BackgroundToContent | keyof CompanionToBackground | keyof OptionsToBackground, (p: unknown) => boolean> = {
  'sync:get': (p) => isObj(p),
  'sync:connect': (p) => isObj(p) && Object.keys(p).every((k) => k === 'server' || k === 'token') && isSyncServer(p.server) && isSyncToken(p.token),
  'sync:set': (p) =>
    isObj(p) &&
    Object.keys(p).length > 0 &&
    Object.keys(p).every((k) => k === 'on' || k === 'group' || k === 'removeServerCopies') &&
    (p.on === undefined || typeof p.on === 'boolean') &&
    (p.removeServerCopies === undefined || typeof p.removeServerCopies === 'boolean') &&
    (p.group === undefined || (isStr(p.group, 200) && /^[A-Za-z0-9_-]+$/.test(p.group))),
  'sync:now': (p) => isObj(p),
  'sync:restoreRevision': (p) => isObj(p) && Number.isInteger(p.key) && (p.key as number) > 0,
  'gate:passed': (p) => isObj(p) && isStr(p.url),
  'page:extract': (p) => isObj(p) && Object.keys(p).length === 1 && isStr(p.html, MAX_HTML_CHARS),
  'page:analyze': (p) =>
    isObj(p) &&
    isStr(p.url) &&
    isStr(p.title, 2000) &&
    isStr(p.text, MAX_TEXT) &&
    (p.siteName === null || isStr(p.siteName, 500)) &&
    (p.published === null || isStr(p.published, 100)) &&
    (p.canonical === null || isStr(p.canonical)) &&
    Array.isArray(p.links) &&
    p.links.length <= MAX_LINKS &&
    p.links.every((l) => isObj(l) && isStr(l.href) && isStr(l.text, 500)),
  'site:get': (p) => isObj(p) && isHost(p.host),
  // the one switch a reader sets for a site now (the in-page sidebar's fold, side and width went with it)
  'site:set': (p) => isObj(p) && isHost(p.host) && isObj(p.patch) && Object.keys(p.patch).length > 0 && Object.entries(p.patch).every(([k, v]) => k === 'enabled' && typeof v === 'boolean'),
  'prefs:get': (p) => isObj(p),
  'prefs:set': (p) => isObj(p) && isObj(p.patch) && Object.entries(p.patch).every(([k, v]) => isPrefPatch(k, v)),
  'ann:save': (p) =>
    isObj(p) &&
    (p.key === undefined || (typeof p.key === 'string' && UUID.test(p.key))) &&
    isStr(p.url) &&
    (p.canonical === null || isStr(p.canonical)) &&
    isStr(p.title, 2000) &&
    isStr(p.fingerprint, 64) &&
    Array.isArray(p.selectors) &&
    p.selectors.length === 2 &&
    p.selectors.every(
      (s) =>
        isObj(s) &&
        ((s.type === 'TextQuoteSelector' && isStr(s.exact, 10_000) && s.exact.length > 0 && isStr(s.prefix, 64) && isStr(s.suffix, 64)) ||
          (s.type === 'TextPositionSelector' && Number.isInteger(s.start) && Number.isInteger(s.end) && (s.start as number) >= 0 && (s.end as number) > (s.start as number))),
    ),
  'ann:forPage': (p) => isObj(p) && isStr(p.url) && (p.canonical === null || isStr(p.canonical)) && isStr(p.fingerprint, 64),
  'ann:list': (p) => isObj(p),
  'backup:get': (p) => isObj(p),
  'backup:restore': (p) => isObj(p) && 'data' in p,
  'ann:update': (p) => isObj(p) && isStr(p.id, 100) && isStr(p.note, 20_000) && Array.isArray(p.tags) && p.tags.length <= 50 && p.tags.every((t) => isStr(t, 60)),
  'ann:delete': (p) => isObj(p) && isStr(p.id, 100),
  'ann:restore': (p) => isObj(p) && Array.isArray(p.records) && p.records.length <= 100_000,
  'marks:step': (p) => isObj(p) && (p.dir === 1 || p.dir === -1),
  'tab:status': (p) => isObj(p) && isTabId(p.tabId),
  'tab:run': (p) => isObj(p) && isTabId(p.tabId),
  'allSites:sync': (p) => isObj(p),
  'kb:card': (p) => isObj(p) && ((isStr(p.id, 200) && Object.keys(p).length === 1) || (isStr(p.name, 200) && typeof p.type === 'string' && (p.familyId === null || isStr(p.familyId, 200)))),
  'kb:search': (p) => isObj(p) && isStr(p.query, 200) && (p.type === null || typeof p.type === 'string') && Number.isInteger(p.limit) && (p.limit as number) > 0 && (p.limit as number) <= 500,
  'userKb:get': (p) => isObj(p),
  'page:markCss': (p) => isObj(p),
  'page:shown': (p) => isObj(p) && Number.isInteger(p.marks) && (p.marks as number) >= 0 && Number.isInteger(p.live) && (p.live as number) >= 0 && Object.keys(p).length === 2,
  'userKb:set': (p) => isObj(p) && 'data' in p,
  'kbPack:state': (p) => isObj(p),
  'kbPack:set': (p) => isObj(p) && Object.keys(p).length === 1 && (p.source === null || isStr(p.source, 500)),
  'kbPack:check': (p) => isObj(p),
  'learned:list': (p) => isObj(p),
  'learned:confirm': (p) => isObj(p) && isStr(p.key, 200),
  'learned:dismiss': (p) => isObj(p) && isStr(p.key, 200),
  'site:off': (p) => isObj(p),
  'ann:placed': (p) =>
    isObj(p) &&
    Array.isArray(p.placed) &&
    p.placed.length <= 100_000 &&
    p.placed.every((x) => isObj(x) && isStr(x.id, 100) && Number.isInteger(x.start)) &&
    Array.isArray(p.orphaned) &&
    p.orphaned.length <= 100_000 &&
    p.orphaned.every((x) => isStr(x, 100)),
  'ann:jump': (p) => isObj(p) && isStr(p.id, 100),
  'ann:reattach': (p) => isObj(p) && isStr(p.id, 100),
  'ann:changed': (p) => isObj(p),
  'history:forgetAll': (p) => isObj(p),
  'history:articles': (p) => isObj(p),
  'follows:list': (p) => isObj(p),
  'follows:seen': (p) => isObj(p) && isFollowKey(p.key),
  'follows:unfollow': (p) => isObj(p) && isFollowKey(p.key),
  'follows:restore': (p) => isObj(p) && isObj(p.follow),
  'companion:open': (p) => isObj(p) && isStr(p.key, 300),
  'companion:view': (p) => isObj(p) && isTabId(p.tabId),
  'companion:card': (p) => validators['kb:card'](p),
  'companion:state': (p) => byTab(p, []),
  'companion:jump': (p) => byTab(p, ['id']) && isStr(p.id, 100),
  'companion:reattach': (p) => byTab(p, ['id']) && isStr(p.id, 100),
  'companion:annUpdate': (p) => byTab(p, ['id', 'note', 'tags']) && isStr(p.id, 100) && isStr(p.note, 20_000) && Array.isArray(p.tags) && p.tags.length <= 50 && p.tags.every((t) => isStr(t, 60)),
  'companion:annDelete': (p) => byTab(p, ['id']) && isStr(p.id, 100),
  'companion:annRestore': (p) => byTab(p, ['record']) && isObj(p.record),
  'companion:entityNote': (p) => byTab(p, ['entityKey', 'name', 'note']) && isStr(p.entityKey, 300) && isStr(p.name, 200) && isStr(p.note, 20_000),
  'companion:follow': (p) => byTab(p, ['kind', 'key', 'on']) && (p.kind === 'thread' || p.kind === 'entity') && isStr(p.key, 300) && typeof p.on === 'boolean',
  'companion:forgetSite': (p) => byTab(p, []),
  'companion:live': (p) => byTab(p, ['wiki']) && (p.wiki === undefined || isStr(p.wiki, 200)),
  'companion:kbSearch': (p) => byTab(p, ['query', 'type']) && isStr(p.query, 200) && (p.type === null || (typeof p.type === 'string' && (ENTITY_TYPES as readonly string[]).includes(p.type))),
  'companion:correct': (p) => byTab(p, ['correction']) && isObj(p.correction) && isPanelCorrection(p.correction),
  'companion:reload': (p) => byTab(p, []),
  'companion:showHere': (p) => byTab(p, ['site']) && isHost(p.site),
  'companion:flash': (p) => isObj(p) && isTabId(p.tabId) && isStr(p.key, 300) && Object.keys(p).length === 2,
  'companion:note': (p) => isObj(p) && (p.id === null || isStr(p.id, 100)) && typeof p.edit === 'boolean' && Object.keys(p).length === 2,
  'marks:flash': (p) => isObj(p) && isStr(p.key, 300),
};

/**
 * A companion request about one tab: a tab id, and no field but those named (so a payload that
 * brings a token, a url or anything else of its own is refused).
 */
function byTab(p: unknown, fields: string[]): p is Record<string, unknown> & { tabId: number } {
  return isObj(p) && isTabId(p.tabId) && Object.keys(p).every((k) => k === 'tabId' || fields.includes(k));
}

export function isEnvelope(m: unknown): m is Envelope {
  return isObj(m) && typeof m.kind === 'string' && 'payload' in m;
}

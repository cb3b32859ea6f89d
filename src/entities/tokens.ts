/**
 * Word tokens with their offsets in the article text. Shared by the alias matcher and the
 * pattern rules, so both see the same word boundaries.
 *
 * Joining rules (why each exists):
 * - `.` joins only before a digit, so version numbers stay whole ("3.7", "GPT-4.1") while
 *   "U.S." and "Claude.Anthropic" (a missing space) split into words.
 * - `-` joins only before an uppercase letter or a digit, so names stay whole ("Jean-Claude",
 *   "Qwen3.7-Max", "GPT-5.1-Codex", "AI-171") while "Claude-powered" yields "Claude"; after a
 *   word with a digit it also joins a lower-case model suffix ("o3-mini", "DeepSeek-v4").
 * - an apostrophe joins inside a word ("O'Brien") but not before a possessive "s", which is
 *   recorded on the token instead ("Anthropic's" → "Anthropic", possessive).
 * - a change between Chinese/Japanese/Korean script and any other splits, since those languages
 *   put no space around a Latin name: "公司DeepMind开发" → "公司", "DeepMind", "开发";
 *   "ChatGPTの" → "ChatGPT", "の".
 */
export interface Token {
  text: string;
  start: number;
  end: number;
  /** Followed by 's or ’s, which is not part of `text`. */
  possessive: boolean;
  /** `text` lower-cased once here, so each matcher step is one map lookup (no case folding per alias table and step). */
  lower: string;
}

const WORD = /[\p{L}\p{N}]+(?:(?:[-&](?=[\p{Lu}\p{N}])|\.(?=\p{N})|['’](?![sS]\b)(?=\p{L}))[\p{L}\p{N}]+)*/gu;
const POSSESSIVE = /^['’][sS]\b/;
/** Characters of scripts written without spaces between words (with the Japanese length mark and iteration mark). */
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u30FC\u3005]/u;
/** Runs of one kind: CJK characters, or anything else. */
const SCRIPT_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u30FC\u3005]+|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}\u30FC\u3005]+/gu;
/** Outside ASCII: the only words that can hold CJK characters (a cheap test before the script test). */
const NON_ASCII = /[^\x00-\x7F]/;

/** Lower-case model suffixes that stay joined after a version: "o3-mini", "GPT-4o-mini", "DeepSeek-v4". */
const LOWER_TAIL = /^(?:mini|pro|preview|turbo|nano|max|plus|lite|exp|instruct|chat|base|high|low|flash|[a-z]\d[\w.-]*)$/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const end = m.index + m[0].length;
    const possessive = POSSESSIVE.test(text.slice(end, end + 3));
    if (NON_ASCII.test(m[0]) && CJK.test(m[0])) {
      pushScriptRuns(tokens, m[0], m.index, possessive);
      if (possessive) WORD.lastIndex = end + 2;
      continue;
    }
    const prev = tokens[tokens.length - 1];
    if (prev && !prev.possessive && prev.end + 1 === m.index && text[prev.end] === '-' && (/\d/.test(prev.text) || /^[a-z]\d/.test(m[0])) && LOWER_TAIL.test(m[0])) {
      prev.text = text.slice(prev.start, end);
      prev.lower = prev.text.toLowerCase();
      prev.end = end;
      prev.possessive = possessive;
    } else tokens.push({ text: m[0], start: m.index, end, possessive, lower: m[0].toLowerCase() });
    if (possessive) WORD.lastIndex = end + 2;
  }
  return tokens;
}

/** A word that mixes CJK and other script, pushed as one token per run; a run of joiners alone ("-") is dropped. */
function pushScriptRuns(tokens: Token[], word: string, at: number, possessive: boolean): void {
  SCRIPT_RUN.lastIndex = 0;
  for (let r = SCRIPT_RUN.exec(word); r; r = SCRIPT_RUN.exec(word)) {
    // A joiner at a script change belongs to neither side: "公司-DeepMind" → "DeepMind".
    const run = r[0].replace(/^[-&.'’]+|[-&.'’]+$/g, '');
    if (!run) continue;
    const start = at + r.index + r[0].indexOf(run);
    tokens.push({ text: run, start, end: start + run.length, possessive: false, lower: run.toLowerCase() });
  }
  const last = tokens[tokens.length - 1];
  if (last && possessive && last.end === at + word.length) last.possessive = true;
}

/** The text between two tokens with whitespace folded: what an alias's gaps are compared with. */
export function gapBetween(text: string, a: Token, b: Token): string {
  return text.slice(a.end, b.start).replace(/\s+/g, ' ');
}

export const isCapitalized = (word: string): boolean => /^\p{Lu}/u.test(word);

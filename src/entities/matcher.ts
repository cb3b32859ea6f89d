import { gapBetween, tokenize, type Token } from './tokens';

/** One surface form the matcher knows, with the rules it is matched by. */
export interface MatcherPattern<T> {
  text: string;
  caseInsensitive?: boolean;
  value: T;
}

export interface MatcherHit<T> {
  value: T;
  /** Token index range [first, last]. */
  first: number;
  last: number;
  start: number;
  end: number;
  pattern: MatcherPattern<T>;
}

interface Terminal<T> {
  pattern: MatcherPattern<T>;
  words: string[];
  gaps: string[];
}
interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  terminals: Terminal<T>[];
}

const node = <T>(): TrieNode<T> => ({ next: new Map(), terminals: [] });

/**
 * A token trie over many aliases, built once: matching costs one map lookup per token and step,
 * independent of how many aliases there are. Keys are lower-cased; each terminal then checks the
 * case rule of its alias and that the separators between words are the alias's own (so
 * "Google DeepMind" does not match across "Google. DeepMind").
 */
export class AliasMatcher<T> {
  private readonly root: TrieNode<T> = node();

  constructor(patterns: Iterable<MatcherPattern<T>>) {
    for (const p of patterns) this.add(p);
  }

  private add(pattern: MatcherPattern<T>): void {
    const toks = tokenize(pattern.text);
    if (!toks.length) return;
    let at = this.root;
    for (const t of toks) {
      const key = t.text.toLowerCase();
      let nx = at.next.get(key);
      if (!nx) at.next.set(key, (nx = node()));
      at = nx;
    }
    const gaps = toks.slice(1).map((t, i) => gapBetween(pattern.text, toks[i]!, t));
    at.terminals.push({ pattern, words: toks.map((t) => t.text), gaps });
  }

  /** Longest matches, left to right, not overlapping. */
  match(text: string, tokens: Token[] = tokenize(text)): MatcherHit<T>[] {
    const hits: MatcherHit<T>[] = [];
    for (let i = 0; i < tokens.length; ) {
      const best = this.matchAt(text, tokens, i);
      if (best.length) {
        hits.push(...best);
        i = best[0]!.last + 1;
      } else i++;
    }
    return hits;
  }

  /** The longest matches that start at token `i` (several when entities share the alias). */
  matchAt(text: string, tokens: Token[], i: number, limit = tokens.length): MatcherHit<T>[] {
    let at = this.root.next.get(tokens[i]!.lower);
    let best: MatcherHit<T>[] = [];
    for (let j = i; at; ) {
      for (const t of at.terminals) {
        if (!this.accepts(t, text, tokens, i, j)) continue;
        if (best.length && best[0]!.last !== j) best = [];
        best.push({ value: t.pattern.value, first: i, last: j, start: tokens[i]!.start, end: tokens[j]!.end, pattern: t.pattern });
      }
      // A possessive ends a name: "Alibaba's Qwen" is two names.
      if (tokens[j]!.possessive || ++j >= limit) break;
      at = at.next.get(tokens[j]!.lower);
    }
    return best;
  }

  /** Whether some alias starts with this word (a cheap pre-check before `matchAt`). */
  startsWith(word: string): boolean {
    return this.root.next.has(word.toLowerCase());
  }

  /** `startsWith` for a token, whose lower-cased text is already at hand. */
  startsWithToken(t: Token): boolean {
    return this.root.next.has(t.lower);
  }

  private accepts(t: Terminal<T>, text: string, tokens: Token[], first: number, last: number): boolean {
    for (let k = 0; k <= last - first; k++) {
      const tok = tokens[first + k]!;
      if (!t.pattern.caseInsensitive && tok.text !== t.words[k]) return false;
      if (k > 0 && gapBetween(text, tokens[first + k - 1]!, tok) !== t.gaps[k - 1]) return false;
    }
    return true;
  }
}

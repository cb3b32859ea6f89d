/**
 * What kind of AI-industry story an article is, for the companion's header ("AI industry · IP dispute").
 * Each kind has cue phrases; the kind with the most weight wins, with a floor below which the story
 * is just "AI industry".
 */
export const STORY_KINDS = {
  'IP dispute': /\b(?:distill(?:ation|ing|ed)?|intellectual property|copyright|infring\w*|trade secrets?|scraping|terms of service|licen[cs]e violation|stole|theft)\b/gi,
  Lawsuit: /\b(?:lawsuit|sued|sues|suing|court|judge|ruling|plaintiffs?|defendants?|complaint|settle(?:d|ment))\b/gi,
  Funding: /\b(?:funding round|raised|raises|raising|valuation|investors?|Series [A-F]|led by|venture)\b/gi,
  'Model release': /\b(?:released|launch(?:ed|es)?|unveil(?:ed|s)?|new model|benchmarks?|leaderboards?|open[- ]weights?|preview)\b/gi,
  'Chips & export controls': /\b(?:export controls?|export rules?|chips?|semiconductors?|GPUs?|Entity List|licen[cs]es? to sell)\b/gi,
  Regulation: /\b(?:regulat\w+|legislation|bill|law|executive order|AI Act|compliance|lawmakers|rules for)\b/gi,
  Deal: /\b(?:acquir\w+|acquisition|merger|partnership|deal|stake)\b/gi,
} as const;
export type StoryKind = keyof typeof STORY_KINDS;

/** Cue hits below this (per 1,000 words, at least 3 in all) leave the story unlabelled. */
const MIN_HITS = 3;

export function storyKind(title: string, text: string): StoryKind | null {
  let best: StoryKind | null = null;
  let bestScore = 0;
  for (const [kind, re] of Object.entries(STORY_KINDS) as [StoryKind, RegExp][]) {
    const count = (s: string) => (s.match(re) ?? []).length;
    const score = count(text) + 3 * count(title);
    if (score > bestScore) {
      best = kind;
      bestScore = score;
    }
  }
  return bestScore >= MIN_HITS ? best : null;
}

/**
 * The design tokens' text (tokens.css), for the styles the extension puts in a page's shadow roots
 * (the hover card): a `<link>` from the page would not be scoped, so the same
 * rules travel inside each shadow root's stylesheet, where their `:host` selector applies.
 */
import TOKENS from './tokens.css?raw';

export const TOKENS_CSS: string = TOKENS;

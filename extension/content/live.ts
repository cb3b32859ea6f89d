/**
 * The one count of what the content script keeps listening in this page (see src/lifetime/tally.ts).
 * Kept on the isolated world's global, so a copy of stage two injected again ("Run on this page")
 * adds to the same count. Lint makes every listener and observer in content/ go through it.
 */
import { createTally, type Tally } from '../../src/lifetime/tally';

const g = globalThis as Record<string, unknown>;
export const tally = (g.__aiNewsLensTally ??= createTally()) as Tally;

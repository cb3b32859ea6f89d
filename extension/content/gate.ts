/**
 * Stage one, on every matched page: a cheap look at metadata and the lede. Only an article that
 * plausibly concerns AI asks the background for stage two; every other page is left untouched.
 */
import { call } from '../shared/messaging';
import { looksLikeArticle, mentionsAI } from '../../src/article/signals';
import type { ContentToBackground } from '../../src/messaging/protocol';

const FLAG = '__aiNewsLensGate';
const g = globalThis as Record<string, unknown>;
if (!g[FLAG] && document.documentElement && location.protocol.startsWith('http')) {
  g[FLAG] = true;
  if (looksLikeArticle(document) && mentionsAI(document)) {
    call<ContentToBackground, 'gate:passed'>('gate:passed', { url: location.href }).catch(() => {
      /* the extension was updated or disabled under this page: stay silent, change nothing */
    });
  }
}

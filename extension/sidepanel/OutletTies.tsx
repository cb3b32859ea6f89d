/**
 * The companion header's outlet-tie lines (issue #15): the deals and lawsuits between the outlet
 * that published the article and the companies it is about, each with a link to its source.
 * Self-contained so the companion's rewrite can place it where its header goes.
 */
import type { OutletTie } from '../../src/kb/ties';

/** Only http(s) sources become links. */
const safe = (href: string | null): string | null => (href && /^https?:\/\//i.test(href) ? href : null);

export function OutletTies({ ties }: { ties: readonly OutletTie[] }) {
  if (!ties.length) return null;
  return (
    <section class="outlet-ties" aria-label="This outlet's ties to the companies in the story">
      <ul>
        {ties.map((t) => {
          const href = safe(t.source);
          return (
            <li key={`${t.kind}:${t.party.id}:${t.company.id}`} data-tie={t.kind}>
              {t.line}
              {href && (
                <>
                  {' · '}
                  <a href={href} target="_blank" rel="noopener noreferrer">
                    source
                  </a>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

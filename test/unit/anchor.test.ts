import { describe as group, expect, it } from 'vitest';
import { anchor, anchorAll, describe } from '../../src/annotate/anchor';

const TEXT = [
  'Anthropic accused Alibaba of distilling its Claude models on an industrial scale.',
  'The Commerce Department issued a foreign access order on Friday.',
  'Alibaba rejected the allegation and said its Qwen models were trained lawfully.',
  'The Commerce Department said the order would be reviewed next year.',
].join('\n\n');
const span = (needle: string, from = 0) => {
  const start = TEXT.indexOf(needle, from);
  return [start, start + needle.length] as const;
};
const sel = (needle: string, from = 0) => describe(TEXT, ...span(needle, from));

group('describe / anchor', () => {
  it('stores a quote with its context and a position', () => {
    const [q, p] = sel('foreign access order');
    expect(q).toMatchObject({ type: 'TextQuoteSelector', exact: 'foreign access order' });
    expect(q.prefix.endsWith('issued a ')).toBe(true);
    expect(q.suffix.startsWith(' on Friday')).toBe(true);
    expect(TEXT.slice(p.start, p.end)).toBe('foreign access order');
  });

  it('finds an unchanged quote by its position', () => {
    expect(anchor(TEXT, sel('Qwen models'))).toMatchObject({ start: span('Qwen models')[0], method: 'position' });
  });

  it('tells repeated phrases apart by their context after the text moved', () => {
    const second = TEXT.indexOf('The Commerce Department', 10 + TEXT.indexOf('The Commerce Department'));
    const s = describe(TEXT, second, second + 'The Commerce Department'.length);
    const moved = 'A new first paragraph was added to the story.\n\n' + TEXT;
    const a = anchor(moved, s)!;
    expect(a.start).toBe(second + 47);
    expect(a.method).toBe('quote');
  });

  it.each([
    ['a word changed inside', 'distilling its Claude models', 'distilling its Claude systems'],
    ['a typo fixed', 'rejected the allegation', 'rejected teh allegation'],
    ['extra spaces', 'rejected the allegation', 'rejected  the  allegation'],
  ])('re-anchors after %s', (_what, quote, edited) => {
    const s = sel(quote);
    const changed = TEXT.replace(quote, edited);
    const a = anchor(changed, s)!;
    expect(a).not.toBeNull();
    expect(changed.slice(a.start, a.end)).toContain(edited.split(' ')[0]);
  });

  it('a deleted quote becomes an orphan instead of landing on the same words elsewhere', () => {
    const second = TEXT.lastIndexOf('The Commerce Department said');
    const s = describe(TEXT, second, second + 'The Commerce Department said'.length);
    expect(anchor(TEXT.replace('The Commerce Department said the order', 'Officials said the order'), s)).toBeNull();
  });

  it('anchors many annotations in slices, yielding between them', async () => {
    const items = ['Anthropic accused', 'foreign access order', 'Qwen models', 'reviewed next year'].map((n) => ({ n, selectors: sel(n) }));
    let yields = 0;
    const found: string[] = [];
    await anchorAll(TEXT, items, (item, a) => a && found.push(TEXT.slice(a.start, a.end)), { sliceMs: 0, yield: async () => void yields++ });
    expect(found).toEqual(items.map((i) => i.n));
    expect(yields).toBeGreaterThan(0);
  });
});

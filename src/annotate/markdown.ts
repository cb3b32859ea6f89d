/**
 * A reader's note in Markdown, parsed into a small tree the UI turns into elements: paragraphs,
 * **bold**, *italic*, `code` and [links](https://…). No HTML ever: raw tags stay text, and links
 * that are not http(s) stay text too.
 */
export type Inline = { t: 'text'; v: string } | { t: 'strong' | 'em' | 'code'; v: string } | { t: 'link'; v: string; href: string };
export type Block = Inline[];

const INLINE = /\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function parseNote(md: string): Block[] {
  return md
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const out: Inline[] = [];
      let last = 0;
      INLINE.lastIndex = 0;
      for (let m = INLINE.exec(p); m; m = INLINE.exec(p)) {
        if (m.index > last) out.push({ t: 'text', v: p.slice(last, m.index) });
        if (m[1] !== undefined) out.push({ t: 'strong', v: m[1] });
        else if (m[2] !== undefined) out.push({ t: 'em', v: m[2] });
        else if (m[3] !== undefined) out.push({ t: 'code', v: m[3] });
        else if (/^https?:\/\//i.test(m[5]!)) out.push({ t: 'link', v: m[4]!, href: m[5]! });
        else out.push({ t: 'text', v: m[0] });
        last = m.index + m[0].length;
      }
      if (last < p.length) out.push({ t: 'text', v: p.slice(last) });
      return out;
    });
}

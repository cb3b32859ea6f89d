import { parseNote } from '../../src/annotate/markdown';

/** A note rendered from its Markdown as elements: text stays text, only http(s) links become links. */
export function Note({ text }: { text: string }) {
  return (
    <div class="note-body">
      {parseNote(text).map((block, i) => (
        <p key={i}>
          {block.map((x, j) =>
            x.t === 'strong' ? (
              <strong key={j}>{x.v}</strong>
            ) : x.t === 'em' ? (
              <em key={j}>{x.v}</em>
            ) : x.t === 'code' ? (
              <code key={j}>{x.v}</code>
            ) : x.t === 'link' ? (
              <a key={j} href={x.href} target="_blank" rel="noopener noreferrer">
                {x.v}
              </a>
            ) : (
              x.v
            ),
          )}
        </p>
      ))}
    </div>
  );
}

import { type SearchSnippet } from '@beseda/protocol';

/**
 * A snippet as text with its matches marked. The server sends plain text and ranges, never
 * markup, so nothing in a message can become HTML here.
 */
export function Highlighted({ snippet }: { snippet: SearchSnippet }) {
  const parts: Array<{ text: string; match: boolean }> = [];
  let at = 0;
  for (const { start, end } of snippet.highlights) {
    if (start < at || end > snippet.text.length) continue;
    if (start > at) parts.push({ text: snippet.text.slice(at, start), match: false });
    parts.push({ text: snippet.text.slice(start, end), match: true });
    at = end;
  }
  if (at < snippet.text.length) parts.push({ text: snippet.text.slice(at), match: false });
  return (
    <span className="whitespace-pre-wrap break-words">
      {parts.map((part, index) =>
        part.match ? (
          <mark key={index} className="rounded-sm bg-amber-200 px-0.5 text-slate-900">
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </span>
  );
}

import { renderMarkdown } from './markdown';

/**
 * A quoted excerpt as plain text: the Markdown is rendered through the sanitiser and read back
 * as text, so `**bold**` shows as "bold" rather than with its stars. Plain text because the
 * quote is one clickable block: a link inside it would be a control inside a control.
 */
export function plainExcerpt(markdown: string): string {
  const template = document.createElement('template');
  template.innerHTML = renderMarkdown(markdown);
  // A code block's language label is not part of the text.
  for (const caption of template.content.querySelectorAll('figcaption')) caption.remove();
  return (template.content.textContent ?? '').replace(/\n{2,}/g, '\n').trim();
}

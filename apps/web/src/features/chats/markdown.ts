import DOMPurify from 'dompurify';
import { Marked, type Tokens } from 'marked';

/**
 * Message text as Markdown: bold, italic, strike, inline code, code blocks (labelled with their
 * language), links, lists and quotes. Raw HTML is never let through: it is shown as typed. Links
 * go only to http(s) and mailto addresses and open in a new tab; images are shown as their
 * description. The result is sanitised once more before it reaches the page, and carries no
 * inline styles (the page's CSP forbids them).
 */

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The address if a link may go there, else null. */
export function safeHref(href: string): string | null {
  try {
    const url = new URL(href.trim());
    return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(text);
    },
    image({ text }: Tokens.Image) {
      return escapeHtml(text);
    },
    link({ href, tokens }: Tokens.Link) {
      const content = this.parser.parseInline(tokens);
      const safe = safeHref(href);
      if (!safe) return content;
      return `<a href="${escapeHtml(safe)}" rel="noopener noreferrer" target="_blank">${content}</a>`;
    },
    heading({ tokens }: Tokens.Heading) {
      // A message has no document outline: a heading is a bold line.
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>`;
    },
    code({ text, lang }: Tokens.Code) {
      const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
      const label = language ? `<figcaption>${escapeHtml(language)}</figcaption>` : '';
      return `<figure data-code-block="">${label}<pre><code>${escapeHtml(text)}</code></pre></figure>`;
    },
  },
});

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  'del',
  'code',
  'pre',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'hr',
  'figure',
  'figcaption',
  'input',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

let hooked = false;

function purify(html: string): string {
  if (!hooked) {
    hooked = true;
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        const safe = safeHref(node.getAttribute('href') ?? '');
        if (safe) {
          node.setAttribute('rel', 'noopener noreferrer');
          node.setAttribute('target', '_blank');
        } else {
          node.removeAttribute('href');
          node.removeAttribute('target');
        }
      }
      // Task list boxes show a state; they are not controls.
      if (node.tagName === 'INPUT') {
        if (node.getAttribute('type') !== 'checkbox') node.remove();
        else node.setAttribute('disabled', '');
      }
    });
  }
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'rel', 'target', 'start', 'type', 'checked', 'disabled', 'data-code-block'],
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
    ALLOW_DATA_ATTR: false,
  });
}

/** Sanitised HTML for a message's text. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false });
  return purify(html.trim());
}

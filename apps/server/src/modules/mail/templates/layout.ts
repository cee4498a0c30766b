import { type MailMessage } from '../../../infra/mail/mail-transport.js';

export type MailLanguage = 'ru' | 'en';

/** What a template renders to: a subject and a body, before the To header is known. */
export type RenderedMail = Omit<MailMessage, 'to'>;

export interface MailAction {
  label: string;
  url: string;
}

/** One entry of a list in the body: who or what, a line of text, and where it opens. */
export interface MailListItem {
  title: string;
  text: string;
  url: string;
}

/** A headed group of entries, e.g. the unread messages of one chat. */
export interface MailSection {
  heading: string;
  items: MailListItem[];
}

/**
 * How to stop mail of this kind: a link in the footer, and the List-Unsubscribe header fields
 * mail clients turn into their own "unsubscribe" button (RFC 2369, one-click per RFC 8058).
 */
export interface MailUnsubscribe {
  /** The footer sentence before the link, e.g. "Don't want these e-mails?" */
  text: string;
  label: string;
  /** The page a person opens from the footer link. */
  pageUrl: string;
  /** Where a mail client POSTs `List-Unsubscribe=One-Click`. */
  oneClickUrl: string;
}

/** The words of one e-mail; the layout turns them into both the plain-text and the HTML part. */
export interface MailContent {
  subject: string;
  greeting: string;
  /** Paragraphs before the buttons. */
  intro: string[];
  /** Lists after the intro paragraphs. */
  sections?: MailSection[];
  /** Buttons, the first one the main action. */
  actions: MailAction[];
  /** Paragraphs after the buttons: how long a link lives, what to do if it was not you. */
  outro: string[];
  unsubscribe?: MailUnsubscribe;
}

const layoutWords: Record<
  MailLanguage,
  { product: string; fallback: (many: boolean) => string; footer: string }
> = {
  ru: {
    product: 'Беседа',
    fallback: (many) =>
      many
        ? 'Если кнопки не работают, скопируйте нужную ссылку в адресную строку браузера:'
        : 'Если кнопка не работает, скопируйте эту ссылку в адресную строку браузера:',
    footer: 'Это письмо отправлено автоматически, отвечать на него не нужно.',
  },
  en: {
    product: 'Beseda',
    fallback: (many) =>
      many
        ? 'If the buttons don’t work, copy the link you need into your browser’s address bar:'
        : 'If the button doesn’t work, copy this link into your browser’s address bar:',
    footer: 'This email was sent automatically; there’s no need to reply.',
  },
};

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Makes any value safe inside HTML text and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => htmlEscapes[char]!);
}

export function renderLayout(content: MailContent, language: MailLanguage): RenderedMail {
  const { unsubscribe } = content;
  return {
    subject: content.subject,
    text: renderText(content, language),
    html: renderHtml(content, language),
    ...(unsubscribe && {
      headers: {
        'List-Unsubscribe': `<${unsubscribe.oneClickUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    }),
  };
}

function renderText(content: MailContent, language: MailLanguage): string {
  const words = layoutWords[language];
  const sections = (content.sections ?? []).map(({ heading, items }) =>
    [heading, ...items.map(({ title, text, url }) => `- ${title}: ${text}\n  ${url}`)].join('\n'),
  );
  const actions = content.actions.map(({ label, url }) => `${label}:\n${url}`);
  const unsubscribe = content.unsubscribe
    ? [`${content.unsubscribe.text} ${content.unsubscribe.label}:\n${content.unsubscribe.pageUrl}`]
    : [];
  // "-- " on its own line is the signature separator mail clients recognise.
  const signature = [`-- \n${words.product}\n${words.footer}`, ...unsubscribe].join('\n');
  return (
    [content.greeting, ...content.intro, ...sections, ...actions, ...content.outro, signature].join('\n\n') +
    '\n'
  );
}

// E-mail clients drop <style> blocks and external CSS, so every element carries its own style.
const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const accent = '#2563eb';
const paragraphStyle = `margin:0 0 16px;${font};font-size:16px;line-height:24px;color:#111827`;
const noteStyle = `margin:0 0 8px;${font};font-size:13px;line-height:20px;color:#6b7280`;
const headingStyle = `margin:24px 0 8px;${font};font-size:15px;line-height:22px;font-weight:700;color:#111827`;
const itemStyle = `margin:0 0 12px;padding-left:12px;border-left:3px solid #e5e7eb;${font};font-size:15px;line-height:22px;color:#111827`;
const footerStyle = `margin:16px 0 0;${font};font-size:12px;line-height:18px;color:#9ca3af`;
const buttonStyle = (primary: boolean) =>
  [
    'display:inline-block',
    'margin:0 8px 8px 0',
    'padding:12px 24px',
    'border-radius:6px',
    `border:1px solid ${accent}`,
    `background-color:${primary ? accent : '#ffffff'}`,
    `color:${primary ? '#ffffff' : accent}`,
    font,
    'font-size:16px',
    'font-weight:600',
    'text-decoration:none',
  ].join(';');

function renderHtml(content: MailContent, language: MailLanguage): string {
  const words = layoutWords[language];
  const paragraph = (text: string) => `<p style="${paragraphStyle}">${escapeHtml(text)}</p>`;
  const many = content.actions.length > 1;
  const buttons = content.actions.length
    ? `<p style="margin:24px 0 16px">${content.actions
        .map(
          ({ label, url }, index) =>
            `<a href="${escapeHtml(url)}" style="${buttonStyle(index === 0)}">${escapeHtml(label)}</a>`,
        )
        .join('')}</p>` +
      `<p style="${noteStyle}">${escapeHtml(words.fallback(many))}</p>` +
      content.actions
        .map(
          ({ label, url }) =>
            `<p style="${noteStyle};word-break:break-all">${many ? `${escapeHtml(label)}: ` : ''}` +
            `<a href="${escapeHtml(url)}" style="color:${accent}">${escapeHtml(url)}</a></p>`,
        )
        .join('')
    : '';

  const sections = (content.sections ?? [])
    .map(
      ({ heading, items }) =>
        `<p style="${headingStyle}">${escapeHtml(heading)}</p>` +
        items
          .map(
            ({ title, text, url }) =>
              `<p style="${itemStyle}"><a href="${escapeHtml(url)}" style="color:${accent};font-weight:600;text-decoration:none">${escapeHtml(title)}</a><br>${escapeHtml(text)}</p>`,
          )
          .join(''),
    )
    .join('\n');
  const unsubscribe = content.unsubscribe
    ? `\n<p style="${footerStyle}">${escapeHtml(content.unsubscribe.text)} ` +
      `<a href="${escapeHtml(content.unsubscribe.pageUrl)}" style="color:#6b7280">${escapeHtml(content.unsubscribe.label)}</a></p>`
    : '';

  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(content.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6">
<tr><td align="center" style="padding:32px 16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-radius:8px">
<tr><td style="padding:32px">
<p style="margin:0 0 24px;${font};font-size:20px;font-weight:700;color:${accent}">${escapeHtml(words.product)}</p>
${[content.greeting, ...content.intro].map(paragraph).join('\n')}
${sections}
${buttons}
<div style="height:16px"></div>
${content.outro.map(paragraph).join('\n')}
</td></tr>
</table>
<p style="${footerStyle}">${escapeHtml(words.footer)}</p>${unsubscribe}
</td></tr>
</table>
</body>
</html>
`;
}

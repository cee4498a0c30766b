import { memo, useMemo } from 'react';
import { renderMarkdown } from './markdown';

/** Styling for the sanitised Markdown; classes only, as the CSP allows no inline styles. */
const markdownClasses = [
  'contents',
  '[&_p]:whitespace-pre-wrap [&>p:last-child]:inline [&_p+p]:mt-1',
  '[&_strong]:font-semibold [&_em]:italic [&_del]:line-through',
  '[&_a]:text-brand-700 [&_a]:underline [&_a]:underline-offset-2 [&_a:hover]:text-brand-900',
  '[&_:not(pre)>code]:rounded [&_:not(pre)>code]:bg-slate-100 [&_:not(pre)>code]:px-1 [&_:not(pre)>code]:py-0.5 [&_:not(pre)>code]:font-mono [&_:not(pre)>code]:text-[0.85em]',
  '[&_figure]:my-1 [&_figure]:overflow-hidden [&_figure]:rounded-md [&_figure]:border [&_figure]:border-slate-200 [&_figure]:bg-slate-50',
  '[&_figcaption]:border-b [&_figcaption]:border-slate-200 [&_figcaption]:px-2 [&_figcaption]:py-0.5 [&_figcaption]:font-mono [&_figcaption]:text-xs [&_figcaption]:text-slate-500',
  '[&_pre]:overflow-x-auto [&_pre]:p-2 [&_pre]:font-mono [&_pre]:text-sm [&_pre]:leading-snug [&_pre]:whitespace-pre',
  '[&_ul]:my-1 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-1 [&_ol]:list-decimal [&_ol]:pl-5',
  '[&_blockquote]:my-1 [&_blockquote]:border-l-4 [&_blockquote]:border-slate-300 [&_blockquote]:pl-3 [&_blockquote]:text-slate-600',
  '[&_table]:my-1 [&_td]:border [&_td]:border-slate-200 [&_td]:px-2 [&_th]:border [&_th]:border-slate-200 [&_th]:px-2',
].join(' ');

/** A message's text, rendered from Markdown through the sanitiser. */
export const MessageText = memo(function MessageText({ text }: { text: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return <div className={markdownClasses} dangerouslySetInnerHTML={{ __html: html }} />;
});

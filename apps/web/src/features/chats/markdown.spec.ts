import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

function dom(text: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = renderMarkdown(text);
  return host;
}

describe('message Markdown', () => {
  it('renders bold, italic, strike and inline code', () => {
    const host = dom('**bold** _italic_ ~~gone~~ `x < y`');
    expect(host.querySelector('strong')?.textContent).toBe('bold');
    expect(host.querySelector('em')?.textContent).toBe('italic');
    expect(host.querySelector('del')?.textContent).toBe('gone');
    expect(host.querySelector('code')?.textContent).toBe('x < y');
  });

  it('renders a code block with its language as a label, and its text as typed', () => {
    const host = dom('```ts\nconst a = "<b>";\n```');
    expect(host.querySelector('figcaption')?.textContent).toBe('ts');
    expect(host.querySelector('pre code')?.textContent).toBe('const a = "<b>";');
    expect(host.querySelector('b')).toBeNull();
  });

  it('renders lists, quotes and links', () => {
    const host = dom('- one\n- two\n\n1. first\n\n> quoted\n\n[site](https://example.com/a)');
    expect([...host.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual(['one', 'two']);
    expect(host.querySelector('ol li')?.textContent).toBe('first');
    expect(host.querySelector('blockquote')?.textContent?.trim()).toBe('quoted');
    const link = host.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.com/a');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.getAttribute('target')).toBe('_blank');
  });

  it('keeps line breaks within a paragraph', () => {
    expect(dom('Line one\nLine two').textContent).toBe('Line one\nLine two');
  });

  it('shows raw HTML as text: a script does not run, an image does not load', () => {
    const host = dom('<script>alert(1)</script> and <img src=x onerror="alert(2)">');
    expect(host.querySelector('script')).toBeNull();
    expect(host.querySelector('img')).toBeNull();
    expect(host.querySelector('[onerror]')).toBeNull();
    expect(host.textContent).toContain('<script>alert(1)</script>');
    expect(host.textContent).toContain('<img src=x onerror="alert(2)">');
  });

  it('shows a block of raw HTML as text too', () => {
    const host = dom('<div onclick="alert(1)">\n<img src=x onerror=alert(1)>\n</div>');
    expect(host.querySelector('div, img, [onclick], [onerror]')).toBeNull();
  });

  it('makes javascript: and data: links inert, keeping their text', () => {
    const host = dom(
      '[click](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [mixed](JaVaScRiPt:alert(1)) <javascript:alert(1)>',
    );
    expect(host.querySelectorAll('a[href]')).toHaveLength(0);
    expect(host.textContent).toContain('click');
    expect(host.textContent).toContain('data');
  });

  it('lets mailto and http links through, and autolinks bare addresses', () => {
    const host = dom('mail [me](mailto:anna@example.com) or see https://example.org');
    const hrefs = [...host.querySelectorAll('a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['mailto:anna@example.com', 'https://example.org/']);
  });

  it('shows an image as its description, never loading it', () => {
    const host = dom('![a cat](https://example.com/cat.png)');
    expect(host.querySelector('img')).toBeNull();
    expect(host.textContent).toBe('a cat');
  });

  it('emits no inline styles', () => {
    const host = dom('<span style="color:red">x</span> **y**\n\n```\ncode\n```');
    expect(host.querySelector('[style], span')).toBeNull();
    expect(host.textContent).toContain('<span style="color:red">x</span>');
  });
});

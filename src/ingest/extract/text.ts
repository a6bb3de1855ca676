/**
 * DOM → plain text the way a reader sees it: block elements end paragraphs, `<br>` ends a line,
 * runs of whitespace inside a paragraph collapse to one space. Paragraphs are joined by a blank line.
 */

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
const SKIP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'head',
  'button',
  'select',
  'textarea',
  'input',
]);
// Table cells sit side by side: a cell break is a space-like separator, not a paragraph.
const CELL = new Set(['td', 'th']);

/** Plain text of a DOM subtree, paragraphs separated by blank lines. */
export function domToText(root: Node): string {
  const paragraphs: string[] = [];
  let lines: string[] = [];
  let line = '';
  const endLine = () => {
    const t = line.replace(/\s+/g, ' ').trim();
    if (t) lines.push(t);
    line = '';
  };
  const endParagraph = () => {
    endLine();
    if (lines.length) paragraphs.push(lines.join('\n'));
    lines = [];
  };
  // Iterative walk: deep pages must not blow the stack.
  const stack: { node: Node; exit: boolean }[] = [{ node: root, exit: false }];
  while (stack.length) {
    const { node, exit } = stack.pop()!;
    if (node.nodeType === 3) {
      line += node.nodeValue ?? '';
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const name = (node as Element).localName?.toLowerCase() ?? '';
    if (exit) {
      if (CELL.has(name)) line += ' ';
      else if (BLOCK.has(name)) endParagraph();
      continue;
    }
    if (SKIP.has(name)) continue;
    if (name === 'br') {
      // A second <br> in a row ends the paragraph, as it does on screen.
      if (line.trim() === '' && lines.length) endParagraph();
      else endLine();
      continue;
    }
    if (name === 'img') continue;
    if (BLOCK.has(name) && !CELL.has(name)) endParagraph();
    stack.push({ node, exit: true });
    const kids = node.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, exit: false });
  }
  endParagraph();
  return paragraphs.join('\n\n');
}

/** Collapses whitespace of an element's text (for labels, captions, metadata). */
export function cleanText(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

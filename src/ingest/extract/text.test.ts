import { describe, expect, it } from 'vitest';
import { parseDocument } from './dom.ts';
import { domToText } from './text.ts';

const text = (html: string) => domToText(parseDocument(`<body>${html}</body>`).body);

describe('domToText', () => {
  it.each([
    ['paragraphs become blank-line separated', '<p>الأولى</p><p>الثانية</p>', 'الأولى\n\nالثانية'],
    ['<br> is a line break inside the paragraph', '<p>سطر<br>سطر آخر</p>', 'سطر\nسطر آخر'],
    ['two <br> end a paragraph', 'أ<br><br>ب', 'أ\n\nب'],
    [
      'inline elements join without breaks',
      '<p>قال <b>الوزير</b> <a href="#">اليوم</a>.</p>',
      'قال الوزير اليوم.',
    ],
    ['whitespace collapses', '<p>  نص \n\t متفرق  </p>', 'نص متفرق'],
    [
      'headings and list items are paragraphs',
      '<h2>عنوان</h2><ul><li>بند</li><li>بند ثان</li></ul>',
      'عنوان\n\nبند\n\nبند ثان',
    ],
    [
      'scripts, styles and buttons are not text',
      '<p>نص<script>var a=1</script><style>p{}</style><button>زر</button></p>',
      'نص',
    ],
    ['table cells on one line', '<table><tr><td>أ</td><td>ب</td></tr></table>', 'أ ب'],
  ])('%s', (_name, html, expected) => {
    expect(text(html)).toBe(expected);
  });
});

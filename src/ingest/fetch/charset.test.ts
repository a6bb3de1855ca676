import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetParam, decodeBytes, detectCharset, resolveCharsetLabel, utf8Stats } from './charset.ts';

const AR = 'تواصلت الأمطار الغزيرة على المنطقة الشرقية لليوم الثالث على التوالي';

describe('resolveCharsetLabel', () => {
  it.each([
    ['cp1256', 'windows-1256'],
    ['x-cp1256', 'windows-1256'],
    ['Windows-1256', 'windows-1256'],
    ['arabic', 'iso-8859-6'],
    ['ASMO-708', 'iso-8859-6'],
    ['iso_8859-6:1987', 'iso-8859-6'],
    ['ISO-8859-1', 'windows-1252'],
    ['us-ascii', 'windows-1252'],
    ['UTF8', 'utf-8'],
    [' "utf-8" ', 'utf-8'],
    ['x-user-defined', 'x-user-defined'],
    ['ks_c_5601-1987', 'euc-kr'],
    ['iso-2022-kr', null],
    ['no-such-charset', null],
  ])('%j → %s', (label, expected) => {
    expect(resolveCharsetLabel(label)).toBe(expected);
  });
});

describe('charsetParam', () => {
  it.each([
    ['text/html; charset=UTF-8', 'UTF-8'],
    ['text/html;charset="windows-1256"', 'windows-1256'],
    ['application/xml; foo=bar; charset=cp1256', 'cp1256'],
    ['text/html', null],
    [null, null],
  ])('%j → %s', (ct, expected) => {
    expect(charsetParam(ct)).toBe(expected);
  });
});

describe('detectCharset', () => {
  const html = (head: string) => `<html><head>${head}</head><body><p>${AR}</p></body></html>`;

  it.each([
    [
      'BOM beats the header',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(AR)]),
      'text/html; charset=windows-1256',
      'utf-8',
      'bom',
    ],
    [
      'header charset',
      iconv.encode(html(''), 'iso-8859-6'),
      'text/html; charset=iso-8859-6',
      'iso-8859-6',
      'header',
    ],
    [
      'meta charset',
      iconv.encode(html('<meta charset="windows-1256">'), 'windows-1256'),
      'text/html',
      'windows-1256',
      'meta',
    ],
    [
      'meta http-equiv',
      iconv.encode(
        html('<meta http-equiv="content-type" content="text/html; charset=windows-1256">'),
        'windows-1256',
      ),
      null,
      'windows-1256',
      'meta',
    ],
    [
      'meta inside a comment is ignored',
      iconv.encode(html('<!-- <meta charset="iso-8859-6"> --><meta charset="windows-1256">'), 'windows-1256'),
      null,
      'windows-1256',
      'meta',
    ],
    ['meta utf-16 means utf-8', Buffer.from(html('<meta charset="utf-16">')), null, 'utf-8', 'meta'],
    [
      'XML prolog',
      iconv.encode(`<?xml version="1.0" encoding="cp1256"?><rss>${AR}</rss>`, 'windows-1256'),
      'application/rss+xml',
      'windows-1256',
      'xml',
    ],
    ['sniffed UTF-8', Buffer.from(html('')), null, 'utf-8', 'sniff'],
    ['sniffed windows-1256', iconv.encode(html(''), 'windows-1256'), 'text/html', 'windows-1256', 'sniff'],
    [
      'sniffed French stays windows-1252',
      iconv.encode('Le ministère a présenté un élève très doué à Noël.', 'windows-1252'),
      null,
      'windows-1252',
      'sniff',
    ],
    [
      'sniffed Spanish stays windows-1252',
      iconv.encode('La información llegó después de la reunión en Málaga.', 'windows-1252'),
      null,
      'windows-1252',
      'sniff',
    ],
    [
      'utf-8 header overruled by 1256 bytes',
      iconv.encode(html(''), 'windows-1256'),
      'text/html; charset=utf-8',
      'windows-1256',
      'sniff',
    ],
    [
      'unknown header label falls through',
      iconv.encode(html('<meta charset="cp1256">'), 'windows-1256'),
      'text/html; charset=bogus',
      'windows-1256',
      'meta',
    ],
  ])('%s', (_name, bytes, contentType, charset, source) => {
    expect(detectCharset(bytes, contentType)).toEqual({ charset, source });
  });

  it('keeps a UTF-8 page with one stray byte as UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from(AR.repeat(3)), Buffer.from([0xe9]), Buffer.from(AR)]);
    expect(detectCharset(bytes, null).charset).toBe('utf-8');
  });
});

describe('decodeBytes', () => {
  it.each(['windows-1256', 'iso-8859-6', 'utf-8', 'utf-16le'])('round-trips Arabic through %s', (enc) => {
    expect(decodeBytes(iconv.encode(AR, enc), enc)).toBe(AR);
  });

  it('maps x-user-defined high bytes to the private use area', () => {
    expect(decodeBytes(Buffer.from([0x41, 0x80, 0xff]), 'x-user-defined')).toBe('A\uf780\uf7ff');
  });
});

describe('utf8Stats', () => {
  it.each([
    [Buffer.from('abc'), { multibyte: 0, invalid: 0 }],
    [Buffer.from('سلام'), { multibyte: 4, invalid: 0 }],
    [Buffer.from([0xc0, 0x80]), { multibyte: 0, invalid: 2 }],
    [Buffer.from([0xed, 0xa0, 0x80]), { multibyte: 0, invalid: 3 }],
    [Buffer.from([0xd8]), { multibyte: 0, invalid: 1 }],
    [Buffer.from('😀'), { multibyte: 1, invalid: 0 }],
  ])('%j', (bytes, expected) => {
    expect(utf8Stats(bytes)).toEqual(expected);
  });
});

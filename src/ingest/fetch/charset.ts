import iconv from 'iconv-lite';

/**
 * WHATWG Encoding Standard labels, grouped by the encoding they name. Browsers resolve `cp1256`,
 * `arabic`, `latin1`… through this table, so pages labelled that way decode the way readers see them
 * (note `iso-8859-1` and `us-ascii` mean windows-1252 on the web).
 */
const WHATWG_LABELS: Record<string, string> = {
  'utf-8': 'unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8',
  ibm866: '866 cp866 csibm866 ibm866',
  'iso-8859-2': 'csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2',
  'iso-8859-3': 'csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3',
  'iso-8859-4': 'csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4',
  'iso-8859-5':
    'csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988',
  'iso-8859-6':
    'arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i ' +
    'iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987',
  'iso-8859-7':
    'csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 ' +
    'iso_8859-7:1987 sun_eu_greek',
  'iso-8859-8':
    'csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 ' +
    'iso_8859-8:1988 visual',
  'iso-8859-8-i': 'csiso88598i iso-8859-8-i logical',
  'iso-8859-10': 'csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6',
  'iso-8859-13': 'iso-8859-13 iso8859-13 iso885913',
  'iso-8859-14': 'iso-8859-14 iso8859-14 iso885914',
  'iso-8859-15': 'csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9',
  'iso-8859-16': 'iso-8859-16',
  'koi8-r': 'cskoi8r koi koi8 koi8-r koi8_r',
  'koi8-u': 'koi8-ru koi8-u',
  macintosh: 'csmacintosh mac macintosh x-mac-roman',
  'windows-874': 'dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874',
  'windows-1250': 'cp1250 windows-1250 x-cp1250',
  'windows-1251': 'cp1251 windows-1251 x-cp1251',
  'windows-1252':
    'ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 ' +
    'iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252',
  'windows-1253': 'cp1253 windows-1253 x-cp1253',
  'windows-1254':
    'cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 ' +
    'windows-1254 x-cp1254',
  'windows-1255': 'cp1255 windows-1255 x-cp1255',
  'windows-1256': 'cp1256 windows-1256 x-cp1256',
  'windows-1257': 'cp1257 windows-1257 x-cp1257',
  'windows-1258': 'cp1258 windows-1258 x-cp1258',
  'x-mac-cyrillic': 'x-mac-cyrillic x-mac-ukrainian',
  gbk: 'chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk',
  gb18030: 'gb18030',
  big5: 'big5 big5-hkscs cn-big5 csbig5 x-x-big5',
  'euc-jp': 'cseucpkdfmtjapanese euc-jp x-euc-jp',
  shift_jis: 'csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis',
  'euc-kr':
    'cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949',
  'utf-16be': 'unicodefffe utf-16be',
  'utf-16le': 'csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le',
  'x-user-defined': 'x-user-defined',
};

/** Where WHATWG and iconv-lite name the same table differently (WHATWG big5 includes HKSCS, etc.). */
const ICONV_NAME: Record<string, string> = {
  ibm866: 'cp866',
  'iso-8859-8-i': 'iso-8859-8',
  'x-mac-cyrillic': 'maccyrillic',
  big5: 'big5hkscs',
  shift_jis: 'cp932',
  'euc-kr': 'cp949',
};

const LABEL_TO_ENCODING = new Map<string, string>();
for (const [encoding, labels] of Object.entries(WHATWG_LABELS)) {
  for (const label of labels.split(' ')) LABEL_TO_ENCODING.set(label, encoding);
}

/**
 * Resolves a charset label to its WHATWG encoding name (`cp1256` → `windows-1256`, `arabic` → `iso-8859-6`),
 * or null when the label is unknown or names an encoding we cannot decode.
 */
export function resolveCharsetLabel(label: string): string | null {
  const key = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  const encoding = LABEL_TO_ENCODING.get(key);
  if (encoding === undefined) return null;
  if (encoding === 'x-user-defined') return encoding;
  return iconv.encodingExists(ICONV_NAME[encoding] ?? encoding) ? encoding : null;
}

export type CharsetSource = 'bom' | 'header' | 'meta' | 'xml' | 'sniff';

export interface CharsetDecision {
  charset: string;
  source: CharsetSource;
}

/** The `charset` parameter of a Content-Type header, as written, or null. */
export function charsetParam(contentType: string | null): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function bomCharset(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

const PRESCAN_BYTES = 4096;
const XML_PROLOG = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']+)["']/i;
// Covers both `<meta charset="x">` and `<meta http-equiv="content-type" content="text/html; charset=x">`.
const META_CHARSET = /<meta\s[^>]*?charset\s*=\s*["']?\s*([^"'\s/>;]+)/gi;

function declaredInDocument(bytes: Uint8Array): CharsetDecision | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PRESCAN_BYTES)).toString(
    'latin1',
  );
  const xml = XML_PROLOG.exec(head);
  if (xml?.[1]) {
    const enc = resolveCharsetLabel(xml[1]);
    if (enc) return { charset: enc, source: 'xml' };
  }
  // Comments could hide a stale declaration; drop them before looking.
  const visible = head.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  for (const m of visible.matchAll(META_CHARSET)) {
    let enc = m[1] ? resolveCharsetLabel(m[1]) : null;
    if (!enc) continue;
    // WHATWG: a document that could declare itself in ASCII cannot be UTF-16; x-user-defined means 1252.
    if (enc === 'utf-16le' || enc === 'utf-16be') enc = 'utf-8';
    if (enc === 'x-user-defined') enc = 'windows-1252';
    return { charset: enc, source: 'meta' };
  }
  return null;
}

interface Utf8Stats {
  multibyte: number;
  invalid: number;
}

/** Counts well-formed multi-byte sequences and invalid bytes in one pass. */
export function utf8Stats(bytes: Uint8Array): Utf8Stats {
  let multibyte = 0;
  let invalid = 0;
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      invalid++;
      i++;
      continue;
    }
    let cp = b & (0x3f >> need);
    let ok = true;
    for (let j = 1; j <= need && ok; j++) {
      const c = bytes[i + j];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
      multibyte++;
      i += need + 1;
    } else {
      invalid++;
      i++;
    }
  }
  return { multibyte, invalid };
}

function looksUtf8({ multibyte, invalid }: Utf8Stats): boolean {
  // A stray byte or two (a truncated ad snippet, a pasted 1252 quote) should not flip a UTF-8 page.
  return invalid === 0 || multibyte >= 20 * invalid;
}

/**
 * True when the high bytes read as Arabic words under windows-1256: mostly Arabic letters, and in runs
 * (Arabic words are all high bytes, while accented Latin text has high bytes scattered among ASCII letters).
 */
function looksWindows1256(bytes: Uint8Array): boolean {
  let high = 0;
  let arabic = 0;
  let inRun = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    high++;
    if (isArabicLetter1256(b)) arabic++;
    const prev = bytes[i - 1] ?? 0;
    const next = bytes[i + 1] ?? 0;
    if (prev >= 0x80 || next >= 0x80) inRun++;
  }
  return high >= 4 && arabic >= 0.6 * high && inRun >= 0.6 * high;
}

/** Which high bytes are Arabic letters under windows-1256 (not harakat, tatweel, or the Latin letters kept there). */
const ARABIC_LETTER_1256: boolean[] = (() => {
  const table: boolean[] = [];
  const high = Buffer.alloc(128);
  for (let i = 0; i < 128; i++) high[i] = 0x80 + i;
  const chars = iconv.decode(high, 'windows-1256');
  for (let i = 0; i < 128; i++) {
    const cp = chars.charCodeAt(i);
    const isLetter = (cp >= 0x0621 && cp <= 0x064a && cp !== 0x0640) || (cp >= 0x0671 && cp <= 0x06d3);
    table[0x80 + i] = isLetter;
  }
  return table;
})();

function isArabicLetter1256(b: number): boolean {
  return ARABIC_LETTER_1256[b] === true;
}

function sniff(bytes: Uint8Array, stats: Utf8Stats): string {
  if (looksUtf8(stats)) return 'utf-8';
  return looksWindows1256(bytes) ? 'windows-1256' : 'windows-1252';
}

function isSingleByte(encoding: string): boolean {
  return (
    /^(iso-8859-|windows-|koi8-)/.test(encoding) ||
    ['ibm866', 'macintosh', 'x-mac-cyrillic'].includes(encoding)
  );
}

/**
 * Decides a body's encoding the way browsers do: BOM, then the Content-Type charset, then a declaration
 * in the first 4 KB (XML prolog, `<meta charset>`, `<meta http-equiv>`), then sniffing (valid UTF-8,
 * Arabic windows-1256, else windows-1252).
 * Unlike browsers, a declaration the bytes plainly contradict is overruled: Arabic sites that moved
 * between windows-1256 and UTF-8 often keep a stale server default or template meta. "Plainly" means
 * UTF-8 claimed for bytes that are not UTF-8, or a single-byte encoding claimed for bytes that are
 * clean UTF-8 with several multi-byte characters (legacy Arabic bytes almost never form valid UTF-8).
 */
export function detectCharset(bytes: Uint8Array, contentType: string | null): CharsetDecision {
  const bom = bomCharset(bytes);
  if (bom) return { charset: bom, source: 'bom' };
  let stats: Utf8Stats | undefined;
  const utf8 = () => {
    stats ??= utf8Stats(bytes);
    return stats;
  };
  const plausible = (encoding: string) => {
    if (encoding === 'utf-8') return looksUtf8(utf8());
    if (isSingleByte(encoding)) return !(utf8().invalid === 0 && utf8().multibyte >= 8);
    return true;
  };
  const label = charsetParam(contentType);
  const fromHeader = label ? resolveCharsetLabel(label) : null;
  if (fromHeader && plausible(fromHeader)) return { charset: fromHeader, source: 'header' };
  const declared = declaredInDocument(bytes);
  if (declared && plausible(declared.charset)) return declared;
  return { charset: sniff(bytes, utf8()), source: 'sniff' };
}

/** Decodes bytes with a WHATWG encoding name from {@link resolveCharsetLabel} or {@link detectCharset}. */
export function decodeBytes(bytes: Uint8Array, charset: string): string {
  if (charset === 'x-user-defined') {
    let out = '';
    for (const b of bytes) out += String.fromCharCode(b < 0x80 ? b : 0xf780 + b - 0x80);
    return out;
  }
  return iconv.decode(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
    ICONV_NAME[charset] ?? charset,
  );
}

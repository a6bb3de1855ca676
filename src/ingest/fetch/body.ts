import { type Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { FetchError } from './errors.ts';

/** Marks a deliberate early stop (truncation) so it is not mistaken for a failure. */
const STOP = new Error('stop reading');

export interface ReadBodyOptions {
  url: string;
  contentEncoding: string | null;
  /** Limit on raw and on decoded bytes. */
  maxBytes: number;
  /** Keep the first maxBytes instead of failing (robots.txt: RFC 9309 asks to parse at least 500 KiB). */
  truncate?: boolean;
  signal?: AbortSignal;
  /** Called as raw bytes arrive, so a lost connection can say how far it got. */
  onRaw?: (total: number) => void;
}

export interface BodyBytes {
  bytes: Buffer;
  truncated: boolean;
}

/**
 * Streams a response body through its Content-Encoding decoders into memory, stopping (and tearing down
 * the socket) the moment either the raw or the decoded size passes maxBytes, so a 50 MB page or a gzip
 * bomb costs at most maxBytes of memory.
 */
export async function readBody(body: Readable, opts: ReadBodyOptions): Promise<BodyBytes> {
  const decoders = decodersFor(opts.contentEncoding, opts.url);
  const chunks: Buffer[] = [];
  let raw = 0;
  let size = 0;
  let truncated = false;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      raw += chunk.length;
      opts.onRaw?.(raw);
      if (raw > opts.maxBytes && !opts.truncate) {
        cb(new FetchError('too-large', opts.url, `body exceeds ${opts.maxBytes} bytes`));
        return;
      }
      cb(null, chunk);
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (size + chunk.length > opts.maxBytes) {
        if (opts.truncate) {
          chunks.push(chunk.subarray(0, opts.maxBytes - size));
          size = opts.maxBytes;
          truncated = true;
          cb(STOP);
          return;
        }
        const what = decoders.length > 0 ? 'decoded body' : 'body';
        cb(new FetchError('too-large', opts.url, `${what} exceeds ${opts.maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
      cb();
    },
  });
  try {
    await pipeline([body, counter, ...decoders, sink], opts.signal ? { signal: opts.signal } : {});
  } catch (err) {
    if (err !== STOP) throw asDecodeError(err, opts);
  }
  return { bytes: Buffer.concat(chunks, size), truncated };
}

/** Decoders in the order to apply them: `Content-Encoding: gzip, br` means br was applied last. */
function decodersFor(contentEncoding: string | null, url: string): Transform[] {
  if (!contentEncoding) return [];
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  return codings.reverse().map((coding) => {
    // Lenient flushing: like browsers, keep what a slightly truncated compressed stream did deliver.
    switch (coding) {
      case 'gzip':
      case 'x-gzip':
        return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
      case 'deflate':
        return new AutoInflate();
      case 'br':
        return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
      default:
        throw new FetchError('decode', url, `unsupported content-encoding ${coding}`);
    }
  });
}

/** HTTP "deflate" should be zlib-wrapped but some servers send raw deflate; the first two bytes tell. */
class AutoInflate extends Transform {
  #inner: zlib.Inflate | zlib.InflateRaw | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (this.#inner === null) {
      const b0 = chunk[0] ?? 0;
      const b1 = chunk[1];
      const zlibHeader = (b0 & 0x0f) === 8 && (b1 === undefined || ((b0 << 8) | b1) % 31 === 0);
      const opts = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
      const inner = zlibHeader ? zlib.createInflate(opts) : zlib.createInflateRaw(opts);
      inner.on('data', (d: Buffer) => this.push(d));
      inner.on('error', (e) => this.destroy(e));
      this.#inner = inner;
    }
    this.#inner.write(chunk, () => cb());
  }

  override _flush(cb: (err?: Error | null) => void): void {
    if (this.#inner === null) {
      cb();
      return;
    }
    this.#inner.once('end', () => cb());
    this.#inner.end();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.#inner?.destroy();
    cb(err);
  }
}

function asDecodeError(err: unknown, opts: ReadBodyOptions): unknown {
  const code = (err as { code?: unknown } | null)?.code;
  // zlib reports Z_DATA_ERROR and friends; brotli reports ERR__ERROR_FORMAT_… codes.
  if (typeof code === 'string' && (code.startsWith('Z_') || code.startsWith('ERR__'))) {
    const reason = err instanceof Error ? err.message : code;
    return new FetchError('decode', opts.url, `cannot decode ${opts.contentEncoding} body (${reason})`, {
      cause: err,
    });
  }
  return err;
}

export type FeedErrorCode = 'malformed' | 'unsupported' | 'empty';

/**
 * A feed (or OPML file) that could not be read. The message names the stage, the cause and the URL,
 * e.g. `feed: malformed XML at line 3, col 5: … (https://example.com/rss)`.
 */
export class FeedError extends Error {
  readonly stage: 'feed' | 'opml';
  readonly code: FeedErrorCode;
  readonly url: string;

  constructor(
    code: FeedErrorCode,
    url: string,
    cause: string,
    opts?: { stage?: 'feed' | 'opml'; cause?: unknown },
  ) {
    const stage = opts?.stage ?? 'feed';
    super(
      `${stage}: ${cause}${url ? ` (${url})` : ''}`,
      opts?.cause === undefined ? undefined : { cause: opts.cause },
    );
    this.name = 'FeedError';
    this.stage = stage;
    this.code = code;
    this.url = url;
  }
}

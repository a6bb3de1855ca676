export { decodeBytes, detectCharset, resolveCharsetLabel } from './charset.ts';
export { FetchError, type FetchErrorCode, parseRetryAfter } from './errors.ts';
export {
  createFetcher,
  DEFAULT_FETCH_CONFIG,
  type FetchConfig,
  type Fetcher,
  type FetchRequest,
  type FetchResult,
} from './fetcher.ts';
export { parseRobots, robotsPolicy } from './robots.ts';

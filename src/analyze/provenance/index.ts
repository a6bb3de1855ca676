/** Who the article cites: wire agencies, outlets, the source line. */
export { AGENCIES, agencyNamed } from './agencies.ts';
export { findQuotedSources, type QuotedSource, type QuotedSourceKind } from './detect.ts';

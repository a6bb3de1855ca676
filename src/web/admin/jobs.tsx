/**
 * The failed jobs (dead letters) of the shared queue on `/admin`, each with a retry button. Only a
 * PostgreSQL setup with `naba worker` processes has a queue; the embedded SQLite setup fetches and
 * analyses inside `naba crawl`, whose failures show as the sources' last errors instead.
 */
import type { FC } from 'hono/jsx';
import { type FailedJob, JOB_KINDS, type JobKind } from '../../jobs/queue.ts';
import { Csrf, Notice, Time } from '../components.tsx';
import type { WebCtx } from '../context.ts';
import { outletName } from '../context.ts';
import { formatNumber } from '../format.ts';

/** Dead letters shown at once, newest first. */
export const FAILED_JOBS_SHOWN = 50;

const KIND_NAMES: Record<JobKind, string> = {
  'fetch-source': 'جلب خلاصات المصدر',
  'fetch-page': 'جلب صفحة مقال',
  analyze: 'تحليل مقال',
};

/** A retry request as the form sends it, or null when it names no kind or no plausible job id. */
export function parseRetry(body: Record<string, unknown>): { kind: JobKind; id: string } | null {
  const kind = body.kind;
  const id = body.id;
  if (typeof kind !== 'string' || !JOB_KINDS.includes(kind as JobKind)) return null;
  // Both queues make UUIDs; anything else would only reach the database to fail there.
  if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    return null;
  }
  return { kind: kind as JobKind, id };
}

export interface FailedJobRow {
  job: FailedJob;
  sourceId: string | null;
  /** The page a `fetch-page` job was fetching. */
  url: string | null;
}

function field(data: unknown, name: string): string | null {
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : null;
  return typeof value === 'string' ? value : null;
}

/**
 * The dead letters with the source each belongs to: fetch jobs carry it, an analyze job only its article
 * id (looked up in the store; an article removed since shows no source). Null without a queue.
 */
export async function failedJobRows(ctx: WebCtx): Promise<FailedJobRow[] | null> {
  const jobs = ctx.deps.services?.jobs;
  if (!jobs) return null;
  const failed = await jobs.listFailedJobs({ limit: FAILED_JOBS_SHOWN });
  const articleIds = failed.filter((j) => j.kind === 'analyze').flatMap((j) => field(j.data, 'id') ?? []);
  const articles = articleIds.length > 0 ? await ctx.store.getArticlesByIds(articleIds) : [];
  const sourceOf = new Map(articles.map((a) => [a.article.id, a.article.sourceId]));
  return failed.map((job) => {
    const articleId = field(job.data, 'id');
    const sourceId =
      field(job.data, 'sourceId') ??
      (job.kind === 'analyze' && articleId ? (sourceOf.get(articleId) ?? null) : null);
    return { job, sourceId, url: job.kind === 'fetch-page' ? field(job.data, 'url') : null };
  });
}

export const FailedJobs: FC<{
  rows: FailedJobRow[] | null;
  sources: Map<string, import('../../model.ts').Source>;
  now: number;
  tz: string;
  csrf: string;
}> = ({ rows, sources, now, tz, csrf }) => {
  if (rows === null) {
    return (
      <section>
        <h2>المهام الفاشلة</h2>
        <Notice>
          لا طابور مهام في هذا التثبيت: مع قاعدة SQLite المدمجة يجلب <span class="ltr">naba crawl</span>{' '}
          المقالات ويحللها في عملية واحدة، وتظهر أخطاء الجلب في عمود «آخر خطأ» أعلاه. الطابور وعمّاله يعملون مع
          PostgreSQL (<span class="ltr">DATABASE_URL</span>).
        </Notice>
      </section>
    );
  }
  return (
    <section>
      <h2>المهام الفاشلة ({formatNumber(rows.length)})</h2>
      {rows.length === 0 ? (
        <p>لا مهام فاشلة.</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th>المصدر</th>
                <th>المهمة</th>
                <th>المحاولات</th>
                <th>آخر خطأ</th>
                <th>فشلت</th>
                <th>إجراء</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ job, sourceId, url }) => (
                <tr>
                  <td>
                    {sourceId ? (
                      <a href={`/source/${encodeURIComponent(sourceId)}`}>{outletName(sources, sourceId)}</a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {KIND_NAMES[job.kind] ?? job.kind}
                    {url ? (
                      <>
                        <br />
                        <span class="muted ltr">{url}</span>
                      </>
                    ) : null}
                  </td>
                  <td>{formatNumber(job.attempts)}</td>
                  <td>
                    <span class="ltr">{job.error}</span>
                  </td>
                  <td>{job.failedAt ? <Time iso={job.failedAt} now={now} tz={tz} /> : '—'}</td>
                  <td>
                    <form class="inline-form" method="post" action="/admin/jobs/retry">
                      <Csrf token={csrf} />
                      <input type="hidden" name="kind" value={job.kind} />
                      <input type="hidden" name="id" value={job.id} />
                      <button type="submit" class="quiet">
                        أعد المحاولة
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
};

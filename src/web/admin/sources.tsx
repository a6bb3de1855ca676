/**
 * `/admin`: sources with their health and last error; add, pause, remove, OPML in and out, recrawl; the
 * job queue's failed jobs with a retry button (`jobs.tsx`).
 */
import type { Context, Handler } from 'hono';
import { exportOpml, importOpml } from '../../ingest/sources.ts';
import type { Source, SourceState } from '../../model.ts';
import { Csrf, Layout, Notice, Time } from '../components.tsx';
import type { WebCtx } from '../context.ts';
import { formatNumber } from '../format.ts';
import type { AppEnv } from '../types.ts';
import { render } from '../views.ts';
import { csrfToken } from './auth.ts';
import { FailedJobs, failedJobRows, parseRetry } from './jobs.tsx';

const DONE: Record<string, string> = {
  added: 'أُضيف المصدر.',
  paused: 'أُوقف المصدر مؤقتاً.',
  resumed: 'استؤنف جلب المصدر.',
  removed: 'حُذف المصدر ومقالاته.',
  imported: 'استُورد ملف OPML.',
  recrawl: 'بدأت جولة جلب.',
  retried: 'أُعيدت المهمة إلى الطابور.',
};

async function adminView(
  ctx: WebCtx,
  c: Context<AppEnv>,
  message?: { ok: boolean; text: string },
  status: 200 | 400 = 200,
) {
  const sources = await ctx.store.listSources();
  const states = await Promise.all(sources.map((s) => ctx.store.getSourceState(s.id)));
  const failedJobs = await failedJobRows(ctx);
  const token = csrfToken(ctx);
  const now = ctx.now();
  const tz = ctx.timeZone;
  const rows: [Source, SourceState | null][] = sources.map((s, i) => [s, states[i] ?? null]);
  const done = c.req.query('done');
  const n = c.req.query('n');
  const note =
    message ??
    (done && DONE[done]
      ? { ok: true, text: `${DONE[done]}${n && /^\d{1,6}$/.test(n) ? ` (${formatNumber(Number(n))})` : ''}` }
      : undefined);
  return render(
    c,
    <Layout meta={{ title: 'الإدارة', path: '/admin', theme: c.get('theme'), noindex: true }}>
      <h1>إدارة المصادر</h1>
      {note ? (
        <p class={note.ok ? 'notice ok' : 'notice bad'} role="status">
          {note.text}
        </p>
      ) : null}
      <section>
        <h2>إضافة مصدر</h2>
        {ctx.deps.services?.addSource ? (
          <form method="post" action="/admin/sources">
            <Csrf token={token} />
            <label>
              رابط الموقع أو الخلاصة{' '}
              <input type="url" name="url" required dir="ltr" placeholder="https://example.com/" />
            </label>{' '}
            <button type="submit">أضف</button>
          </form>
        ) : (
          <Notice>إضافة المصادر غير متاحة في هذه العملية (لا جالب مهيأ).</Notice>
        )}
      </section>
      <section>
        <h2>المصادر ({formatNumber(sources.length)})</h2>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th>المصدر</th>
                <th>الحالة</th>
                <th>آخر جلب ناجح</th>
                <th>آخر خطأ</th>
                <th>إجراءات</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([s, st]) => (
                <tr>
                  <td>
                    <a href={`/source/${encodeURIComponent(s.id)}`}>{s.name}</a>
                    <br />
                    <span class="muted ltr">{s.id}</span>
                  </td>
                  <td>
                    {s.paused ? (
                      'متوقف'
                    ) : (st?.consecutiveFailures ?? 0) > 0 ? (
                      <span class="bad">فشل {formatNumber(st!.consecutiveFailures)} مرات متتالية</span>
                    ) : st?.lastSuccessAt ? (
                      <span class="ok">يعمل</span>
                    ) : (
                      'لم يُجلب بعد'
                    )}
                  </td>
                  <td>{st?.lastSuccessAt ? <Time iso={st.lastSuccessAt} now={now} tz={tz} /> : '—'}</td>
                  <td>
                    <span class="ltr">{st?.lastError ?? '—'}</span>
                  </td>
                  <td>
                    <form
                      class="inline-form"
                      method="post"
                      action={`/admin/sources/${encodeURIComponent(s.id)}/pause`}
                    >
                      <Csrf token={token} />
                      <input type="hidden" name="paused" value={s.paused ? '0' : '1'} />
                      <button type="submit" class="quiet">
                        {s.paused ? 'استئناف' : 'إيقاف'}
                      </button>
                    </form>{' '}
                    <form
                      class="inline-form"
                      method="post"
                      action={`/admin/sources/${encodeURIComponent(s.id)}/delete`}
                    >
                      <Csrf token={token} />
                      <button type="submit" class="quiet">
                        حذف
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <FailedJobs
        rows={failedJobs}
        sources={new Map(sources.map((s) => [s.id, s]))}
        now={now}
        tz={tz}
        csrf={token}
      />
      <section>
        <h2>OPML</h2>
        <p>
          <a href="/admin/opml">تنزيل كل المصادر بصيغة OPML</a>
        </p>
        <form method="post" action="/admin/opml" enctype="multipart/form-data">
          <Csrf token={token} />
          <label>
            ملف OPML <input type="file" name="file" accept=".opml,.xml,text/xml,application/xml" required />
          </label>{' '}
          <button type="submit">استورد</button>
        </form>
      </section>
      <section>
        <h2>إعادة الجلب</h2>
        {ctx.deps.services?.recrawl ? (
          <form method="post" action="/admin/recrawl">
            <Csrf token={token} />
            <button type="submit">اجلب المصادر المستحقة الآن</button>
          </form>
        ) : (
          <Notice>إعادة الجلب غير متاحة في هذه العملية.</Notice>
        )}
      </section>
    </Layout>,
    status,
  );
}

export function adminHome(ctx: WebCtx): Handler<AppEnv> {
  return (c) => adminView(ctx, c);
}

function doneRedirect(c: Context, done: keyof typeof DONE, n?: number) {
  return c.redirect(`/admin?done=${done}${n === undefined ? '' : `&n=${n}`}`, 303);
}

export function adminAddSource(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const add = ctx.deps.services?.addSource;
    const body = await c.req.parseBody();
    const url = typeof body.url === 'string' ? body.url.trim() : '';
    if (!add) return adminView(ctx, c, { ok: false, text: 'إضافة المصادر غير متاحة.' }, 400);
    if (!/^https?:\/\//i.test(url) || url.length > 2000) {
      return adminView(ctx, c, { ok: false, text: 'أدخل رابطاً يبدأ بـ http:// أو https://' }, 400);
    }
    try {
      await add(url);
    } catch (error) {
      return adminView(ctx, c, { ok: false, text: (error as Error).message }, 400);
    }
    ctx.forgetSources();
    return doneRedirect(c, 'added');
  };
}

export function adminPause(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const body = await c.req.parseBody();
    const paused = body.paused !== '0';
    const ok = await ctx.store.setSourcePaused(c.req.param('id')!, paused);
    if (!ok) return adminView(ctx, c, { ok: false, text: 'لا يوجد مصدر بهذا المعرّف.' }, 400);
    ctx.forgetSources();
    return doneRedirect(c, paused ? 'paused' : 'resumed');
  };
}

export function adminRemove(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const ok = await ctx.store.removeSource(c.req.param('id')!);
    if (!ok) return adminView(ctx, c, { ok: false, text: 'لا يوجد مصدر بهذا المعرّف.' }, 400);
    ctx.forgetSources();
    return doneRedirect(c, 'removed');
  };
}

export function adminImportOpml(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const body = await c.req.parseBody();
    const file = body.file;
    const xml = typeof file === 'string' ? file : file instanceof File ? await file.text() : '';
    if (!xml.trim()) return adminView(ctx, c, { ok: false, text: 'اختر ملف OPML.' }, 400);
    try {
      const result = await importOpml(ctx.store, xml);
      ctx.forgetSources();
      return doneRedirect(c, 'imported', result.added.length);
    } catch (error) {
      return adminView(ctx, c, { ok: false, text: (error as Error).message }, 400);
    }
  };
}

export function adminExportOpml(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const xml = await exportOpml(ctx.store);
    c.header('content-disposition', 'attachment; filename="naba-sources.opml"');
    return c.body(xml, 200, { 'content-type': 'text/x-opml; charset=utf-8' });
  };
}

export function adminRecrawl(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const recrawl = ctx.deps.services?.recrawl;
    if (!recrawl) return adminView(ctx, c, { ok: false, text: 'إعادة الجلب غير متاحة.' }, 400);
    try {
      const line = await recrawl();
      return adminView(ctx, c, { ok: true, text: line });
    } catch (error) {
      return adminView(ctx, c, { ok: false, text: (error as Error).message }, 400);
    }
  };
}

export function adminRetryJob(ctx: WebCtx): Handler<AppEnv> {
  return async (c) => {
    const jobs = ctx.deps.services?.jobs;
    if (!jobs) return adminView(ctx, c, { ok: false, text: 'لا طابور مهام في هذا التثبيت.' }, 400);
    const job = parseRetry(await c.req.parseBody());
    if (!job) return adminView(ctx, c, { ok: false, text: 'طلب إعادة غير صالح.' }, 400);
    if (!(await jobs.retry(job.kind, job.id))) {
      return adminView(ctx, c, { ok: false, text: 'لا مهمة فاشلة بهذا المعرّف (ربما أُعيدت من قبل).' }, 400);
    }
    return doneRedirect(c, 'retried');
  };
}

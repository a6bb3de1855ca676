/** The HTML error page: the reason in Arabic, no internals. */
import type { Context } from 'hono';
import { Layout } from '../components.tsx';
import type { AppEnv, Theme } from '../types.ts';
import { render } from '../views.ts';

const TITLES: Record<number, string> = {
  400: 'طلب غير صالح',
  404: 'الصفحة غير موجودة',
  403: 'غير مسموح',
  500: 'حدث خطأ من جهتنا',
};

export function errorPage(c: Context<AppEnv>, status: 400 | 403 | 404 | 500, detail?: string) {
  const theme = (c.get('theme') as Theme | undefined) ?? 'auto';
  c.header('cache-control', 'no-store');
  return render(
    c,
    <Layout meta={{ title: TITLES[status]!, path: '/', theme, noindex: true }}>
      <h1>{TITLES[status]}</h1>
      {status === 404 ? <p>لم نجد ما تبحث عنه. ربما حُذف أو تغيّر رابطه.</p> : null}
      {status === 500 ? <p>تعذّر عرض الصفحة. حاول بعد قليل.</p> : null}
      {detail && status === 400 ? (
        <p>
          السبب: <span class="ltr">{detail}</span>
        </p>
      ) : null}
      <p>
        <a href="/">العودة إلى الرئيسية</a>
      </p>
    </Layout>,
    status,
  );
}

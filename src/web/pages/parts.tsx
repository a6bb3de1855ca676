/** Cards shared by the list pages: a story card and an article row. */
import type { FC } from 'hono/jsx';
import type { SearchItem } from '../../corpus/search.ts';
import type { Source } from '../../model.ts';
import type { StoredArticle } from '../../store/store.ts';
import { DateOnly, Highlighted, SectionChip, TagChips, Time } from '../components.tsx';
import { outletName } from '../context.ts';
import { counted, displayTitle } from '../format.ts';
import type { StorySummary } from '../views.ts';

export interface ViewEnv {
  now: number;
  tz: string;
  sources: Map<string, Source>;
}

export const StoryCard: FC<{ s: StorySummary; env: ViewEnv; lead?: boolean }> = ({ s, env, lead }) => {
  const first = s.first;
  return (
    <li class={lead ? 'card lead-story' : 'card'}>
      <h2>
        <a href={`/story/${encodeURIComponent(s.story.id)}`}>{displayTitle(s.story.headline)}</a>
      </h2>
      <p class="meta">
        {first ? (
          <span>
            أول من نشر:{' '}
            <a href={`/source/${encodeURIComponent(first.article.sourceId)}`}>
              {outletName(env.sources, first.article.sourceId)}
            </a>{' '}
            <Time iso={first.sortTime} now={env.now} tz={env.tz} />
          </span>
        ) : null}
        <span>{counted(s.outlets, 'outlet')}</span>
        {s.copies > 0 ? <span>{counted(s.copies, 'copy')}</span> : null}
        <span>
          آخر تحديث <Time iso={s.story.lastUpdate} now={env.now} tz={env.tz} />
        </span>
      </p>
      <div class="chips">
        <SectionChip id={s.section} />
      </div>
      <TagChips tags={s.tags} />
    </li>
  );
};

export const ArticleRow: FC<{ a: StoredArticle; env: ViewEnv; showOutlet?: boolean }> = ({
  a,
  env,
  showOutlet = true,
}) => (
  <li class="card">
    <h3>
      <a href={`/article/${encodeURIComponent(a.article.id)}`}>{displayTitle(a.article.title)}</a>
    </h3>
    <p class="meta">
      {showOutlet ? (
        <a href={`/source/${encodeURIComponent(a.article.sourceId)}`}>
          {outletName(env.sources, a.article.sourceId)}
        </a>
      ) : null}
      <Time iso={a.sortTime} now={env.now} tz={env.tz} />
      {a.placement?.duplicateOf ? <span class="badge">نسخة من تقرير آخر</span> : null}
    </p>
    {a.analysis?.section ? <SectionChip id={a.analysis.section} /> : null}
  </li>
);

export const SearchRow: FC<{ item: SearchItem; env: ViewEnv; marks?: boolean }> = ({
  item,
  env,
  marks = true,
}) => (
  <li class="card">
    <h3>
      <a href={`/article/${encodeURIComponent(item.id)}`}>
        {marks ? <Highlighted text={item.title} ranges={item.titleHighlights} /> : item.title}
      </a>
    </h3>
    <p class="meta">
      <a href={`/source/${encodeURIComponent(item.sourceId)}`}>{outletName(env.sources, item.sourceId)}</a>
      <DateOnly iso={item.published} tz={env.tz} />
    </p>
    <p>
      {marks ? <Highlighted text={item.snippet.text} ranges={item.snippet.highlights} /> : item.snippet.text}
    </p>
  </li>
);

// Small view components shared by every capability.
import type { ComponentChildren } from 'preact';
import { localePath, type Locale, type Text } from '../i18n/locale.ts';
import type { ProblemDetail } from './problem.ts';

export function ErrorSummary({ locale, title, details }: { locale: Locale; title: string; details: ProblemDetail[] }) {
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1}>
      <h2 id="error-summary-title">{title}</h2>
      {details.length > 0 ? (
        <ul>
          {details.map((d) => (
            <li>{d.message[locale]}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Pagination({ locale, page, last, href }: { locale: Locale; page: number; last: number; href: (page: number) => string }) {
  if (last <= 1) return null;
  const t = (x: Text) => x[locale];
  const pages = new Set<number>([1, last]);
  for (let p = page - 2; p <= page + 2; p++) if (p >= 1 && p <= last) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const items: ComponentChildren[] = [];
  let prev = 0;
  for (const p of sorted) {
    if (p - prev > 1) items.push(<li class="pagination-gap" aria-hidden="true">…</li>);
    items.push(
      <li>
        {p === page ? (
          <a href={href(p)} aria-current="page" aria-label={t({ ja: `${p}ページ目（現在のページ）`, en: `Page ${p} (current page)` })}>
            {p}
          </a>
        ) : (
          <a href={href(p)} aria-label={t({ ja: `${p}ページ目`, en: `Page ${p}` })}>
            {p}
          </a>
        )}
      </li>,
    );
    prev = p;
  }
  return (
    <nav class="pagination" aria-label={t({ ja: 'ページ送り', en: 'Pagination' })}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              {t({ ja: '← 前へ', en: '← Previous' })}
            </a>
          </li>
        ) : null}
        {items}
        {page < last ? (
          <li>
            <a href={href(page + 1)} rel="next">
              {t({ ja: '次へ →', en: 'Next →' })}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

export function Breadcrumbs({ locale, trail }: { locale: Locale; trail: { path?: string; label: string }[] }) {
  return (
    <nav class="breadcrumbs" aria-label={locale === 'ja' ? 'パンくずリスト' : 'Breadcrumb'}>
      <ol>
        {trail.map((c) => (
          <li>{c.path ? <a href={localePath(locale, c.path)}>{c.label}</a> : <span aria-current="page">{c.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

/** A marker for values that the editors judged rather than read from the source. */
export function JudgedMark({ locale }: { locale: Locale }) {
  return (
    <span class="judged-mark">
      {locale === 'ja' ? '（推定）' : ' (judged)'}
    </span>
  );
}

/** Links to what relates to an entry (the materials that use an initiative or event), under a heading. */
export function RelatedList({ locale, title, items }: { locale: Locale; title: Text; items: { href: string; titleJa: string; titleEn: string }[] }) {
  if (!items.length) return null;
  return (
    <>
      <h2>{title[locale]}</h2>
      <ul class="link-list">
        {items.map((r) => (
          <li>
            <a href={localePath(locale, r.href)}>{locale === 'ja' ? r.titleJa : r.titleEn || r.titleJa}</a>
          </li>
        ))}
      </ul>
    </>
  );
}

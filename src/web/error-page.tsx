import type { Locale } from '../i18n/locale.ts';
import { localePath } from '../i18n/locale.ts';
import { ErrorSummary } from './components.tsx';
import { Layout } from './layout.tsx';
import type { ProblemDetail } from './problem.ts';

export function ErrorPage({ locale, path, status, title, details }: { locale: Locale; path: string; status: number; title: string; details: ProblemDetail[] }) {
  const heading =
    status === 404
      ? { ja: 'ページが見つかりません', en: 'Page not found' }
      : status === 429
        ? { ja: 'しばらくお待ちください', en: 'Please wait a moment' }
      : status >= 500
        ? { ja: 'システムエラー', en: 'Something went wrong' }
        : { ja: '入力内容を確認してください', en: 'Please check your request' };
  return (
    <Layout locale={locale} path={path} title={heading[locale]}>
      <h1>{heading[locale]}</h1>
      <ErrorSummary locale={locale} title={title} details={details} />
      <p>
        {locale === 'ja' ? 'エラーコード: ' : 'Error code: '}
        {status}
      </p>
      <ul>
        <li>
          <a href={localePath(locale, '/initiatives')}>{locale === 'ja' ? '取組一覧を最初から見る' : 'Start again from the list of initiatives'}</a>
        </li>
        <li>
          <a href={localePath(locale, '/')}>{locale === 'ja' ? 'ホームへ戻る' : 'Go to the home page'}</a>
        </li>
      </ul>
    </Layout>
  );
}

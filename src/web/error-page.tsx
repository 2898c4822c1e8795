import type { Locale } from '../i18n/locale.ts';
import { localePath } from '../i18n/locale.ts';
import { ErrorSummary } from './components.tsx';
import { Layout } from './layout.tsx';
import type { ProblemDetail } from './problem.ts';

export function ErrorPage({ locale, path, status, title, details, requestId }: { locale: Locale; path: string; status: number; title: string; details: ProblemDetail[]; requestId?: string }) {
  const heading =
    status === 404
      ? { ja: 'ページが見つかりません', en: 'Page not found' }
      : status === 429
        ? { ja: 'しばらくお待ちください', en: 'Please wait a moment' }
      : status === 503
        ? { ja: 'ただいま一時的にご利用いただけません', en: 'Temporarily unavailable' }
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
      {requestId && status >= 500 ? (
        // Quoted to the help desk, it finds this request's lines in the log (web/logging.ts).
        <p class="lm-request-id">
          {locale === 'ja' ? 'お問い合わせの際は、次の受付番号をお伝えください: ' : 'If you contact us, please quote this reference: '}
          <code>{requestId}</code>
        </p>
      ) : null}
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

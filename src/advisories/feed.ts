// Atom feeds of advisories (/advisories.atom, /en/advisories.atom) with the list's filters. Each entry
// keeps one id for its whole life (the page's language-neutral URL), its `updated` is the latest
// correction or withdrawal, and its title says 【訂正】 or 【取り下げ】 so that feed readers, which show
// a changed entry again, make clear why. Withdrawn advisories stay in the feed as withdrawn entries.
import { Feed } from 'feed';
import type { Locale } from '../i18n/locale.ts';
import { areaText, audiencesText } from './advisory-kind.ts';
import { renderMarkdown } from './markdown.ts';
import { SEVERITY_LABELS, type PublicAdvisory } from './model.ts';

/** Atom carries titles as type="html": the text must be escaped first, or a title could become markup. */
function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function entryTitle(locale: Locale, a: PublicAdvisory): string {
  const title = locale === 'ja' ? a.titleJa : a.titleEn || a.titleJa;
  const severity = `[${SEVERITY_LABELS[a.severity][locale]}]`;
  if (a.withdrawnAt) return `${locale === 'ja' ? '【取り下げ】' : '[Withdrawn] '}${title}`;
  if (a.correctedAt) return `${locale === 'ja' ? '【訂正】' : '[Corrected] '}${severity} ${title}`;
  return `${severity} ${title}`;
}

function entryHtml(locale: Locale, a: PublicAdvisory): string {
  const L = (ja: string, en: string) => (locale === 'ja' ? ja : en);
  const parts: string[] = [];
  if (a.withdrawnAt) parts.push(`<p><strong>${L('この注意喚起は取り下げられました。', 'This advisory has been withdrawn.')}</strong> ${escapeHtml(a.withdrawalNote ?? '')}</p>`);
  if (a.correctedAt && a.correctionNoteJa) parts.push(`<p><strong>${L('訂正：', 'Correction: ')}</strong>${escapeHtml(locale === 'ja' ? a.correctionNoteJa : a.correctionNoteEn || a.correctionNoteJa)}</p>`);
  parts.push(`<p>${L('深刻度', 'Severity')}: ${escapeHtml(SEVERITY_LABELS[a.severity][locale])} / ${L('対象', 'Who')}: ${escapeHtml(audiencesText(locale, a.audiences))} / ${L('地域', 'Where')}: ${escapeHtml(areaText(locale, a.nationwide, a.prefectures))}${a.validUntil ? ` / ${L('有効期限', 'Valid until')}: ${a.validUntil}` : ''}</p>`);
  // markdown-it with html: false: raw HTML of the source is escaped (markdown.ts).
  parts.push(`<h2>${L('何が起きているか', 'What is happening')}</h2>`, renderMarkdown(locale === 'ja' ? a.whatJa : a.whatEn || a.whatJa));
  parts.push(`<h2>${L('とるべき対策', 'What to do')}</h2>`, renderMarkdown(locale === 'ja' ? a.actionsJa : a.actionsEn || a.actionsJa));
  return parts.join('\n');
}

export function advisoriesAtom(advisories: PublicAdvisory[], o: { baseUrl: string; locale: Locale; selfUrl: string; now: Date }): string {
  const { locale, baseUrl } = o;
  const prefix = locale === 'ja' ? '' : '/en';
  const updated = advisories.reduce((max, a) => {
    const u = new Date(a.withdrawnAt ?? a.correctedAt ?? a.publishedAt);
    return u > max ? u : max;
  }, new Date(0));
  const feed = new Feed({
    id: `${baseUrl}${prefix}/advisories.atom`,
    title: locale === 'ja' ? 'ラストワンマイル・ポータル 注意喚起' : 'Lastmile portal advisories',
    link: `${baseUrl}${prefix}/advisories`,
    feed: o.selfUrl,
    language: locale,
    updated: advisories.length ? updated : o.now,
    generator: false,
    copyright: locale === 'ja' ? '各注意喚起の発信元団体' : 'The issuing organisation of each advisory',
  });
  for (const a of advisories) {
    feed.addItem({
      // Language-neutral and stable: the same advisory is the same entry in both feeds and forever.
      id: `${baseUrl}/advisories/${a.id}`,
      title: escapeHtml(entryTitle(locale, a)),
      link: `${baseUrl}${prefix}/advisories/${a.id}`,
      date: new Date(a.withdrawnAt ?? a.correctedAt ?? a.publishedAt),
      published: new Date(a.publishedAt),
      content: entryHtml(locale, a),
      author: [{ name: locale === 'ja' ? a.organisation.nameJa : a.organisation.nameEn }],
      category: [{ term: a.severity, name: SEVERITY_LABELS[a.severity][locale] }],
    });
  }
  return feed.atom1();
}

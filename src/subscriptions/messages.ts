// What a subscriber reads: an outbox dispatch rendered as a plain-text email in the subscription's
// language, and the confirmation emails of the double opt-in. Plain text reads the same in every mail
// client, old phones included, and carries no tracking.
import { AUDIENCE_LABELS, type Audience } from '../taxonomy/taxonomy.ts';
import { prefectureByCode } from '../taxonomy/prefectures.ts';
import type { DispatchPayload } from '../outbox/model.ts';
import type { Locale, Text } from '../i18n/locale.ts';

export const SEVERITY_LABELS: Record<string, Text> = {
  emergency: { ja: '緊急', en: 'Emergency' },
  warning: { ja: '警戒', en: 'Warning' },
  caution: { ja: '注意', en: 'Caution' },
  info: { ja: '情報', en: 'Information' },
};

function tag(p: DispatchPayload): Text {
  if (p.action === 'corrected') return { ja: '訂正', en: 'Correction' };
  if (p.action === 'withdrawn') return { ja: '取り下げ', en: 'Withdrawn' };
  if (p.topic === 'event') return { ja: '新しいイベント', en: 'New event' };
  if (p.topic === 'material') return { ja: '新しい教材', en: 'New material' };
  const sev = p.severity ? SEVERITY_LABELS[p.severity] : undefined;
  return sev ? { ja: `注意喚起・${sev.ja}`, en: `Advisory: ${sev.en}` } : { ja: '注意喚起', en: 'Advisory' };
}

export function subjectOf(p: DispatchPayload, locale: Locale): string {
  const title = p.title[locale] || p.title.ja;
  return locale === 'ja' ? `【${tag(p).ja}】${title}` : `[${tag(p).en}] ${title}`;
}

function whoAndWhere(p: DispatchPayload, locale: Locale): string[] {
  const audiences = p.audiences.length ? p.audiences.map((a) => AUDIENCE_LABELS[a as Audience]?.[locale] ?? a).join(locale === 'ja' ? '、' : ', ') : locale === 'ja' ? 'すべての人' : 'Everyone';
  const places = p.nationwide || !p.prefectures.length ? (locale === 'ja' ? '全国' : 'All of Japan') : p.prefectures.map((c) => prefectureByCode(c)?.[locale] ?? c).join(locale === 'ja' ? '、' : ', ');
  return locale === 'ja' ? [`対象：${audiences}`, `地域：${places}`] : [`Who: ${audiences}`, `Where: ${places}`];
}

export interface SubscriberLinks {
  manage: string;
  unsubscribe: string;
}

export function bodyOf(p: DispatchPayload, locale: Locale, links: SubscriberLinks): string {
  const ja = locale === 'ja';
  const lines: string[] = [];
  lines.push(subjectOf(p, locale), '');
  if (p.action === 'corrected' && p.note) lines.push(ja ? `訂正の内容：${p.note.ja}` : `What changed: ${p.note.en || p.note.ja}`, '');
  if (p.action === 'withdrawn') lines.push(ja ? `この注意喚起は取り下げられました。${p.note?.ja ? `理由：${p.note.ja}` : ''}` : `This advisory was withdrawn.${p.note ? ` Reason: ${p.note.en || p.note.ja}` : ''}`, '');
  if (p.severity && SEVERITY_LABELS[p.severity]) lines.push(`${ja ? '重要度：' : 'Severity: '}${SEVERITY_LABELS[p.severity]![locale]}`);
  lines.push(...whoAndWhere(p, locale));
  if (p.validUntil) lines.push(`${ja ? '有効期限：' : 'Valid until: '}${p.validUntil}`);
  if (p.startsAt) lines.push(`${ja ? '日時：' : 'When: '}${p.startsAt}`);
  lines.push('', p.summary[locale] || p.summary.ja, '', `${ja ? '詳しくは：' : 'Details: '}${p.url[locale] || p.url.ja}`, '');
  lines.push('----------');
  lines.push(
    ja
      ? 'このメールは、ラストワンマイル・ポータルの配信登録に基づいてお送りしています。返信はできません。'
      : 'You receive this because you subscribed on the Lastmile portal. Replies are not read.',
  );
  lines.push(`${ja ? '受け取る内容の変更：' : 'Change what you receive: '}${links.manage}`);
  lines.push(`${ja ? '配信の停止：' : 'Unsubscribe: '}${links.unsubscribe}`);
  return `${lines.join('\n')}\n`;
}

export function confirmMail(locale: Locale, confirmUrl: string): { subject: string; text: string } {
  if (locale === 'en')
    return {
      subject: '[Lastmile] Confirm your subscription',
      text: `Someone (hopefully you) asked to receive security advisories from the Lastmile portal at this address.\n\nTo start receiving them, open this link within 7 days and press the button:\n${confirmUrl}\n\nIf it was not you, ignore this email: nothing will be sent.\n`,
    };
  return {
    subject: '【ラストワンマイル】配信登録の確認',
    text: `ラストワンマイル・ポータルの注意喚起などの配信登録の申込みがありました。\n\n7日以内に次のリンクを開き、「登録を完了する」ボタンを押すと配信が始まります。\n${confirmUrl}\n\nお心当たりがない場合は、このメールを破棄してください。配信は行われません。\n`,
  };
}

export function alreadySubscribedMail(locale: Locale, manageUrl: string): { subject: string; text: string } {
  if (locale === 'en')
    return {
      subject: '[Lastmile] You are already subscribed',
      text: `Someone asked to subscribe this address, which already receives advisories from the Lastmile portal. Nothing was changed.\n\nTo change what you receive, or to stop:\n${manageUrl}\n`,
    };
  return {
    subject: '【ラストワンマイル】すでに配信登録されています',
    text: `このメールアドレスでの配信登録の申込みがありましたが、すでに登録済みのため変更はしていません。\n\n受け取る内容の変更や配信の停止はこちら：\n${manageUrl}\n`,
  };
}

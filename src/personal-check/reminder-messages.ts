// The reminder's emails, plain text in the language the person used. Every one carries the stop link
// (and, in its headers, RFC 8058 one-click unsubscribe).
import { formatDate, type Locale } from '../i18n/locale.ts';
import type { MailMessage } from '../mail/mailer.ts';

export function unsubscribeHeaders(stopUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${stopUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function footer(locale: Locale, stopUrl: string): string {
  return locale === 'ja'
    ? `----------\nこのメールは、ラストワンマイル・ポータルの「セキュリティ対策 かんたんチェック」のお知らせです。返信はできません。\nお知らせをやめて、メールアドレスを消すとき：\n${stopUrl}\n`
    : `----------\nThis email is about the Lastmile portal's quick security check. Replies are not read.\nTo stop and have your address deleted:\n${stopUrl}\n`;
}

export function confirmReminderMail(to: string, locale: Locale, dueOn: string, confirmUrl: string, stopUrl: string): MailMessage {
  const text =
    locale === 'ja'
      ? `「6か月後にもう一度チェックする」お知らせの申込みがありました。\n\n7日以内に次のリンクを開き、「お知らせを受け取る」ボタンを押してください。${formatDate('ja', dueOn)}ごろに、メールを1通だけお送りします。\n${confirmUrl}\n\nお心当たりがない場合は、このメールを破棄してください。何も送られず、メールアドレスは7日後に消えます。\n\n${footer(locale, stopUrl)}`
      : `Someone (hopefully you) asked to be reminded to check again in 6 months.\n\nOpen this link within 7 days and press "Send me the reminder". We will send one email around ${formatDate('en', dueOn)}.\n${confirmUrl}\n\nIf it was not you, ignore this email: nothing will be sent and the address is deleted after 7 days.\n\n${footer(locale, stopUrl)}`;
  return { to, subject: locale === 'ja' ? '【ラストワンマイル】チェックのお知らせの確認' : '[Lastmile] Confirm your check reminder', text, headers: unsubscribeHeaders(stopUrl) };
}

export function alreadyRemindedMail(to: string, locale: Locale, dueOn: string, stopUrl: string): MailMessage {
  const text =
    locale === 'ja'
      ? `このメールアドレスで、チェックのお知らせの申込みがありましたが、すでに受け付けています（${formatDate('ja', dueOn)}ごろにお送りします）。変更はしていません。\n\n${footer(locale, stopUrl)}`
      : `Someone asked for a check reminder at this address, which already has one (due around ${formatDate('en', dueOn)}). Nothing was changed.\n\n${footer(locale, stopUrl)}`;
  return { to, subject: locale === 'ja' ? '【ラストワンマイル】お知らせはすでに受け付けています' : '[Lastmile] You already have a reminder', text, headers: unsubscribeHeaders(stopUrl) };
}

export function reminderMail(to: string, locale: Locale, checkUrl: string, stopUrl: string): MailMessage {
  const text =
    locale === 'ja'
      ? `6か月前に「セキュリティ対策 かんたんチェック」をしていただきました。\nもう一度チェックして、できるようになったことを確かめてみませんか。3分ほどで終わります。\n${checkUrl}\n\nお知らせはこの1通だけです。メールアドレスは、このメールを送ったあとに消しました。\n\n${footer(locale, stopUrl)}`
      : `Six months ago you did the quick security check.\nWhy not check again and see what you now do? It takes about 3 minutes.\n${checkUrl}\n\nThis is the only reminder; your address was deleted after sending it.\n\n${footer(locale, stopUrl)}`;
  return { to, subject: locale === 'ja' ? '【ラストワンマイル】もう一度、セキュリティ対策をチェックしませんか' : '[Lastmile] Time to check again', text, headers: unsubscribeHeaders(stopUrl) };
}

// The registry's emails, plain text in the declaration's language. Links carry tokens: the log never
// prints a body (mail/deliver.ts), and the management link is said to be private.
import { formatDate, type Locale } from '../i18n/locale.ts';
import { STAR_LABELS, type Declaration } from './model.ts';

export interface Mail {
  subject: string;
  text: string;
}

const FOOTER: Record<Locale, string> = {
  ja: '----------\nこのメールは、ラストワンマイル・ポータルの自己宣言の登録に基づいてお送りしています。返信はできません。\n自己宣言は認証ではありません。宣言の内容は事業者自身の申告です。\n',
  en: '----------\nYou receive this because of a self-declaration on the Lastmile portal. Replies are not read.\nA self-declaration is not a certification: its content is what the business itself states.\n',
};

const PRIVATE: Record<Locale, string> = {
  ja: '管理用リンクは、このメールを受け取った方だけが使えるものです。他の人に転送したり、ウェブサイトに掲載したりしないでください。',
  en: 'The management link is for you alone: do not forward it or publish it.',
};

export function confirmMail(locale: Locale, name: string, confirmUrl: string): Mail {
  if (locale === 'en')
    return {
      subject: '[Lastmile] Confirm your self-declaration',
      text: `Someone (hopefully you) declared "${name}" in the Lastmile self-declaration registry and gave this address as its contact.\n\nTo complete the declaration, open this link within 7 days and press the button. The declaration then becomes active and gets its number:\n${confirmUrl}\n\nIf it was not you, ignore this email: nothing will be published.\n\n${FOOTER.en}`,
    };
  return {
    subject: '【ラストワンマイル】自己宣言の確認',
    text: `ラストワンマイル・ポータルの自己宣言に「${name}」の申込みがあり、連絡先としてこのメールアドレスが入力されました。\n\n7日以内に次のリンクを開き、「宣言を確定する」ボタンを押すと、宣言が有効になり宣言番号が付きます。\n${confirmUrl}\n\nお心当たりがない場合は、このメールを破棄してください。何も公開されません。\n\n${FOOTER.ja}`,
  };
}

export function activeMail(locale: Locale, d: Declaration, publicUrl: string, manageUrl: string): Mail {
  const star = STAR_LABELS[d.star];
  const due = d.renewalDue ? formatDate(locale, d.renewalDue) : '';
  if (locale === 'en')
    return {
      subject: `[Lastmile] Your self-declaration ${d.number} is active`,
      text: `"${d.name}" is now in the self-declaration registry.\n\nDeclaration number: ${d.number}\nStar: ${star.symbol} ${star.en}\nRenewal due: ${due}\n\nPublic page (you may link to it from your website):\n${publicUrl}\n\nManagement link (status, update details, move to two stars, renew, withdraw):\n${manageUrl}\n\n${PRIVATE.en}\n\n${FOOTER.en}`,
    };
  return {
    subject: `【ラストワンマイル】自己宣言 ${d.number} が有効になりました`,
    text: `「${d.name}」の自己宣言を登録しました。\n\n宣言番号：${d.number}\n星の数：${star.symbol}${star.ja}\n更新期限：${due}\n\n公開ページ（自社のウェブサイトからリンクできます）：\n${publicUrl}\n\n管理用リンク（状況の確認、登録内容の変更、二つ星への変更、更新、取り下げ）：\n${manageUrl}\n\n${PRIVATE.ja}\n\n${FOOTER.ja}`,
  };
}

export interface ResendItem {
  name: string;
  number: string | null;
  /** A management link, or a confirmation link for a declaration still waiting for it. */
  url: string;
  pending: boolean;
}

export function resendMail(locale: Locale, items: ResendItem[]): Mail {
  const ja = locale === 'ja';
  const lines = items.map((i) =>
    ja
      ? `・${i.name}（${i.number ?? 'メール確認待ち'}）\n  ${i.pending ? '宣言を確定するリンク（7日間有効）' : '管理用リンク'}：${i.url}`
      : `- ${i.name} (${i.number ?? 'waiting for confirmation'})\n  ${i.pending ? 'Link to complete the declaration (valid for 7 days)' : 'Management link'}: ${i.url}`,
  );
  if (!ja)
    return {
      subject: '[Lastmile] Your self-declaration links',
      text: `You asked for the links of the self-declarations registered with this address:\n\n${lines.join('\n\n')}\n\n${PRIVATE.en}\nIf it was not you, ignore this email: nothing was changed.\n\n${FOOTER.en}`,
    };
  return {
    subject: '【ラストワンマイル】自己宣言の管理用リンク',
    text: `このメールアドレスで登録された自己宣言のリンクをお送りします。\n\n${lines.join('\n\n')}\n\n${PRIVATE.ja}\nお心当たりがない場合は、このメールを破棄してください。何も変更されていません。\n\n${FOOTER.ja}`,
  };
}

export function renewalMail(locale: Locale, d: Declaration, kind: 'early' | 'due', manageUrl: string, lapseOn: string): Mail {
  const due = formatDate(locale, d.renewalDue!);
  const lapse = formatDate(locale, lapseOn);
  if (locale === 'en')
    return {
      subject: kind === 'early' ? `[Lastmile] Please renew your self-declaration ${d.number} (due ${due})` : `[Lastmile] Your self-declaration ${d.number} is due for renewal today`,
      text: `${kind === 'early' ? `The self-declaration of "${d.name}" (${d.number}) is due for renewal on ${due}.` : `The self-declaration of "${d.name}" (${d.number}) is due for renewal today (${due}).`}\n\nRenewing confirms that you still apply what you declared; it takes one click on the management page:\n${manageUrl}\n\nWithout renewal, the declaration lapses after ${lapse} and is no longer listed in the registry's default search.\n\n${PRIVATE.en}\n\n${FOOTER.en}`,
    };
  return {
    subject: kind === 'early' ? `【ラストワンマイル】自己宣言 ${d.number} の更新のお願い（期限 ${d.renewalDue}）` : `【ラストワンマイル】自己宣言 ${d.number} の更新期限は本日です`,
    text: `${kind === 'early' ? `「${d.name}」の自己宣言（${d.number}）の更新期限は${due}です。` : `「${d.name}」の自己宣言（${d.number}）の更新期限は本日（${due}）です。`}\n\n更新は、宣言した取組を続けていることの確認です。管理用ページのボタンひとつで済みます。\n${manageUrl}\n\n更新がないまま${lapse}を過ぎると、宣言は期限切れとなり、登録一覧の通常の検索に表示されなくなります。\n\n${PRIVATE.ja}\n\n${FOOTER.ja}`,
  };
}

export function lapsedMail(locale: Locale, d: Declaration, manageUrl: string): Mail {
  if (locale === 'en')
    return {
      subject: `[Lastmile] Your self-declaration ${d.number} has lapsed`,
      text: `The self-declaration of "${d.name}" (${d.number}) was not renewed within 30 days of its due date and has lapsed. Its page stays readable, marked as lapsed.\n\nYou can renew it at any time on the management page; it keeps its number:\n${manageUrl}\n\n${FOOTER.en}`,
    };
  return {
    subject: `【ラストワンマイル】自己宣言 ${d.number} は期限切れになりました`,
    text: `「${d.name}」の自己宣言（${d.number}）は、更新期限から30日以内に更新されなかったため、期限切れになりました。公開ページは「期限切れ」と表示されたまま残ります。\n\n管理用ページからいつでも更新でき、宣言番号はそのまま使えます。\n${manageUrl}\n\n${FOOTER.ja}`,
  };
}

export function revokedMail(locale: Locale, d: Declaration, reason: string): Mail {
  if (locale === 'en')
    return {
      subject: `[Lastmile] Your self-declaration ${d.number ?? ''} was revoked`.replace('  ', ' '),
      text: `The program office revoked the self-declaration of "${d.name}"${d.number ? ` (${d.number})` : ''}.\n\nReason: ${reason}\n\nThe reason is shown on the declaration's public page. To ask about it, contact the program office.\n\n${FOOTER.en}`,
    };
  return {
    subject: `【ラストワンマイル】自己宣言${d.number ? ` ${d.number} ` : ''}が取り消されました`,
    text: `事務局は「${d.name}」の自己宣言${d.number ? `（${d.number}）` : ''}を取り消しました。\n\n理由：${reason}\n\n理由は宣言の公開ページにも表示されます。お問い合わせは事務局までご連絡ください。\n\n${FOOTER.ja}`,
  };
}

// What the audit trail's codes mean, in both languages: moderators read the history of every kind of
// subject (content, organisations, users, collaboration), so one table serves the item page, the
// global history and the administrators' pages. An unknown code is shown as it is.
import type { SubjectKind } from './audit.ts';
import type { Locale, Text } from '../i18n/locale.ts';

export const AUDIT_ACTION_LABELS: Record<string, Text> = {
  // content
  created: { ja: '作成', en: 'Created' },
  edited: { ja: '編集', en: 'Edited' },
  submitted: { ja: '審査に提出', en: 'Submitted for review' },
  withdrawn_and_edited: { ja: '審査中に取り下げて編集', en: 'Withdrawn from review and edited' },
  submission_withdrawn: { ja: '審査の取り下げ', en: 'Submission withdrawn' },
  draft_discarded: { ja: '下書きの破棄', en: 'Draft discarded' },
  approved: { ja: '承認・公開', en: 'Approved and published' },
  published_without_review: { ja: '審査なしで公開（確認済み団体）', en: 'Published without review (verified organisation)' },
  changes_requested: { ja: '修正依頼', en: 'Changes requested' },
  rejected: { ja: '不承認', en: 'Rejected' },
  unpublished: { ja: '公開停止', en: 'Unpublished' },
  confirmed_current: { ja: '内容が最新であることを確認', en: 'Confirmed as current' },
  organiser_added: { ja: '実施団体の追加', en: 'Organiser added' },
  // organisations (administrators and registration)
  registered: { ja: '団体の登録', en: 'Organisation registered' },
  organisation_verified: { ja: '団体を確認済みにする', en: 'Organisation verified' },
  organisation_verification_revoked: { ja: '団体の確認を取り消す', en: 'Verification revoked' },
  review_policy_changed: { ja: '審査方針の変更', en: 'Review policy changed' },
  profile_updated: { ja: '団体情報の変更', en: 'Organisation details changed' },
  member_invited: { ja: 'メンバーの招待', en: 'Member invited' },
  member_joined: { ja: 'メンバーの参加', en: 'Member joined' },
  // users
  role_changed: { ja: 'システム上の役割の変更', en: 'System role changed' },
  user_disabled: { ja: 'アカウントの利用停止', en: 'Account disabled' },
  user_enabled: { ja: 'アカウントの利用再開', en: 'Account re-enabled' },
  email_verified: { ja: 'メールアドレスの確認', en: 'Email address confirmed' },
  password_reset: { ja: 'パスワードの再設定', en: 'Password reset' },
  password_changed: { ja: 'パスワードの変更', en: 'Password changed' },
  totp_enabled: { ja: '2段階認証の設定', en: 'Two-factor authentication turned on' },
  totp_disabled: { ja: '2段階認証の解除', en: 'Two-factor authentication turned off' },
  recovery_code_used: { ja: 'リカバリーコードの使用', en: 'Recovery code used' },
  recovery_codes_regenerated: { ja: 'リカバリーコードの再発行', en: 'Recovery codes renewed' },
  member_removed: { ja: 'メンバーを外す', en: 'Member removed' },
  member_role_changed: { ja: '団体内の役割の変更', en: 'Member role changed' },
  // collaboration requests
  requested: { ja: '連携を依頼', en: 'Collaboration requested' },
  replied: { ja: '連携の依頼に返信', en: 'Replied to a collaboration request' },
  accepted: { ja: '連携の依頼を承諾', en: 'Collaboration accepted' },
  declined: { ja: '連携の依頼を辞退', en: 'Collaboration declined' },
  withdrawn: { ja: '連携の依頼を取り下げ', en: 'Collaboration request withdrawn' },
  // events and campaigns
  event_report_saved: { ja: '開催報告の保存', en: 'Event report saved' },
  campaign_created: { ja: 'キャンペーンの作成', en: 'Campaign created' },
  campaign_updated: { ja: 'キャンペーンの変更', en: 'Campaign changed' },
  campaign_theme_added: { ja: 'テーマの追加', en: 'Theme added' },
  campaign_theme_updated: { ja: 'テーマの変更', en: 'Theme changed' },
  campaign_theme_removed: { ja: 'テーマの削除', en: 'Theme removed' },
  campaign_kit_added: { ja: 'パートナーキットの追加', en: 'Partner kit entry added' },
  campaign_kit_updated: { ja: 'パートナーキットの変更', en: 'Partner kit entry changed' },
  campaign_kit_removed: { ja: 'パートナーキットの削除', en: 'Partner kit entry removed' },
  // consultation desks and the guided path
  desk_created: { ja: '相談窓口の追加', en: 'Consultation desk added' },
  desk_updated: { ja: '相談窓口の変更', en: 'Consultation desk changed' },
  help_flow_saved: { ja: '質問と規則の新しい版を保存', en: 'New version of the questions and rules saved' },
  help_flow_restored: { ja: '質問と規則を以前の版に戻す', en: 'Questions and rules restored to an earlier version' },
  check_document_saved: { ja: '自己診断の定義の新しい版を保存', en: 'New version of a self-check definition saved' },
  check_document_restored: { ja: '自己診断の定義を以前の版に戻す', en: 'Self-check definition restored to an earlier version' },
  // webhook endpoints (recorded on the organisation; the note names the endpoint)
  webhook_created: { ja: 'Webhookの送信先を追加', en: 'Webhook endpoint added' },
  webhook_updated: { ja: 'Webhookの送信先の設定を変更', en: 'Webhook endpoint changed' },
  webhook_secret_rotated: { ja: 'Webhookの秘密鍵を作り直し', en: 'Webhook secret renewed' },
  webhook_paused: { ja: 'Webhookの送信を一時停止', en: 'Webhook endpoint paused' },
  webhook_resumed: { ja: 'Webhookの送信を再開', en: 'Webhook endpoint resumed' },
  webhook_deleted: { ja: 'Webhookの送信先を削除', en: 'Webhook endpoint deleted' },
  webhook_delivery_replayed: { ja: 'Webhookの配信を再送', en: 'Webhook delivery sent again' },
  webhook_dead_replayed: { ja: '配信できなかったWebhookをまとめて再送', en: 'Failed webhook deliveries sent again' },
  webhook_private_allowed: { ja: 'Webhookの内部アドレスへの送信を許可', en: 'Webhook allowed to reach internal addresses' },
  webhook_private_disallowed: { ja: 'Webhookの内部アドレスへの送信の許可を取り消し', en: 'Webhook no longer allowed to reach internal addresses' },
  // advisories
  published_urgently: { ja: '今すぐ公開（事務局・審査の職務分離なし）', en: 'Published at once by the program office (separation of duties waived)' },
  advisory_withdrawn: { ja: '注意喚起の取り下げ', en: 'Advisory withdrawn' },
  advisory_permission_granted: { ja: '注意喚起の発信を許可', en: 'Allowed to publish advisories' },
  advisory_permission_revoked: { ja: '注意喚起の発信許可を取り消し', en: 'Permission to publish advisories revoked' },
  // self-declarations
  declaration_confirmed: { ja: '自己宣言の確定（宣言番号の発行）', en: 'Self-declaration confirmed (number given)' },
  declaration_updated: { ja: '自己宣言の登録内容の変更', en: 'Self-declaration details changed' },
  declaration_upgraded: { ja: '自己宣言を二つ星に変更', en: 'Self-declaration moved to two stars' },
  declaration_renewed: { ja: '自己宣言の更新', en: 'Self-declaration renewed' },
  declaration_withdrawn: { ja: '自己宣言の取り下げ', en: 'Self-declaration withdrawn' },
  declaration_lapsed: { ja: '自己宣言の期限切れ（更新なし）', en: 'Self-declaration lapsed (not renewed)' },
  declaration_revoked: { ja: '自己宣言の取消し（事務局）', en: 'Self-declaration revoked (program office)' },
  // external surveys
  survey_imported: { ja: '他の調査の数値をCSVから取り込み', en: 'Survey figures imported from CSV' },
  // the evaluation (KPIs, strategy measures, reports)
  kpi_target_set: { ja: 'KPIの目標値の設定', en: 'KPI target set' },
  kpi_target_removed: { ja: 'KPIの目標値の削除', en: 'KPI target removed' },
  measure_status_set: { ja: '施策の実施状況の変更', en: 'Measure implementation status changed' },
  report_created: { ja: '評価報告書の下書きの作成', en: 'Evaluation report draft created' },
  report_edited: { ja: '評価報告書の下書きの編集', en: 'Evaluation report draft edited' },
  report_issued: { ja: '評価報告書の発行', en: 'Evaluation report issued' },
};

export function actionLabel(locale: Locale, code: string): string {
  return AUDIT_ACTION_LABELS[code]?.[locale] ?? code;
}

export const SUBJECT_KIND_LABELS: Record<SubjectKind, Text> = {
  content: { ja: '掲載内容', en: 'Content' },
  campaign: { ja: 'キャンペーン', en: 'Campaign' },
  organisation: { ja: '団体', en: 'Organisation' },
  user: { ja: 'ユーザー', en: 'User' },
  collaboration: { ja: '連携の依頼', en: 'Collaboration request' },
  desk: { ja: '相談窓口', en: 'Consultation desk' },
  help_flow: { ja: '「困ったときは」の質問と規則', en: 'Guided help questions and rules' },
  check_document: { ja: '自己診断の定義', en: 'Self-check definition' },
  declaration: { ja: '自己宣言', en: 'Self-declaration' },
  survey_import: { ja: '他の調査の取り込み', en: 'Survey import' },
  kpi_target: { ja: 'KPIの目標値', en: 'KPI target' },
  strategy_measure: { ja: '戦略の施策の実施状況', en: 'Implementation status of a strategy measure' },
  report: { ja: '評価報告書', en: 'Evaluation report' },
};

export const SYSTEM_ACTOR: Text = { ja: '（システム）', en: '(system)' };

export const ORGANISATION_STATUS_LABELS: Record<string, Text> = {
  active: { ja: '掲載中', en: 'Active' },
  pending: { ja: '確認待ち（非掲載）', en: 'Pending (not listed)' },
};

export const REVIEW_POLICY_LABELS: Record<string, Text> = {
  always: { ja: '常に審査する', en: 'Always review' },
  verified_direct: { ja: '確認済みなら審査なしで公開', en: 'Publish without review when verified' },
};

export const SYSTEM_ROLE_LABELS: Record<string, Text> = {
  member: { ja: '一般', en: 'Member' },
  moderator: { ja: '事務局（モデレーター）', en: 'Moderator' },
  admin: { ja: '管理者', en: 'Administrator' },
};

export const USER_STATUS_LABELS: Record<string, Text> = {
  active: { ja: '利用中', en: 'Active' },
  disabled: { ja: '利用停止', en: 'Disabled' },
};

/** Names of before/after keys that administrators' and owners' events record. */
export const CHANGE_KEY_LABELS: Record<string, Text> = {
  status: { ja: '状態', en: 'Status' },
  verifiedAt: { ja: '確認日', en: 'Verified on' },
  reviewPolicy: { ja: '審査方針', en: 'Review policy' },
  role: { ja: '役割', en: 'Role' },
  confirmedAt: { ja: '最終確認日', en: 'Last confirmed' },
  email: { ja: 'メールアドレス', en: 'Email address' },
  nameJa: { ja: '名称（日本語）', en: 'Name (Japanese)' },
  nameEn: { ja: '名称（英語）', en: 'Name (English)' },
  kind: { ja: '種類', en: 'Kind' },
  sector: { ja: '官民の区分', en: 'Sector' },
  website: { ja: 'ウェブサイト', en: 'Website' },
};

// Advisories (注意喚起): timely warnings from organisations the program office allows to publish them.
// Domain objects that services return and views receive; the stored payload of a version.
import { z } from 'zod';
import type { Text } from '../i18n/locale.ts';
import { AUDIENCES, type Audience } from '../taxonomy/taxonomy.ts';

export const ADVISORY_KIND = 'advisory';

/** Most urgent first. The order is also the sort order of badges in lists. */
export const SEVERITIES = ['emergency', 'warning', 'caution', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Labels of the four levels. Colour is never the only signal: every badge carries its word and a
 * distinct symbol, and each colour pair has at least 4.5:1 contrast (see app.css .severity-*).
 */
export const SEVERITY_LABELS: Record<Severity, Text & { symbol: string; description: Text }> = {
  emergency: { ja: '緊急', en: 'Emergency', symbol: '‼', description: { ja: '被害が広がっています。すぐに対応してください。', en: 'Harm is spreading. Act now.' } },
  warning: { ja: '警戒', en: 'Warning', symbol: '!', description: { ja: '被害が出ています。早めに対応してください。', en: 'People are being harmed. Act soon.' } },
  caution: { ja: '注意', en: 'Caution', symbol: '△', description: { ja: '被害のおそれがあります。気をつけてください。', en: 'Harm is possible. Take care.' } },
  info: { ja: '情報', en: 'Information', symbol: 'i', description: { ja: '知っておくと役に立つ情報です。', en: 'Useful to know.' } },
};

export const ADVISORY_LIMITS = { title: 200, text: 6000, note: 2000, links: 5, url: 500, label: 200 } as const;

export interface AdvisoryLink {
  url: string;
  label: string;
}

/** One version of an advisory as stored in content_revisions (only the server writes it, from the form). */
export const AdvisoryPayloadSchema = z.object({
  titleJa: z.string().catch(''),
  titleEn: z.string().catch(''),
  whatJa: z.string().catch(''),
  whatEn: z.string().catch(''),
  actionsJa: z.string().catch(''),
  actionsEn: z.string().catch(''),
  /** '' while a draft has none yet. */
  severity: z.union([z.enum(SEVERITIES), z.literal('')]).catch(''),
  audiences: z.array(z.enum(AUDIENCES)).catch([]),
  nationwide: z.boolean().catch(true),
  prefectures: z.array(z.string()).catch([]),
  links: z.array(z.object({ url: z.string(), label: z.string() })).catch([]),
  validUntil: z.string().nullable().catch(null),
  /** What changed: required when a published advisory is edited; the revision is then sent as a correction. */
  correctionNoteJa: z.string().catch(''),
  correctionNoteEn: z.string().catch(''),
});
export type AdvisoryPayload = z.infer<typeof AdvisoryPayloadSchema>;

/** A stored payload with every field present (older or partial drafts still display). */
export function normaliseAdvisory(x: unknown): AdvisoryPayload {
  return AdvisoryPayloadSchema.parse(x ?? {});
}

export function advisoryTitle(p: Pick<AdvisoryPayload, 'titleJa' | 'titleEn'>): Text {
  return { ja: p.titleJa, en: p.titleEn || p.titleJa };
}

export interface AdvisoryCorrection {
  correctedAt: string;
  noteJa: string;
  noteEn: string;
}

/** A published advisory as the public pages, the feed and the API show it. */
export interface PublicAdvisory {
  id: number;
  itemId: number;
  organisation: { id: number; slug: string; nameJa: string; nameEn: string; abbreviation: string | null };
  titleJa: string;
  titleEn: string;
  whatJa: string;
  whatEn: string;
  actionsJa: string;
  actionsEn: string;
  severity: Severity;
  audiences: Audience[];
  nationwide: boolean;
  prefectures: string[];
  validUntil: string | null;
  links: AdvisoryLink[];
  publishedAt: string;
  correctedAt: string | null;
  correctionNoteJa: string | null;
  correctionNoteEn: string | null;
  withdrawnAt: string | null;
  withdrawalNote: string | null;
  corrections: AdvisoryCorrection[];
}

/** 'current' (the default): neither withdrawn nor past its last day; 'all' adds expired and withdrawn ones. */
export const SCOPES = ['current', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

export interface AdvisoryFilters {
  audiences: Audience[];
  /** One prefecture: its own advisories and the nationwide ones. */
  prefecture: string | null;
  severities: Severity[];
  scope: Scope;
}

/** Expired: its last day (Japan date) is before today. */
export function isExpired(a: Pick<PublicAdvisory, 'validUntil'>, today: string): boolean {
  return a.validUntil !== null && a.validUntil < today;
}

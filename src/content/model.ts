// The shared publishing mechanism: every kind of content (initiatives now; events, materials and
// advisories later) is a content item owned by one organisation, with numbered revisions. The
// public tables hold only the approved revision; drafts and edits under review live here.
import type { Db, DialectName } from '../db/database.ts';
import type { Locale, Text } from '../i18n/locale.ts';

export const REVISION_STATUSES = ['draft', 'submitted', 'changes_requested', 'rejected', 'approved', 'superseded', 'withdrawn'] as const;
export type RevisionStatus = (typeof REVISION_STATUSES)[number];

/** Revisions that can still be edited and submitted. */
export const OPEN_STATUSES: readonly RevisionStatus[] = ['draft', 'changes_requested', 'rejected'];

export const REVISION_STATUS_LABELS: Record<RevisionStatus, Text> = {
  draft: { ja: '下書き', en: 'Draft' },
  submitted: { ja: '審査待ち', en: 'Awaiting review' },
  changes_requested: { ja: '修正依頼あり', en: 'Changes requested' },
  rejected: { ja: '不承認', en: 'Rejected' },
  approved: { ja: '承認済み', en: 'Approved' },
  superseded: { ja: '以前の版', en: 'Earlier version' },
  withdrawn: { ja: '取り下げ', en: 'Withdrawn' },
};

export interface OrganisationName {
  id: number;
  nameJa: string;
  nameEn: string;
  abbreviation?: string | null;
}

export interface Revision<P> {
  id: number;
  number: number;
  payload: P;
  status: RevisionStatus;
  authorName: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  reviewerName: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
}

export interface ContentItem<P> {
  id: number;
  kind: string;
  owner: OrganisationName;
  /** Owner first, then organisations that joined through accepted collaboration requests. */
  organisers: OrganisationName[];
  publicId: number | null;
  isPublic: boolean;
  published: Revision<P> | null;
  /** The revision being edited or reviewed, if any. */
  working: Revision<P> | null;
  confirmedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One field that differs between two versions, for reviewers and the history. */
export interface FieldChange {
  field: string;
  label: Text;
  before: string;
  after: string;
}

/** A connection (or transaction) with its dialect, as catalogue writers need it. */
export interface Writer {
  db: Db;
  dialect: DialectName;
}

/**
 * What a kind of content (initiative; later event, material, advisory) plugs into the shared
 * workflow: how its approved version is written to, and removed from, its public tables. Ownership,
 * revisions, review, history and notifications are the same for every kind (content/service.ts).
 */
export interface ContentKindHandler<P> {
  kind: string;
  /** What a person calls this kind ("initiative"), for messages and lists. */
  label: Text;
  title(payload: P): Text;
  /** Every field of a version, for reviewers. */
  describe(payload: P, locale: Locale): { label: Text; value: string }[];
  /** Fields that differ between two versions; with before = null every filled field counts. */
  diff(before: P | null, after: P, locale: Locale): FieldChange[];
  /** Language-neutral path of the public page of a published entry ("/initiatives/12"). */
  publicPath(publicId: number): string;
  /** Language-neutral path of the owner's page of the item ("/my/initiatives/3"). */
  ownerPath(itemId: number): string;
  /** Extra things a reviewer opens to judge a version (a submitted file and its preview), if any. */
  reviewLinks?(itemId: number, payload: P): { href: string; label: Text }[];
  publish(
    w: Writer,
    args: {
      itemId: number;
      publicId: number | null;
      payload: P;
      organisers: OrganisationName[];
      confirmedAt: string | null;
      ownerSubmitted: boolean;
      now: string;
      /** The portal's public URL, for the absolute links of messages to subscribers (outbox). */
      baseUrl?: string;
    },
  ): Promise<number>;
  unpublish(w: Writer, publicId: number): Promise<void>;
  /** Records on the public entry when its owner last confirmed it is current. */
  confirm(w: Writer, publicId: number, at: string): Promise<void>;
}

/** The kinds the workflow knows, by kind name. Built once in app.ts (the composition root). */
export type ContentKinds = ReadonlyMap<string, ContentKindHandler<any>>;

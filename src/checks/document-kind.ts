// A self-check definition kind: what the program office edits at /admin/checks as a versioned JSON
// document (the personal check's 9 measures, the firms' 5 measures, the 25-item diagnosis, the quiz bank,
// the basic-policy template). Each kind's module exports one of these; the store (documents.ts) keeps the
// versions and the admin pages list the kinds (kinds.ts).
import type { Text } from '../i18n/locale.ts';
import type { ParsedDocument } from '../web/json-document.ts';

export interface DocumentKind<T> {
  /** Stored in check_documents.kind: short, lower case, stable. */
  readonly kind: string;
  /** For the administration pages. */
  readonly title: Text;
  /** The shipped default (src/checks/data/<kind>.json): version 1 on first start. */
  readonly defaultText: string;
  /** "How to write it" for the administration page: one line per rule of the document. */
  readonly guide?: readonly Text[];
  /** Shape and cross-checks; every problem with its JSON path. */
  parse(text: string): ParsedDocument<T>;
}

/**
 * Every definition carries where its text comes from and as of when, shown to users beside it
 * ("出典：… （2015年2月）"), and whether the wording was judged by the editors rather than read from the source.
 */
export interface DefinitionSource {
  name: Text;
  url?: string | undefined;
  /** As of: YYYY-MM or YYYY-MM-DD. */
  date: string;
  note?: Text | undefined;
}

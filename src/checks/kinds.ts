// Every self-check definition kind, in the order the administration page lists them. The first start
// seeds each one's shipped default as version 1 (seed/seed.ts calls seedDocuments with this list).
import type { DocumentKind } from './document-kind.ts';

export const CHECK_DOCUMENT_KINDS: readonly DocumentKind<unknown>[] = [];

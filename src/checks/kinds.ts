// Every self-check definition kind, in the order the administration page lists them. The first start
// seeds each one's shipped default as version 1 (seed/seed.ts calls seedDocuments with this list).
import { business5Kind } from './business5-definition.ts';
import type { DocumentKind } from './document-kind.ts';
import { diagnosisKind } from './diagnosis-definition.ts';
import { personalCheckKind } from './personal-definition.ts';
import { policyKind } from './policy-definition.ts';
import { quizKind } from './quiz-definition.ts';

export const CHECK_DOCUMENT_KINDS: readonly DocumentKind<unknown>[] = [personalCheckKind, quizKind, business5Kind, diagnosisKind, policyKind] as readonly DocumentKind<any>[];

// The material form as tests fill it in (shared by the materials test suites).
import { fieldParts, type Part } from '../../test/support/multipart.ts';
import type { MaterialPayload } from './model.ts';

export const FORM = {
  titleJa: 'フィッシング詐欺に気をつけよう',
  titleEn: 'Beware of phishing',
  summaryJa: '高齢者向けの啓発リーフレットです。',
  summaryEn: 'An awareness leaflet for older people.',
  format: 'leaflet',
  audiences: ['seniors', 'working_age'],
  language: 'ja',
  licence: 'cc-by-4.0',
  attribution: '出典：日本ネットワークセキュリティ協会「フィッシング詐欺に気をつけよう」',
  version: '第1版',
  issuedOn: '2026-04-01',
  url: '',
  initiatives: '',
  events: '',
};

export function payloadOf(p: Partial<MaterialPayload> & { titleJa: string }): MaterialPayload {
  return {
    titleEn: '',
    summaryJa: `${p.titleJa}の概要。`,
    summaryEn: '',
    format: 'leaflet',
    audiences: ['seniors'],
    language: 'ja',
    licence: 'cc-by-4.0',
    attribution: 'Credit',
    version: '',
    issuedOn: null,
    url: 'https://example.org/material',
    file: null,
    initiatives: [],
    events: [],
    ...p,
  };
}

/** The form's parts as a browser sends them: the token first, then the fields, then the file. */
export function formParts(csrf: string, fields: Record<string, string | string[]>, file?: { filename: string; data: Buffer; contentType?: string }): Part[] {
  return [{ name: '_csrf', value: csrf }, ...fieldParts(fields), ...(file ? [{ name: 'file', ...file }] : [])];
}

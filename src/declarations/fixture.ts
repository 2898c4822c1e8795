// Declarations made directly through the repository, for tests and the page sweep. The names are
// invented (テスト…, Example…): the shipped registry starts empty and real firms are never made up.
import type { DatabaseHandle } from '../db/database.ts';
import { addYear, tokyoDate } from './dates.ts';
import { formatDeclarationNumber, type DeclarationInput } from './model.ts';
import { activate, insertPending, nextSequence } from './repository.ts';
import { confirmBinding, declarationLinkKey, declarationToken, manageBinding } from './tokens.ts';

export const SAMPLE_INPUT: DeclarationInput = {
  name: 'テスト商店',
  nameKana: null,
  corporateNumber: null,
  prefecture: '13',
  municipality: null,
  industry: 'I',
  sizeBand: '2-5',
  website: null,
  star: 1,
  diagnosisDone: false,
  policyUrl: null,
};

/** An active declaration as if its email had been confirmed at `at`. */
export async function insertActiveDeclaration(handle: DatabaseHandle, over: Partial<DeclarationInput> = {}, email = 'owner@example.jp', at = new Date(), locale: 'ja' | 'en' = 'ja'): Promise<{ id: number; number: string }> {
  const input = { ...SAMPLE_INPUT, ...over };
  const now = at.toISOString();
  return handle.db.transaction().execute(async (trx) => {
    const id = await insertPending({ db: trx, dialect: handle.dialect }, input, email, locale, now);
    if (id === null) throw new Error(`duplicate fixture declaration: ${input.name}`);
    const today = tokyoDate(at);
    const number = formatDeclarationNumber(Number(today.slice(0, 4)), await nextSequence(trx));
    await activate(trx, id, number, now, addYear(today));
    return { id, number };
  });
}

/**
 * A few declarations for the page sweep: both stars, a withdrawn one, a sole proprietor, and one
 * pending; with the link tokens of the first (manage) and of the pending one (confirm).
 */
export async function insertSampleDeclarations(handle: DatabaseHandle, at = new Date()): Promise<{ active: string; twoStars: string; withdrawn: string; manage: string; confirm: string }> {
  const active = await insertActiveDeclaration(handle, { name: '株式会社テスト電機（架空）', nameKana: 'テストデンキ', corporateNumber: '7000012050002', prefecture: '23', municipality: '名古屋市中区', industry: 'E', sizeBand: '21-50', website: 'https://www.example.co.jp/' }, 'a@example.jp', at);
  const twoStars = await insertActiveDeclaration(handle, { name: 'Example Design Office (fictional)', nameKana: 'エグザンプルデザイン', prefecture: '27', industry: 'L', sizeBand: 'sole', star: 2, diagnosisDone: true, policyUrl: 'https://www.example.com/security-policy' }, 'b@example.jp', at);
  const withdrawn = await insertActiveDeclaration(handle, { name: 'テスト運送（架空）', prefecture: '01', industry: 'H', sizeBand: '6-20' }, 'c@example.jp', at);
  const ended = new Date(at.getTime() + 60_000).toISOString();
  await handle.db.updateTable('declarations').set({ status: 'withdrawn', ended_at: ended, updated_at: ended }).where('id', '=', withdrawn.id).execute();
  const sent = at.toISOString();
  const pending = await insertPending({ db: handle.db, dialect: handle.dialect }, { ...SAMPLE_INPUT, name: 'テスト工房（架空・確認待ち）', prefecture: '26', star: 2, diagnosisDone: true, policyUrl: 'https://www.example.org/policy' }, 'd@example.jp', 'ja', sent);
  const key = await declarationLinkKey(handle.db);
  return {
    active: active.number,
    twoStars: twoStars.number,
    withdrawn: withdrawn.number,
    manage: declarationToken(key, 'declaration-manage', active.id, manageBinding('a@example.jp')),
    confirm: declarationToken(key, 'declaration-confirm', pending!, confirmBinding('d@example.jp', sent)),
  };
}

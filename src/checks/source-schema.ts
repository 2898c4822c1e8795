// The zod shapes every definition shares: bilingual text and the source block.
import { z } from 'zod';

export const LText = z.strictObject({ ja: z.string().trim().min(1).max(4000), en: z.string().trim().min(1).max(4000) });

export const SourceSchema = z.strictObject({
  name: LText,
  url: z.url({ protocol: /^https?$/ }).optional(),
  date: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, { message: 'date' }),
  note: LText.optional(),
});

/** Bilingual message for the 'date' custom message above (pass to parseJsonDocument). */
export const SOURCE_MESSAGES = {
  date: { ja: 'YYYY-MM または YYYY-MM-DD の形で書いてください', en: 'write it as YYYY-MM or YYYY-MM-DD' },
};

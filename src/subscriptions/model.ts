// What a subscriber chooses, as the pages and the service see it (never a database row).
import type { Locale } from '../i18n/locale.ts';

export interface SubscriptionChoices {
  /** Audience codes; empty = every audience. */
  audiences: string[];
  /** JIS code, or null for the whole country. */
  prefecture: string | null;
  events: boolean;
  materials: boolean;
  locale: Locale;
}

export interface EmailSubscription {
  id: number;
  email: string;
  status: 'pending' | 'active' | 'disabled' | 'unsubscribed';
  choices: SubscriptionChoices;
  confirmSentAt: string | null;
  confirmSentCount: number;
}

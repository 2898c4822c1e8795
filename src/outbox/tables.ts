// Table row types of subscriptions and the outbox (migration 0005_delivery), merged into Database.
import type { Generated } from 'kysely';

export interface InstanceSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  /** 'email' | 'webhook' | 'push' (outbox/model.ts CHANNELS). */
  channel: string;
  /** 'pending' (email not yet confirmed) | 'active' | 'disabled' (endpoint gone, or by its owner) | 'unsubscribed'. */
  status: string;
  locale: string;
  prefecture: string | null;
  all_audiences: number;
  include_advisories: Generated<number>;
  include_events: Generated<number>;
  include_materials: Generated<number>;
  email: string | null;
  confirmed_at: string | null;
  confirm_sent_at: string | null;
  confirm_sent_count: Generated<number>;
  owner_organisation_id: number | null;
  name: string | null;
  webhook_url: string | null;
  webhook_secret: string | null;
  allow_private: Generated<number>;
  push_endpoint: string | null;
  push_p256dh: string | null;
  push_auth: string | null;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubscriptionAudiencesTable {
  subscription_id: number;
  audience: string;
}

export interface DispatchesTable {
  id: Generated<number>;
  topic: string;
  subject_id: number;
  action: string;
  /** JSON of DispatchPayload. */
  payload: string;
  recipients: Generated<number>;
  created_at: string;
}

export interface DeliveriesTable {
  /** bigint on PostgreSQL (returned as a string by pg): read it through Number(). */
  id: Generated<number | string>;
  dispatch_id: number;
  subscription_id: number;
  channel: string;
  /** 'pending' | 'delivered' | 'dead' | 'cancelled'. */
  status: string;
  attempts: number;
  next_attempt_at: string;
  locked_by: string | null;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
}

export interface OutboxTables {
  instance_secrets: InstanceSecretsTable;
  subscriptions: SubscriptionsTable;
  subscription_audiences: SubscriptionAudiencesTable;
  dispatches: DispatchesTable;
  deliveries: DeliveriesTable;
}

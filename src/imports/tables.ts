// Table types of bulk import (migration 0016).
import type { Generated } from 'kysely';

export interface ImportsTables {
  content_external_ids: {
    item_id: number;
    organisation_id: number;
    kind: string;
    external_id: string;
  };
  imports: {
    id: Generated<number>;
    organisation_id: number | null;
    user_id: number | null;
    kind: string;
    file_name: string;
    stored_name: string | null;
    format: string | null;
    encoding: string | null;
    /** 'previewed' | 'applied' | 'discarded' | 'expired' */
    status: string;
    plan_hash: string | null;
    /** JSON ImportSummary (imports/model.ts). */
    summary: string;
    created_at: string;
    applied_at: string | null;
  };
}

// The table the page cache's versions live in (migration 0014): one row per data domain, moved by triggers.
import type { Generated } from 'kysely';

export interface CacheTables {
  data_versions: {
    domain: string;
    version: Generated<number | string>;
  };
}

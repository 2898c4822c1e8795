// Table row types of events and campaigns (migration 0003_events), merged into Database.
export interface EventsTables {}

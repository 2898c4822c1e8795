// Table row types of the materials library (migration 0004_materials), merged into Database.
export interface MaterialsTables {}

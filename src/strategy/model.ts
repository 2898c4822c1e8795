export interface StrategyMeasure {
  id: number;
  slug: string;
  parentSlug: string | null;
  depth: number;
  kind: string;
  titleJa: string;
  titleEn: string;
}

// Which published figures a report carries. A year report: need and behaviour (adoption of the basic
// measures by people and firms, diagnosis scores, declarations) and effort (initiatives, events,
// materials, subscribers). A campaign report: the campaign's events and participants, and the events
// of its fiscal year. Figures that do not exist (or refuse the params) are left out, not invented.
import type { ReportCampaign, ReportKind } from './model.ts';

export interface FigureRef {
  figure: string;
  params: Record<string, unknown>;
}

const NEED_YEAR: FigureRef[] = [
  { figure: 'adoption', params: { check: 'personal', dimension: 'audience' } },
  { figure: 'adoption', params: { check: 'personal', dimension: 'age' } },
  { figure: 'adoption', params: { check: 'business5', dimension: 'size' } },
  { figure: 'adoption-trend', params: { check: 'personal' } },
  { figure: 'scores-bands', params: {} },
  { figure: 'declarations', params: { dimension: 'audience' } },
  { figure: 'declarations-months', params: {} },
];

const EFFORT_YEAR: FigureRef[] = [
  { figure: 'effort-initiatives-audience-method', params: {} },
  { figure: 'effort-events-month-audience', params: {} },
  { figure: 'effort-events-campaign', params: {} },
  { figure: 'effort-materials-audience', params: {} },
  { figure: 'effort-advisories-month-audience', params: {} },
  { figure: 'effort-subscribers-channel', params: {} },
];

export function reportFigureRefs(kind: ReportKind, _campaign: ReportCampaign | null): FigureRef[] {
  if (kind === 'campaign') return [{ figure: 'effort-events-campaign', params: {} }, { figure: 'effort-events-month-audience', params: {} }];
  return [...NEED_YEAR, ...EFFORT_YEAR];
}

/**
 * The step of the domain each form endpoint feeds: its people (gates.ts) are the roles the endpoint
 * allows, so who may act is said in one place. Ballots are cast by the voters (a gateway role).
 */
export const ENDPOINT_STEPS = {
  nominationForm: 'nomination.submit',
  nominationRoll: 'nomination.meeting',
  closeNomination: 'nomination.result',
  inspectionTeam: 'inspection.team',
  inspectionNotice: 'inspection.notice',
  appraisalRoll: 'inspection.appraisal',
  inspectionReport: 'inspection.report',
  signReport: 'inspection.report',
  closeInspection: 'inspection.ranking',
  attendance: 'decision.meeting',
  decisionRoll: 'decision.meeting',
  deferral: 'decision.deferral',
  closeDecision: 'decision.meeting',
} as const;

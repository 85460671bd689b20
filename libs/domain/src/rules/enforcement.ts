/**
 * Where the running system applies each rule of the registry, and how (specification 2, the one new
 * cases start under). Four kinds:
 * - `enforced`: refused or recorded with its code where `at` says; a test of the running system
 *   (workflow, service or end-to-end) shows it, by code (a decision rule: its function runs there);
 * - `structural`: the shape of the process makes the rule hold — a step required before another, a
 *   required item, a form with no other choice — and `at` says which; its own code never shows;
 * - `advisory`: kept for reference or for a path new cases no longer take, with the reason;
 * - `pending`: not applied yet, with what it waits for.
 */
export type Enforcement =
  | { readonly kind: 'enforced'; readonly at: string }
  | { readonly kind: 'structural'; readonly at: string }
  | { readonly kind: 'advisory'; readonly reason: string }
  | { readonly kind: 'pending'; readonly reason: string };

const enforced = (at: string): Enforcement => ({ kind: 'enforced', at });
const structural = (at: string): Enforcement => ({ kind: 'structural', at });
const advisory = (reason: string): Enforcement => ({ kind: 'advisory', reason });

const EVERY_STEP = 'every gate · a person’s step (gateway, workflow)';
const CHECK = 'inspection gate · qualification.check, a person’s step (workflow)';
const CALENDAR = 'calendar · an administrator’s load through the gateway (calendar service)';
const REPORT = 'inspection gate · the inspection report (inspection service, through the gateway)';
const SIGNOFF =
  'every gate · its record’s sign-off, `<gate>.signoff`, a person’s step once the gate is done (gateway, workflow)';

export const ENFORCEMENT: Readonly<Record<string, Enforcement>> = {
  'CAND.REQUIRED': enforced(EVERY_STEP),
  'CAND.UNKNOWN': enforced(EVERY_STEP),
  'CAND.NOT_PER_CANDIDATE': enforced(EVERY_STEP),
  'CAND.NOT_IN_SCOPE': enforced(EVERY_STEP),
  'CASE.UNKNOWN_STEP': enforced(EVERY_STEP),
  'CASE.COMPLETED': enforced(EVERY_STEP),
  'CASE.GATE_CLOSED': enforced(EVERY_STEP),
  'CASE.GATE_INCOMPLETE': enforced(EVERY_STEP),
  'CASE.WRONG_GATE': enforced(EVERY_STEP),
  'CASE.ROLE_NOT_ALLOWED': enforced(EVERY_STEP),
  'CASE.STEP_ALREADY_DONE': enforced(EVERY_STEP),
  'CASE.STEP_OUT_OF_ORDER': enforced(EVERY_STEP),
  'CASE.STEP_CLOSED': enforced(EVERY_STEP),
  'CASE.STEP_NOT_YOURS': enforced(
    'every gate · any step a service, member unit or the system brings (gateway, workflow)',
  ),
  'CAL.INVALID_DATE': structural(
    'calendar · dates are checked where they enter — the notice’s lines and the JSON form’s fields (CAL.NOTICE_UNREADABLE, CAL.SCHEDULE_INVALID) — before any schedule is built',
  ),
  'CAL.YEAR_NOT_COVERED': enforced('calendar · reading a year (calendar service, gateway)'),
  'CAL.NOTICE_NO_YEAR': enforced(CALENDAR),
  'CAL.NOTICE_UNREADABLE': enforced(CALENDAR),
  'CAL.NOTICE_WEEKDAY_MISMATCH': enforced(CALENDAR),
  'CAL.NOTICE_COUNT_MISMATCH': enforced(CALENDAR),
  'CAL.NOTICE_CONFLICT': enforced(CALENDAR),
  'CAL.NOTICE_INCOMPLETE': enforced(CALENDAR),
  'CAL.NOTICE_BASE_MISSING': enforced(CALENDAR),
  'CAL.SCHEDULE_INVALID': enforced(CALENDAR),
  'CAL.SOURCE_REQUIRED': enforced(CALENDAR),
  'CAL.YEAR_ALREADY_LOADED': enforced(CALENDAR),
  'CAL.DISAGREES_WITH_PACKAGE': enforced(CALENDAR),
  'CAL.REASON_REQUIRED': enforced(CALENDAR),
  'CAL.NOT_LOADED': enforced(CALENDAR),
  'CAL.SOURCE_CONFLICT': enforced(CALENDAR),
  'CAL.SOURCE_DATE': enforced(CALENDAR),
  'POLICY.INVALID': enforced(
    'case start · the case’s policy (workflow; the gateway refuses to start with one)',
  ),
  'CATALOGUE.UNKNOWN_ITEM': enforced(EVERY_STEP),
  'CATALOGUE.INVALID_VALUE': enforced(EVERY_STEP),
  'CATALOGUE.MISSING_ITEM': enforced(EVERY_STEP),
  'CATALOGUE.COMPUTED_ITEM': enforced(EVERY_STEP),
  'QUAL.WORK_YEARS': enforced(CHECK),
  'QUAL.GRASSROOTS_YEARS': enforced(CHECK),
  'QUAL.LOWER_POSTS': enforced(CHECK),
  'QUAL.DEPUTY_TO_PRINCIPAL': enforced(CHECK),
  'QUAL.PRINCIPAL_TO_UPPER_DEPUTY': enforced(CHECK),
  'QUAL.EDUCATION': enforced(CHECK),
  'QUAL.TRAINING': enforced(CHECK),
  'EXC.ON_PROBATION': enforced(CHECK),
  'EXC.RECENT_PROMOTION': enforced(CHECK),
  'EXC.TWICE_ON_YEARS': enforced(CHECK),
  'EXC.TWO_GRADES': enforced(CHECK),
  'EXC.APPROVAL_BEFORE_DECISION': structural(
    'deliberation gate · qualification.exceptional_approval is required there when the profile says exceptional promotion, so the decision gate cannot open before it (CASE.GATE_INCOMPLETE)',
  ),
  'EXC.GRADE_SKIP_REPORT': structural(
    'qualification gate · qualification.grade_skipping_report is required there when the profile says grade-skipping, before any inspection',
  ),
  'QUAL.PROFILE_REASON': enforced('qualification gate · qualification.profile, a person’s step (workflow)'),
  'EXC.APPROVAL_REJECTED': enforced(
    'deliberation gate · qualification.exceptional_approval, a person’s step (workflow)',
  ),
  'NEG.POLITICAL_DISCIPLINE': enforced(CHECK),
  'NEG.LOW_RECOGNITION': enforced(CHECK),
  'NEG.ANNUAL_REVIEW': enforced(CHECK),
  'NEG.CANVASSING': enforced(CHECK),
  'NEG.NAKED_OFFICIAL': enforced(CHECK),
  'NEG.SANCTION_PERIOD': enforced(CHECK),
  'RECUSAL.KINSHIP': enforced(
    'the candidate’s check declares the relatives; deliberation.five_person_group and decision.minutes refuse them (workflow); the inspection team by INSP.TEAM_RECUSAL',
  ),
  'NOM.SECRETARY_AS_ORGANIZATION': enforced('nomination gate · the signed form (nomination service)'),
  'NOM.FIRST_NOMINATOR': enforced('nomination gate · the signed form (nomination service)'),
  'MOTION.UPPER_APPROVAL_REQUIRED': enforced(
    'motion gate · motion.propose states the grounds and motion.upper_approval covers them, a person’s steps (workflow); the approval becomes required',
  ),
  'MOTION.APPROVAL_PENDING': structural(
    'motion gate · motion.upper_approval is required when the profile says so; the nomination gate cannot open before it',
  ),
  'MOTION.APPROVAL_REJECTED': enforced('motion gate · motion.upper_approval, a person’s step (workflow)'),
  'MOTION.WORK_PLAN_INCOMPLETE': structural(
    'motion gate · the work plan’s items are required items of motion.work_plan (CATALOGUE.MISSING_ITEM)',
  ),
  'NOM.VAGUE_REASON': enforced('nomination gate · the signed form (nomination service)'),
  'NOM.FORM_INCOMPLETE': structural(
    'nomination gate · the signed form’s fields are required by its form (REQUEST.INVALID, nomination service)',
  ),
  'NOM.REFERENCE_CANDIDATES': enforced('nomination gate · closing the round (nomination service)'),
  'NOM.MEETING_QUORUM': enforced('nomination gate · closing the round (nomination service)'),
  'NOM.RESULT_EXPIRED': enforced(
    'inspection gate · inspection.shortlist, a person’s step (workflow): no shortlist from a result over a year old',
  ),
  'NOM.VOTES_ALONE': structural(
    'inspection and deliberation gates · the shortlist and the proposals are people’s steps, with reasons where they depart from the votes (INSP.DEPARTURE_REASON, DELIB.PROPOSAL_PER_POST)',
  ),
  'INSP.SHORTLIST_RATIO': enforced('inspection gate · inspection.shortlist, a person’s step (workflow)'),
  'INSP.NEGATIVE_LIST_UNCHECKED': structural(
    'inspection gate · the inspection command is sent only once every shortlisted candidate’s qualification.check is recorded (workflow)',
  ),
  'INSP.TEAM_SIZE': enforced('inspection gate · the team (inspection service, through the gateway)'),
  'INSP.TEAM_RECUSAL': enforced('inspection gate · the team (inspection service, through the gateway)'),
  'INSP.NOTICE_DAYS': enforced(
    'inspection gate · the notice through the gateway (inspection service), its working days ahead counted by the state calendar and a breach recorded (workflow)',
  ),
  'INSP.EXTENDED_REQUIRED': enforced(REPORT),
  'INSP.FOUR_MUSTS': enforced(REPORT),
  'INSP.CONCEALMENT': enforced(`${REPORT}; the candidate leaves the case (workflow)`),
  'INSP.DISCIPLINE_OPINION': enforced(REPORT),
  'INSP.INTEGRITY_SIGNATURES': structural(
    'inspection gate · the report’s form requires both signatories of each candidate’s integrity conclusion (REQUEST.INVALID)',
  ),
  'INSP.REPORT_SIGNATURES': enforced(REPORT),
  'INSP.RANKING': enforced('inspection gate · closing the inspection (inspection service)'),
  'INSP.AFFECTS_USE': enforced(
    'inspection gate · the inspection result; the candidate leaves the case (workflow)',
  ),
  'INSP.NOT_NOMINATED': enforced('inspection gate · inspection.shortlist, a person’s step (workflow)'),
  'INSP.ALREADY_SHORTLISTED': enforced('inspection gate · inspection.shortlist, a person’s step (workflow)'),
  'INSP.DEPARTURE_REASON': enforced('inspection gate · inspection.shortlist, a person’s step (workflow)'),
  'DELIB.COMPARISON': enforced(
    'deliberation gate · deliberation.five_person_group, a person’s step (workflow)',
  ),
  'DELIB.LEADERS_CONSULTED': structural(
    'deliberation gate · who was consulted and when are required items of deliberation.leaders_consulted (CATALOGUE.MISSING_ITEM)',
  ),
  'DELIB.NOT_A_CANDIDATE': enforced(
    'deliberation gate · deliberation.five_person_group, a person’s step (workflow)',
  ),
  'DELIB.PROPOSAL_PER_POST': enforced(
    'deliberation gate · deliberation.five_person_group, a person’s step (workflow)',
  ),
  'CONS.MANDATORY_UNITS': structural(
    'consultation gate · the workflow always asks the units the rules require, besides the policy’s',
  ),
  'CONS.UNKNOWN_UNIT': enforced('consultation gate · a member unit’s answer (workflow)'),
  'CONS.DEADLINE': enforced(
    'consultation gate · the request’s deadline is counted in working days and recorded; from specification 5 each unit is reminded before it and escalated after it (workflow)',
  ),
  'CONS.SILENCE_CONSENT': enforced(
    'consultation gate · a month’s timer from the request (workflow): a silent co-manager’s consent is recorded with the dates',
  ),
  'CONS.OBJECTION_PENDING': enforced(
    'consultation gate · a member unit’s answer that objects is recorded with the code and holds the gate until its resolution (workflow)',
  ),
  'CONS.NO_OBJECTION': enforced(
    'consultation gate · consultation.objection_resolved, a person’s step through the gateway (workflow)',
  ),
  'CONS.INCOMPLETE': structural(
    'consultation gate · consultation.close is recorded only once every unit has answered',
  ),
  'DEC.QUORUM': enforced(
    'decision gate · closing a meeting (voting service); the void meeting is recorded and reconvened (workflow)',
  ),
  'DEC.TALLY': structural(
    'decision gate · the voting service counts the ballots itself; present members who cast none abstain',
  ),
  'DEC.PASS': structural(
    'decision gate · each candidate passes only with more than half of the expected members (voting service, decideCandidateVote)',
  ),
  'DEC.DEFER': advisory(
    'specification 1 labelled a vote without a majority "deferred"; specification 2 decides deferral before the vote, with its reason (DEC.DEFERRAL_REASON), and a candidate without a majority is not passed',
  ),
  'DEC.RECONSIDERATION': enforced('decision gate · decision.reconsideration, a person’s step (workflow)'),
  'DEC.PRINCIPAL_LAST': enforced('decision gate · decision.minutes, a person’s step (workflow)'),
  'DEC.SECRET_BALLOT': structural('decision gate · the voting service votes by secret ballot only'),
  'DEC.RECORD_INCOMPLETE': enforced(
    'decision gate · decision.minutes, and decision.first_submission refused while a meeting has no record (workflow)',
  ),
  'REPORT.FIRST_SUBMISSION': enforced(
    'decision gate · decision.first_submission, a person’s step (workflow): dated between the decision and today; a late one is recorded with the rule',
  ),
  'APPT.ANNOUNCEMENT_START': enforced(
    'appointment gate · appointment.announcement, a person’s step (workflow)',
  ),
  'APPT.ANNOUNCEMENT_END_COMPUTED': structural(
    'appointment gate · the announcement’s last day is an item the rules draw (CATALOGUE.COMPUTED_ITEM), counted by the workflow from the start',
  ),
  'APPT.ANNOUNCEMENT_PERIOD': structural(
    'appointment gate · the announcement ends by the workflow’s timer, counted in working days by the state calendar; the notice waits for it',
  ),
  'APPT.EXCEPTIONAL_REASONS': structural(
    'appointment gate · the reasons are a required item of appointment.announcement for an exceptional promotion (CATALOGUE.MISSING_ITEM)',
  ),
  'APPT.ANONYMOUS_OBJECTION': enforced(
    'appointment gate · appointment.objection and its outcome, a candidate’s person steps (workflow): one neither signed nor serious and specific is kept, not investigated',
  ),
  'APPT.OBJECTION_OUTCOME': enforced(
    'appointment gate · appointment.objection_outcome, a candidate’s person step (workflow); do not appoint takes the candidate out',
  ),
  'APPT.OBJECTION_PENDING': enforced(
    'appointment gate · appointment.notice, a candidate’s person step (workflow)',
  ),
  'APPT.DEFERRAL_LIMIT': enforced(
    'appointment gate · appointment.objection_outcome, a candidate’s person step (workflow)',
  ),
  'REPORT.SECOND_SUBMISSION': enforced(
    'appointment gate · appointment.second_submission, a person’s step (workflow)',
  ),
  'PROB.APPLIES': structural('probation gate · its steps are required only for the profiles the rules name'),
  'PROB.NOT_ENDED': enforced('probation gate · probation.assessment, a person’s step (workflow)'),
  'PROB.EXTENSION': enforced(
    'probation gate · probation.absence and probation.assessment, a candidate’s person steps (workflow)',
  ),
  'PROB.EARLY_END': enforced(
    'probation gate · probation.assessment and probation.outcome, a candidate’s person steps (workflow)',
  ),
  'PROB.OUTCOME': enforced('probation gate · probation.outcome, a candidate’s person step (workflow)'),
  'RECORD.SIGNOFF_ORDER': enforced(SIGNOFF),
  'RECORD.REVIEWER_DISTINCT': enforced(SIGNOFF),
  'RECORD.THREE_LEVEL': enforced(`${SIGNOFF}, where the organization’s policy asks for it`),
  'RECORD.LAYERED_RECORDER': enforced(SIGNOFF),
  'RECORD.GATE_OPEN': enforced(SIGNOFF),
  'RECORD.OWN_SIGNATURE': enforced(SIGNOFF),
  'RECORD.NO_SIGNING_KEY': enforced(
    'every gate · each signature of `<gate>.signoff`, checked against the signer’s registered keys (gateway)',
  ),
  'RECORD.SIGNATURE_INVALID': enforced(
    'every gate · each signature of `<gate>.signoff`, verified over the gate’s digest from the archive (gateway)',
  ),
  'RECORD.ATTACHMENT_NOT_STORED': enforced(
    'every step a person posts · each attachment item, looked up by its SHA-256 digest in the case’s store at the archive (gateway)',
  ),
  'RECORD.NOT_AUDIO_VIDEO': enforced(
    'decision and deliberation gates · a meeting’s recording item, by the stored file’s media type (gateway)',
  ),
  'DEC.POST_NOT_OPEN': enforced('decision gate · decision.new_proposal, a person’s step (workflow)'),
  'DEC.POSTS_UNFILLED': enforced('decision gate · decision.first_submission, a person’s step (workflow)'),
  'DEC.CONCLUSION': enforced('decision gate · decision.conclude, a person’s step (workflow)'),
  'DEC.DEFERRAL_REASON': enforced(
    'decision gate · deferring an item before its vote (voting service, through the gateway)',
  ),
};

/** How the running system applies a rule; undefined for a code the registry does not hold. */
export function enforcementOf(code: string): Enforcement | undefined {
  return ENFORCEMENT[code];
}

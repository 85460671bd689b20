import { ALWAYS, OPTIONAL } from './conditions';
import { GATES, type GateKey, type GateSpec, type StepSpec } from './gates';
import type { Role } from './roles';

/**
 * The versions of the gate specification. A case keeps the version it started under all its life
 * (it is in the case's input): a release that changes the steps never moves a case already running.
 *
 * - 1: one record per case; the nomination ranking decides the shortlist and the top appraisal
 *   the candidate; one decision meeting (`GATES` in gates.ts, frozen).
 * - 2: one record per candidate (一人一表): the organization department shortlists and checks each
 *   candidate's eligibility, the five-person group proposes one candidate per post, each candidate
 *   is voted on separately at as many meetings as it takes.
 * - 3: the appointment and probation are each candidate's too: objections are about a candidate and
 *   their outcome decides that candidate's appointment; each passed candidate has their own notice
 *   and talk, their own probation (with time away that extends it) and their own confirmation.
 * - 4: each gate's record is signed off once the gate is done — the layer's recorder, a reviewer
 *   who is not the recorder, the signatures in order (and the three levels where the policy asks
 *   for them) — and the case is archived only when every gate it went through is signed off.
 * - 5: the deadlines of the process are durable timers (deadlines/deadlines.ts): the upper
 *   department's reply, each member unit's answer, the record's first submission — each reminds
 *   its owner before its last day and, once missed, escalates and marks the case overdue.
 */
export const SPEC_VERSIONS = [1, 2, 3, 4, 5] as const;
export type SpecVersion = (typeof SPEC_VERSIONS)[number];

/** The version new cases start under. */
export const CURRENT_SPEC_VERSION: SpecVersion = 5;

/** Where a candidate stands in the case (version 2). */
export const CANDIDATE_STATUSES = [
  'nominated',
  'shortlisted',
  'eligible',
  'ineligible',
  'proposed',
  'passed',
  'not_passed',
  'appointed',
  'not_appointed',
  'confirmed',
  'removed',
] as const;
export type CandidateStatus = (typeof CANDIDATE_STATUSES)[number];

export const CANDIDATE_STATUS_LABELS: Readonly<Record<CandidateStatus, { zh: string; en: string }>> = {
  nominated: { zh: '推荐人选', en: 'nominated' },
  shortlisted: { zh: '考察对象（待资格审查）', en: 'shortlisted, eligibility to check' },
  eligible: { zh: '考察对象', en: 'shortlisted and eligible' },
  ineligible: { zh: '不符合任职资格，退出', en: 'ineligible; left the case' },
  proposed: { zh: '拟提交讨论决定', en: 'proposed to the deciding body' },
  passed: { zh: '表决通过', en: 'passed' },
  not_passed: { zh: '表决未通过', en: 'not passed' },
  appointed: { zh: '已任职', en: 'appointed' },
  not_appointed: { zh: '不予任职', en: 'not appointed' },
  confirmed: { zh: '试用期满转正', en: 'confirmed after probation' },
  removed: { zh: '免去试任职务', en: 'removed from the post on probation' },
};

/** A step as a version of the specification has it. */
export interface VersionedStep extends StepSpec {
  /** Taken once for the case, or once for each candidate in `forCandidates`. */
  readonly per: 'case' | 'candidate';
  /**
   * The gate during which the step is taken. It is the record's gate (`gate`) except where the rules
   * take a step later: a candidate's eligibility belongs to the qualification record but is checked
   * as candidates are shortlisted, before inspection.
   */
  readonly during: GateKey;
  /** For a candidate's step: the candidates who take it (and who are missing it while they stand there). */
  readonly forCandidates: readonly CandidateStatus[];
}

export interface Specification {
  readonly version: SpecVersion;
  /** Each gate's record is signed off (`<gate>.signoff`) and the case waits for it before it is archived. */
  readonly signsOff: boolean;
  readonly steps: readonly VersionedStep[];
  step(id: string): VersionedStep | undefined;
  /** The steps taken during a gate, case steps first, in the order the gate lists them. */
  during(gate: GateKey): readonly VersionedStep[];
}

function specification(version: SpecVersion, steps: readonly VersionedStep[]): Specification {
  const byId = new Map(steps.map((s) => [s.id, s] as const));
  return {
    version,
    signsOff: version >= 4,
    steps,
    step: (id) => byId.get(id),
    during: (gate) => steps.filter((s) => s.during === gate),
  };
}

const caseStep = (s: StepSpec): VersionedStep => ({ ...s, per: 'case', during: s.gate, forCandidates: [] });

const V1 = specification(
  1,
  GATES.flatMap((g: GateSpec) => g.steps.map(caseStep)),
);

const ORG: readonly Role[] = ['org_staff', 'recorder'];

type Revision =
  | { readonly change: string; readonly with: Partial<VersionedStep> }
  | { readonly add: VersionedStep; readonly before?: string; readonly after?: string };

function revise(base: Specification, version: SpecVersion, revisions: readonly Revision[]): Specification {
  let steps = [...base.steps];
  for (const r of revisions) {
    if ('change' in r) {
      const i = steps.findIndex((s) => s.id === r.change);
      if (i < 0) throw new Error(`specification ${version} changes an unknown step ${r.change}`);
      steps[i] = { ...(steps[i] as VersionedStep), ...r.with };
    } else {
      const anchor = r.before ?? r.after;
      const i = steps.findIndex((s) => s.id === anchor);
      if (i < 0)
        throw new Error(`specification ${version} adds ${r.add.id} beside an unknown step ${anchor}`);
      steps = [...steps.slice(0, r.before ? i : i + 1), r.add, ...steps.slice(r.before ? i : i + 1)];
    }
  }
  return specification(version, steps);
}

function newStep(
  s: Omit<
    VersionedStep,
    | 'repeatable'
    | 'after'
    | 'closedBy'
    | 'required'
    | 'forms'
    | 'arrives'
    | 'per'
    | 'during'
    | 'forCandidates'
  > &
    Partial<VersionedStep>,
): VersionedStep {
  return {
    required: ALWAYS,
    repeatable: false,
    after: [],
    closedBy: [],
    forms: ['text'],
    arrives: 'person',
    per: 'case',
    during: s.gate,
    forCandidates: [],
    ...s,
  };
}

/** Version 2: one record per candidate; people choose, votes inform. What changed from version 1, step by step. */
const V2 = revise(V1, 2, [
  // Gate 0 sets the post's conditions and confirms the case's profile; each candidate is checked
  // against them when shortlisted (below), not once for the case before anyone is nominated.
  {
    add: newStep({
      id: 'qualification.conditions',
      gate: 'qualification',
      zh: '确定任职条件',
      en: 'conditions of the post',
      roles: ORG,
      forms: ['text', 'table'],
      source: 'domain.md, 0 · Qualification: "the post’s conditions are set when the case opens"',
    }),
    before: 'qualification.check',
  },
  {
    add: newStep({
      id: 'qualification.profile',
      gate: 'qualification',
      zh: '确认事项类别',
      en: 'profile of the case confirmed',
      roles: ['org_staff'],
      forms: ['table'],
      source:
        'domain.md, Keeping the record: "Classified records (seed §四(二)1): by nomination subject, by post … by group"; the profile decides which oversight steps a case needs',
    }),
    before: 'qualification.check',
  },
  {
    change: 'qualification.check',
    with: {
      per: 'candidate',
      during: 'inspection',
      forCandidates: ['shortlisted'],
      after: ['inspection.shortlist'],
      source:
        'domain.md, 0 · Qualification: "every person is checked against them as they become a candidate (nominated, shortlisted), before inspection"',
    },
  },
  // Exceptional promotion's approval is asked for once the inspection material exists and must
  // arrive before the decision meeting.
  {
    change: 'qualification.exceptional_approval',
    with: { during: 'deliberation', after: ['deliberation.five_person_group'] },
  },
  { change: 'qualification.grade_skipping_report', with: { after: ['qualification.conditions'] } },
  // The organization department shortlists, weighing the votes with the other evidence.
  {
    change: 'inspection.shortlist',
    with: {
      arrives: 'person',
      roles: ORG,
      repeatable: true,
      closedBy: ['inspection.team'],
      source:
        'domain.md, 2 · Nomination: "the organization department proposes the shortlist after weighing them with the other evidence and records why wherever it departs from the ranking"',
    },
  },
  { change: 'inspection.team', with: { after: ['inspection.shortlist', 'qualification.check'] } },
  // The four musts are each candidate's: a concealment bars that candidate, not the others.
  {
    change: 'inspection.four_musts',
    with: { per: 'candidate', forCandidates: ['eligible'] },
  },
  // Each candidate is voted on separately, at as many meetings as it takes.
  {
    change: 'decision.meeting',
    with: {
      repeatable: true,
      source:
        'domain.md, 6 · Decision: "else the meeting cannot decide: the item is void for that meeting and comes back at a later one"',
    },
  },
  {
    add: newStep({
      id: 'decision.deferral',
      gate: 'decision',
      zh: '暂缓表决',
      en: 'vote deferred',
      // Decided by the meeting before the vote and entered through the voting service's form.
      roles: ['service', 'org_staff', 'recorder', 'deputy_minister'],
      arrives: 'voting',
      per: 'candidate',
      forCandidates: ['proposed'],
      required: OPTIONAL,
      repeatable: true,
      source:
        'domain.md, 6 · Decision: "deferral (暂缓表决) is decided before voting … the item is put off, with the reason, to a later meeting"',
    }),
    after: 'decision.meeting',
  },
  {
    add: newStep({
      id: 'decision.vote',
      gate: 'decision',
      zh: '逐一表决',
      en: 'vote on the candidate',
      roles: ['service'],
      arrives: 'voting',
      per: 'candidate',
      forCandidates: ['proposed'],
      forms: ['table'],
      source: 'domain.md, 6 · Decision: "each candidate is voted on separately"',
    }),
    after: 'decision.deferral',
  },
  {
    add: newStep({
      id: 'decision.reconsideration',
      gate: 'decision',
      zh: '复议',
      en: 'reconsideration',
      roles: ['org_staff', 'recorder', 'deputy_minister'],
      per: 'candidate',
      forCandidates: ['passed', 'not_passed'],
      required: OPTIONAL,
      repeatable: true,
      closedBy: ['decision.first_submission'],
      source:
        'domain.md, 6 · Decision: "reconsideration (复议) of a decision needs more than half of the members to agree to reconsider"',
    }),
    after: 'decision.vote',
  },
  // A post whose candidate did not pass: the five-person group may propose another eligible
  // candidate for it, or the organization concludes — the post left vacant, or the case ended.
  {
    add: newStep({
      id: 'decision.new_proposal',
      gate: 'decision',
      zh: '另行提出人选',
      en: 'another candidate proposed',
      roles: ['minister', 'recorder'],
      per: 'candidate',
      forCandidates: ['eligible'],
      required: OPTIONAL,
      after: ['decision.meeting'],
      closedBy: ['decision.first_submission'],
      source:
        'domain.md, 4 · Deliberation: "it ends with the candidate proposed for each post to the deciding body, with the reasons"; 6 · Decision: "a candidate who does not reach it is not passed"',
    }),
    after: 'decision.reconsideration',
  },
  {
    add: newStep({
      id: 'decision.conclude',
      gate: 'decision',
      zh: '未通过职位的处理',
      en: 'posts without a passed candidate concluded',
      // Leaving posts vacant or ending the case is the department's leaders' decision.
      roles: ['minister', 'deputy_minister'],
      required: OPTIONAL,
      after: ['decision.vote'],
      closedBy: ['decision.first_submission'],
      source: 'domain.md, 6 · Decision: "a candidate who does not reach it is not passed"',
    }),
    after: 'decision.new_proposal',
  },
  { change: 'decision.first_submission', with: { after: ['decision.vote'] } },
]);

/**
 * Version 3: the appointment and probation per candidate. What changed from version 2, step by step;
 * the announcement, its end and the second submission stay the case's (one announcement lists every
 * candidate passed).
 */
const V3 = revise(V2, 3, [
  {
    change: 'appointment.objection',
    with: {
      per: 'candidate',
      forCandidates: ['passed'],
      source:
        'domain.md, 7 · Appointment: "objections are logged; anonymous ones are investigated when serious and specific"',
    },
  },
  // Required of a candidate only while an objection about them awaits it (the workflow says which):
  // repeatable, as a deferral is followed by the outcome once the matter can be verified.
  {
    change: 'appointment.objection_outcome',
    with: { per: 'candidate', forCandidates: ['passed'], required: OPTIONAL, repeatable: true },
  },
  // The people's record of each meeting beside the voting service's: who chaired, the minutes and
  // the recording, the views stated in order (the principal leader last), by the layer's recorder.
  {
    add: newStep({
      id: 'decision.minutes',
      gate: 'decision',
      zh: '会议纪实',
      en: 'record of the meeting',
      roles: ['deputy_minister', 'recorder'],
      forms: ['text', 'table'],
      required: OPTIONAL,
      repeatable: true,
      after: ['decision.meeting'],
      closedBy: ['decision.first_submission'],
      source:
        'domain.md, 6 · Decision: "record: body, date, chair, expected and actual attendance, each member’s stated view or the tally (for, against, abstain), minutes, audio"',
    }),
    after: 'decision.conclude',
  },
  { change: 'appointment.notice', with: { per: 'candidate', forCandidates: ['passed'] } },
  { change: 'appointment.talk', with: { per: 'candidate', forCandidates: ['appointed'] } },
  { change: 'appointment.second_submission', with: { after: ['appointment.notice', 'appointment.talk'] } },
  {
    add: newStep({
      id: 'probation.absence',
      gate: 'probation',
      zh: '试用期内离岗',
      en: 'time away during probation',
      roles: ORG,
      per: 'candidate',
      forCandidates: ['appointed'],
      required: OPTIONAL,
      repeatable: true,
      source: 'domain.md, 8 · Probation: "extended when absent over six months"',
    }),
    before: 'probation.assessment',
  },
  { change: 'probation.assessment', with: { per: 'candidate', forCandidates: ['appointed'] } },
  { change: 'probation.outcome', with: { per: 'candidate', forCandidates: ['appointed'] } },
]);

/**
 * Version 4: the steps of version 3; each gate's record is signed off once the gate is done
 * (rules/record.rules.ts says who signs, in which order), and the case is archived only then.
 */
const V4 = revise(V3, 4, []);

/** Version 5: the steps of version 4; the deadlines of the process held as timers with reminders and escalation. */
const V5 = revise(V4, 5, [
  // A member unit's objection stops the consultation until the organization department records how
  // it was resolved (the workflow says which units object).
  {
    add: newStep({
      id: 'consultation.objection_resolved',
      gate: 'consultation',
      zh: '成员单位异议处理',
      en: 'a member unit’s objection resolved',
      roles: ORG,
      required: OPTIONAL,
      repeatable: true,
      after: ['consultation.request'],
      closedBy: ['consultation.close'],
      source:
        'domain.md, 5 · Consultation: "Each answers in writing by a deadline"; a unit’s objection is resolved before the gate closes',
    }),
    after: 'consultation.answer',
  },
]);

const SPECIFICATIONS: Readonly<Record<SpecVersion, Specification>> = { 1: V1, 2: V2, 3: V3, 4: V4, 5: V5 };

/** A step of the version new cases start under, or of version 1 (for the cases still running on it). */
export function anySpecStep(id: string): VersionedStep | undefined {
  return SPECIFICATIONS[CURRENT_SPEC_VERSION].step(id) ?? SPECIFICATIONS[1].step(id);
}

/** The specification of a version (1 when absent: cases started before versions were recorded). */
export function specificationOf(version: number | undefined): Specification {
  const spec = SPECIFICATIONS[(version ?? 1) as SpecVersion];
  if (!spec) throw new Error(`there is no specification version ${version}`);
  return spec;
}

/** Gate 3 · inspection (组织考察): its rules, each with its code and the words of domain.md it implements. */
import { addDays, type CivilDate, compareDates, daysBetween, monthsBetween } from '../../calendar/civil-date';
import type { WorkingCalendar } from '../../calendar/working-calendar';
import type { CaseProfile } from '../../classification/classification';
import { ALLOWED, refuse, type Verdict } from '../../errors/refusal';
import type { Policy } from '../../policy/policy';
import { checkRecusal, type Kinship } from '../qualification/qualification.rules';
import { rule, type RuleSpec } from '../../rules/rule-spec';
import { STATUTORY } from '../../rules/statutory';

export const INSPECTION_RULES: RuleSpec[] = [
  rule(
    'inspection',
    'INSP.SHORTLIST_RATIO',
    '差额考察，默认每个职位 2 名考察对象',
    'competitive shortlist, two candidates per post by default',
    'domain.md, 3 · Inspection: "shortlist: competitive, two candidates per post by default (*configurable*), date and method recorded, negative list checked"',
  ),
  rule(
    'inspection',
    'INSP.NEGATIVE_LIST_UNCHECKED',
    '确定考察对象须核查负面清单',
    'the negative list is checked for every shortlisted candidate',
    'domain.md, 3 · Inspection: "date and method recorded, negative list checked"',
  ),
  rule(
    'inspection',
    'INSP.TEAM_SIZE',
    '考察组不少于 2 人',
    'an inspection team of at least two',
    'domain.md, 3 · Inspection: "an inspection team of at least two, with recusal"',
  ),
  rule(
    'inspection',
    'INSP.TEAM_RECUSAL',
    '考察组成员与人选有亲属关系的须回避',
    'team members related to a candidate recuse',
    'domain.md, 3 · Inspection: "an inspection team of at least two, with recusal"',
  ),
  rule(
    'inspection',
    'INSP.NOTICE_DAYS',
    '考察预告提前 1 至 3 个工作日发布',
    'the notice is published 1–3 working days ahead',
    'domain.md, 3 · Inspection: "notice published 1–3 working days ahead (*local*)"',
  ),
  rule(
    'inspection',
    'INSP.EXTENDED_REQUIRED',
    '任现职不满一年的须延伸考察',
    'extended inspection when under a year in the current post',
    'domain.md, 3 · Inspection: "extended inspection when the candidate has held the current post under a year"',
  ),
  rule(
    'inspection',
    'INSP.FOUR_MUSTS',
    '“凡提四必”须逐项有结果',
    'the four musts each have their result',
    'domain.md, 3 · Inspection: "the four musts, each with its result: file review; personal-matters verification …; the discipline organ’s written opinion …; verification of specific petitions; an economic-responsibility audit where required"',
  ),
  rule(
    'inspection',
    'INSP.CONCEALMENT',
    '个人有关事项隐瞒不报的不得提拔',
    'concealment in the personal-matters report bars promotion',
    'domain.md, 3 · Inspection: "personal-matters verification (consistent or not; concealment bars promotion)"',
  ),
  rule(
    'inspection',
    'INSP.DISCIPLINE_OPINION',
    '纪检监察机关书面意见须载明受理、核实、结论及是否影响使用',
    'the discipline organ’s opinion states complaints, verification, outcome, effect on use',
    'domain.md, 3 · Inspection: "the discipline organ’s written opinion (complaints received, verified, outcome, whether it affects use)"',
  ),
  rule(
    'inspection',
    'INSP.INTEGRITY_SIGNATURES',
    '廉洁结论由单位党委书记和纪委书记签字',
    'the integrity conclusion is signed by the party secretary and the discipline secretary',
    'domain.md, 3 · Inspection: "the integrity conclusion is signed by the unit’s party secretary and discipline secretary"',
  ),
  rule(
    'inspection',
    'INSP.REPORT_SIGNATURES',
    '考察报告由考察组全体成员签名',
    'the inspection report is signed by every team member',
    'domain.md, 3 · Inspection: "the inspection report is signed by every member of the team"',
  ),
  rule(
    'inspection',
    'INSP.RANKING',
    '同一职位人选量化评分排名',
    'scores and a ranking per post',
    'domain.md, 3 · Inspection: "scores and a ranking per post"',
    'rankCandidates',
  ),
];

export function checkShortlist(
  shortlisted: readonly { candidateId: string; negativeListChecked: boolean }[],
  posts: number,
  profile: CaseProfile,
  policy: Policy,
): Verdict {
  const unchecked = shortlisted.filter((c) => !c.negativeListChecked).map((c) => c.candidateId);
  if (unchecked.length > 0) {
    return refuse(
      'INSP.NEGATIVE_LIST_UNCHECKED',
      `考察对象 ${unchecked.join('、')} 未核查负面清单`,
      `the negative list is not checked for ${unchecked.join(', ')}`,
      {
        unchecked,
      },
    );
  }
  return checkShortlistRatio(shortlisted.length, posts, profile, policy);
}

/** Competitive inspection: at least the policy's candidates per post (a changeover needs one per post). */
export function checkShortlistRatio(
  count: number,
  posts: number,
  profile: CaseProfile,
  policy: Policy,
): Verdict {
  // A changeover (交流转任) moves a cadre of the same grade: no competition between candidates.
  const needed =
    profile.selectionType === 'changeover'
      ? posts
      : Math.ceil(posts * policy.shortlistCandidatesPerPost - 1e-9);
  if (count >= needed) return ALLOWED;
  return refuse(
    'INSP.SHORTLIST_RATIO',
    `${posts} 个职位须确定不少于 ${needed} 名考察对象（差额考察），现有 ${count} 名`,
    `${posts} post(s) need at least ${needed} shortlisted candidates; there are ${count}`,
    { posts, needed, shortlisted: count },
  );
}

export interface TeamMember {
  readonly personId: string;
  /** Kinship with each candidate, by candidate id; absent means none. */
  readonly kinship: Readonly<Record<string, Kinship>>;
}

export function checkInspectionTeam(
  members: readonly TeamMember[],
  candidateIds: readonly string[],
): Verdict {
  if (members.length < STATUTORY.minInspectionTeam) {
    return refuse(
      'INSP.TEAM_SIZE',
      `考察组仅 ${members.length} 人，不得少于 ${STATUTORY.minInspectionTeam} 人`,
      `the team has ${members.length}; it needs at least ${STATUTORY.minInspectionTeam}`,
      {
        size: members.length,
      },
    );
  }
  for (const member of members) {
    for (const candidateId of candidateIds) {
      const verdict = checkRecusal(member.kinship[candidateId] ?? 'none', {
        personId: member.personId,
        candidateId,
      });
      if (!verdict.ok) {
        return refuse(
          'INSP.TEAM_RECUSAL',
          `考察组成员 ${member.personId} 与考察对象 ${candidateId} 有亲属关系，须回避`,
          `team member ${member.personId} is related to ${candidateId} and must recuse`,
          verdict.details,
        );
      }
    }
  }
  return ALLOWED;
}

/**
 * Working days from the notice (inclusive) to the start of inspection (exclusive). A notice more
 * than twice the maximum plus a month ahead is too early whatever the calendar says (such a span
 * always holds more working days than the maximum), and is refused without counting, so a date
 * mistyped years away never needs those years' schedules.
 */
export function checkInspectionNotice(
  noticeOn: CivilDate,
  inspectionStartsOn: CivilDate,
  calendar: WorkingCalendar,
  policy: Policy,
): Verdict {
  const { min, max } = policy.inspectionNoticeWorkingDays;
  const span = daysBetween(noticeOn, inspectionStartsOn);
  if (span > 2 * max + 31) {
    return refuse(
      'INSP.NOTICE_DAYS',
      `考察预告应提前 ${min} 至 ${max} 个工作日发布，实际提前 ${span} 天`,
      `the notice must come ${min}–${max} working days ahead; it came ${span} calendar days ahead`,
      { calendarDays: span, min, max },
    );
  }
  const ahead =
    compareDates(noticeOn, inspectionStartsOn) < 0
      ? calendar.workingDaysBetween(noticeOn, addDays(inspectionStartsOn, -1))
      : 0;
  if (ahead >= min && ahead <= max) return ALLOWED;
  return refuse(
    'INSP.NOTICE_DAYS',
    `考察预告应提前 ${min} 至 ${max} 个工作日发布，实际提前 ${ahead} 个工作日`,
    `the notice must come ${min}–${max} working days ahead; it came ${ahead}`,
    { ahead, min, max },
  );
}

/** Extended inspection (延伸考察) is needed when the candidate has held the current post under a year. */
export function needsExtendedInspection(inCurrentPostSince: CivilDate, on: CivilDate): boolean {
  return monthsBetween(inCurrentPostSince, on) < STATUTORY.extendedInspectionMonths;
}

export function checkExtendedInspection(
  inCurrentPostSince: CivilDate,
  on: CivilDate,
  extendedDone: boolean,
): Verdict {
  if (extendedDone || !needsExtendedInspection(inCurrentPostSince, on)) return ALLOWED;
  return refuse(
    'INSP.EXTENDED_REQUIRED',
    `人选自 ${inCurrentPostSince} 任现职，不满一年，须延伸考察`,
    `in the current post since ${inCurrentPostSince}, under a year: extended inspection is required`,
    {
      inCurrentPostSince,
    },
  );
}

/** The four musts (凡提四必) and their results. */
export interface FourMusts {
  readonly fileReview?: { readonly done: boolean; readonly findings: string };
  readonly personalMatters?: { readonly result: 'consistent' | 'inconsistent_explained' | 'concealed' };
  readonly disciplineOpinion?: {
    readonly complaintsReceived: number;
    readonly complaintsVerified: number;
    readonly outcome: string;
    readonly affectsUse: boolean | undefined;
  };
  readonly petitionCheck?: { readonly done: boolean; readonly findings: string };
  readonly audit?: { readonly done: boolean; readonly findings: string };
}

export function checkFourMusts(musts: FourMusts, profile: CaseProfile): Verdict {
  const missing: string[] = [];
  if (!musts.fileReview?.done) missing.push('fileReview');
  if (!musts.personalMatters) missing.push('personalMatters');
  if (!musts.disciplineOpinion) missing.push('disciplineOpinion');
  if (!musts.petitionCheck?.done) missing.push('petitionCheck');
  if (profile.auditRequired && !musts.audit?.done) missing.push('audit');
  if (missing.length > 0) {
    return refuse(
      'INSP.FOUR_MUSTS',
      `“凡提四必”尚缺结果：${missing.join('、')}`,
      `the four musts lack results: ${missing.join(', ')}`,
      {
        missing,
      },
    );
  }
  const opinion = musts.disciplineOpinion as NonNullable<FourMusts['disciplineOpinion']>;
  if (
    opinion.outcome.trim() === '' ||
    opinion.affectsUse === undefined ||
    opinion.complaintsVerified > opinion.complaintsReceived
  ) {
    return refuse(
      'INSP.DISCIPLINE_OPINION',
      '纪检监察机关意见须载明受理、核实件数，结论及是否影响使用',
      'the discipline opinion must state complaints received and verified, the outcome and whether it affects use',
    );
  }
  if (musts.personalMatters?.result === 'concealed') {
    return refuse(
      'INSP.CONCEALMENT',
      '个人有关事项报告存在隐瞒不报，不得提拔',
      'the personal-matters report concealed facts: no promotion',
    );
  }
  return ALLOWED;
}

export function checkIntegritySignatures(signatures: {
  partySecretary?: string;
  disciplineSecretary?: string;
}): Verdict {
  const missing = (['partySecretary', 'disciplineSecretary'] as const).filter((k) => !signatures[k]?.trim());
  if (missing.length === 0) return ALLOWED;
  return refuse(
    'INSP.INTEGRITY_SIGNATURES',
    '廉洁结论须由单位党委（党组）书记和纪委书记（纪检组长）签字',
    'the integrity conclusion needs the party secretary’s and discipline secretary’s signatures',
    {
      missing,
    },
  );
}

export function checkReportSignatures(
  teamMemberIds: readonly string[],
  signerIds: readonly string[],
): Verdict {
  const missing = teamMemberIds.filter((id) => !signerIds.includes(id));
  if (missing.length === 0 && teamMemberIds.length > 0) return ALLOWED;
  return refuse(
    'INSP.REPORT_SIGNATURES',
    `考察报告缺少考察组成员签名：${missing.join('、')}`,
    `the report lacks the signatures of ${missing.join(', ')}`,
    {
      missing,
    },
  );
}

/** Ranks candidates of one post by score, highest first; equal scores share a rank. */
export function rankCandidates(
  scores: readonly { candidateId: string; score: number }[],
): { candidateId: string; score: number; rank: number }[] {
  for (const s of scores) {
    if (!Number.isFinite(s.score)) {
      throw new Error(`score of ${s.candidateId} is not a number`);
    }
  }
  const sorted = [...scores].sort((a, b) => b.score - a.score || a.candidateId.localeCompare(b.candidateId));
  return sorted.map((s) => ({ ...s, rank: 1 + sorted.filter((t) => t.score > s.score).length }));
}

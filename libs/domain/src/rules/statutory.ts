/**
 * Numbers fixed by the Regulations and the rules beside them (not local): each with its source.
 * Numbers that differ by place are in policy/policy.ts.
 */
export const STATUTORY = Object.freeze({
  /** Reg. 2014 Art. 8: county/division level needs 5 years of work … */
  minWorkYears: 5,
  /** … of which 2 at the grassroots. */
  minGrassrootsYears: 2,
  /** Generally two or more posts at the level below. */
  minPostsAtLevelBelow: 2,
  /** Deputy → principal of the same level after 2 years as deputy. */
  deputyToPrincipalYears: 2,
  /** Lower principal → upper deputy after 3 years. */
  principalToUpperDeputyYears: 3,
  /** Training completed within a year of appointment where not done before. */
  trainingGraceMonths: 12,
  /** Exceptional promotion: not within a year of the last promotion. */
  exceptionalMinMonthsSincePromotion: 12,
  /** Inspection team of at least two. */
  minInspectionTeam: 2,
  /** Extended inspection when the candidate has held the current post under a year. */
  extendedInspectionMonths: 12,
  /** Recommendation results are valid for one year. */
  recommendationValidityMonths: 12,
  /** Decision: at least two thirds of the members present. */
  decisionQuorum: Object.freeze({ numerator: 2, denominator: 3 }),
  /** A dual-managed cadre's co-manager silent for a month is taken to consent (Reg. 2014 Art. 34). */
  dualManagedSilenceMonths: 1,
  /** Serious but not yet verifiable objections defer the appointment at most 3 months. */
  maxObjectionDeferralMonths: 3,
  /** Probation of one year (2001 rules; Reg. 2014 Art. 42). */
  probationMonths: 12,
  /** Probation is extended when the appointee was absent over six months. */
  probationAbsenceMonths: 6,
});

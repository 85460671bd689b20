import {
  type CandidateRecord,
  checkExceptionalApproval,
  checkExceptionalPromotion,
  checkGradeSkipReport,
  checkNegativeList,
  checkQualification,
  checkRecusal,
  type IntegrityFacts,
  sanctionImpactEnds,
} from '../../index';

const eligible: CandidateRecord = {
  workYears: 12,
  grassrootsYears: 4,
  postsAtLevelBelow: 2,
  currentLevel: 'county',
  currentRank: 'deputy',
  yearsInCurrentRank: 3,
  education: 'bachelor',
  trainingDone: true,
};
const countyPrincipal = { level: 'county', rank: 'principal' } as const;
const codes = (refusals: { code: string }[]) => refusals.map((r) => r.code);

describe('qualification (任职资格)', () => {
  it('finds an eligible candidate eligible', () => {
    expect(checkQualification(eligible, countyPrincipal)).toEqual([]);
  });

  it('needs 5 years of work and 2 at the grassroots for county level; exactly the minimum is enough', () => {
    expect(checkQualification({ ...eligible, workYears: 5, grassrootsYears: 2 }, countyPrincipal)).toEqual(
      [],
    );
    expect(
      codes(checkQualification({ ...eligible, workYears: 4, grassrootsYears: 1 }, countyPrincipal)),
    ).toEqual(['QUAL.WORK_YEARS', 'QUAL.GRASSROOTS_YEARS']);
  });

  it('needs two posts at the level below, generally', () => {
    expect(codes(checkQualification({ ...eligible, postsAtLevelBelow: 1 }, countyPrincipal))).toEqual([
      'QUAL.LOWER_POSTS',
    ]);
  });

  it('needs 2 years as deputy before principal; 3 as lower principal before upper deputy', () => {
    expect(checkQualification({ ...eligible, yearsInCurrentRank: 2 }, countyPrincipal)).toEqual([]);
    expect(codes(checkQualification({ ...eligible, yearsInCurrentRank: 1 }, countyPrincipal))).toEqual([
      'QUAL.DEPUTY_TO_PRINCIPAL',
    ]);
    const lowerPrincipal = { ...eligible, currentLevel: 'section', currentRank: 'principal' } as const;
    expect(
      checkQualification({ ...lowerPrincipal, yearsInCurrentRank: 3 }, { level: 'county', rank: 'deputy' }),
    ).toEqual([]);
    expect(
      codes(
        checkQualification({ ...lowerPrincipal, yearsInCurrentRank: 2 }, { level: 'county', rank: 'deputy' }),
      ),
    ).toEqual(['QUAL.PRINCIPAL_TO_UPPER_DEPUTY']);
  });

  it('waives the rank-experience rules (years in rank, posts below) for exceptional promotion, and only those', () => {
    const short = { ...eligible, yearsInCurrentRank: 1, postsAtLevelBelow: 1, workYears: 4 };
    expect(codes(checkQualification(short, countyPrincipal, { exceptional: true }))).toEqual([
      'QUAL.WORK_YEARS',
    ]);
  });

  it('needs junior college for county level and a bachelor’s degree for bureau level', () => {
    expect(checkQualification({ ...eligible, education: 'junior_college' }, countyPrincipal)).toEqual([]);
    expect(codes(checkQualification({ ...eligible, education: 'high_school' }, countyPrincipal))).toEqual([
      'QUAL.EDUCATION',
    ]);
    const bureau = {
      ...eligible,
      currentLevel: 'county',
      currentRank: 'principal',
      yearsInCurrentRank: 3,
    } as const;
    expect(
      codes(
        checkQualification({ ...bureau, education: 'junior_college' }, { level: 'bureau', rank: 'deputy' }),
      ),
    ).toEqual(['QUAL.EDUCATION']);
  });

  it('accepts training to be completed within a year, not later', () => {
    expect(
      checkQualification({ ...eligible, trainingDone: false, trainingDueWithinMonths: 12 }, countyPrincipal),
    ).toEqual([]);
    expect(
      codes(
        checkQualification(
          { ...eligible, trainingDone: false, trainingDueWithinMonths: 13 },
          countyPrincipal,
        ),
      ),
    ).toEqual(['QUAL.TRAINING']);
    expect(codes(checkQualification({ ...eligible, trainingDone: false }, countyPrincipal))).toEqual([
      'QUAL.TRAINING',
    ]);
  });
});

describe('exceptional promotion (破格提拔)', () => {
  const from = { level: 'county', rank: 'deputy' } as const;
  const history = { onProbation: false, lastPromotionOn: '2025-06-01', lastWasExceptionalOnYears: false };

  it('is refused on probation, within a year of the last promotion, twice on years, or two grades at once', () => {
    expect(
      checkExceptionalPromotion(history, from, countyPrincipal, '2026-06-01', { onYearsInPost: true }),
    ).toEqual([]);
    expect(
      codes(checkExceptionalPromotion(history, from, countyPrincipal, '2026-05-31', { onYearsInPost: true })),
    ).toEqual(['EXC.RECENT_PROMOTION']);
    expect(
      codes(
        checkExceptionalPromotion(
          { onProbation: true, lastWasExceptionalOnYears: true },
          from,
          { level: 'bureau', rank: 'principal' },
          '2026-06-01',
          { onYearsInPost: true },
        ),
      ),
    ).toEqual(['EXC.ON_PROBATION', 'EXC.TWICE_ON_YEARS', 'EXC.TWO_GRADES']);
    // county deputy → bureau deputy skips one grade (county principal): allowed as grade-skipping.
    expect(
      checkExceptionalPromotion(history, from, { level: 'bureau', rank: 'deputy' }, '2026-06-01', {
        onYearsInPost: false,
      }),
    ).toEqual([]);
  });

  it('needs approval before the decision meeting and a grade-skipping report before inspection', () => {
    expect(checkExceptionalApproval('2026-05-01', '2026-05-01').ok).toBe(true);
    expect(checkExceptionalApproval('2026-05-02', '2026-05-01')).toMatchObject({
      code: 'EXC.APPROVAL_BEFORE_DECISION',
    });
    expect(checkExceptionalApproval(undefined, '2026-05-01')).toMatchObject({
      code: 'EXC.APPROVAL_BEFORE_DECISION',
    });
    expect(checkGradeSkipReport('2026-04-30', '2026-05-01').ok).toBe(true);
    expect(checkGradeSkipReport('2026-05-01', '2026-05-01')).toMatchObject({ code: 'EXC.GRADE_SKIP_REPORT' });
  });
});

describe('the negative list (Reg. 2019 Art. 24)', () => {
  const clean: IntegrityFacts = {
    politicalDisciplineViolation: false,
    lowRecognition: false,
    lastAnnualReview: 'competent',
    canvassing: false,
    nakedOfficial: false,
    specialPost: false,
    sanctions: [],
  };

  it('bars each ground of the list', () => {
    expect(checkNegativeList(clean, '2026-11-27')).toEqual([]);
    expect(
      codes(
        checkNegativeList(
          {
            ...clean,
            politicalDisciplineViolation: true,
            lowRecognition: true,
            lastAnnualReview: 'basically_competent',
            canvassing: true,
            nakedOfficial: true,
          },
          '2026-11-27',
        ),
      ),
    ).toEqual([
      'NEG.POLITICAL_DISCIPLINE',
      'NEG.LOW_RECOGNITION',
      'NEG.ANNUAL_REVIEW',
      'NEG.CANVASSING',
      'NEG.NAKED_OFFICIAL',
    ]);
    expect(checkNegativeList({ ...clean, nakedOfficial: true, specialPost: true }, '2026-11-27')).toEqual([]);
  });

  it('counts the sanction impact periods: 1 year, 18 months, 2 years, 2 years after restoration', () => {
    expect(sanctionImpactEnds({ kind: 'warning', decidedOn: '2025-11-27' })).toBe('2026-11-27');
    expect(sanctionImpactEnds({ kind: 'serious_warning', decidedOn: '2025-05-27' })).toBe('2026-11-27');
    expect(sanctionImpactEnds({ kind: 'removal_from_party_post', decidedOn: '2024-11-27' })).toBe(
      '2026-11-27',
    );
    expect(
      sanctionImpactEnds({ kind: 'party_probation', decidedOn: '2022-01-01', restoredOn: '2024-11-27' }),
    ).toBe('2026-11-27');
    const warning = { ...clean, sanctions: [{ kind: 'warning' as const, decidedOn: '2025-11-27' }] };
    expect(codes(checkNegativeList(warning, '2026-11-26'))).toEqual(['NEG.SANCTION_PERIOD']);
    expect(checkNegativeList(warning, '2026-11-27')).toEqual([]);
  });
});

describe('recusal (回避)', () => {
  it('covers spouse, direct blood, collateral within three generations and close in-laws', () => {
    for (const kinship of ['spouse', 'direct_blood', 'collateral_within_three', 'close_in_law'] as const) {
      expect(checkRecusal(kinship, { personId: 'p', candidateId: 'c' })).toMatchObject({
        code: 'RECUSAL.KINSHIP',
      });
    }
    expect(checkRecusal('other', { personId: 'p', candidateId: 'c' }).ok).toBe(true);
    expect(checkRecusal('none', { personId: 'p', candidateId: 'c' }).ok).toBe(true);
  });

  it('fails closed on a kinship it does not know: "Spouse " requires recusal, it does not escape it', () => {
    for (const kinship of ['Spouse ', 'SPOUSE', '', 'constructor'])
      expect(checkRecusal(kinship as 'spouse', { personId: 'p', candidateId: 'c' })).toMatchObject({
        code: 'RECUSAL.KINSHIP',
      });
  });
});

import fc from 'fast-check';
import {
  CADRE_GROUPS,
  type CaseProfile,
  caseProfile,
  DECISION_BODIES,
  NOMINATION_SUBJECTS,
  POST_CATEGORIES,
  POST_LEVELS,
  SELECTION_TYPES,
} from '../classification/classification';
import { DomainError, type Refusal } from '../errors/refusal';
import {
  applyStep,
  checkArrival,
  type CaseProgress,
  decideStep,
  isGateComplete,
  learnFacts,
  missingSteps,
  startCase,
} from './case-progress';
import { isRequired } from './conditions';
import { allSteps, GATE_KEYS, type GateKey, GATES, gateIndex, STEP_ARRIVALS, stepSpec } from './gates';
import { type Role, ROLES } from './roles';

/** Walks every required step of every gate, in order, with the first role allowed to do it. */
function walk(progress: CaseProgress): CaseProgress {
  let current = progress;
  for (const gate of GATES) {
    for (const step of gate.steps) {
      if (isRequired(step.required, current.profile) && current.gate === gate.key) {
        current = applyStep(current, step.id, step.roles[0] as Role);
      }
    }
  }
  return current;
}

/** Does the next required step, again and again, until the case stands at `gate`. */
function advanceTo(progress: CaseProgress, gate: GateKey): CaseProgress {
  let current = progress;
  while (current.gate !== gate) {
    if (current.gate === 'completed') throw new Error(`passed ${gate} without stopping`);
    const next = missingSteps(current, current.gate)[0];
    if (!next) throw new Error(`stuck at ${current.gate}`);
    current = applyStep(current, next.id, next.roles[0] as Role);
  }
  return current;
}

function refusal(progress: CaseProgress, step: string, role: Role): Refusal {
  const verdict = decideStep(progress, step, role);
  if (verdict.ok) throw new Error(`expected ${step} by ${role} to be refused`);
  return verdict;
}

const profileArb: fc.Arbitrary<CaseProfile> = fc.record({
  selectionType: fc.constantFrom(...SELECTION_TYPES),
  postCategory: fc.constantFrom(...POST_CATEGORIES),
  cadreGroup: fc.constantFrom(...CADRE_GROUPS),
  postLevel: fc.constantFrom(...POST_LEVELS),
  nominationSubject: fc.constantFrom(...NOMINATION_SUBJECTS),
  decisionBody: fc.constantFrom(...DECISION_BODIES),
  promotion: fc.boolean(),
  elected: fc.boolean(),
  exceptionalPromotion: fc.boolean(),
  gradeSkipping: fc.boolean(),
  needsUpperApproval: fc.boolean(),
  recommendationByMeeting: fc.boolean(),
  recommendationByTalks: fc.boolean(),
  extendedInspection: fc.boolean(),
  auditRequired: fc.boolean(),
  dualManaged: fc.boolean(),
  objectionsReceived: fc.constant(false),
  nakedOfficialSpecialPost: fc.boolean(),
});

describe('case progress (the 1 + 8 gates)', () => {
  it('starts at qualification and walks all nine gates to completion', () => {
    const start = startCase(caseProfile());
    expect(start.gate).toBe('qualification');
    expect(walk(start).gate).toBe('completed');
  });

  it('refuses a step of a later gate while the current one is incomplete, naming what is missing', () => {
    const start = startCase(caseProfile());
    const r = refusal(start, 'motion.propose', 'org_staff');
    expect(r.code).toBe('CASE.GATE_INCOMPLETE');
    expect(r.details?.['missing']).toEqual(['qualification.check']);
    expect(r.zh).toContain('任职资格');
    expect(r.en).toContain('qualification');
    expect(refusal(start, 'decision.meeting', 'service').code).toBe('CASE.WRONG_GATE');
  });

  it('refuses a step of a closed gate, a repeat of a one-off step, and an unknown step', () => {
    const p = applyStep(startCase(caseProfile()), 'qualification.check', 'org_staff');
    expect(p.gate).toBe('motion');
    expect(refusal(p, 'qualification.check', 'org_staff').code).toBe('CASE.GATE_CLOSED');
    const q = applyStep(p, 'motion.propose', 'department_officer');
    expect(refusal(q, 'motion.propose', 'department_officer').code).toBe('CASE.STEP_ALREADY_DONE');
    expect(refusal(q, 'motion.nonsense', 'org_staff').code).toBe('CASE.UNKNOWN_STEP');
  });

  it('refuses the wrong role, saying who may', () => {
    const p = startCase(caseProfile());
    const r = refusal(p, 'qualification.check', 'member_unit');
    expect(r.code).toBe('CASE.ROLE_NOT_ALLOWED');
    expect(r.details?.['allowed']).toEqual(['org_staff', 'recorder']);
  });

  it('keeps order inside a gate: the five-person group after the department meeting', () => {
    let p = advanceTo(startCase(caseProfile()), 'deliberation');
    expect(refusal(p, 'deliberation.five_person_group', 'minister').code).toBe('CASE.STEP_OUT_OF_ORDER');
    p = applyStep(p, 'deliberation.department_meeting', 'cadre_section_chief');
    expect(decideStep(p, 'deliberation.five_person_group', 'minister').ok).toBe(true);
  });

  it('holds the motion until the upper approval arrives when the motion needs it', () => {
    let p = applyStep(
      startCase(caseProfile({ needsUpperApproval: true })),
      'qualification.check',
      'org_staff',
    );
    p = applyStep(p, 'motion.propose', 'org_staff');
    p = applyStep(p, 'motion.work_plan', 'org_staff');
    expect(p.gate).toBe('motion');
    expect(refusal(p, 'nomination.submit', 'service').code).toBe('CASE.GATE_INCOMPLETE');
    p = applyStep(p, 'motion.upper_approval', 'org_staff');
    expect(p.gate).toBe('nomination');
  });

  it('makes an objection’s outcome required, and closes objections when the announcement ends', () => {
    let p = advanceTo(startCase(caseProfile()), 'appointment');
    p = applyStep(p, 'appointment.announcement', 'org_staff');
    p = applyStep(p, 'appointment.objection', 'org_staff');
    p = applyStep(p, 'appointment.objection', 'org_staff');
    expect(missingSteps(p, 'appointment').map((s) => s.id)).toContain('appointment.objection_outcome');
    p = applyStep(p, 'appointment.announcement_end', 'service');
    expect(refusal(p, 'appointment.objection', 'org_staff').code).toBe('CASE.STEP_CLOSED');
  });

  it('ends a case without probation (an elected post) at appointment', () => {
    const done = walk(startCase(caseProfile({ elected: true })));
    expect(done.gate).toBe('completed');
    expect(done.done['probation.assessment']).toBeUndefined();
  });

  it('makes extended inspection required once it is learnt that a candidate is under a year in post', () => {
    const p = learnFacts(startCase(caseProfile()), { extendedInspection: true });
    expect(missingSteps({ ...p, gate: 'inspection' }, 'inspection').map((s) => s.id)).toContain(
      'inspection.extended',
    );
  });

  it('throws a DomainError carrying the refusal from applyStep', () => {
    expect(() => applyStep(startCase(caseProfile()), 'decision.meeting', 'service')).toThrow(DomainError);
  });

  it('property: no sequence of steps reaches a gate before every earlier gate is complete', () => {
    const stepIds = allSteps().map((s) => s.id);
    const reached: number[] = [];
    fc.assert(
      fc.property(
        profileArb,
        // Random steps by random roles, mixed with "the next required step", so runs get deep into the case.
        fc.array(
          fc.oneof(
            fc.tuple(fc.constantFrom(...stepIds, 'no.such_step'), fc.constantFrom(...ROLES)),
            fc.constant(['NEXT', 'org_staff'] as const),
          ),
          { minLength: 20, maxLength: 200, size: 'max' },
        ),
        (profile, attempts) => {
          let p = startCase(profile);
          let deepest = 0;
          for (const attempt of attempts) {
            let [step, role] = attempt as readonly [string, Role];
            if (step === 'NEXT') {
              if (p.gate === 'completed') continue;
              const next = missingSteps(p, p.gate)[0] as NonNullable<ReturnType<typeof missingSteps>[number]>;
              [step, role] = [next.id, next.roles[0] as Role];
            }
            const before = p;
            const verdict = decideStep(p, step, role);
            if (!verdict.ok) {
              expect(() => applyStep(p, step, role)).toThrow(DomainError);
              expect(p).toBe(before);
              continue;
            }
            const spec = stepSpec(step);
            if (!spec) throw new Error(`accepted an unknown step ${step}`);
            for (const earlier of GATE_KEYS.slice(0, gateIndex(spec.gate))) {
              expect(isGateComplete(p, earlier)).toBe(true);
            }
            const next = applyStep(p, step, role);
            if (next.gate !== 'completed' && p.gate !== 'completed') {
              expect(gateIndex(next.gate)).toBeGreaterThanOrEqual(gateIndex(p.gate));
            }
            p = next;
            deepest = Math.max(deepest, p.gate === 'completed' ? GATE_KEYS.length : gateIndex(p.gate));
          }
          reached.push(deepest);
          if (p.gate !== 'completed') {
            for (const earlier of GATE_KEYS.slice(0, gateIndex(p.gate)))
              expect(isGateComplete(p, earlier)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
    // The runs covered the whole case, not just its first gates.
    expect(Math.max(...reached)).toBe(GATE_KEYS.length);
  });

  it('property: every profile can walk through every gate to completion', () => {
    fc.assert(
      fc.property(profileArb, (profile) => {
        expect(walk(startCase(profile)).gate).toBe('completed');
      }),
      { numRuns: 200 },
    );
  });
});

describe('how each step arrives', () => {
  const steps = GATES.flatMap((g) => g.steps);

  it('lets a step arrive one way only, and refuses every other way with CASE.STEP_NOT_YOURS', () => {
    for (const step of steps) {
      expect(checkArrival(step.id, step.arrives).ok).toBe(true);
      for (const other of STEP_ARRIVALS.filter((a) => a !== step.arrives)) {
        const verdict = checkArrival(step.id, other);
        expect(verdict).toMatchObject({
          ok: false,
          code: 'CASE.STEP_NOT_YOURS',
          details: { arrives: step.arrives },
        });
      }
    }
    // The steps an outsider tried to post by hand are the voting service's and the workflow's.
    expect(checkArrival('decision.meeting', 'person')).toMatchObject({ code: 'CASE.STEP_NOT_YOURS' });
    expect(checkArrival('decision.meeting', 'inspection')).toMatchObject({ code: 'CASE.STEP_NOT_YOURS' });
    expect(checkArrival('appointment.announcement_end', 'person')).toMatchObject({
      code: 'CASE.STEP_NOT_YOURS',
    });
  });

  it('names `service` among the roles of exactly the steps a service or the workflow brings', () => {
    for (const step of steps) {
      const bySystem = ['nomination', 'inspection', 'voting', 'workflow'].includes(step.arrives);
      expect({ step: step.id, service: step.roles.includes('service') }).toEqual({
        step: step.id,
        service: bySystem || step.arrives === 'member_unit',
      });
      if (step.arrives === 'member_unit') expect(step.roles).toContain('member_unit');
    }
    expect(steps.filter((s) => s.arrives === 'nomination').map((s) => s.id)).toEqual([
      'nomination.submit',
      'nomination.meeting',
      'nomination.talks',
      'nomination.result',
    ]);
    expect(steps.filter((s) => s.arrives === 'voting').map((s) => s.id)).toEqual(['decision.meeting']);
  });
});

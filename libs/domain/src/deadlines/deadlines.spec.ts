import { WorkingCalendar } from '../calendar/working-calendar';
import { DEFAULT_POLICY, resolvePolicy, type Policy } from '../policy/policy';
import {
  DEADLINE_KEYS,
  DEADLINES,
  daysLate,
  deadlineDue,
  deadlineSpec,
  probationAssessmentDue,
  reminderDays,
} from './deadlines';

const calendar = WorkingCalendar.official();

describe('the deadlines of the process', () => {
  it('declares each once, with what starts it, the step it owes, its source and where it escalates', () => {
    expect(DEADLINES.map((d) => d.key)).toEqual([...DEADLINE_KEYS]);
    for (const d of DEADLINES) {
      expect(d.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(d.starts.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(d.source).toMatch(/domain\.md/);
      expect(d.length(DEFAULT_POLICY)).toBeGreaterThan(0);
    }
  });

  it('takes the local lengths from the organization’s policy', () => {
    const policy = resolvePolicy({
      upperApprovalReplyWorkingDays: 5,
      consultationDeadlineWorkingDays: 3,
      firstSubmissionDays: 7,
      probationAssessmentDays: 10,
    }) as Policy;
    expect(deadlineDue('motion.upper_approval', '2026-11-23', calendar, DEFAULT_POLICY)).toBe('2026-12-07');
    expect(deadlineDue('motion.upper_approval', '2026-11-23', calendar, policy)).toBe('2026-11-30');
    expect(deadlineDue('consultation.answer', '2026-11-23', calendar, policy)).toBe('2026-11-26');
    expect(deadlineDue('decision.first_submission', '2026-11-23', calendar, DEFAULT_POLICY)).toBe(
      '2026-11-28',
    );
    expect(deadlineDue('decision.first_submission', '2026-11-23', calendar, policy)).toBe('2026-11-30');
    // Statutory: a month of silence, three months of deferral, a year of probation (then the
    // organization's days for its assessment, extended with the probation by time away over six months).
    expect(deadlineDue('consultation.co_manager_silence', '2026-11-23', calendar, policy)).toBe('2026-12-22');
    expect(deadlineDue('appointment.objection_deferral', '2026-11-23', calendar, policy)).toBe('2027-02-23');
    expect(deadlineDue('probation.assessment', '2026-11-23', calendar, DEFAULT_POLICY)).toBe('2027-12-22');
    expect(deadlineDue('probation.assessment', '2026-11-23', calendar, policy)).toBe('2027-12-02');
    expect(probationAssessmentDue('2026-11-23', 7, policy)).toBe('2028-07-02');
    expect(probationAssessmentDue('2026-11-23', 6, policy)).toBe('2027-12-02');
    expect(deadlineSpec('decision.first_submission').configurable).toBe(true);
    expect(deadlineSpec('probation.assessment').configurable).toBe(true);
    expect(deadlineSpec('appointment.objection_deferral').configurable).toBe(false);
    expect(resolvePolicy({ probationAssessmentDays: 0 })).toEqual([
      expect.objectContaining({ code: 'POLICY.INVALID', details: { field: 'probationAssessmentDays' } }),
    ]);
  });

  it('reminds the owner the policy’s days before the last day, never before the deadline starts', () => {
    expect(reminderDays('consultation.answer', '2026-11-23', '2026-11-30', DEFAULT_POLICY)).toEqual([
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(reminderDays('consultation.answer', '2026-11-28', '2026-11-30', DEFAULT_POLICY)).toEqual([
      '2026-11-29',
    ]);
    const policy = resolvePolicy({ deadlineReminderDays: [3] }) as Policy;
    expect(reminderDays('decision.first_submission', '2026-11-23', '2026-11-28', policy)).toEqual([
      '2026-11-25',
    ]);
    // A co-manager is told before its silence counts as consent; a deferral's end is told when it comes.
    expect(
      reminderDays('consultation.co_manager_silence', '2026-11-23', '2026-12-22', DEFAULT_POLICY),
    ).toEqual(['2026-12-20', '2026-12-21']);
    expect(
      reminderDays('appointment.objection_deferral', '2026-11-23', '2027-02-23', DEFAULT_POLICY),
    ).toEqual([]);
    expect(resolvePolicy({ deadlineReminderDays: [0] })).toEqual([
      expect.objectContaining({ code: 'POLICY.INVALID', details: { field: 'deadlineReminderDays' } }),
    ]);
  });

  it('counts the days late', () => {
    expect(daysLate('2026-11-28', '2026-11-28')).toBe(0);
    expect(daysLate('2026-11-28', '2026-12-01')).toBe(3);
    expect(daysLate('2026-11-28', '2026-11-20')).toBe(0);
  });
});

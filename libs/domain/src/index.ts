/**
 * @jishi/domain — the rules of cadre selection and appointment (干部选拔任用) and of its
 * full-process record (全程纪实), as plain TypeScript: no I/O, no framework, no Node built-ins, so
 * the case workflow, the services and the archive all decide by the same code.
 */
export * from './errors/refusal';
export * from './calendar/civil-date';
export * from './calendar/working-calendar';
export * from './calendar/china-time';
export * from './calendar/official-notice';
export * from './calendar/calendar-loading';
export * from './policy/policy';
export * from './classification/classification';
export * from './gates/conditions';
export * from './gates/roles';
export * from './gates/gates';
export * from './gates/spec';
export * from './gates/case-progress';
export * from './catalogue/data-items';
export * from './catalogue/completeness';
export * from './rules/rule-spec';
export * from './rules/statutory';
export * from './rules/registry';
export * from './gates/qualification/qualification.rules';
export * from './gates/motion/motion.rules';
export * from './gates/nomination/nomination.rules';
export * from './gates/inspection/inspection.rules';
export * from './gates/deliberation/deliberation.rules';
export * from './gates/consultation/consultation.rules';
export * from './gates/decision/decision.rules';
export * from './gates/appointment/appointment.rules';
export * from './gates/appointment/objections';
export * from './gates/probation/probation.rules';
export * from './rules/record.rules';
export { describeModel } from './catalogue/model';
export * from './classification/profile-items';
export * from './gates/qualification/eligibility';
export * from './gates/inspection/shortlist';
export * from './gates/deliberation/proposals';
export * from './gates/decision/votes';
export * from './gates/inspection/four-musts';
export * from './rules/enforcement';
export * from './deadlines/deadlines';

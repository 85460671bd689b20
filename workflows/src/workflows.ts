// The worker's workflows entry point: every workflow the worker runs, and nothing else.
export { caseWorkflow } from './case.workflow';

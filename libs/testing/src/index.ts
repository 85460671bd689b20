export {
  findWorkspaceRoot,
  loadStackSettings,
  parseStackConf,
  searchAttributesRequest,
  type StackSettings,
} from './config/stack.config';
export {
  type ServiceUnderTest,
  personHeader,
  startServiceUnderTest,
  TEST_CALLER_TOKEN,
  TEST_PERSON_ASSERTION_KEY,
  TEST_WORKER_TOKEN,
} from './service-harness';
export { eligibleCheck, exampleItems, type SampleAttachments } from './record-items';

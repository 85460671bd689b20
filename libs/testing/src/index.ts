export {
  findWorkspaceRoot,
  loadStackSettings,
  parseStackConf,
  searchAttributesRequest,
  type StackSettings,
} from './config/stack.config';

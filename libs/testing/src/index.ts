export {
  findWorkspaceRoot,
  loadStackSettings,
  parseStackConf,
  type StackSettings,
} from './config/stack.config';

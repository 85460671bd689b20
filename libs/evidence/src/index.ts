export {
  SIGNATURE_SUITES,
  type SignatureSuite,
  signatureSuite,
  type SuiteName,
  SUITE_NAMES,
} from './signature-suite';
export {
  consistencyProof,
  emptyRoot,
  equalBytes,
  type HashFunction,
  inclusionProof,
  leafHash,
  type NodeSource,
  nodeHash,
  nodesCompletedBy,
  rangeHash,
  treeRoot,
  type TreeNode,
  verifyConsistency,
  verifyInclusion,
} from './merkle';
export { gateDigestText, type SignOffStatement, signOffText } from './sign-off';

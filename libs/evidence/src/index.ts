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
export {
  chainFact,
  columnsOf,
  type Digest,
  factBytes,
  type FactContent,
  factHash,
  type FactVerification,
  GENESIS_HASH,
  type StoredFact,
  verifyFacts,
} from './fact-chain';
export {
  type BundleKey,
  type BundleVerification,
  type CaseBundle,
  leafData,
  type SignedTreeHead,
  treeHeadText,
  verifyBundle,
} from './bundle';
export {
  candidatesOf,
  type FormEntry,
  type FormSection,
  type FormSignature,
  formValue,
  type RecordForm,
  recordForm,
} from './record-form';
export { NOTO_CJK, type PdfOptions, renderRecordFormPdf } from './record-form-pdf';
export {
  attachmentsOfFacts,
  type CaseFileManifest,
  caseFileManifest,
  type CaseFileVerification,
  MANIFEST,
  manifestText,
  verifyCaseFile,
} from './case-file';
export {
  type Submission,
  type SubmissionKind,
  SUBMISSION_STEPS,
  submissionText,
  verifySubmission,
} from './submission';
export {
  type CaseLedgerCompleteness,
  caseLedgerCompleteness,
  type CompletenessSummary,
  summarizeCompleteness,
} from './ledger-completeness';
export { type ConsistencyProof, type HeadSeriesVerification, verifyHeadSeries } from './head-series';
export {
  documentDigest,
  type DocumentStatement,
  documentSignText,
  type SignedDocumentKind,
  signedPart,
} from './document-signature';

export {
  SIGNATURE_SUITES,
  type SignatureSuite,
  signatureSuite,
  type SuiteName,
  SUITE_NAMES,
} from './signature-suite';

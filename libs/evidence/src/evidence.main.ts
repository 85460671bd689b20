// `npm run -s evidence -- keygen` prints a new key pair of the deployment's suite (JISHI_SUITE,
// ed25519-sha256 by default) as `<publicKey> <privateKey>`, hex: the signer keeps the private key,
// an administrator registers the public one.
// `curl …/cases/$CASE/gates/$GATE/digest | npm run -s evidence -- sign-off PRIVATE_KEY SIGNER ITEM`
// reads a gate's digest from standard input and prints the signature item a sign-off carries.
// `npm run -s evidence -- verify case.zip|bundle.json [LOG_PUBLIC_KEY]` checks a case's file (the zip:
// bundle, forms, attachments) or its bundle alone offline and
// names the first thing that is wrong (exit 1), or says how much it checked (exit 0).
// `npm run -s evidence -- heads heads.json LOG_PUBLIC_KEY` checks the heads a supervisor kept, with
// the consistency proofs between them, and names the two between which the log was forked.
import { readFileSync } from 'node:fs';
import { SUITE_NAMES, signatureSuite, type SuiteName } from './signature-suite';
import { signOffText } from './sign-off';
import { type BundleVerification, type CaseBundle, type SignedTreeHead, verifyBundle } from './bundle';
import { type ConsistencyProof, verifyHeadSeries } from './head-series';
import { verifyCaseFile } from './case-file';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const suiteName = process.env['JISHI_SUITE'] ?? 'ed25519-sha256';
if (!(SUITE_NAMES as readonly string[]).includes(suiteName))
  fail(`JISHI_SUITE must be one of ${SUITE_NAMES.join(', ')}`);
const suite = signatureSuite(suiteName as SuiteName);
const [command, ...args] = process.argv.slice(2);

if (command === 'keygen') {
  const { publicKey, privateKey } = suite.generateKeyPair();
  process.stdout.write(`${publicKey} ${privateKey}\n`);
} else if (command === 'sign-off') {
  const [privateKey, signerId, item] = args;
  if (!privateKey || !signerId || !item) fail('usage: sign-off PRIVATE_KEY SIGNER ITEM < digest.json');
  let digest: { caseId?: unknown; gate?: unknown; through?: unknown; digest?: unknown };
  try {
    digest = JSON.parse(readFileSync(0, 'utf8')) as typeof digest;
  } catch {
    fail('standard input is not the JSON of a gate’s digest');
  }
  const { caseId, gate, through } = digest;
  if (
    typeof caseId !== 'string' ||
    typeof gate !== 'string' ||
    typeof through !== 'number' ||
    typeof digest.digest !== 'string'
  )
    fail('standard input is not the JSON of a gate’s digest (caseId, gate, through, digest)');
  const signature = suite.sign(
    signOffText({ caseId, gate, through, digest: digest.digest, signerId, item }),
    privateKey,
  );
  process.stdout.write(`${JSON.stringify({ signerId, through, signature })}\n`);
} else if (command === 'verify') {
  const [file, logPublicKey] = args;
  if (!file) fail('usage: verify CASE.zip|BUNDLE.json [LOG_PUBLIC_KEY]');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    fail(`${file} cannot be read`);
  }
  const options = logPublicKey ? { logPublicKey } : {};
  // A zip (the case's file, with forms and attachments) starts with PK; else a bundle's JSON.
  let result: BundleVerification;
  if (bytes.subarray(0, 2).toString('latin1') === 'PK') result = verifyCaseFile(bytes, options);
  else {
    let bundle: CaseBundle;
    try {
      bundle = JSON.parse(bytes.toString('utf8')) as CaseBundle;
    } catch {
      fail(`${file} is neither a case's zip file nor a JSON bundle`);
    }
    result = verifyBundle(bundle, options);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!logPublicKey)
    process.stderr.write('the log key was not pinned: the head is checked against its own key\n');
  process.exit(result.valid ? 0 : 1);
} else if (command === 'heads') {
  // A file of the heads kept from jishi.ledger.heads.v1 and the consistency proofs between each two
  // in turn (GET /ledger/consistency?from=&to=): { "heads": [...], "proofs": [{ "from", "to", "proof" }] }.
  const [file, logPublicKey] = args;
  if (!file || !logPublicKey) fail('usage: heads HEADS.json LOG_PUBLIC_KEY');
  let kept: { heads?: SignedTreeHead[]; proofs?: ConsistencyProof[] };
  try {
    kept = JSON.parse(readFileSync(file, 'utf8')) as typeof kept;
  } catch {
    fail(`${file} is not readable JSON`);
  }
  const result = verifyHeadSeries(kept.heads ?? [], kept.proofs ?? [], logPublicKey);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.valid ? 0 : 1);
} else {
  fail(
    'commands: keygen | sign-off PRIVATE_KEY SIGNER ITEM < digest.json | verify CASE.zip|BUNDLE.json [LOG_PUBLIC_KEY] | heads HEADS.json LOG_PUBLIC_KEY',
  );
}

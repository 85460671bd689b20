// `npm run -s evidence -- keygen` prints a new key pair of the deployment's suite (JISHI_SUITE,
// ed25519-sha256 by default) as `<publicKey> <privateKey>`, hex: the signer keeps the private key,
// an administrator registers the public one.
// `curl …/cases/$CASE/gates/$GATE/digest | npm run -s evidence -- sign-off PRIVATE_KEY SIGNER ITEM`
// reads a gate's digest from standard input and prints the signature item a sign-off carries.
// `npm run -s evidence -- verify bundle.json [LOG_PUBLIC_KEY]` checks a case's bundle offline and
// names the first thing that is wrong (exit 1), or says how much it checked (exit 0).
import { readFileSync } from 'node:fs';
import { SUITE_NAMES, signatureSuite, type SuiteName } from './signature-suite';
import { signOffText } from './sign-off';
import { type CaseBundle, verifyBundle } from './bundle';

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
  if (!file) fail('usage: verify BUNDLE.json [LOG_PUBLIC_KEY]');
  let bundle: CaseBundle;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8')) as CaseBundle;
  } catch {
    fail(`${file} is not a readable JSON bundle`);
  }
  const result = verifyBundle(bundle, logPublicKey ? { logPublicKey } : {});
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!logPublicKey)
    process.stderr.write('the log key was not pinned: the head is checked against its own key\n');
  process.exit(result.valid ? 0 : 1);
} else {
  fail(
    'commands: keygen | sign-off PRIVATE_KEY SIGNER ITEM < digest.json | verify BUNDLE.json [LOG_PUBLIC_KEY]',
  );
}

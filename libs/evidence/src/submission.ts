/**
 * A case's record submitted to the supervising organ (纪实报送): the first submission after the
 * decision, the second after appointment. The archive sends the case's bundle up to the fact that
 * recorded the submission, signed by its log key; the supervising organ checks it with
 * `verifySubmission`, offline, against the log key it pinned.
 */
import { type BundleVerification, type CaseBundle, verifyBundle } from './bundle';
import type { FactContent } from './fact-chain';
import { SUITE_NAMES, signatureSuite, type SuiteName } from './signature-suite';

/** The steps that record a submission, and which one each is. */
export const SUBMISSION_STEPS = {
  'decision.first_submission': 'first',
  'appointment.second_submission': 'second',
} as const;
export type SubmissionKind = (typeof SUBMISSION_STEPS)[keyof typeof SUBMISSION_STEPS];

export interface Submission {
  readonly caseId: string;
  readonly submission: SubmissionKind;
  readonly sequence: number;
  readonly bundleJson: string;
  readonly suite: string;
  readonly publicKey: string;
  readonly signature: string;
}

/** The text a submission's signature is over. */
export function submissionText(
  s: Pick<Submission, 'caseId' | 'submission' | 'sequence'>,
  bundleDigest: string,
): string {
  return `jishi.submission.v1\n${s.caseId}\n${s.submission}\n${s.sequence}\n${bundleDigest}`;
}

/**
 * Checks a submission: signed by the log key, its bundle sound (facts, proofs, signatures), of the
 * case it names, and running exactly to the fact that recorded this submission.
 */
export function verifySubmission(s: Submission, options: { logPublicKey: string }): BundleVerification {
  const wrong = (check: string, reason: string): BundleVerification => ({
    valid: false,
    facts: 0,
    signatures: 0,
    problem: { check, reason },
  });
  if (!(SUITE_NAMES as readonly string[]).includes(s.suite))
    return wrong('format', `unknown suite ${s.suite}`);
  const suite = signatureSuite(s.suite as SuiteName);
  if (
    s.publicKey !== options.logPublicKey ||
    !suite.verify(submissionText(s, suite.digest(s.bundleJson)), s.signature, options.logPublicKey)
  )
    return wrong('submission', 'the submission is not signed by the log key');
  let bundle: CaseBundle;
  try {
    bundle = JSON.parse(s.bundleJson) as CaseBundle;
  } catch {
    return wrong('format', 'the bundle is not JSON');
  }
  const checked = verifyBundle(bundle, options);
  if (!checked.valid) return checked;
  const last = bundle.facts.at(-1);
  const content = last ? (JSON.parse(last.content) as FactContent) : undefined;
  const step = content?.step?.stepId as keyof typeof SUBMISSION_STEPS | undefined;
  if (
    bundle.caseId !== s.caseId ||
    last?.sequence !== s.sequence ||
    content?.kind !== 'step.recorded' ||
    step === undefined ||
    !Object.hasOwn(SUBMISSION_STEPS, step) ||
    SUBMISSION_STEPS[step] !== s.submission
  )
    return {
      ...checked,
      valid: false,
      problem: { check: 'submission', reason: `the bundle does not run to the ${s.submission} submission` },
    };
  return checked;
}

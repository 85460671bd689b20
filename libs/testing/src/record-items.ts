import { type CaseProfile, caseProfile, DATA_ITEMS, type DataItem, isRequired } from '@jishi/domain';

/** Files stored for the case that attachment items name: a document, and a meeting's recording. */
export interface SampleAttachments {
  readonly document: { readonly name: string; readonly sha256: string };
  readonly recording: { readonly name: string; readonly sha256: string };
}

/** A value of an item's type, as a form would hold it; `today` for dates. */
function sample(item: DataItem, today: string, files?: SampleAttachments): unknown {
  const one = (() => {
    switch (item.type) {
      case 'text':
        return `${item.zh}：已记录`;
      case 'number':
        return 1;
      case 'date':
        return today;
      case 'enum':
        return item.options?.[0];
      case 'person':
        return { id: 'p-1', name: '张三' };
      case 'signature':
        return { signerId: 'p-1', signature: 'c2lnbmF0dXJl' };
      case 'attachment':
        if (files) return item.media === 'audio_video' ? files.recording : files.document;
        return { name: 'doc.pdf', sha256: 'a'.repeat(64) };
      default:
        return undefined;
    }
  })();
  if (item.type === 'measure') return [];
  return item.multiple ? [one] : one;
}

/**
 * A step's required record items (specification 2 accepts no step without them), each a valid
 * value of its type, with the test's own values over them: what a filled-in form sends. Attachment
 * items name the files given (stored for the case), or a made-up digest where nothing checks it.
 */
export function exampleItems(
  stepId: string,
  own: Readonly<Record<string, unknown>> = {},
  options: { today: string; profile?: CaseProfile; attachments?: SampleAttachments },
): Record<string, unknown> {
  const profile = options.profile ?? caseProfile();
  const items = Object.fromEntries(
    DATA_ITEMS.filter((i) => i.step === stepId && !i.computed && isRequired(i.required, profile)).map((i) => [
      i.key,
      sample(i, options.today, options.attachments),
    ]),
  );
  return { ...items, ...own };
}

/**
 * The facts of an eligibility check (`qualification.check`) of a candidate who meets a county-level
 * deputy post's conditions and is on no negative list, with the test's own facts over them.
 */
export function eligibleCheck(
  own: Readonly<Record<string, unknown>> = {},
  options: { today: string; attachments?: SampleAttachments },
): Record<string, unknown> {
  return exampleItems(
    'qualification.check',
    {
      'qualification.check.work_years': 12,
      'qualification.check.grassroots_years': 4,
      'qualification.check.posts_at_level_below': 2,
      'qualification.check.current_level': 'section',
      'qualification.check.current_rank': 'principal',
      'qualification.check.current_rank_since': '2021-03-01',
      'qualification.check.education': 'bachelor',
      'qualification.check.training': 'done',
      'qualification.check.last_annual_review': 'excellent',
      'qualification.check.political_discipline': 'no',
      'qualification.check.low_recognition': 'no',
      'qualification.check.canvassing': 'no',
      'qualification.check.naked_official': 'no',
      ...own,
    },
    options,
  );
}

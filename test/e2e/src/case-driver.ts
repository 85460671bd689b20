/**
 * One case (干部选拔任用事项) driven through all nine gates (环节) on the happy path, through the
 * gateway only (and the member units' answers on their Kafka topic), the way the nine-gates walk
 * drives it, reduced to one post and the fewest people and steps the rules accept: no refusal tried,
 * no void meeting, no deferral, no ineligible candidate.
 *
 * It is written to be driven while the system is being broken: processes killed with SIGKILL and
 * started again, Kafka, Temporal and PostgreSQL restarted. Every HTTP call goes through one helper that
 * asks again, with a short backoff, while the gateway is away or answers 5xx or 429; every step of a
 * case carries an Idempotency-Key of its own, so a retry is a replay; a refusal that only says the
 * earlier attempt landed counts as done; every wait for the case allows several minutes.
 */
import { create, toBinary } from '@bufbuild/protobuf';
import {
  ActorKind,
  type CaseStatus,
  ConsultationAnsweredSchema,
  createEnvelope,
  encodeEnvelope,
  Topics,
} from '@jishi/contracts';
import {
  addDays,
  caseProfile,
  chinaDateOf,
  dayOfWeek,
  GATE_KEYS,
  type GateKey,
  profileAsItems,
  signOffSlots,
} from '@jishi/domain';
import { documentDigest, documentSignText, signatureSuite, signOffText } from '@jishi/evidence';
import { signEnvelope } from '@jishi/messaging';
import { eligibleCheck, exampleItems, type SampleAttachments } from '@jishi/testing';
import { Kafka, logLevel } from 'kafkajs';
import { createHash, randomBytes } from 'node:crypto';
import type { SystemUnderTest } from './system';

/**
 * How a SystemUnderTest for driven cases is constructed: the nine-gates walk's own settings, so the
 * case's timers are short (the announcement 8 s, the probation 6 s, a deadline's day 1 s) and the
 * policy asks for no member unit beyond the three the rules always require, and 1.5 shortlisted
 * candidates per post (差额考察: more candidates than posts).
 */
export const DRIVER_SYSTEM_OPTIONS = {
  timers: 'announcement=8s,probation=6s,consultation=1h,deadlineDay=1s',
  policy: '{"consultationUnits":[],"shortlistCandidatesPerPost":1.5}',
} as const satisfies ConstructorParameters<typeof SystemUnderTest>[0];

/**
 * Starts a new case through the gateway and drives it through all nine gates until it is completed
 * after probation and every gate's record (纪实) is signed off. Safe to run several at once on one
 * system, and while its processes are killed and its stack restarted. Logs one line per gate reached.
 *
 * @returns the case's id, and the steps taken: each write that changed something (a step, a form, a
 *   roll, a ballot, a key, an attachment, a member unit's answer), counted once however often it was
 *   retried.
 * @throws when a call is refused for a reason other than having been done already, when the gateway
 *   stays away or failing for 7 minutes, or when the case does not move on within several minutes;
 *   the message names the label, the call and what came back.
 */
export async function driveCase(
  system: SystemUnderTest,
  options: { label: string; log?: (line: string) => void },
): Promise<{ caseId: string; steps: number }> {
  const driver = new CaseDriver(system, options.label, options.log ?? (() => undefined));
  await driver.run();
  return { caseId: driver.caseId, steps: driver.steps };
}

// --- timing -------------------------------------------------------------------------------------

/** How long one call keeps asking again while the gateway is away or failing. */
const RETRY_BUDGET_MS = 420_000;
const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 2_000;
/** How long a wait for the case to move on may take: a restarted Temporal or worker delays everything. */
const WAIT_BUDGET_MS = 10 * 60_000;
const POLL_MS = 500;
/** One request's own limit: the gateway answers a step within its step wait (10 s) and a little more. */
const REQUEST_TIMEOUT_MS = 45_000;
/** A secret ballot waits in the ballot box for its batch (the gateway waits 75 s for it). */
const BALLOT_REQUEST_TIMEOUT_MS = 100_000;
/** How long a member unit's answer may take to reach the case before the unit sends it again. */
const ANSWER_WAIT_MS = 90_000;

// --- the case ----------------------------------------------------------------------------------

/** The department (用人单位) whose portal starts the case, as in the walk. */
const DEPT = 'dept-e2e';
/** The organization department (组织部), whose people do most of the steps. */
const ORG = 'org-dept';
/** Facts of the case that decide its steps: the nomination service reports meetings, not talks. */
const PROFILE = { recommendationByTalks: false } as const;
/** The members of the deciding body (the standing committee, 常委会): the fewest the portal accepts. */
const COMMITTEE = 3;
/** The two candidates: one post needs at least two shortlisted (1.5 per post, rounded up). */
const CANDIDATE = 'cand-a';
const RUNNER_UP = 'cand-b';
/** The member units every consultation asks (联席会议成员单位), the three the rules always require. */
const UNITS = ['candidate_unit_party_body', 'candidate_unit_personnel', 'discipline_inspection'] as const;
/** The suite the nominators, the inspection team and the signers of the record sign with. */
const SUITE = signatureSuite('ed25519-sha256');
const MINUTES = Buffer.from('%PDF-1.4\n% 会议记录 / minutes of the meeting\n', 'utf8');
const RECORDING = Buffer.from('OggS\u0000 会议录音 / recording of the meeting', 'utf8');
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * The people who act on the case, each with the role and unit of their token. Three committee
 * members serve as the recommendation meeting's one participant, the appraisal's one appraiser and
 * the deciding body, as the walk's voters do.
 */
const PEOPLE = {
  officer: { role: 'department_officer', unit: DEPT },
  staff: { role: 'org_staff', unit: ORG },
  chief: { role: 'cadre_section_chief', unit: ORG },
  minister: { role: 'minister', unit: ORG },
  deputy: { role: 'deputy_minister', unit: ORG },
  inspector1: { role: 'inspection_team_member', unit: ORG },
  inspector2: { role: 'inspection_team_member', unit: ORG },
  recorder: { role: 'recorder', unit: ORG },
  reviewer: { role: 'reviewer', unit: ORG },
  supervision: { role: 'supervision_section_chief', unit: ORG },
  admin: { role: 'org_admin', unit: ORG },
  member1: { role: 'voter', unit: 'committee' },
  member2: { role: 'voter', unit: 'committee' },
  member3: { role: 'voter', unit: 'committee' },
} as const;
type Person = keyof typeof PEOPLE;

/** Who signs a gate's record (纪实签字) in a slot of the given role. */
const SIGNER_OF: Readonly<Record<string, Person>> = {
  recorder: 'recorder',
  reviewer: 'reviewer',
  cadre_section_chief: 'chief',
  supervision_section_chief: 'supervision',
  deputy_minister: 'deputy',
  inspection_team_member: 'inspector1',
};

/** Those who sign with a registered key: the nominator (not a user of the gateway) and the signers. */
const KEY_HOLDERS = ['nominator', 'inspector1', 'inspector2', 'recorder', 'chief', 'supervision', 'deputy'];

/** A ballot the box still holds (from an attempt whose answer was lost), or handed back: ask again. */
const BALLOT_AGAIN = ['BALLOT.PENDING', 'BALLOT.NOT_TAKEN'];

/** The gates in order, then the end. */
const PLACES: readonly string[] = [...GATE_KEYS, 'completed'];

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/**
 * The State Council's notice (国务院办公厅节假日安排通知) for a year the calendar lacks, in its
 * published form, as an administrator pastes it. No package covers the year yet, so its days are made
 * up: New Year's Day (1–3 January) and National Day (1–7 October) off, as every recent year has them.
 */
export function noticeFor(year: number): string {
  const d = (md: string) => `${year}-${md}`;
  const wd = (date: string) => WEEKDAYS[dayOfWeek(date)] as string;
  return [
    `国务院办公厅关于${year}年部分节假日安排的通知`,
    `国办发明电〔${year - 1}〕90号`,
    '各省、自治区、直辖市人民政府，国务院各部委、各直属机构：',
    `经国务院批准，现将${year}年元旦、国庆节放假调休日期的具体安排通知如下。`,
    `一、元旦：1月1日（${wd(d('01-01'))}）至3日（${wd(d('01-03'))}）放假，共3天。`,
    `二、国庆节：10月1日（${wd(d('10-01'))}）至7日（${wd(d('10-07'))}）放假调休，共7天。`,
    '节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。',
    '国务院办公厅',
    `${year - 1}年11月20日`,
  ].join('\n');
}

// --- failures ----------------------------------------------------------------------------------

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown> & { code?: string };
}

/** A call that kept failing in a way worth asking again (the gateway away, 5xx, 429) for too long. */
class StillFailing extends Error {}

/** A wait for the case (or a service) that did not end in time. */
class WaitTimedOut extends Error {}

/** A step the case refused, and had not recorded either. */
class StepRefused extends Error {
  constructor(
    message: string,
    readonly reply: Reply,
  ) {
    super(message);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const preview = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 1500 ? `${text.slice(0, 1500)}…` : text;
};

/** An error as one line, with the code of its cause (ECONNREFUSED, UND_ERR_SOCKET, …). */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = cause?.code ?? (err as { code?: unknown }).code;
  return `${err.name}: ${err.message}${code ? ` (${String(code)})` : ''}`;
}

/** Races a task against a time limit (a client that hangs on a broker that is away). */
async function within<T>(ms: number, what: string, task: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([task(), limit]);
  } finally {
    clearTimeout(timer);
  }
}

// --- the driver --------------------------------------------------------------------------------

class CaseDriver {
  caseId = '';
  steps = 0;
  /** Names this driver's request, people and keys apart from those of the cases beside it. */
  private readonly tag = randomBytes(4).toString('hex');
  private readonly ids: Record<Person, string>;
  private readonly tokens: Record<Person, string>;
  private readonly keys = new Map<string, { publicKey: string; privateKey: string }>();
  private readonly loadedYears = new Set<number>();
  private files: SampleAttachments | undefined;

  constructor(
    private readonly system: SystemUnderTest,
    private readonly label: string,
    private readonly log: (line: string) => void,
  ) {
    const people = Object.keys(PEOPLE) as Person[];
    this.ids = Object.fromEntries(people.map((p) => [p, `${p}-${this.tag}`])) as Record<Person, string>;
    this.tokens = Object.fromEntries(
      people.map((p) => [p, system.token(PEOPLE[p].role, PEOPLE[p].unit, this.ids[p])]),
    ) as Record<Person, string>;
  }

  async run(): Promise<void> {
    await this.start();
    await this.qualification();
    await this.motion();
    await this.registerKeys();
    await this.nomination();
    await this.inspection();
    await this.deliberation();
    await this.consultation();
    await this.decision();
    await this.appointment();
    await this.probation();
    await this.signOff();
  }

  // --- the gates ---------------------------------------------------------------------------------

  /** The department's portal starts the case; the same request id always names the same case. */
  private async start(): Promise<void> {
    const slug =
      this.label
        .replace(/[^A-Za-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 24) || 'case';
    const started = await this.send('officer', 'POST', '/cases', {
      body: {
        requestId: `drv-${slug}-${this.tag}`,
        departmentId: DEPT,
        title: '县交通运输局副局长选拔',
        posts: 1,
        committeeMembers: COMMITTEE,
        // The recommendation meeting (推荐会议) of one participant: present, they are its quorum.
        recommendationParticipants: 1,
        profile: PROFILE,
      },
      ok: [200, 201],
    });
    this.caseId = String(started.body['caseId'] ?? '');
    if (!this.caseId) throw new Error(`${this.label}: POST /cases named no case: ${preview(started.body)}`);
    await this.reach('qualification');
    // The case's files in the attachment store, which the record's items name by digest; the same
    // bytes again change nothing (200).
    await this.upload('会议记录.pdf', 'application/pdf', MINUTES);
    await this.upload('会议录音.ogg', 'audio/ogg', RECORDING);
    this.files = {
      document: { name: '会议记录.pdf', sha256: sha256Of(MINUTES) },
      recording: { name: '会议录音.ogg', sha256: sha256Of(RECORDING) },
    };
  }

  /** Gate 0, qualification (任职资格): the post's conditions, and the case's profile confirmed. */
  private async qualification(): Promise<void> {
    await this.step(
      'staff',
      'qualification.conditions',
      this.filled('qualification.conditions', {
        'qualification.conditions.level': 'county',
        'qualification.conditions.rank': 'deputy',
      }),
    );
    await this.step('staff', 'qualification.profile', profileAsItems(caseProfile(PROFILE)));
  }

  /** Gate 1, motion (动议): the department proposes, the organization department plans the work. */
  private async motion(): Promise<void> {
    await this.reach('motion');
    await this.step(
      'officer',
      'motion.propose',
      this.filled('motion.propose', {
        'motion.propose.reason': '原局长到龄退休，职位空缺',
        'motion.propose.approval_grounds': ['none'],
      }),
    );
    await this.step('staff', 'motion.work_plan', this.filled('motion.work_plan'));
  }

  /** The administrator registers the keys the nominator, the inspection team and the signers sign with. */
  private async registerKeys(): Promise<void> {
    for (const holder of KEY_HOLDERS) {
      const key = SUITE.generateKeyPair();
      this.keys.set(this.personId(holder), key);
      // The same person and key again answer 201 with the key as registered.
      await this.send('admin', 'POST', '/keys', {
        body: { personId: this.personId(holder), publicKey: key.publicKey },
        ok: [201],
      });
    }
  }

  /**
   * Gate 2, nomination (提名推荐): one signed recommendation form (署名推荐表) for the runner-up and
   * the one participant's ballot for the candidate, so the reference candidates (2) outnumber the post.
   */
  private async nomination(): Promise<void> {
    await this.reach('nomination');
    const round = `/cases/${this.caseId}/nomination`;
    await this.until(
      'the nomination round',
      () => this.read(round),
      (r) => r.status === 200,
    );
    const nominatorId = this.personId('nominator');
    const form = {
      subject: 'leader',
      signerIsPartySecretary: true,
      organizationDepartmentPrincipalId: 'org-principal',
      reason: '主持完成全县农村公路改造三年行动，获省级表彰，熟悉交通建设管理',
      strengths: '熟悉交通建设',
      weaknesses: '宏观谋划能力有待提高',
      kinshipDeclared: false,
      nominatorId,
      candidateId: RUNNER_UP,
    };
    const text = documentSignText({
      caseId: this.caseId,
      kind: 'nomination.form',
      digest: documentDigest(form),
      signerId: nominatorId,
    });
    await this.send('staff', 'POST', `${round}/forms`, {
      body: { ...form, signature: SUITE.sign(text, this.keyOf(nominatorId)) },
      ok: [201],
      // One form per nominator and candidate: a retry after the first was taken.
      done: ['NOMINATION.DUPLICATE_FORM'],
    });
    await this.send('staff', 'PUT', `${round}/participants`, {
      body: { members: [{ personId: this.ids.member1, name: '参加人员1' }] },
      ok: [204],
    });
    // The only participant: the ballot box (票箱) writes it at once (no one else may still vote).
    await this.send('member1', 'POST', `${round}/ballots`, {
      body: { candidateIds: [CANDIDATE] },
      ok: [204],
      done: ['NOMINATION.ALREADY_VOTED'],
      again: BALLOT_AGAIN,
      timeoutMs: BALLOT_REQUEST_TIMEOUT_MS,
    });
    await this.send('staff', 'POST', `${round}/close`, { ok: [200], done: ['NOMINATION.CLOSED'] });
  }

  /**
   * Gate 3, inspection (组织考察): both nominated shortlisted (考察对象) and found eligible, a team of
   * two, the notice, one appraiser, the report with each candidate's four musts (凡提四必), signed
   * by both members.
   */
  private async inspection(): Promise<void> {
    await this.reach('inspection');
    const both = [CANDIDATE, RUNNER_UP];
    await this.until(
      'both candidates nominated',
      () => this.status(),
      (s) => both.every((id) => (s.candidates ?? []).some((c) => c.id === id)),
    );
    // Repeatable: the gateway requires the Idempotency-Key every step carries.
    await this.step(
      'staff',
      'inspection.shortlist',
      this.filled('inspection.shortlist', {
        'inspection.shortlist.candidates': both.map((id) => ({ id, name: id })),
      }),
    );
    for (const candidateId of both) {
      const today = chinaDateOf(Date.now());
      await this.step(
        'staff',
        'qualification.check',
        eligibleCheck(
          { 'qualification.check.checked_on': today },
          { today, attachments: this.attachments() },
        ),
        { candidateId },
      );
    }
    const inspection = `/cases/${this.caseId}/inspection`;
    await this.until(
      'the inspection',
      () => this.read(inspection),
      (r) => r.status === 200,
    );
    await this.send('staff', 'PUT', `${inspection}/team`, {
      body: {
        members: [
          { personId: this.ids.inspector1, name: '考察组成员1', kinship: {} },
          { personId: this.ids.inspector2, name: '考察组成员2', kinship: {} },
        ],
      },
      ok: [204],
    });
    // The notice (考察预告) a few days ahead, within the policy's 1–3 working days in an ordinary week.
    const today = chinaDateOf(Date.now());
    await this.send('staff', 'PUT', `${inspection}/notice`, {
      body: { publishedOn: addDays(today, -3), startsOn: today, channel: '单位公示栏及内网' },
      ok: [204],
    });
    await this.send('inspector1', 'PUT', `${inspection}/appraisers`, {
      body: { members: [{ personId: this.ids.member1, name: '测评人员1' }] },
      ok: [204],
    });
    // The democratic appraisal (民主测评) of its one appraiser, written at once.
    await this.send('member1', 'POST', `${inspection}/appraisals`, {
      body: { grades: { [CANDIDATE]: 'excellent', [RUNNER_UP]: 'competent' } },
      ok: [204],
      done: ['INSPECTION.ALREADY_APPRAISED'],
      again: BALLOT_AGAIN,
      timeoutMs: BALLOT_REQUEST_TIMEOUT_MS,
    });
    // Filing the same report again gives the same digest and keeps the signatures over it.
    const filed = await this.send('inspector1', 'PUT', `${inspection}/report`, {
      body: {
        conclusion: '两名考察对象政治坚定，实绩突出，群众公认',
        candidates: both.map((candidateId) => ({
          candidateId,
          fileReview: { done: true, findings: '“三龄二历一身份”经审核无误' },
          personalMatters: 'consistent',
          disciplineOpinion: {
            complaintsReceived: 0,
            complaintsVerified: 0,
            outcome: '未发现影响使用的问题',
            affectsUse: false,
          },
          petitionCheck: { done: true, findings: '无信访举报' },
          integrity: { partySecretary: 'secretary-1', disciplineSecretary: 'discipline-1' },
          inCurrentPostSince: '2021-03-01',
        })),
      },
      ok: [200],
    });
    const digest = String(filed.body['digest'] ?? '');
    for (const member of ['inspector1', 'inspector2'] as const) {
      const signerId = this.ids[member];
      const text = documentSignText({ caseId: this.caseId, kind: 'inspection.report', digest, signerId });
      // A member's signature is kept once (signing again replaces it with the same).
      await this.send(member, 'POST', `${inspection}/report/signatures`, {
        body: { digest, signature: SUITE.sign(text, this.keyOf(signerId)) },
        ok: [204],
      });
    }
    await this.send('staff', 'POST', `${inspection}/close`, { ok: [200], done: ['INSPECTION.CLOSED'] });
  }

  /** Gate 4, deliberation (酝酿): the department meeting, the leaders, the five-person group (五人小组). */
  private async deliberation(): Promise<void> {
    await this.reach('deliberation');
    await this.step(
      'chief',
      'deliberation.department_meeting',
      this.filled('deliberation.department_meeting'),
    );
    await this.step('staff', 'deliberation.leaders_consulted', this.filled('deliberation.leaders_consulted'));
    await this.step(
      'minister',
      'deliberation.five_person_group',
      this.filled('deliberation.five_person_group', {
        'deliberation.five_person_group.comparison': [
          'character',
          'ability',
          'performance',
          'public_support',
          'potential',
        ],
        'deliberation.five_person_group.proposals': [
          { post: 1, candidateId: CANDIDATE, reason: '长期从事交通建设，实绩突出，与岗位最为匹配' },
        ],
      }),
    );
  }

  /** Gate 5, consultation (征求意见): each member unit's own system answers on its Kafka topic. */
  private async consultation(): Promise<void> {
    await this.reach('consultation');
    // The requests are sent once each unit's deadline for its answer is open. Not "a next deadline":
    // a worker away for longer than the deadlines (a day is a second here) finds them all missed.
    await this.until(
      'the consultation requests',
      () => this.status(),
      (s) =>
        s.gate !== 'consultation' ||
        UNITS.every(
          (u) =>
            s.waitingOn.includes(u) &&
            (s.deadlines ?? []).some((d) => d.key === 'consultation.answer' && d.subject === u),
        ),
    );
    for (const unit of UNITS) await this.answerOnTopic(unit);
  }

  /**
   * Gate 6, decision (讨论决定): one meeting of the three members, two present (two thirds, its
   * quorum), both agreeing (more than half of the members); then the meeting's record and the
   * record's first submission (纪实初次提交).
   */
  private async decision(): Promise<void> {
    await this.reach('decision');
    const decision = `/cases/${this.caseId}/decision`;
    await this.until(
      'the decision meeting',
      () => this.read(decision),
      (r) => r.status === 200 && r.body['meeting'] === 1 && r.body['status'] === 'open',
    );
    const members = ['member1', 'member2', 'member3'] as const;
    await this.send('staff', 'PUT', `${decision}/members`, {
      body: { members: members.map((m, i) => ({ personId: this.ids[m], name: `常委${i + 1}` })) },
      ok: [204],
    });
    const present = members.slice(0, 2);
    // Marking a member present again changes nothing (204).
    for (const m of present) {
      await this.send('staff', 'POST', `${decision}/attendance`, {
        body: { memberId: this.ids[m] },
        ok: [204],
      });
    }
    // Together, as at the meeting: the box writes the batch once every member present has voted.
    await Promise.all(
      present.map((m) =>
        this.send(m, 'POST', `${decision}/ballots`, {
          body: { choice: 'agree', candidateId: CANDIDATE },
          ok: [204],
          done: ['VOTING.ALREADY_VOTED'],
          again: BALLOT_AGAIN,
          timeoutMs: BALLOT_REQUEST_TIMEOUT_MS,
        }),
      ),
    );
    const closed = await this.send('staff', 'POST', `${decision}/close`, {
      ok: [200],
      done: ['VOTING.CLOSED'],
    });
    if (closed.status === 200 && closed.body['outcome'] !== 'held')
      throw new Error(`${this.label}: the decision meeting was not held: ${preview(closed.body)}`);
    await this.until(
      'the candidate passed',
      () => this.status(),
      (s) => this.candidateIs(s, 'passed'),
    );
    // Repeatable, one per meeting: the gateway requires the Idempotency-Key every step carries.
    await this.step(
      'deputy',
      'decision.minutes',
      this.filled('decision.minutes', { 'decision.minutes.meeting': 1 }),
    );
    await this.step('staff', 'decision.first_submission', this.filled('decision.first_submission'));
  }

  /** Gate 7, appointment (任职): the announcement (任前公示), its end, the notice, the talk. */
  private async appointment(): Promise<void> {
    await this.reach('appointment');
    await this.step('staff', 'appointment.announcement', this.filled('appointment.announcement'));
    await this.until(
      'the end of the announcement',
      () => this.status(),
      (s) => (s.done['appointment.announcement_end'] ?? 0) >= 1,
    );
    await this.step('staff', 'appointment.notice', this.filled('appointment.notice'), {
      candidateId: CANDIDATE,
    });
    await this.step('minister', 'appointment.talk', this.filled('appointment.talk'), {
      candidateId: CANDIDATE,
    });
    await this.step('staff', 'appointment.second_submission', this.filled('appointment.second_submission'));
  }

  /** Gate 8, probation (试用期转正): once it has run, the assessment and the confirmation. */
  private async probation(): Promise<void> {
    await this.reach('probation');
    // The assessment's deadline opened with the notice; once the probation's own timer has run out it
    // no longer counts among the next deadline, which is then the deadlines' alone.
    await this.until('the end of probation', () => this.status(), probationOver);
    await this.step(
      'staff',
      'probation.assessment',
      this.filled('probation.assessment', { 'probation.assessment.finding': 'competent' }),
      { candidateId: CANDIDATE },
    );
    await this.step(
      'staff',
      'probation.outcome',
      this.filled('probation.outcome', { 'probation.outcome.outcome': 'confirmed' }),
      { candidateId: CANDIDATE },
    );
  }

  /**
   * The sign-off of every gate's record (纪实的复核与签字): the layer's recorder, a reviewer who is
   * not the recorder, then the section chiefs and the deputy minister in order, each signature by the
   * signer's key over the gate's digest as the archive computes it. Then the case is archived.
   */
  private async signOff(): Promise<void> {
    await this.until(
      'the last gate to close',
      () => this.status(),
      (s) => s.gate === 'completed',
    );
    for (const gate of GATE_KEYS) {
      for (const [slot, place] of signOffSlots(gate, false).entries()) {
        const signer = SIGNER_OF[place.roles[0] as string];
        if (!signer)
          throw new Error(`${this.label}: no one of this case signs as ${place.roles.join(' or ')}`);
        await this.signSlot(gate, slot, place.items, signer);
      }
    }
    const final = await this.until(
      'the case completed',
      () => this.status(),
      (s) => s.gate === 'completed' && s.status === 'completed',
    );
    if (!this.candidateIs(final, 'confirmed'))
      throw new Error(`${this.label}: the case completed without its appointee confirmed: ${preview(final)}`);
    this.log(`${this.label}: case ${this.caseId} completed and signed off (${this.steps} steps)`);
  }

  private async signSlot(
    gate: GateKey,
    slot: number,
    items: readonly string[],
    signer: Person,
  ): Promise<void> {
    const recorded = (s: CaseStatus) => (s.signOff?.find((g) => g.gate === gate)?.signed.length ?? 0) > slot;
    for (let attempt = 1; ; attempt += 1) {
      const now = await this.status();
      if (recorded(now)) return;
      // The archive may lag behind the case after a restart: a digest that does not reach the case's
      // last fact could leave a step of the gate out of what is signed.
      const { through, digest } = await this.until(
        'the archive to hold every fact of the case',
        () => this.gateDigest(gate),
        (d) => d.through >= now.facts,
      );
      const as = this.ids[signer];
      const today = chinaDateOf(Date.now());
      const values = Object.fromEntries(
        items.map((item) => [
          item,
          item.endsWith('_signature')
            ? {
                signerId: as,
                through,
                signature: SUITE.sign(
                  signOffText({ caseId: this.caseId, gate, through, digest, signerId: as, item }),
                  this.keyOf(as),
                ),
              }
            : item.endsWith('_on')
              ? today
              : { id: as, name: as },
        ]),
      );
      try {
        await this.step(signer, `${gate}.signoff`, values, { recorded, attempt: `${slot}.${attempt}` });
        return;
      } catch (err) {
        // More of the gate reached the record since the digest was read: sign the current one.
        const stale =
          err instanceof StepRefused &&
          err.reply.body.code === 'RECORD.SIGNATURE_INVALID' &&
          (err.reply.body['details'] as { why?: unknown } | undefined)?.why === 'stale';
        if (!stale || attempt >= 5) throw err;
      }
    }
  }

  // --- steps, member units and the calendar ------------------------------------------------------

  /**
   * Submits a person's step with a key of its own: a retry is the same request, which the case
   * answers as it answered the first. A 202 (accepted, not yet on the record) is followed by watching
   * the case until the step is recorded, not by posting it again; a refusal of a step the case shows
   * recorded (an earlier attempt landed: CASE.STEP_ALREADY_DONE, CASE.GATE_CLOSED, CASE.WRONG_GATE,
   * RECORD.SIGNOFF_ORDER, CASE.COMPLETED …) counts as done.
   */
  private async step(
    who: Person,
    stepId: string,
    items: Record<string, unknown>,
    options: {
      candidateId?: string;
      /** Whether the case's status shows the step recorded; by default, done once (by the candidate). */
      recorded?: (s: CaseStatus) => boolean;
      /** Tells a new attempt at the same step (a signature made again over a newer digest) apart. */
      attempt?: string;
    } = {},
  ): Promise<void> {
    const { candidateId, attempt = 'once' } = options;
    const recorded =
      options.recorded ??
      (candidateId === undefined
        ? (s: CaseStatus) => (s.done[stepId] ?? 0) >= 1
        : (s: CaseStatus) => (s.candidates?.find((c) => c.id === candidateId)?.done[stepId] ?? 0) >= 1);
    const path = `/cases/${this.caseId}/steps/${stepId}`;
    const body = { items, ...(candidateId === undefined ? {} : { candidateId }) };
    const reply = await this.call(who, 'POST', path, {
      body,
      idempotencyKey: `${this.tag}.${stepId}.${candidateId ?? 'case'}.${attempt}`,
      // The probation not over yet: its timer runs late after a restart.
      again: ['PROB.NOT_ENDED'],
    });
    if (reply.status === 202) {
      await this.until(`${stepId} on the record`, () => this.status(), recorded);
    } else if (reply.status !== 200 && !recorded(await this.status())) {
      throw new StepRefused(this.failure('POST', path, body, reply), reply);
    }
    this.steps += 1;
  }

  /**
   * A member unit's own system answers on the answers topic, signed by the unit's registered key. The
   * event id names the case and the unit: sent again (the case not yet showing it, after a restart),
   * it is the same answer, which the bridge and the case take once.
   */
  private async answerOnTopic(unit: string): Promise<void> {
    const envelope = createEnvelope({
      eventId: `unit-${unit}/answer/${this.caseId}`,
      caseId: this.caseId,
      type: ConsultationAnsweredSchema.typeName,
      occurredAt: new Date(),
      actor: { id: `${unit}-system`, kind: ActorKind.SERVICE, unitId: unit },
      payload: toBinary(
        ConsultationAnsweredSchema,
        create(ConsultationAnsweredSchema, {
          unit,
          opinion: 'no_objection',
          content: '经核查，未发现影响使用的问题',
          answeredOn: chinaDateOf(Date.now()),
        }),
      ),
    });
    const value = Buffer.from(encodeEnvelope(signEnvelope(envelope, this.system.unitSigner(unit))));
    const deadline = Date.now() + WAIT_BUDGET_MS;
    for (;;) {
      await this.produce(unit, value);
      try {
        await this.until(
          `${unit}'s answer`,
          () => this.status(),
          (s) => s.gate !== 'consultation' || !s.waitingOn.includes(unit),
          ANSWER_WAIT_MS,
        );
        this.steps += 1;
        return;
      } catch (err) {
        if (!(err instanceof WaitTimedOut) || Date.now() > deadline) throw err;
      }
    }
  }

  /** Writes one message on the answers topic as the unit, asking again while Kafka is away. */
  private async produce(unit: string, value: Buffer): Promise<void> {
    const began = Date.now();
    let pause = FIRST_PAUSE_MS;
    for (let attempt = 1; ; attempt += 1) {
      const producer = new Kafka({
        clientId: `e2e-${unit}`,
        brokers: this.system.stack.kafka.brokers,
        // The unit's system logs in as the unit.
        sasl: this.system.stack.kafka.sasl(`unit-${unit}`),
        logLevel: logLevel.NOTHING,
        connectionTimeout: 3_000,
        requestTimeout: 10_000,
        retry: { retries: 2, initialRetryTime: FIRST_PAUSE_MS, maxRetryTime: LONGEST_PAUSE_MS },
      }).producer();
      let failed: string;
      try {
        await within(30_000, 'the answer', async () => {
          await producer.connect();
          await producer.send({ topic: Topics.consultationAnswers, messages: [{ key: this.caseId, value }] });
        });
        return;
      } catch (err) {
        failed = describeError(err);
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
      if (Date.now() - began + pause > RETRY_BUDGET_MS)
        throw new StillFailing(
          `${this.label}: ${unit}'s answer could not be written on ${Topics.consultationAnswers} ` +
            `after ${attempt} attempts over ${Math.round((Date.now() - began) / 1000)} s: ${failed}`,
        );
      await sleep(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }

  /** The case's status; a year the case waits for in the calendar is loaded by the administrator. */
  private async status(): Promise<CaseStatus> {
    const path = `/cases/${this.caseId}`;
    const reply = await this.call('staff', 'GET', path);
    if (reply.status !== 200) throw new Error(this.failure('GET', path, undefined, reply));
    const status = reply.body as unknown as CaseStatus;
    if (status.status === 'not_appointed' || status.status === 'removed')
      throw new Error(`${this.label}: case ${this.caseId} ended ${status.status}: ${preview(status)}`);
    for (const waited of status.waitingOn) {
      const year = /^calendar:(\d{4})$/.exec(waited)?.[1];
      if (year !== undefined && !this.loadedYears.has(Number(year))) await this.loadYear(Number(year));
    }
    return status;
  }

  /**
   * A year the case's working days reach into (late December) that the calendar lacks: the
   * administrator loads its notice, as in the walk. The same notice again answers 200.
   */
  private async loadYear(year: number): Promise<void> {
    await this.send('admin', 'POST', '/calendar/years', { body: { text: noticeFor(year) }, ok: [200, 201] });
    this.loadedYears.add(year);
    this.log(`${this.label}: case ${this.caseId} waited for the calendar of ${year}: loaded`);
  }

  private async gateDigest(gate: GateKey): Promise<{ through: number; digest: string }> {
    const path = `/cases/${this.caseId}/gates/${gate}/digest`;
    // Not sealed: the archive's chain does not reach the case's facts yet.
    const reply = await this.call('staff', 'GET', path, { again: ['RECORD.NOT_SEALED'] });
    if (reply.status !== 200) throw new Error(this.failure('GET', path, undefined, reply));
    return { through: Number(reply.body['through']), digest: String(reply.body['digest']) };
  }

  /** Waits until the case stands at the gate (or beyond it), and says so once. */
  private async reach(gate: string): Promise<void> {
    const target = PLACES.indexOf(gate);
    const s = await this.until(
      `the ${gate} gate`,
      () => this.status(),
      (s) => PLACES.indexOf(s.gate) >= target,
    );
    this.log(
      `${this.label}: case ${this.caseId} at the ${gate} gate${s.gate === gate ? '' : ` (now ${s.gate})`}`,
    );
  }

  private candidateIs(s: CaseStatus, status: string): boolean {
    return s.candidates?.find((c) => c.id === CANDIDATE)?.status === status;
  }

  /** A step's items as a form holds them, with today's date and the case's files. */
  private filled(stepId: string, own: Record<string, unknown> = {}): Record<string, unknown> {
    return exampleItems(stepId, own, { today: chinaDateOf(Date.now()), attachments: this.attachments() });
  }

  private attachments(): SampleAttachments {
    if (!this.files) throw new Error(`${this.label}: the case's files are not uploaded yet`);
    return this.files;
  }

  private personId(holder: string): string {
    return holder in PEOPLE ? this.ids[holder as Person] : `${holder}-${this.tag}`;
  }

  private keyOf(personId: string): string {
    const key = this.keys.get(personId);
    if (!key) throw new Error(`${this.label}: ${personId} has no registered key`);
    return key.privateKey;
  }

  private async upload(name: string, mediaType: string, bytes: Buffer): Promise<void> {
    const query = new URLSearchParams({ name }).toString();
    await this.send('staff', 'POST', `/cases/${this.caseId}/attachments?${query}`, {
      file: { bytes, mediaType },
      ok: [200, 201],
    });
  }

  // --- HTTP ----------------------------------------------------------------------------------------

  /** A read, answered whatever its status (a round not opened yet is a 404 to wait past). */
  private read(path: string): Promise<Reply> {
    return this.call('staff', 'GET', path);
  }

  /**
   * A write that must be answered with one of `ok`, or with a refusal in `done`: the code a service
   * gives a retry whose earlier attempt was taken (its answer lost to a crash). Anything else throws.
   */
  private async send(
    who: Person,
    method: string,
    path: string,
    options: {
      body?: unknown;
      file?: { bytes: Buffer; mediaType: string };
      ok: readonly number[];
      done?: readonly string[];
      again?: readonly string[];
      timeoutMs?: number;
    },
  ): Promise<Reply> {
    const reply = await this.call(who, method, path, options);
    const done = reply.body.code !== undefined && (options.done ?? []).includes(reply.body.code);
    if (!options.ok.includes(reply.status) && !done)
      throw new Error(this.failure(method, path, options.body, reply));
    this.steps += 1;
    return reply;
  }

  /**
   * The one way this driver calls the gateway. It asks again, pausing 250 ms, doubling up to 2 s, for
   * up to 7 minutes in all (longer than a restart of Temporal or Kafka can take), while the connection fails (the gateway killed or restarting, a request
   * cut or timed out), the gateway answers 5xx (a service, Temporal or Kafka away behind it) or 429,
   * or the answer is a refusal in `again`; the gateway's address is read on every attempt.
   */
  private async call(
    who: Person,
    method: string,
    path: string,
    options: {
      body?: unknown;
      file?: { bytes: Buffer; mediaType: string };
      idempotencyKey?: string;
      again?: readonly string[];
      timeoutMs?: number;
    } = {},
  ): Promise<Reply> {
    const began = Date.now();
    let pause = FIRST_PAUSE_MS;
    for (let attempt = 1; ; attempt += 1) {
      let failed: string;
      try {
        const base = this.system.gatewayUrl;
        if (!base) throw new Error('the gateway has no address');
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${this.tokens[who]}`,
            ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
            ...(options.file
              ? { 'content-type': options.file.mediaType }
              : options.body === undefined
                ? {}
                : { 'content-type': 'application/json' }),
          },
          ...(options.file
            ? { body: options.file.bytes }
            : options.body === undefined
              ? {}
              : { body: JSON.stringify(options.body) }),
          signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
        });
        const text = await response.text();
        const reply: Reply = { status: response.status, body: parseBody(text) };
        const again = reply.body.code !== undefined && (options.again ?? []).includes(reply.body.code);
        if (reply.status < 500 && reply.status !== 429 && !again) return reply;
        failed = `${reply.status} ${preview(reply.body)}`;
      } catch (err) {
        failed = describeError(err);
      }
      if (Date.now() - began + pause > RETRY_BUDGET_MS)
        throw new StillFailing(
          `${this.label}: ${method} ${path} still failing after ${attempt} attempts over ` +
            `${Math.round((Date.now() - began) / 1000)} s: ${failed}` +
            (options.body === undefined ? '' : `; sent ${preview(options.body)}`),
        );
      await sleep(pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    }
  }

  /**
   * Reads until `ok` holds, for several minutes: a read that keeps failing for a while (the gateway
   * or the case's worker away) is asked again, a read refused outright throws at once.
   */
  private async until<T>(
    what: string,
    read: () => Promise<T>,
    ok: (value: T) => boolean,
    budgetMs = WAIT_BUDGET_MS,
  ): Promise<T> {
    const deadline = Date.now() + budgetMs;
    let last = 'nothing read';
    for (;;) {
      try {
        const value = await read();
        if (ok(value)) return value;
        last = preview(value);
      } catch (err) {
        if (!(err instanceof StillFailing)) throw err;
        last = err.message;
      }
      if (Date.now() > deadline)
        throw new WaitTimedOut(
          `${this.label}: case ${this.caseId || '(not started)'}: timed out after ` +
            `${Math.round(budgetMs / 1000)} s waiting for ${what}; last: ${last}`,
        );
      await sleep(POLL_MS);
    }
  }

  private failure(method: string, path: string, sent: unknown, reply: Reply): string {
    return (
      `${this.label}: ${method} ${path} answered ${reply.status} ${preview(reply.body)}` +
      (sent === undefined ? '' : `; sent ${preview(sent)}`)
    );
  }
}

/** Whether the probation's timer has run out: the next deadline is the earliest open deadline's, or none. */
function probationOver(s: CaseStatus): boolean {
  const deadlines = s.deadlines ?? [];
  if (s.gate !== 'probation' || !deadlines.some((d) => d.key === 'probation.assessment')) return false;
  const pending = deadlines.filter((d) => !d.overdue).map((d) => Date.parse(d.dueAt));
  const next = s.nextDeadline === undefined ? undefined : Date.parse(s.nextDeadline);
  return pending.length === 0 ? next === undefined : next === Math.min(...pending);
}

function parseBody(text: string): Reply['body'] {
  if (text === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' ? (parsed as Reply['body']) : { value: parsed };
  } catch {
    return { text: text.slice(0, 1500) };
  }
}

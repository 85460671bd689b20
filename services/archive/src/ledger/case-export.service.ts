/**
 * A case's file (纪实档案, 一批一档) for supervisors: the bundle (facts, signed head, proofs, signers'
 * keys), each candidate's record form (纪实表, 一人一表) as JSON and PDF, and every attachment the
 * facts name, as one zip that `npm run -s evidence -- verify case.zip LOG_KEY` checks offline.
 */
import {
  attachmentsOfFacts,
  type CaseBundle,
  caseFileManifest,
  candidatesOf,
  MANIFEST,
  type FactContent,
  type RecordForm,
  recordForm,
  renderRecordFormPdf,
} from '@jishi/evidence';
import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { zipSync, type Zippable } from 'fflate';
import { AttachmentsService } from '../attachments/attachments.service';
import { FactLedgerService, type KeysLookup } from './fact-ledger.service';
import { TransparencyLogService } from './transparency-log.service';

const README = `纪实档案 / Case file

bundle.json          全部事实、签名树头与包含证明、签字人密钥 / every fact, the signed tree head with proofs, the signers' keys
forms/<人选>.json    一人一表：纪实表（由事实导出，核验时重算比对）/ each candidate's record form, derived from the facts
forms/<人选>.pdf     纪实表的 PDF / the form as PDF
attachments/<摘要>   纪实所引附件，文件名即其 SHA-256 摘要 / each attachment the facts name, under its SHA-256 digest
manifest.json        以上每个文件的 SHA-256，由纪实日志密钥签名 / every file's SHA-256, signed by the log key

核验 / verify:  npm run -s evidence -- verify <本文件.zip> <纪实日志公钥 / the log's public key>
`;

@Injectable()
export class CaseExportService {
  private readonly logger = new Logger(CaseExportService.name);

  constructor(
    private readonly facts: FactLedgerService,
    private readonly attachments: AttachmentsService,
    private readonly log: TransparencyLogService,
  ) {}

  /** The case's facts as content, and the chain's hash at each. */
  private async contents(caseId: string): Promise<{ facts: FactContent[]; hashes: Map<number, string> }> {
    const rows = await this.facts.chained(caseId);
    return {
      facts: rows.map((r) => JSON.parse(r.content) as FactContent),
      hashes: new Map(rows.map((r) => [r.sequence, r.hash])),
    };
  }

  /** A candidate's record form; undefined when the case names no such candidate. */
  async form(caseId: string, candidateId: string): Promise<RecordForm | undefined> {
    const { facts, hashes } = await this.contents(caseId);
    if (!candidatesOf(facts).includes(candidateId)) return undefined;
    return recordForm(facts, candidateId, hashes);
  }

  /** The form as PDF, dated by its last fact: the same form gives the same file. */
  async pdf(form: RecordForm, caseId: string): Promise<Buffer> {
    const [last] = (await this.facts.chained(caseId, form.through.sequence)).slice(-1);
    const at = last ? (JSON.parse(last.content) as FactContent).occurredAt : undefined;
    return renderRecordFormPdf(form, { createdAt: new Date(at ?? 0) });
  }

  /** The case's file as a zip, or why there is none yet. */
  async zip(caseId: string, keys: KeysLookup): Promise<Uint8Array | 'no_case' | 'not_sealed'> {
    const bundle: CaseBundle | 'no_case' | 'not_sealed' = await this.facts.bundle(caseId, keys);
    if (typeof bundle === 'string') return bundle;
    const facts = bundle.facts.map((f) => JSON.parse(f.content) as FactContent);
    const hashes = new Map(bundle.facts.map((f) => [f.sequence, f.hash]));
    const createdAt = new Date(bundle.exportedAt);
    const files: Zippable = {
      'README.txt': Buffer.from(README, 'utf8'),
      'bundle.json': Buffer.from(JSON.stringify(bundle, null, 1), 'utf8'),
    };
    // Each form's PDF dated by the case's last fact, as GET /forms gives it.
    const lastFactAt = new Date(facts.at(-1)?.occurredAt ?? 0);
    for (const candidate of candidatesOf(facts)) {
      const form = recordForm(facts, candidate, hashes);
      files[`forms/${candidate}.json`] = Buffer.from(JSON.stringify(form, null, 1), 'utf8');
      files[`forms/${candidate}.pdf`] = [
        await renderRecordFormPdf(form, { createdAt: lastFactAt }),
        { level: 0 },
      ];
    }
    for (const sha256 of attachmentsOfFacts(facts).keys()) {
      if (!(await this.attachments.get(caseId, sha256))) continue;
      const stream = await this.attachments.store.read(sha256);
      if (!stream) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      const bytes = Buffer.concat(chunks);
      // The log key signs only bytes that are what the record says: a file changed in the store is
      // left out (the verifier names it missing at its fact) rather than vouched for.
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) {
        this.logger.error(
          `case ${caseId}: attachment ${sha256} no longer hashes to its digest; left out of the file`,
        );
        continue;
      }
      files[`attachments/${sha256}`] = [bytes, { level: 0 }];
    }
    // The manifest: every file's digest, signed by the log key, so the PDFs and the rest are the
    // archive's as exported.
    const bytes = Object.fromEntries(
      Object.entries(files).map(([name, f]) => [
        name,
        Array.isArray(f) ? (f[0] as Uint8Array) : (f as Uint8Array),
      ]),
    );
    const manifest = caseFileManifest(caseId, bundle.exportedAt, bytes, (text) => this.log.signAsLog(text));
    files[MANIFEST] = Buffer.from(JSON.stringify(manifest, null, 1), 'utf8');
    return zipSync(files, { level: 6, mtime: createdAt });
  }
}

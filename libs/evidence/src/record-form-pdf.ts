/**
 * The record form (纪实表) as PDF, set in Noto Sans CJK (Debian's fonts-noto-cjk), embedded as
 * subsets so the form reads the same on any machine. Layout: a heading with the case, the candidate
 * and where the record stops; then each gate a section — its steps with their items, who recorded
 * them and when, what else happened, the attempts refused, who reviewed, and the signatures in order.
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { FormSection, RecordForm } from './record-form';

/** Debian's Noto Sans CJK collections, and the Simplified Chinese face inside them. */
export const NOTO_CJK = {
  regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  regularFace: 'NotoSansCJKsc-Regular',
  boldFace: 'NotoSansCJKsc-Bold',
} as const;

/** Font files read once per process (each collection is some 20 MB). */
const fonts = new Map<string, Buffer>();
function font(path: string): Buffer {
  let bytes = fonts.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    fonts.set(path, bytes);
  }
  return bytes;
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** An instant as Beijing time, to the minute. */
function beijing(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}`;
}

export interface PdfOptions {
  readonly regularFont?: string;
  readonly boldFont?: string;
  /** The document's creation date (the export's time), so the same form gives the same file. */
  readonly createdAt?: Date;
}

export function renderRecordFormPdf(form: RecordForm, options: PdfOptions = {}): Promise<Buffer> {
  const createdAt = options.createdAt ?? new Date(0);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 42,
    bufferPages: true,
    info: {
      Title: `干部选拔任用工作纪实表 ${form.caseId} ${form.candidateId}`,
      Subject: 'Record form of cadre selection and appointment',
      Producer: 'Jishi',
      Creator: 'Jishi',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
  });
  doc.registerFont('regular', font(options.regularFont ?? NOTO_CJK.regular), NOTO_CJK.regularFace);
  doc.registerFont('bold', font(options.boldFont ?? NOTO_CJK.bold), NOTO_CJK.boldFace);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom - 14;
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };

  /** A table row: cells of given widths, the row as tall as its tallest cell, with borders. */
  const row = (
    cells: readonly string[],
    widths: readonly number[],
    opts: { bold?: boolean; shade?: boolean } = {},
  ) => {
    doc.font(opts.bold ? 'bold' : 'regular').fontSize(8.5);
    const pad = 3;
    const height =
      Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 0) - 2 * pad }))) +
      2 * pad;
    room(height);
    const top = doc.y;
    let x = left;
    if (opts.shade) doc.rect(left, top, width, height).fill('#eeeeee').fillColor('black');
    for (const [i, cell] of cells.entries()) {
      const w = widths[i] ?? 0;
      doc.rect(x, top, w, height).lineWidth(0.5).stroke('#888888');
      doc.fillColor('black').text(cell, x + pad, top + pad, { width: w - 2 * pad });
      x += w;
    }
    doc.x = left;
    doc.y = top + height;
  };

  // The heading.
  doc.font('bold').fontSize(16).text('干部选拔任用工作纪实表', { align: 'center' });
  doc
    .font('regular')
    .fontSize(9)
    .text('Record form of cadre selection and appointment (全程纪实)', { align: 'center' });
  doc.moveDown(0.6);
  const half = [90, width - 90];
  row(['事项 / Case', `${form.title}\n${form.caseId}`], half);
  row(
    [
      '人选 / Candidate',
      form.candidateName ? `${form.candidateName}（${form.candidateId}）` : form.candidateId,
    ],
    half,
  );
  row(
    [
      '纪实截至 / Through',
      `第 ${form.through.sequence} 条事实 / fact ${form.through.sequence}\n链哈希 / chain hash ${form.through.hash}`,
    ],
    half,
  );
  doc.moveDown(0.8);

  const section = (s: FormSection, index: number) => {
    room(60);
    doc
      .font('bold')
      .fontSize(12)
      .text(`${NUMERALS[index] ?? index + 1}、${s.zh}环节 / ${s.en}`, left);
    doc.moveDown(0.3);
    if (s.entries.length === 0 && s.signatures.length === 0 && s.events.length === 0) {
      doc
        .font('regular')
        .fontSize(9)
        .fillColor('#555555')
        .text('本环节无记录 / nothing recorded in this gate')
        .fillColor('black');
      doc.moveDown(0.6);
      return;
    }
    const cols = [150, width - 150];
    for (const e of s.entries) {
      row(
        [
          `${e.zh} / ${e.en}${e.candidateId ? `（${e.candidateId}）` : ''}`,
          `记录人 / recorded by: ${e.recordedBy.zh}（${e.recordedBy.id}），${beijing(e.recordedAt)}，第 ${e.sequence} 条`,
        ],
        cols,
        { bold: true, shade: true },
      );
      for (const item of e.items) row([`${item.zh}\n${item.en}`, item.value], cols);
    }
    if (s.events.length > 0) {
      row(['经过 / Events', s.events.map((ev) => `${beijing(ev.at)}\u3000${ev.summary}`).join('\n')], cols);
    }
    if (s.refused > 0)
      row(
        [
          '被拒绝的操作 / Refused attempts',
          `${s.refused} 次，均已记入纪实 / ${s.refused}, each on the record`,
        ],
        cols,
      );
    row(
      [
        '记录人 / 复核人',
        `记录人 / recorder: ${s.recorder ?? '—'}\u3000复核人 / reviewer: ${s.reviewer ?? '—'}\u3000复核日期 / reviewed on: ${s.reviewedOn ?? '—'}`,
      ],
      cols,
    );
    const sig = [130, 80, 80, width - 290];
    row(['签字 / Signature', '签字人 / Signer', '时间 / Signed at', '密钥与摘要 / Key and digest'], sig, {
      bold: true,
      shade: true,
    });
    if (s.signatures.length === 0) row(['（未签字 / not signed）', '', '', ''], sig);
    for (const g of s.signatures)
      row(
        [
          `${g.zh}\n${g.en}`,
          g.signerId,
          beijing(g.signedAt),
          `密钥 key ${g.keyId}\n截至第 ${g.through} 条，摘要 digest ${g.digest}`,
        ],
        sig,
      );
    doc.moveDown(0.8);
  };
  form.sections.forEach(section);

  // Page numbers, with the case and candidate, on every page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const y = doc.page.height - doc.page.margins.bottom + 6;
    const saved = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(7.5)
      .fillColor('#555555')
      .text(
        `${form.caseId} · ${form.candidateId}\u3000第 ${i + 1} 页，共 ${range.count} 页 / page ${i + 1} of ${range.count}`,
        left,
        y,
        {
          width,
          align: 'center',
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = saved;
  }
  doc.end();
  return done;
}

/**
 * The benchmark harness: each figure measured as Jishi's number beside the bare engine's in the same
 * run, repetition by repetition (the two interleaved, so a noisy neighbour weighs on both), reported
 * as the median with min and max, and the ratio of each repetition's pair.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly samples: readonly number[];
}

export function stats(samples: readonly number[]): Stats {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    samples: [...samples],
  };
}

/** The q-quantile (0..1) of a set of values, by the nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error('no values');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** A figure's target, on the ratio Jishi ÷ baseline (or on Jishi's own value). */
export interface Target {
  readonly text: string;
  readonly on: 'ratio' | 'jishi';
  readonly atLeast?: number;
  readonly atMost?: number;
}

export interface Figure {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly size: string;
  readonly jishi: Stats;
  readonly baseline?: Stats;
  /** Jishi ÷ baseline, per repetition. */
  readonly ratio?: Stats;
  readonly target: Target;
  readonly met: boolean;
  /** What else the run measured about the figure (where its time went), printed under the table. */
  readonly notes?: readonly string[];
}

/** What a figure says, before its numbers. */
export type FigureSpec = Omit<Figure, 'jishi' | 'baseline' | 'ratio' | 'met'>;

/** A figure from its samples: Jishi's, and the baseline's of the same repetitions (paired by index). */
export function figure(spec: FigureSpec, ours: readonly number[], bare?: readonly number[]): Figure {
  const ratio = bare ? stats(ours.map((v, i) => v / (bare[i] as number))) : undefined;
  const judged = spec.target.on === 'ratio' ? ratio?.median : stats(ours).median;
  const met =
    judged !== undefined &&
    (spec.target.atLeast === undefined || judged >= spec.target.atLeast) &&
    (spec.target.atMost === undefined || judged <= spec.target.atMost);
  return { ...spec, jishi: stats(ours), ...(bare ? { baseline: stats(bare), ratio } : {}), met };
}

/**
 * Runs `repetitions` rounds of a measurement after one unmeasured round of each side (code compiled,
 * connections made, caches as they will stay; `warmUp` false where the caller warmed them): the
 * baseline and Jishi alternating which goes first.
 */
export async function interleaved<T>(
  repetitions: number,
  baseline: (() => Promise<T>) | undefined,
  jishi: () => Promise<T>,
  warmUp = true,
): Promise<{ ours: T[]; bare: T[] }> {
  const ours: T[] = [];
  const bare: T[] = [];
  if (baseline && warmUp) await baseline();
  if (warmUp) await jishi();
  for (let i = 0; i < repetitions; i += 1) {
    if (baseline && i % 2 === 0) bare.push(await baseline());
    ours.push(await jishi());
    if (baseline && i % 2 === 1) bare.push(await baseline());
  }
  return { ours, bare };
}

/** Measures one figure whose runs each answer its value in the figure's unit. */
export async function pairs(
  spec: FigureSpec & { readonly repetitions: number },
  baseline: (() => Promise<number>) | undefined,
  jishi: () => Promise<number>,
  warmUp = true,
): Promise<Figure> {
  const { repetitions, ...rest } = spec;
  const { ours, bare } = await interleaved(repetitions, baseline, jishi, warmUp);
  return figure(rest, ours, baseline ? bare : undefined);
}

const fmt = (n: number) =>
  Math.abs(n) >= 100
    ? n.toFixed(0)
    : Math.abs(n) >= 10
      ? n.toFixed(1)
      : Math.abs(n) >= 1
        ? n.toFixed(2)
        : n.toFixed(3);
const cell = (s: Stats | undefined) => (s ? `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})` : '—');

/** The machine and the code measured: what makes two runs comparable. */
export function machine(): Record<string, string | number> {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    commit,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    at: new Date().toISOString(),
  };
}

/** Whether a figure met its target ('—' for a figure shown without one). */
const verdict = (f: Figure) =>
  f.target.atLeast === undefined && f.target.atMost === undefined ? '—' : f.met ? 'met' : 'missed';

/** The figures as a Markdown table (median, min–max). */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map(
    (f) =>
      `| ${f.id} | ${f.title} | ${f.size}; ${f.jishi.samples.length} repetitions | ${f.unit} | ${cell(f.jishi)} | ${cell(f.baseline)} | ${cell(f.ratio)} | ${f.target.text} | ${verdict(f)} |`,
  );
  return [
    '| # | figure | size | unit | Jishi, median (min–max) | bare baseline | ratio Jishi ÷ baseline | target | |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/**
 * Prints the table and writes it, as JSON and as Markdown, with the machine and the commit: a full run
 * into test/load/results/ (committed, so a change's effect can be compared), a smoke run under
 * .jishi/test-results/load/.
 */
export function report(mode: string, figures: readonly Figure[], repetitions: number): string {
  const root = path.join(__dirname, '..', '..', '..');
  const dir = mode.startsWith('full')
    ? path.join(root, 'test/load/results')
    : path.join(process.env['JISHI_HOME'] ?? path.join(root, '.jishi'), 'test-results/load');
  mkdirSync(dir, { recursive: true });
  const about = machine();
  const text = [
    `# Jishi benchmarks (${mode} run)`,
    '',
    `Commit ${about['commit']}, ${about['cores']} cores (${about['cpu']}), ${about['memoryGiB']} GiB, Node ${about['node']}, ${about['at']}; each figure the median of its repetitions (${repetitions} unless its size says otherwise), min–max in brackets.`,
    '',
    table(figures),
    '',
    ...figures.flatMap((f) => (f.notes ?? []).map((note) => `- ${f.id}: ${note}`)),
    ...(figures.some((f) => f.notes?.length) ? [''] : []),
  ].join('\n');
  writeFileSync(
    path.join(dir, `${mode}.json`),
    `${JSON.stringify({ mode, machine: about, repetitions, figures }, null, 2)}\n`,
  );
  writeFileSync(path.join(dir, `${mode}.md`), text);
  process.stdout.write(`\n${text}\n(written to ${dir})\n`);
  return text;
}

/**
 * Where a figure's CPU goes: the user and system time of every process on the machine (from /proc,
 * in clock ticks of 1/100 s), taken before and after each measured run, and added up by what the
 * process is — each of the system's apps, Temporal's server, Kafka, PostgreSQL (all its backends),
 * the bench itself (its clients, and in the bare repetitions the bare workflow's worker, which runs
 * in the bench's process), the rest. Time of processes that ended during a run is not counted
 * (short-lived PostgreSQL backends); the apps, the servers and the bench live through it.
 */
import type { AppName, SystemUnderTest } from '@jishi/e2e';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_A_SECOND = 100;

/** A process's CPU ticks so far and what it is, by pid. */
type Reading = Map<number, { part: string; ticks: number }>;

export class CpuAccount {
  private readonly spent = new Map<string, number>();
  private wall = 0;
  private runs = 0;

  constructor(
    private readonly system: SystemUnderTest,
    private readonly apps: readonly AppName[],
  ) {}

  /** Runs `work`, adding the CPU each part spent meanwhile. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    const before = this.read();
    const began = performance.now();
    try {
      return await work();
    } finally {
      const after = this.read();
      this.wall += (performance.now() - began) / 1000;
      this.runs += 1;
      for (const [pid, { part, ticks }] of after) {
        const spent = (ticks - (before.get(pid)?.ticks ?? 0)) / TICKS_A_SECOND;
        this.spent.set(part, (this.spent.get(part) ?? 0) + spent);
      }
    }
  }

  /**
   * One line: the runs' wall time, the CPU time the machine had in it (cores × wall), how much of it
   * was spent, and each part's seconds and share, the largest first.
   */
  summary(what: string, cores: number): string {
    const total = [...this.spent.values()].reduce((a, b) => a + b, 0);
    const parts = [...this.spent]
      .filter(([, s]) => s >= 0.5)
      .sort((a, b) => b[1] - a[1])
      .map(([part, s]) => `${part} ${s.toFixed(0)} s (${Math.round((100 * s) / total)}%)`);
    return `${what}: ${this.runs} runs, ${this.wall.toFixed(0)} s of wall time, ${(cores * this.wall).toFixed(0)} s of CPU on ${cores} cores, ${total.toFixed(0)} s spent (${Math.round((100 * total) / (cores * this.wall))}%): ${parts.join(', ')}`;
  }

  private read(): Reading {
    const apps = new Map<number, string>();
    for (const name of this.apps) {
      const pid = this.system.pidOf(name);
      if (pid !== undefined) apps.set(pid, name);
    }
    const reading: Reading = new Map();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // The command's name is in brackets and may hold spaces: the fields after its last bracket.
        const close = stat.lastIndexOf(')');
        const comm = stat.slice(stat.indexOf('(') + 1, close);
        const fields = stat.slice(close + 2).split(' ');
        // utime and stime: fields 14 and 15 of the line, 12 and 13 after the name.
        const ticks = Number(fields[11]) + Number(fields[12]);
        reading.set(pid, { part: apps.get(pid) ?? this.partOf(pid, comm), ticks });
      } catch {
        // ended between the listing and the read
      }
    }
    return reading;
  }

  private partOf(pid: number, comm: string): string {
    if (pid === process.pid) return 'bench (its clients, and the bare worker)';
    if (comm === 'temporal-server') return 'temporal';
    if (comm === 'postgres') return 'postgresql';
    if (comm === 'java') {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('kafka.Kafka')) return 'kafka';
      if (cmdline.includes('s3proxy')) return 's3';
    }
    return 'other';
  }
}

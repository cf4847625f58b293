// The shared benchmark reporter: every benchmark measures its side ("ours") and a baseline in the same run, then
// prints one table and writes bench/results/<name>.json as a list of { metric, ours, baseline, ratio, target, unit }.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export interface MetricInput {
  readonly metric: string;
  readonly ours: number;
  readonly baseline: number;
  /** The ratio the metric should reach (ratio >= target means met). */
  readonly target: number;
  /** e.g. 'events/s', 'ms'. */
  readonly unit: string;
  /** 'higher' (throughput, default): ratio = ours / baseline. 'lower' (latency): ratio = baseline / ours. */
  readonly better?: 'higher' | 'lower';
}

export interface MetricRow {
  readonly metric: string;
  readonly ours: number;
  readonly baseline: number;
  readonly ratio: number;
  readonly target: number;
  readonly unit: string;
}

export interface ConcurrentRun {
  /** Operations completed per second of wall time. */
  readonly opsPerSecond: number;
  readonly seconds: number;
}

const resultsDir = path.join(__dirname, '..', 'results');

export class BenchReport {
  private readonly rows: MetricRow[] = [];
  private readonly started = performance.now();

  constructor(readonly name: string) {
    this.progress(`benchmark "${name}"`);
  }

  /** A progress line on stderr (stdout keeps only the table). */
  progress(message: string): void {
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[${this.name} ${seconds}s] ${message}\n`);
  }

  /**
   * Runs `total` operations on `concurrency` workers (each takes the next index), reporting progress about every
   * quarter, and returns the throughput.
   */
  async runConcurrent(
    label: string,
    total: number,
    concurrency: number,
    operation: (index: number, worker: number) => Promise<void>,
  ): Promise<ConcurrentRun> {
    let next = 0;
    let done = 0;
    let reported = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        for (let index = next++; index < total; index = next++) {
          await operation(index, worker);
          done++;
          if (done - reported >= total / 4) {
            reported = done;
            this.progress(`  ${label}: ${done}/${total}`);
          }
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const run = { opsPerSecond: total / seconds, seconds };
    this.progress(`  ${label}: ${total} in ${seconds.toFixed(2)}s (${Math.round(run.opsPerSecond)}/s)`);
    return run;
  }

  add(input: MetricInput): MetricRow {
    const ratio =
      (input.better ?? 'higher') === 'higher' ? input.ours / input.baseline : input.baseline / input.ours;
    const row: MetricRow = {
      metric: input.metric,
      ours: round(input.ours),
      baseline: round(input.baseline),
      ratio: Math.round(ratio * 1000) / 1000,
      target: input.target,
      unit: input.unit,
    };
    this.rows.push(row);
    return row;
  }

  /** Prints the table, writes bench/results/<name>.json, and returns the rows. */
  finish(): MetricRow[] {
    const header = ['metric', 'ours', 'baseline', 'ratio', 'target', 'unit', 'met'];
    const cells = this.rows.map((r) => [
      r.metric,
      String(r.ours),
      String(r.baseline),
      r.ratio.toFixed(3),
      `>= ${r.target}`,
      r.unit,
      r.ratio >= r.target ? 'yes' : 'NO',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
    const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
    console.log(line(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const c of cells) console.log(line(c));
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${this.name}.json`);
    writeFileSync(file, `${JSON.stringify(this.rows, null, 2)}\n`);
    this.progress(`wrote ${path.relative(process.cwd(), file)}`);
    return [...this.rows];
  }
}

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;
}

/** The median of a few repeated measurements: one noisy round does not decide the figure. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

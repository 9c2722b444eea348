/** Turning measurements into the markdown of BENCHMARKS.md: tables, percentiles, numbers, the machine. */
import os from 'node:os';

export interface BenchmarkSection {
  title: string;
  /** Markdown: what was run, the numbers, and what they mean and do not mean. */
  body: string;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Nearest-rank percentile: a value that was actually measured, never an interpolation. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/** Rounds to at most `digits` decimals, with thousands separators. */
export function num(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function ms(value: number): string {
  return value < 10 ? `${num(value, 2)} ms` : value < 1000 ? `${num(value, 1)} ms` : `${num(value / 1000, 2)} s`;
}

export interface MachineDescription {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  temporalCli: string;
}

export function describeMachine(temporalCli: string): MachineDescription {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    temporalCli,
  };
}

export function machineTable(machine: MachineDescription): string {
  return table(
    ['', ''],
    [
      ['CPUs (nproc)', `${machine.cpus} (${machine.cpuModel})`],
      ['memory', `${num(machine.memoryGiB, 1)} GiB`],
      ['OS', machine.os],
      ['Node.js', machine.node],
      ['Temporal CLI (dev server)', machine.temporalCli.replace(/\n/g, ' ')],
    ],
  );
}

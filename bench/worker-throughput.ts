/**
 * One worker tracking a burst of operations to completion with short timings: how many per second, and how long each
 * took. The worker is built like production's (createTrackingWorker, coalesced status lookups with the default
 * configuration, the SDK's default concurrency), on the dev server and the sandbox.
 */
import { withCoalescedStatusLookups } from '../activities/linkedin/coalesced-client';
import type { TrackingPolicy } from '../client';
import { loadConfig } from '../worker/config';
import { sandboxClient, statusCallsBetween, submitOperations, trackToCompletion, type BenchWorker, type TemporalStack } from './harness';
import { ms, num, percentile, table, type BenchmarkSection } from './report';

const OPERATIONS = 200;
const POLLS_PER_OPERATION = 2;

const POLICY = {
  firstCheckDelayMs: 1_000,
  pollInitialIntervalMs: 1_000,
  pollBackoffCoefficient: 1,
  pollMaximumIntervalMs: 1_000,
  deadlineMs: 10 * 60_000,
} satisfies Partial<TrackingPolicy>;

interface ThroughputResult {
  operations: number;
  startSpreadMs: number;
  makespanMs: number;
  latenciesMs: number[];
  polls: number;
  statusCalls: number;
  cpuMs: number;
  coalescingWindowMs: number;
}

export async function runWorkerThroughput(stack: TemporalStack, worker: BenchWorker): Promise<BenchmarkSection> {
  const config = loadConfig({});
  const linkedIn = withCoalescedStatusLookups(sandboxClient(stack.linkedIn.sandbox.url), {
    ...config.statusLookups,
    maxUrnsPerStatusCall: config.linkedIn.maxUrnsPerStatusCall,
  });
  worker.useLookup((urns) => linkedIn.lookupTaskStatuses(urns));
  try {
    const submitted = await submitOperations(stack.linkedIn, 'throughput', OPERATIONS, { pollsUntilDone: POLLS_PER_OPERATION, locations: 1 });
    const countersBefore = stack.linkedIn.sandbox.counters();
    const pollsBefore = worker.pollCounters().polls;
    const cpuBefore = process.cpuUsage();
    const run = await trackToCompletion(stack, worker, submitted, POLICY);
    const cpu = process.cpuUsage(cpuBefore);
    const result: ThroughputResult = {
      operations: OPERATIONS,
      startSpreadMs: run.startSpreadMs,
      makespanMs: run.makespanMs,
      latenciesMs: run.latenciesMs,
      polls: worker.pollCounters().polls - pollsBefore,
      statusCalls: statusCallsBetween(countersBefore, stack.linkedIn.sandbox.counters()).calls,
      cpuMs: (cpu.user + cpu.system) / 1000,
      coalescingWindowMs: config.statusLookups.coalescingWindowMs,
    };
    return { title: 'Worker throughput', body: render(result) };
  } finally {
    await linkedIn.close();
  }
}

function render(result: ThroughputResult): string {
  const floorMs = POLICY.firstCheckDelayMs + (POLLS_PER_OPERATION - 1) * POLICY.pollInitialIntervalMs;
  const results = table(
    ['', ''],
    [
      ['operations (1 task each, done on poll 2)', num(result.operations)],
      ['all started after', ms(result.startSpreadMs)],
      ['all outcomes delivered after (first start to last outcome)', ms(result.makespanMs)],
      ['operations completed per second', num((result.operations * 1000) / result.makespanMs, 1)],
      ['per operation, start to outcome delivered: p50 / p95 / max', `${ms(percentile(result.latenciesMs, 50))} / ${ms(percentile(result.latenciesMs, 95))} / ${ms(Math.max(...result.latenciesMs))}`],
      ['polls / status calls', `${num(result.polls)} / ${num(result.statusCalls)}`],
      ['CPU time of the bench process (worker, sandbox, client) per operation', ms(result.cpuMs / result.operations)],
    ],
  );
  return [
    `${num(result.operations)} single-location CREATEs, submitted to the sandbox first, then started all at once on one worker ` +
      `(SDK default slots) with first check after ${ms(POLICY.firstCheckDelayMs)}, polls ${ms(POLICY.pollInitialIntervalMs)} apart, ` +
      `coalescing window ${ms(result.coalescingWindowMs)}; every task finishes on poll ${POLLS_PER_OPERATION}.`,
    '',
    results,
    '',
    '**Reading.**',
    '',
    `- Each operation has to wait at least ${ms(floorMs)} by its timings (first-check delay plus one poll interval), ` +
      `plus up to one coalescing window per poll. The median operation took ${ms(percentile(result.latenciesMs, 50))}: ` +
      'the rest is time queued and processed in the worker, the dev server and the sandbox, which share the CPUs.',
    `- The rate is that of one burst of ${num(result.operations)} with these short timings; no larger burst was tried, so ` +
      "it is not a measured ceiling, and a production cluster's persistence behaves differently from the dev server's.",
    '- In production the timings are minutes (five before the first check), so a worker holds many more operations in ' +
      'flight for the same rate: Temporal keeps waiting workflows on the server, not in the worker.',
    '- The CPU figure covers this whole process (worker, sandbox, Temporal client), not the dev server, which runs as a ' +
      'separate process on the same machine.',
  ].join('\n');
}

/**
 * The product's main cost claim: how many of LinkedIn's 300,000 daily status calls tracking costs. N operations,
 * each done on its k-th poll, tracked by a worker whose polls go out three ways: one URN per call (the naive
 * integration), one call per poll (the client alone), and coalesced across workflows (withCoalescedStatusLookups
 * with the worker's default configuration). Calls are counted by the sandbox, polls by the worker.
 */
import { withCoalescedStatusLookups } from '../activities/linkedin/coalesced-client';
import type { LinkedInClient } from '../activities/linkedin/client';
import type { StatusLookup } from '../activities/linkedin/status-coalescer';
import { LINKEDIN_STATUS_CALLS_PER_DAY } from '../activities/linkedin/status-quota';
import type { TrackingPolicy } from '../client';
import { loadConfig } from '../worker/config';
import {
  sandboxClient,
  statusCallsBetween,
  submitOperations,
  trackToCompletion,
  type BenchWorker,
  type TemporalStack,
} from './harness';
import { ms, num, table, type BenchmarkSection } from './report';

type Mode = 'naive' | 'per-operation' | 'coalesced';

/** Operations per run. Without coalescing the cost per poll cannot depend on N, so the largest N is spent where it can. */
const OPERATION_COUNTS: Record<Mode, number[]> = { naive: [50, 200], 'per-operation': [50, 200], coalesced: [50, 200, 500] };
const POLLS_PER_OPERATION = 3;
const LOCATIONS_PER_OPERATION = 2;
/** Steady-traffic runs: operations arriving one after another, at 10 and at 1 per second, rather than all at once. */
const STEADY_RUNS = [
  { operations: 200, spreadOverMs: 20_000 },
  { operations: 20, spreadOverMs: 20_000 },
];

/** Long enough for every workflow to have started before the first poll, so the all-at-once runs poll in step. */
const firstCheckDelayMsFor = (operations: number) => 2_000 + 10 * operations;

const policyFor = (firstCheckDelayMs: number): Partial<TrackingPolicy> => ({
  firstCheckDelayMs,
  pollInitialIntervalMs: 1_000,
  pollBackoffCoefficient: 1,
  pollMaximumIntervalMs: 1_000,
  deadlineMs: 10 * 60_000,
});

const MODE_LABELS: Record<Mode, string> = {
  naive: 'naive: one URN per call',
  'per-operation': 'one call per poll (client alone)',
  coalesced: 'coalesced (withCoalescedStatusLookups)',
};

interface EconomyRow {
  mode: Mode;
  operations: number;
  arrival: string;
  spreadOverMs: number;
  polls: number;
  calls: number;
  urnsSent: number;
  nonOk: number;
  startSpreadMs: number;
  firstCheckDelayMs: number;
  makespanMs: number;
}

/** The naive integration: every task URN asked for in a call of its own. */
function oneUrnPerCall(client: LinkedInClient): StatusLookup {
  return async (urns) => {
    const answers = await Promise.all(urns.map((urn) => client.lookupTaskStatuses([urn])));
    return { reports: answers.flatMap((a) => a.reports), lookupErrors: answers.flatMap((a) => a.lookupErrors) };
  };
}

type Pacing = Parameters<typeof withCoalescedStatusLookups>[1];

export async function runStatusCallEconomy(stack: TemporalStack, worker: BenchWorker): Promise<BenchmarkSection> {
  const config = loadConfig({});
  const pacing: Pacing = { ...config.statusLookups, maxUrnsPerStatusCall: config.linkedIn.maxUrnsPerStatusCall };
  const rows: EconomyRow[] = [];
  let coalescerSummary = '';

  for (const mode of ['naive', 'per-operation', 'coalesced'] as const) {
    const client = sandboxClient(stack.linkedIn.sandbox.url);
    const coalesced = mode === 'coalesced' ? withCoalescedStatusLookups(client, pacing) : undefined;
    worker.useLookup(mode === 'naive' ? oneUrnPerCall(client) : (coalesced?.lookupTaskStatuses ?? ((urns) => client.lookupTaskStatuses(urns))));
    try {
      const runs = [...OPERATION_COUNTS[mode].map((operations) => ({ operations, spreadOverMs: 0 })), ...(coalesced ? STEADY_RUNS : [])];
      for (const run of runs) rows.push(await measureRun(stack, worker, mode, run));
      if (coalesced) {
        const { coalescer, budget } = coalesced.statusLookupCounters();
        coalescerSummary =
          `${coalescer.lookups} lookups, ${coalescer.statusCalls} batches, ${coalescer.batchesDelayedByBudget} delayed by the budget, ` +
          `${coalescer.lookupsThrottled} throttled; budget: ${budget.callsUsedToday} calls used, refusals ${JSON.stringify(budget.refusals)}`;
      }
    } finally {
      await (coalesced ?? client).close();
    }
  }
  return { title: 'Status-call economy', body: render(rows, pacing, coalescerSummary) };
}

async function measureRun(
  stack: TemporalStack,
  worker: BenchWorker,
  mode: Mode,
  { operations, spreadOverMs }: { operations: number; spreadOverMs: number },
): Promise<EconomyRow> {
  const submitted = await submitOperations(stack.linkedIn, `economy-${mode}-${operations}`, operations, {
    pollsUntilDone: POLLS_PER_OPERATION,
    locations: LOCATIONS_PER_OPERATION,
  });
  // Steady traffic needs no room for the starts: each operation's first poll is its own.
  const firstCheckDelayMs = spreadOverMs > 0 ? 1_000 : firstCheckDelayMsFor(operations);
  const countersBefore = stack.linkedIn.sandbox.counters();
  const pollsBefore = worker.pollCounters();
  const run = await trackToCompletion(stack, worker, submitted, policyFor(firstCheckDelayMs), { spreadOverMs });
  const tally = statusCallsBetween(countersBefore, stack.linkedIn.sandbox.counters());
  const pollsAfter = worker.pollCounters();
  return {
    mode,
    operations,
    arrival: spreadOverMs > 0 ? `${num((operations * 1000) / spreadOverMs, 1)}/s for ${ms(spreadOverMs)}` : 'all at once',
    spreadOverMs,
    polls: pollsAfter.polls - pollsBefore.polls,
    calls: tally.calls,
    urnsSent: tally.urns,
    nonOk: tally.nonOk,
    startSpreadMs: run.startSpreadMs,
    firstCheckDelayMs,
    makespanMs: run.makespanMs,
  };
}

function render(rows: EconomyRow[], pacing: Pacing, coalescerSummary: string): string {
  const callsPerOperation = (row: EconomyRow) => row.calls / row.operations;
  const summary = table(
    [
      'lookup',
      'operations',
      'arrival',
      'polls',
      'status calls',
      'URNs per call',
      'calls per poll',
      'calls per operation',
      `operations/day within ${num(LINKEDIN_STATUS_CALLS_PER_DAY)} calls`,
      'non-200 answers',
    ],
    rows.map((row) => [
      MODE_LABELS[row.mode],
      num(row.operations),
      row.arrival,
      num(row.polls),
      num(row.calls),
      num(row.urnsSent / row.calls, 2),
      num(row.calls / row.polls, 3),
      num(callsPerOperation(row), 3),
      num(Math.floor(LINKEDIN_STATUS_CALLS_PER_DAY / callsPerOperation(row))),
      num(row.nonOk),
    ]),
  );
  const timing = table(
    ['lookup', 'operations', 'arrival', 'first check after', 'all started after', 'all done after'],
    rows.map((row) => [MODE_LABELS[row.mode], num(row.operations), row.arrival, ms(row.firstCheckDelayMs), ms(row.startSpreadMs), ms(row.makespanMs)]),
  );
  const allAtOnce = (row: EconomyRow) => row.spreadOverMs === 0;
  const lateStarts = rows.filter((row) => allAtOnce(row) && row.startSpreadMs > row.firstCheckDelayMs);
  const coalescedAtOnce = rows.filter((row) => row.mode === 'coalesced' && allAtOnce(row));
  const steady = rows.filter((row) => row.mode === 'coalesced' && !allAtOnce(row));
  const uncoalesced = (mode: Mode) => rows.filter((row) => row.mode === mode);
  const range = (values: number[], digits: number) => {
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return lo === hi ? num(lo, digits) : `${num(lo, digits)} to ${num(hi, digits)}`;
  };
  const fixedCost = (mode: Mode, what: string) => {
    const perPoll = uncoalesced(mode).map((row) => row.calls / row.polls);
    const counts = uncoalesced(mode).map((row) => num(row.operations)).join(' and ');
    return `${range(perPoll, 3)} call(s) per poll (${what}) with ${counts} operations`;
  };
  const perSecond = (row: EconomyRow) => num((row.operations * 1000) / row.spreadOverMs, 1);

  return [
    `Each operation is a CREATE with ${LOCATIONS_PER_OPERATION} locations (${LOCATIONS_PER_OPERATION} task URNs), submitted to the sandbox by the ` +
      `bench as a posting service would, then tracked by a workflow on the dev server; a sandbox rule makes every task ` +
      `finish on lookup number ${POLLS_PER_OPERATION}, so each operation needs exactly ${POLLS_PER_OPERATION} polls. ` +
      `Poll interval 1 s, no backoff. "status calls" and "URNs per call" are the sandbox's own counters ` +
      `(GET /v2/simpleJobPostingTasks, every answer); "polls" are the worker's checkTaskStatuses attempts. ` +
      `The coalesced worker uses the default configuration: window ${ms(pacing.coalescingWindowMs)}, ` +
      `at most ${pacing.maxUrnsPerStatusCall} URNs per call, paced by a ${num(pacing.statusCallsPerDay)}/day budget. ` +
      `"operations/day" is ${num(LINKEDIN_STATUS_CALLS_PER_DAY)} divided by the measured calls per operation.`,
    '',
    summary,
    '',
    timing,
    '',
    `Coalescer and budget over all coalesced runs: ${coalescerSummary}.`,
    '',
    '**Reading.**',
    '',
    `- Without coalescing the cost is per poll: the naive integration made ${fixedCost('naive', 'one per URN')}, the client ` +
      `alone ${fixedCost('per-operation', "one per poll, the operation's URNs together")}.`,
    `- Coalesced, with all operations submitted in the same instant (their polls fall due in the same second), calls per ` +
      `poll were ${range(coalescedAtOnce.map((r) => r.calls / r.polls), 3)} and URNs per call ` +
      `${range(coalescedAtOnce.map((r) => r.urnsSent / r.calls), 1)}: the best case for coalescing.`,
    ...steady.map(
      (row) =>
        `- In steady traffic, operations arriving at ${perSecond(row)}/s for ${ms(row.spreadOverMs)}, a call carried ` +
        `${num(row.urnsSent / row.calls, 1)} URNs on average (${num(row.calls / row.polls, 3)} calls per poll).`,
    ),
    ...(steady.length > 0
      ? [
          '- A call is shared only by polls that reach the worker within one coalescing window, so the saving depends ' +
            'on how many polls a worker receives per window: the steady runs show it at the rates tried, not below them.',
        ]
      : []),
    '- "operations/day" holds for operations that need this many polls at this density. Operations that take longer at ' +
      "LinkedIn need more polls (the production backoff is 1, 2, 4, 8, 15, 15... minutes); the quota is per application, " +
      'shared by all its workers; and a real day is not one burst. Read it as a ratio between the modes, not as a promise.',
    ...(lateStarts.length > 0
      ? [
          `- Starting the workflows took longer than the first-check delay in the run(s) of ` +
            `${lateStarts.map((row) => `${num(row.operations)} operations (${MODE_LABELS[row.mode]})`).join(', ')}, so their first polls ` +
            'were not all in step; for coalesced runs that can only lower the URNs per call.',
        ]
      : []),
    '- The sandbox answers in well under a millisecond; LinkedIn does not. Call counts do not depend on latency, the timings do.',
  ].join('\n');
}

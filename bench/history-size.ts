/**
 * Workflow history per operation for 1, 10 and 50 polls: polls are retries of one activity, which Temporal does not
 * record as events, so the history should not grow with them. Read back from the server with fetchHistory.
 */
import { temporal } from '@temporalio/proto';
import type { TrackingPolicy } from '../client';
import { sandboxClient, submitOperations, trackToCompletion, type BenchWorker, type TemporalStack } from './harness';
import { num, table, type BenchmarkSection } from './report';

const POLL_COUNTS = [1, 10, 50];

/** Short timings: the history does not depend on them, the run time does. */
const POLICY: Partial<TrackingPolicy> = {
  firstCheckDelayMs: 500,
  pollInitialIntervalMs: 250,
  pollBackoffCoefficient: 1,
  pollMaximumIntervalMs: 250,
  deadlineMs: 10 * 60_000,
};

const EventType = temporal.api.enums.v1.EventType;

interface HistoryRow {
  pollsUntilDone: number;
  polls: number;
  /** The attempt number the server recorded on the poll activity's ActivityTaskStarted event. */
  recordedAttempt: number | undefined;
  events: number;
  bytes: number;
  /** Size of the previous attempt's failure that the server keeps on the poll's ActivityTaskStarted event. */
  lastFailureBytes: number;
  eventTypes: string;
}

export async function runHistorySize(stack: TemporalStack, worker: BenchWorker): Promise<BenchmarkSection> {
  const client = sandboxClient(stack.linkedIn.sandbox.url);
  worker.useLookup((urns) => client.lookupTaskStatuses(urns));
  try {
    // Independent operations, so tracked side by side; each one's polls are counted by its task URN.
    const rows = await Promise.all(POLL_COUNTS.map((pollsUntilDone) => measureHistory(stack, worker, pollsUntilDone)));
    return { title: 'Workflow history size', body: render(rows) };
  } finally {
    await client.close();
  }
}

async function measureHistory(stack: TemporalStack, worker: BenchWorker, pollsUntilDone: number): Promise<HistoryRow> {
  const [operation] = await submitOperations(stack.linkedIn, `history-${pollsUntilDone}`, 1, { pollsUntilDone, locations: 1 });
  const [workflowId] = (await trackToCompletion(stack, worker, [operation!], POLICY)).workflowIds;
  const handle = stack.env.client.workflow.getHandle(workflowId!);
  // The outcome is delivered just before the workflow completes: its history is read once it has.
  await handle.result();
  const events = (await handle.fetchHistory()).events ?? [];
  const pollStarted = events.find(
    (event, i) =>
      event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED &&
      events[i - 1]?.activityTaskScheduledEventAttributes?.activityType?.name === 'checkTaskStatuses',
  );
  const lastFailure = pollStarted?.activityTaskStartedEventAttributes?.lastFailure;
  return {
    pollsUntilDone,
    polls: worker.pollsOfTask(operation!.taskUrns[0]!),
    recordedAttempt: pollStarted?.activityTaskStartedEventAttributes?.attempt ?? undefined,
    events: events.length,
    bytes: temporal.api.history.v1.History.encode({ events }).finish().length,
    lastFailureBytes: lastFailure ? temporal.api.failure.v1.Failure.encode(lastFailure).finish().length : 0,
    eventTypes: summarizeEventTypes(events),
  };
}

function summarizeEventTypes(events: temporal.api.history.v1.IHistoryEvent[]): string {
  const counts = new Map<string, number>();
  for (const event of events) {
    const name = EventType[event.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? String(event.eventType);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => `${name} ×${n}`).join(', ');
}

function render(rows: HistoryRow[]): string {
  const eventCounts = new Set(rows.map((row) => row.events));
  const byteCounts = rows.map((row) => row.bytes);
  const results = table(
    ['task done on poll', 'polls made', 'attempt recorded in history', 'history events', 'history bytes (protobuf)', 'of which the last poll failure'],
    rows.map((row) => [
      num(row.pollsUntilDone),
      num(row.polls),
      row.recordedAttempt === undefined ? 'not found' : num(row.recordedAttempt),
      num(row.events),
      num(row.bytes),
      num(row.lastFailureBytes),
    ]),
  );
  return [
    'One single-location CREATE per row, submitted by the bench and tracked by a workflow on the dev server; a sandbox ' +
      'rule finishes the task on the given poll. The history is read back with `fetchHistory()` once the workflow has ' +
      'completed; bytes are the size of its protobuf encoding.',
    '',
    results,
    '',
    `Event types of the last row: ${rows.at(-1)?.eventTypes ?? 'none'}.`,
    '',
    '**Reading.**',
    '',
    eventCounts.size === 1
      ? `- The history has ${num([...eventCounts][0]!)} events whether the task needed ${rows.map((row) => row.pollsUntilDone).join(', ')} polls: ` +
        "each poll is a retry of one activity, and the server records only the last attempt's start and its completion."
      : `- The event counts differ (${rows.map((row) => `${row.pollsUntilDone} polls: ${row.events}`).join('; ')}): polling is not constant in history here.`,
    new Set(byteCounts).size === 1
      ? `- The history is ${num(byteCounts[0]!)} bytes in every case.`
      : `- The bytes differ (${byteCounts.map((b) => num(b)).join(', ')}) by the previous attempt's "still in progress" failure, ` +
        `which the server keeps on the poll's ActivityTaskStarted event (${rows.map((row) => num(row.lastFailureBytes)).join(', ')} bytes): ` +
        'one failure, the last, whatever the number of polls. Without it the sizes are ' +
        `${rows.map((row) => num(row.bytes - row.lastFailureBytes)).join(', ')} bytes.`,
    '- A happy-path operation only: a resubmission, a budget wait or an operator signal adds events; see the workflow ' +
      'tests and `test/histories/` for those paths.',
  ].join('\n');
}

/**
 * What the Temporal benchmarks share: the real Temporal CLI dev server and the LinkedIn sandbox on loopback, tracking
 * workers built like production's (createTrackingWorker) around a status lookup of the benchmark's choosing, and
 * batches of operations submitted to the sandbox and tracked to their outcome.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createLinkedInClient, type LinkedInClient } from '../activities/linkedin/client';
import { DEFAULT_LINKEDIN_CLIENT_CONFIG, type LinkedInClientConfig } from '../activities/linkedin/config';
import type { StatusLookup } from '../activities/linkedin/status-coalescer';
import { createNotificationActivities } from '../activities/notifications';
import { startTracking, type TrackingPolicy } from '../client';
import { resolveTemporalBinary, TEMPORAL_CLI } from '../scripts/temporal-binaries';
import type { SandboxCounters } from '../sandbox/types';
import { SANDBOX_CREDENTIALS } from '../worker/config';
import { createTrackingWorker } from '../worker/create-worker';
import { startLinkedInSandbox, type LinkedInFixture } from '../test/helpers/linkedin';
import { posting } from '../test/helpers/postings';
import { startDevServer } from '../test/helpers/temporal';

const STATUS_ENDPOINT = 'GET /v2/simpleJobPostingTasks';

/** Tasks finish only by the pollsUntilDone rule: no benchmark may depend on the sandbox's real-time clock. */
const NEVER_BY_CLOCK_MS = 24 * 60 * 60 * 1000;

export interface TemporalStack {
  env: TestWorkflowEnvironment;
  linkedIn: LinkedInFixture;
  temporalCliVersion: string;
  close(): Promise<void>;
}

export async function startTemporalStack(): Promise<TemporalStack> {
  const env = await startDevServer();
  try {
    const linkedIn = await startLinkedInSandbox({ processingMs: NEVER_BY_CLOCK_MS });
    return {
      env,
      linkedIn,
      temporalCliVersion: temporalCliVersion(),
      async close() {
        await linkedIn.close();
        await env.teardown();
      },
    };
  } catch (err) {
    await env.teardown();
    throw err;
  }
}

function temporalCliVersion(): string {
  const { path } = resolveTemporalBinary(TEMPORAL_CLI);
  const run = spawnSync(path, ['--version'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : `unknown (${path} --version exited ${run.status})`;
}

/** A LinkedIn client of its own (its own connections and token) for the sandbox at `sandboxUrl`. */
export function sandboxClient(sandboxUrl: string, settings: Partial<LinkedInClientConfig> = {}): LinkedInClient {
  return createLinkedInClient({
    ...DEFAULT_LINKEDIN_CLIENT_CONFIG,
    apiBaseUrl: sandboxUrl,
    tokenUrl: `${sandboxUrl}/oauth/v2/accessToken`,
    ...SANDBOX_CREDENTIALS,
    ...settings,
  });
}

export interface PollCounters {
  /** Activity attempts of checkTaskStatuses, i.e. polls: each is one status lookup. */
  polls: number;
  /** URNs those polls asked for. */
  urnsPolled: number;
}

/**
 * One tracking worker for every benchmark (bundling the workflows once). Its polls go through the status lookup
 * set last, counted; switch it only while no operation is being tracked. Outcomes reach the posting service as
 * with no webhook configured, and are heard here.
 */
export interface BenchWorker {
  taskQueue: string;
  useLookup(lookup: StatusLookup): void;
  pollCounters(): PollCounters;
  /** Polls that asked for this task URN. */
  pollsOfTask(taskUrn: string): number;
  /** Resolves with the outcome once the workflow has notified the posting service of it. */
  outcomeOf(workflowId: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startBenchWorker(stack: TemporalStack, taskQueue: string): Promise<BenchWorker> {
  const counters: PollCounters = { polls: 0, urnsPolled: 0 };
  const pollsPerTask = new Map<string, number>();
  let lookup: StatusLookup | undefined;
  const outcomes = new Map<string, { outcome?: string; resolve?: (outcome: string) => void }>();
  const hear = (workflowId: string, outcome: string) => {
    const waiter = outcomes.get(workflowId);
    if (waiter?.resolve) waiter.resolve(outcome);
    else outcomes.set(workflowId, { outcome });
  };
  const notifications = createNotificationActivities(
    { outcomeWebhookUrl: null, outcomeWebhookSecret: null, alertWebhookUrl: null, alertWebhookSecret: null, timeoutMs: 5_000 },
    {
      log: (entry) => {
        const { kind, workflowId, outcome } = entry as { kind?: string; workflowId?: string; outcome?: string };
        if (kind === 'outcome' && workflowId !== undefined && outcome !== undefined) hear(workflowId, outcome);
      },
    },
  );
  const worker = await createTrackingWorker({
    connection: stack.env.nativeConnection,
    namespace: stack.env.namespace ?? 'default',
    taskQueue,
    linkedIn: {
      lookupTaskStatuses: (urns) => {
        if (lookup === undefined) throw new Error('bench worker: no status lookup set');
        counters.polls += 1;
        counters.urnsPolled += urns.length;
        for (const urn of urns) pollsPerTask.set(urn, (pollsPerTask.get(urn) ?? 0) + 1);
        return lookup(urns);
      },
      submitPostings: (elements) => stack.linkedIn.linkedIn.submitPostings(elements),
    },
    notifications,
    client: stack.env.client,
    // Every run waits for its outcomes before the worker stops: nothing is in flight to wait for.
    overrides: { shutdownGraceTime: '1 second' },
  });
  const running = worker.run();
  // A worker that fails shows up in stop(); meanwhile the runs' bound ends the wait for its outcomes.
  running.catch(() => undefined);
  return {
    taskQueue,
    useLookup: (next) => void (lookup = next),
    pollCounters: () => ({ ...counters }),
    pollsOfTask: (taskUrn) => pollsPerTask.get(taskUrn) ?? 0,
    outcomeOf: (workflowId) => {
      const heard = outcomes.get(workflowId)?.outcome;
      if (heard !== undefined) return Promise.resolve(heard);
      return new Promise((resolve) => outcomes.set(workflowId, { resolve }));
    },
    async stop() {
      worker.shutdown();
      await running;
    },
  };
}

export interface SubmittedOperation {
  externalJobPostingId: string;
  taskUrns: string[];
}

/**
 * Submits `count` CREATEs with `locations` locations each, as a posting service would before tracking them; a
 * sandbox rule makes every task finish SUCCEEDED on its `pollsUntilDone`-th lookup.
 */
export async function submitOperations(
  linkedIn: LinkedInFixture,
  label: string,
  count: number,
  options: { pollsUntilDone: number; locations: number },
): Promise<SubmittedOperation[]> {
  const prefix = `${label}-${process.pid}-${Date.now()}`;
  linkedIn.sandbox.addRules([{ externalJobPostingId: `${prefix}-*`, status: 'SUCCEEDED', pollsUntilDone: options.pollsUntilDone }]);
  const ids = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  const alternateLocations = ALTERNATE_LOCATIONS.slice(0, options.locations - 1);
  const submissions = await linkedIn.linkedIn.submitPostings(ids.map((id) => posting(id, { alternateLocations })));
  return ids.map((externalJobPostingId, i) => {
    const submission = submissions[i];
    if (!submission?.accepted) throw new Error(`The sandbox refused ${externalJobPostingId}: ${JSON.stringify(submission)}`);
    return { externalJobPostingId, taskUrns: submission.taskUrns };
  });
}

const ALTERNATE_LOCATIONS = ['Paris, France', 'Lyon, France', 'Madrid, Spain', 'Lisbon, Portugal', 'Vienna, Austria', 'Zurich, Switzerland', 'Milan, Italy'];

export interface TrackedRun {
  workflowIds: string[];
  /** From the first start request until every workflow had been started. */
  startSpreadMs: number;
  /** From the first start request until the last outcome was delivered. */
  makespanMs: number;
  /** Per operation: from its start request until its outcome was delivered to the posting service. */
  latenciesMs: number[];
}

/** Longest a run may take; past it the benchmark fails instead of waiting on. */
const RUN_BOUND_MS = 3 * 60_000;

/**
 * Starts one workflow per operation and waits until each has told the posting service its outcome, at most
 * RUN_BOUND_MS. By default all at once with one submission time (their polls come due together); with
 * `spreadOverMs`, one after another at an even pace, each submitted when it starts, as operations arrive from a
 * posting service in steady traffic.
 */
export async function trackToCompletion(
  stack: TemporalStack,
  worker: BenchWorker,
  operations: SubmittedOperation[],
  policy: Partial<TrackingPolicy>,
  options: { spreadOverMs?: number } = {},
): Promise<TrackedRun> {
  const spacingMs = (options.spreadOverMs ?? 0) / operations.length;
  const sharedSubmittedAt = new Date().toISOString();
  const began = performance.now();
  const tracked = await Promise.all(
    operations.map(async ({ externalJobPostingId, taskUrns }, i) => {
      if (spacingMs > 0) await setTimeout(Math.max(0, began + i * spacingMs - performance.now()));
      const startedAt = performance.now();
      const submittedAt = spacingMs > 0 ? new Date().toISOString() : sharedSubmittedAt;
      const operation = await startTracking(
        stack.env.client,
        { operation: 'CREATE', externalJobPostingId, taskUrns, submittedAt },
        { taskQueue: worker.taskQueue, policy },
      );
      return { operation, startedAt };
    }),
  );
  const startSpreadMs = performance.now() - began;
  // Heard as a posting service hears them (the outcome notification), not through one long poll per workflow,
  // which would load the server the benchmark measures.
  const outcomes = Promise.all(
    tracked.map(async ({ operation, startedAt }) => {
      const outcome = await worker.outcomeOf(operation.workflowId);
      if (outcome !== 'SUCCEEDED') throw new Error(`${operation.workflowId} ended ${outcome}, not SUCCEEDED`);
      return performance.now() - startedAt;
    }),
  );
  const bound = new AbortController();
  const overdue = setTimeout(RUN_BOUND_MS, undefined, { signal: bound.signal }).then(() => {
    throw new Error(`${operations.length} operation(s) not all done after ${RUN_BOUND_MS / 1000} s`);
  });
  overdue.catch(() => undefined);
  const latenciesMs = await Promise.race([outcomes, overdue]).finally(() => bound.abort());
  const makespanMs = performance.now() - began;
  return { workflowIds: tracked.map(({ operation }) => operation.workflowId), startSpreadMs, makespanMs, latenciesMs };
}

export interface StatusCallTally {
  /** Status calls LinkedIn (the sandbox) answered, whatever the answer. */
  calls: number;
  /** URNs named in those calls (distinct within each call). */
  urns: number;
  tunneled: number;
  /** Answers other than 200 (a 429 would mean the quota was hit). */
  nonOk: number;
}

/** Status calls between two sandbox counter snapshots. */
export function statusCallsBetween(before: SandboxCounters, after: SandboxCounters): StatusCallTally {
  const answers = (counters: SandboxCounters) => counters.calls[STATUS_ENDPOINT] ?? {};
  const sum = (record: Record<string, number>, weigh: (key: string) => number = () => 1) =>
    Object.entries(record).reduce((total, [key, n]) => total + n * weigh(key), 0);
  const okCalls = (counters: SandboxCounters) => answers(counters)['200'] ?? 0;
  const calls = sum(answers(after)) - sum(answers(before));
  return {
    calls,
    urns: sum(after.urnsPerStatusCall, Number) - sum(before.urnsPerStatusCall, Number),
    tunneled: after.tunneledStatusCalls - before.tunneledStatusCalls,
    nonOk: calls - (okCalls(after) - okCalls(before)),
  };
}

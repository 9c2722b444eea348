/**
 * The demo's core: installs one sandbox rule set per case, starts tracking every case's operation through the
 * client library, and waits for each outcome, comparing it with the case's expectation.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { temporalUiLinks } from '../../activities/notifications/ui-links';
import { startTracking, type TrackedOperation } from '../../client/tracking';
import type { OperationResult } from '../../workflows/definitions';
import type { ErrorCategory, JobOperation, OperationOutcome } from '../../workflows/domain';
import { DEMO_CASES, DEMO_POLICY, type DemoCase } from './cases';
import { addRules } from './sandbox-admin';

/** Longer than the longest case (the timed-out one) with room for a busy machine, well under two minutes. */
export const DEFAULT_DEMO_TIMEOUT_MS = 90_000;

export interface DemoOptions {
  client: Client;
  /** Base URL of the LinkedIn sandbox the worker talks to, e.g. http://127.0.0.1:8787. */
  sandboxUrl: string;
  taskQueue: string;
  /** The namespace's page in the Temporal UI, as `Config.notifications.temporalUiBaseUrl`: <ui>/namespaces/<ns>. */
  temporalUiBaseUrl: string;
  cases?: readonly DemoCase[];
  /** Names this run's external job ids (`demo-<runId>-<case>`); random when not given. */
  runId?: string;
  timeoutMs?: number;
  onProgress?: (event: DemoEvent) => void;
}

export interface DemoOperation {
  case: string;
  shows: string;
  operation: JobOperation;
  externalJobPostingId: string;
  workflowId: string;
  uiUrl: string;
  expectedOutcome: OperationOutcome;
  /** Null when the operation did not finish (or its workflow failed). */
  outcome: OperationOutcome | null;
  /** Error categories of its tasks, in task order, each once. */
  categories: ErrorCategory[];
  /** Submissions tracked (OperationResult.attempts): 1, plus one per resubmission; 0 when the first was refused. */
  attempts: number;
  ok: boolean;
  /** Why it is not ok, in words. */
  problem?: string;
}

export interface DemoSummary {
  runId: string;
  namespace: string;
  taskQueue: string;
  startedAt: string;
  durationMs: number;
  /** Every case reached its expected outcome (and showed what else it should). */
  ok: boolean;
  /** Operations per outcome reached. */
  counts: Partial<Record<OperationOutcome, number>>;
  operations: DemoOperation[];
}

export type DemoEvent =
  | { type: 'started'; runId: string; operations: readonly DemoOperation[] }
  | { type: 'finished'; operation: DemoOperation };

export function newRunId(): string {
  return randomBytes(5).toString('hex');
}

export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const cases = options.cases ?? DEMO_CASES;
  const runId = options.runId ?? newRunId();
  const timeoutMs = options.timeoutMs ?? DEFAULT_DEMO_TIMEOUT_MS;
  const namespace = options.client.options.namespace;
  const startedAtMs = Date.now();

  const prepared = cases.map((demoCase) => ({ demoCase, ...demoCase.prepare(`demo-${runId}-${demoCase.name}`) }));
  await addRules(
    options.sandboxUrl,
    prepared.flatMap((p) => p.rules),
    prepared.map((p) => p.input.externalJobPostingId),
  );

  const tracked: TrackedOperation[] = await Promise.all(
    prepared.map(({ demoCase, input }) =>
      startTracking(options.client, input, { taskQueue: options.taskQueue, policy: { ...DEMO_POLICY, ...demoCase.policy } }),
    ),
  );
  const operations: DemoOperation[] = prepared.map(({ demoCase, input }, index) => {
    const { workflowId } = tracked[index]!;
    return {
      case: demoCase.name,
      shows: demoCase.shows,
      operation: input.operation,
      externalJobPostingId: input.externalJobPostingId,
      workflowId,
      uiUrl: temporalUiLinks(options.temporalUiBaseUrl, [workflowId])[0]!,
      expectedOutcome: demoCase.expectedOutcome,
      outcome: null,
      categories: [],
      attempts: 0,
      ok: false,
    };
  });
  options.onProgress?.({ type: 'started', runId, operations });

  // Past the timeout the summary is out: a late result must neither change it nor report progress.
  let waiting = true;
  const settled = operations.map(async (operation, index) => {
    try {
      const result = await tracked[index]!.handle.result();
      if (waiting) settle(operation, prepared[index]!.demoCase, result);
    } catch (err) {
      if (waiting) operation.problem = `its workflow failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (waiting) options.onProgress?.({ type: 'finished', operation });
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  try {
    await Promise.race([Promise.all(settled), timedOut]);
  } finally {
    waiting = false;
    clearTimeout(timer);
  }
  for (const operation of operations) {
    if (operation.outcome === null && !operation.problem) operation.problem = `still running after ${Math.round(timeoutMs / 1000)}s`;
  }

  return {
    runId,
    namespace,
    taskQueue: options.taskQueue,
    startedAt: new Date(startedAtMs).toISOString(),
    durationMs: Date.now() - startedAtMs,
    ok: operations.every((operation) => operation.ok),
    counts: countOutcomes(operations),
    operations,
  };
}

function settle(operation: DemoOperation, demoCase: DemoCase, result: OperationResult): void {
  operation.outcome = result.outcome;
  operation.categories = [...new Set(result.tasks.flatMap((task) => (task.failure ? [task.failure.category] : [])))];
  operation.attempts = result.attempts.length;
  const problem =
    result.outcome === demoCase.expectedOutcome
      ? demoCase.verify?.(result)
      : `expected ${demoCase.expectedOutcome}, got ${result.outcome}`;
  operation.ok = problem === undefined;
  if (problem) operation.problem = problem;
}

export function countOutcomes(operations: readonly DemoOperation[]): Partial<Record<OperationOutcome, number>> {
  const counts: Partial<Record<OperationOutcome, number>> = {};
  for (const { outcome } of operations) if (outcome) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

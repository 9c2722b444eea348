/**
 * The product contract, row by row: for each of LinkedIn's 54 FAILED rows the sandbox returns LinkedIn's real,
 * filled-in message, and the workflow classifies it and takes the category's action (error-categories.md).
 * Then the HTTP answers of the status endpoint: throttling, outages and broken bodies are retried, never failures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_TABLE, type ErrorRow } from '../activities/classification/error-table';
import { startTracking } from '../client';
import type { ScriptedFault } from '../sandbox';
import type { OperationResult } from '../workflows/definitions';
import type { ErrorCategory } from '../workflows/domain';
import { posting, uniqueJobId } from './helpers/postings';
import { MINUTE, startWorkflowHarness, TEST_POLICY, type WorkflowHarness } from './helpers/workflow-harness';

const DAY = 24 * 60 * MINUTE;
/** Categories whose operation pages a person (besides telling the posting service). */
const ALERTED: ErrorCategory[] = ['TRANSIENT', 'POLICY_REJECTED', 'BLOCKED', 'UNKNOWN'];

let harness: WorkflowHarness;
const outcomes = new Map<number, { workflowId: string; result: OperationResult }>();

beforeAll(async () => {
  harness = await startWorkflowHarness('error-table-test');
  const ids = ERROR_TABLE.map((row) => uniqueJobId(`row-${row.row}`));
  harness.linkedIn.sandbox.addRules(ERROR_TABLE.map((row, i) => ({ externalJobPostingId: ids[i]!, status: 'FAILED' as const, errorRow: row.row, pollsUntilDone: 1 })));
  // No resubmission and no budget wait: each row's first action is what is checked here (compensation.test.ts
  // covers what comes after).
  const policy = { maxResubmissions: 0, budgetWaitMs: 0 };
  // One at a time: the time-skipping server skips time only while every workflow is idle.
  for (const [i, row] of ERROR_TABLE.entries()) {
    outcomes.set(row.row, await harness.track({ operation: 'CREATE', externalJobPostingId: ids[i]!, posting: posting(ids[i]!) }, policy));
  }
  await harness.advance(TEST_POLICY.budgetAlertWindowMs);
});

afterAll(async () => {
  await harness?.close();
});

describe("every row of LinkedIn's error table", () => {
  it.each(ERROR_TABLE.map((row) => [row.row, row.category, row] as const))('row %i: %s', (_n, category, row: ErrorRow) => {
    const { workflowId, result } = outcomes.get(row.row)!;
    const [task] = result.tasks;
    expect(result.outcome).toBe(category);
    expect(task).toMatchObject({ status: 'FAILED', outcome: 'FAILED', failure: { row: row.row, category, scope: row.scope } });
    expect(task!.failure!.fields).toEqual(expect.arrayContaining(row.fields));
    expect(result.attempts).toHaveLength(1);

    const [notification, ...more] = harness.outcomesOf(workflowId);
    expect(more).toEqual([]);
    expect(notification).toMatchObject({ outcome: category, category, resolution: row.resolution });
    if (category === 'DUPLICATE') expect(notification!.event).toBe('operation.duplicate');

    const alerts = harness.alertsAbout(workflowId).map((alert) => alert.category);
    if (category === 'BUDGET_EXHAUSTED') {
      expect(alerts).toEqual(['BUDGET_EXHAUSTED']);
      expect(result.budget).toMatchObject({ scope: row.scope, decision: 'wait-expired' });
    } else if (ALERTED.includes(category)) {
      expect(alerts).toEqual([category]);
    } else {
      expect(alerts).toEqual([]);
    }
  });

  it('sends one budget alert per budget scope, however many operations share it', () => {
    const budgetAlerts = harness.delivered.filter((entry) => entry.kind === 'alert' && entry.category === 'BUDGET_EXHAUSTED');
    const budgetRows = ERROR_TABLE.filter((row) => row.category === 'BUDGET_EXHAUSTED');
    // Job-scoped rows each spend their own job's budget; contract and account rows share the posting's organization.
    const jobScoped = budgetRows.filter((row) => row.scope === 'job').length;
    const sharedScopes = new Set(budgetRows.filter((row) => row.scope !== 'job').map((row) => row.scope)).size;
    expect(budgetAlerts).toHaveLength(jobScoped + sharedScopes);
  });
});

describe('HTTP answers of the status endpoint', () => {
  async function trackThroughFaults(label: string, faults: Parameters<WorkflowHarness['linkedIn']['sandbox']['configure']>[0]) {
    const id = uniqueJobId(label);
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 }]);
    const tracked = await startTracking(harness.env.client, { operation: 'CREATE', externalJobPostingId: id, posting: posting(id) }, {
      taskQueue: harness.taskQueue,
      policy: { ...TEST_POLICY, deadlineMs: 3 * DAY },
    });
    await harness.untilPhase(tracked.workflowId, 'WAITING_FOR_FIRST_CHECK');
    harness.linkedIn.sandbox.configure(faults);
    const result = await tracked.handle.result();
    harness.linkedIn.sandbox.configure({ retryAfterSeconds: null, failNext: [] });
    return { result, polls: harness.pollsOf(tracked.workflowId), workflowId: tracked.workflowId };
  }

  it.each<[string, ScriptedFault]>([
    ['a 500', { path: 'status', status: 500, count: 2 }],
    ['a 503 from the edge', { path: 'status', status: 503 }],
    ['a connection reset', { path: 'status', fault: 'reset' }],
    ['a malformed body', { path: 'status', fault: 'malformed' }],
  ])('%s is retried with backoff and the task still reaches its outcome', async (label, fault) => {
    const { result, polls, workflowId } = await trackThroughFaults(`fault-${label.replace(/\W+/g, '-')}`, { failNext: [fault] });
    expect(result.outcome).toBe('SUCCEEDED');
    expect(polls).toHaveLength((fault.count ?? 1) + 1);
    expect(harness.alertsAbout(workflowId)).toEqual([]);
  });

  it('429 with Retry-After: the next check waits as long as LinkedIn asked', async () => {
    const { result, polls } = await trackThroughFaults('throttled-retry-after', { retryAfterSeconds: 1800, failNext: [{ path: 'status', status: 429 }] });
    expect(result.outcome).toBe('SUCCEEDED');
    expect(polls).toHaveLength(2);
    expect(polls[1]!.atMs - polls[0]!.atMs).toBeGreaterThanOrEqual(1800 * 1000);
  });

  it('429 without Retry-After: the next check waits for the daily quota to reset at midnight UTC', async () => {
    const { result, polls } = await trackThroughFaults('throttled-daily', { failNext: [{ path: 'status', status: 429 }] });
    expect(result.outcome).toBe('SUCCEEDED');
    expect(polls).toHaveLength(2);
    // The delay is counted on the worker's clock to the next UTC midnight (test/failures.test.ts pins that down);
    // the test server's skipped clock is elsewhere, so here: far beyond the retry policy's interval, within a day.
    const gap = polls[1]!.atMs - polls[0]!.atMs;
    expect(gap).toBeGreaterThan(TEST_POLICY.pollMaximumIntervalMs);
    expect(gap).toBeLessThanOrEqual(DAY);
  });
});

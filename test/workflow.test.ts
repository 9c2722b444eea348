/**
 * The job-operation workflow on Temporal's time-skipping test server, with its real activities talking to the
 * LinkedIn sandbox over HTTP. Task outcomes are decided by sandbox rules that finish a task on its Nth status
 * lookup, so the number of polls is exact whatever the (skipped) clock says.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracking } from '../client';
import { statusQuery } from '../workflows/definitions';
import { posting, uniqueJobId } from './helpers/postings';
import { MINUTE, startWorkflowHarness, TEST_POLICY as POLICY, type WorkflowHarness } from './helpers/workflow-harness';

let harness: WorkflowHarness;
beforeAll(async () => {
  harness = await startWorkflowHarness('workflow-test');
});
afterAll(async () => {
  await harness?.close();
});

const track: WorkflowHarness['track'] = (input, policy) => harness.track(input, policy);
const pollsOf: WorkflowHarness['pollsOf'] = (workflowId) => harness.pollsOf(workflowId);
const submitAsPostingService: WorkflowHarness['submitAsPostingService'] = (id) => harness.submitAsPostingService(id);

describe('timing', () => {
  it('makes no status call before the configured first-check delay has passed', async () => {
    const id = uniqueJobId('delay');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 }]);
    const { workflowId, result } = await track({ operation: 'CREATE', externalJobPostingId: id, posting: posting(id) });

    expect(result.outcome).toBe('SUCCEEDED');
    const [first, ...rest] = pollsOf(workflowId);
    expect(rest).toHaveLength(0);
    expect(first!.atMs - Date.parse(result.submittedAt!)).toBeGreaterThanOrEqual(POLICY.firstCheckDelayMs);
  });

  it('backs off between polls as the policy says: initial interval, times the coefficient, capped', async () => {
    const id = uniqueJobId('backoff');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 6 }]);
    const { workflowId, result } = await track({ operation: 'CREATE', externalJobPostingId: id, posting: posting(id) });

    expect(result.outcome).toBe('SUCCEEDED');
    const attempts = pollsOf(workflowId);
    expect(attempts.map((poll) => poll.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    const gapsInMinutes = attempts.slice(1).map((poll, i) => Math.round((poll.atMs - attempts[i]!.atMs) / 1000) / 60);
    expect(gapsInMinutes).toEqual([1, 2, 4, 5, 5]);
  });

  it('keeps the history the same length whether a task needs 3 polls or 50', async () => {
    const historyLength = async (polls: number) => {
      const id = uniqueJobId(`polls-${polls}`);
      harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: polls }]);
      const taskUrns = await submitAsPostingService(id);
      const { workflowId, result } = await track(
        { operation: 'CREATE', externalJobPostingId: id, taskUrns },
        { pollMaximumIntervalMs: MINUTE, pollBackoffCoefficient: 1 },
      );
      expect(result.outcome).toBe('SUCCEEDED');
      expect(pollsOf(workflowId)).toHaveLength(polls);
      const history = await harness.env.client.workflow.getHandle(workflowId).fetchHistory();
      return history.events?.length;
    };
    const afterThree = await historyLength(3);
    const afterFifty = await historyLength(50);
    expect(afterThree).toBeGreaterThan(0);
    expect(afterFifty).toBe(afterThree);
  });

  it('reports TIMED_OUT with the last seen statuses when tasks are still in progress at the deadline', async () => {
    const id = uniqueJobId('deadline');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'IN_PROGRESS' }]);
    const { workflowId, result } = await track({ operation: 'CREATE', externalJobPostingId: id, posting: posting(id) }, { deadlineMs: 60 * MINUTE });

    expect(result.outcome).toBe('TIMED_OUT');
    expect(result.tasks).toHaveLength(1);
    expect(result.tasks[0]).toMatchObject({ status: 'IN_PROGRESS', outcome: 'TIMED_OUT' });
    const attempts = pollsOf(workflowId);
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts.at(-1)!.atMs - Date.parse(result.submittedAt!)).toBeLessThanOrEqual(60 * MINUTE);
  });
  it('still looks once at tasks handed over after their deadline', async () => {
    const id = uniqueJobId('late-handover');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 }]);
    const taskUrns = await submitAsPostingService(id);
    const submittedAt = new Date((await harness.env.currentTimeMs()) - 2 * POLICY.deadlineMs).toISOString();
    const { workflowId, result } = await track({ operation: 'CREATE', externalJobPostingId: id, taskUrns, submittedAt });

    expect(result.outcome).toBe('SUCCEEDED');
    expect(pollsOf(workflowId)).toHaveLength(1);
  });
});

describe('terminal statuses', () => {
  it('SUCCEEDED: the job is live, with its LinkedIn job posting URN', async () => {
    const id = uniqueJobId('succeeded');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 2 }]);
    const { result } = await track({ operation: 'CREATE', externalJobPostingId: id, posting: posting(id) });

    expect(result.outcome).toBe('SUCCEEDED');
    expect(result.tasks).toEqual([
      expect.objectContaining({ status: 'SUCCEEDED', outcome: 'SUCCEEDED', location: 'Berlin, Germany', jobPostingUrn: expect.stringMatching(/^urn:li:jobPosting:\d+$/) }),
    ]);
  });

  it('FAILED: the error is classified and the outcome is its category', async () => {
    const id = uniqueJobId('failed');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 47, pollsUntilDone: 2 }]);
    const { result } = await track({ operation: 'CREATE', externalJobPostingId: id, posting: posting(id) });

    expect(result.outcome).toBe('BUDGET_EXHAUSTED');
    expect(result.tasks[0]).toMatchObject({
      status: 'FAILED',
      outcome: 'FAILED',
      errorMessage: "This job's budget has ran out.",
      failure: { category: 'BUDGET_EXHAUSTED', row: 47, scope: 'job' },
    });
  });

  it('PROCESSED without an error message is a success', async () => {
    const id = uniqueJobId('processed');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'PROCESSED', pollsUntilDone: 1 }]);
    const { result } = await track({ operation: 'CREATE', externalJobPostingId: id, posting: posting(id) });

    expect(result.outcome).toBe('PROCESSED');
    expect(result.tasks[0]).toMatchObject({ status: 'PROCESSED', outcome: 'PROCESSED' });
    expect(result.tasks[0]!.failure).toBeUndefined();
  });

  it('PROCESSED with an error message is PROCESSED_WITH_ERRORS, classified like a failure', async () => {
    const id = uniqueJobId('processed-errors');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'PROCESSED', errorRow: 22, pollsUntilDone: 1 }]);
    const { result } = await track({ operation: 'CREATE', externalJobPostingId: id, posting: posting(id) });

    expect(result.outcome).toBe('PROCESSED_WITH_ERRORS');
    expect(result.tasks[0]).toMatchObject({
      status: 'PROCESSED',
      outcome: 'PROCESSED_WITH_ERRORS',
      failure: { category: 'INVALID_PAYLOAD', fields: ['location'] },
    });
  });

  it('a task LinkedIn does not know is TASK_NOT_FOUND, not an endless poll', async () => {
    const id = uniqueJobId('unknown-task');
    const { workflowId, result } = await track({
      operation: 'UPDATE',
      externalJobPostingId: id,
      taskUrns: ['urn:li:simpleJobPostingTask:00000000-0000-4000-8000-000000000000'],
    });

    expect(result.outcome).toBe('TASK_NOT_FOUND');
    expect(pollsOf(workflowId)).toHaveLength(1);
  });
});

describe('operations', () => {
  it('tracks each location of a multi-location job on its own', async () => {
    const id = uniqueJobId('multi');
    harness.linkedIn.sandbox.addRules([
      { externalJobPostingId: id, location: 'Paris, France', status: 'FAILED', errorRow: 21, pollsUntilDone: 1 },
      { externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 },
    ]);
    const element = posting(id, { alternateLocations: ['Paris, France', 'Madrid, Spain'] });
    const { result } = await track({ operation: 'CREATE', externalJobPostingId: id, posting: element });

    expect(result.outcome).toBe('PARTIALLY_SUCCEEDED');
    expect(result.tasks.map((task) => [task.location, task.outcome, task.failure?.category])).toEqual([
      ['Berlin, Germany', 'SUCCEEDED', undefined],
      ['Paris, France', 'FAILED', 'INVALID_PAYLOAD'],
      ['Madrid, Spain', 'SUCCEEDED', undefined],
    ]);
  });

  it('an element LinkedIn refuses at submission ends as SUBMISSION_REJECTED without polling', async () => {
    const id = uniqueJobId('rejected');
    const element = posting(id);
    delete element.title;
    const { workflowId, result } = await track({ operation: 'CREATE', externalJobPostingId: id, posting: element });

    expect(result.outcome).toBe('SUBMISSION_REJECTED');
    expect(result.rejection).toEqual({ httpStatus: 422, message: expect.stringContaining('/title') });
    expect(result.tasks).toEqual([]);
    expect(pollsOf(workflowId)).toHaveLength(0);
  });

  it('answers the status query while it waits for the first check', async () => {
    const id = uniqueJobId('query');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 }]);
    const taskUrns = await submitAsPostingService(id);
    const tracked = await startTracking(harness.env.client, { operation: 'CREATE', externalJobPostingId: id, taskUrns }, { taskQueue: harness.taskQueue, policy: POLICY });

    const waiting = await tracked.handle.query(statusQuery);
    expect(waiting).toMatchObject({
      operation: 'CREATE',
      externalJobPostingId: id,
      phase: 'WAITING_FOR_FIRST_CHECK',
      waitingFor: expect.stringContaining('first status check'),
      tasks: [{ taskUrn: taskUrns[0] }],
    });
    const result = await tracked.handle.result();
    const done = await tracked.handle.query(statusQuery);
    expect(done).toMatchObject({ phase: 'COMPLETED', waitingFor: null, result: { outcome: result.outcome } });
  });

  it('fails at once, without retrying, when started with invalid input', async () => {
    const handle = await harness.env.client.workflow.start('trackJobOperation', {
      taskQueue: harness.taskQueue,
      workflowId: `invalid-${uniqueJobId('x')}`,
      args: [{ operation: 'PUBLISH', externalJobPostingId: 'job-1', taskUrns: ['not-a-urn'] }],
    });
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'InvalidJobOperation', nonRetryable: true });
    expect((cause as ApplicationFailure).message).toMatch(/operation must be one of CREATE, UPDATE, RENEW, CLOSE/);
    expect((cause as ApplicationFailure).message).toMatch(/"not-a-urn" is not a simpleJobPostingTask URN/);
  });
});

/**
 * The compensating steps of error-categories.md, each driven by the LinkedIn sandbox returning LinkedIn's real
 * message, on the time-skipping server: resubmission and its bound, the duplicate flag, budget alerts with resume,
 * abandon and an expired wait, alerts for what needs a person, notifications, poll-now, and rejected credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracking } from '../client';
import { abandonSignal, pollNowSignal, resumeSignal } from '../workflows/definitions';
import { posting, uniqueJobId } from './helpers/postings';
import { MINUTE, startWorkflowHarness, TEST_POLICY, type WorkflowHarness } from './helpers/workflow-harness';

let harness: WorkflowHarness;
beforeAll(async () => {
  harness = await startWorkflowHarness('compensation-test');
});
afterAll(async () => {
  await harness?.close();
});

function createInput(id: string, overrides: Parameters<typeof posting>[1] = {}) {
  return { operation: 'CREATE' as const, externalJobPostingId: id, posting: posting(id, overrides) };
}

const untilPhase: WorkflowHarness['untilPhase'] = (workflowId, phase) => harness.untilPhase(workflowId, phase);

describe('TRANSIENT: LinkedIn\'s catch-all error', () => {
  it('resubmits, waits the first-check delay again for the new task, and succeeds', async () => {
    const id = uniqueJobId('transient');
    harness.linkedIn.sandbox.addRules([
      { externalJobPostingId: id, status: 'FAILED', errorRow: 41, pollsUntilDone: 1, times: 2 },
      { externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 },
    ]);
    const { workflowId, result } = await harness.track(createInput(id));

    expect(result.outcome).toBe('SUCCEEDED');
    expect(result.attempts.map((a) => [a.reason, a.tasks[0]?.failure?.category ?? a.tasks[0]?.outcome])).toEqual([
      ['initial', 'TRANSIENT'],
      ['transient-error', 'TRANSIENT'],
      ['transient-error', 'SUCCEEDED'],
    ]);
    const taskUrns = result.attempts.map((a) => a.tasks[0]!.taskUrn);
    expect(new Set(taskUrns).size).toBe(3);
    const polls = harness.pollsOf(workflowId);
    expect(polls.map((p) => p.taskUrns[0])).toEqual(taskUrns);
    result.attempts.forEach((attempt, i) => {
      expect(polls[i]!.atMs - Date.parse(attempt.submittedAt)).toBeGreaterThanOrEqual(TEST_POLICY.firstCheckDelayMs);
    });
    // Growing delays: the second resubmission waits twice as long as the first.
    const gaps = [1, 2].map((i) => Date.parse(result.attempts[i]!.submittedAt) - polls[i - 1]!.atMs);
    expect(gaps[0]).toBeGreaterThanOrEqual(TEST_POLICY.resubmissionDelayMs);
    expect(gaps[1]).toBeGreaterThanOrEqual(2 * TEST_POLICY.resubmissionDelayMs);
    expect(harness.alertsAbout(workflowId)).toEqual([]);
    expect(harness.linkedIn.sandbox.counters().postingsByExternalId[id]).toEqual({ CREATE: 3 });
  });

  it('stops after the configured number of resubmissions, alerts, and lists every attempt', async () => {
    const id = uniqueJobId('transient-exhausted');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 41, pollsUntilDone: 1 }]);
    const { workflowId, result } = await harness.track(createInput(id), { maxResubmissions: 2 });

    expect(result.outcome).toBe('TRANSIENT');
    expect(result.attempts).toHaveLength(3);
    expect(harness.alertsAbout(workflowId)).toEqual([expect.objectContaining({ category: 'TRANSIENT' })]);
    expect(harness.outcomesOf(workflowId)).toEqual([expect.objectContaining({ outcome: 'TRANSIENT', event: 'operation.needs_attention' })]);
  });

  it('cannot resubmit what the posting service submitted without its element, and says so by alerting', async () => {
    const id = uniqueJobId('transient-urns-only');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 41, pollsUntilDone: 1 }]);
    const taskUrns = await harness.submitAsPostingService(id);
    const { workflowId, result } = await harness.track({ operation: 'CREATE', externalJobPostingId: id, taskUrns });

    expect(result.outcome).toBe('TRANSIENT');
    expect(result.attempts).toHaveLength(1);
    expect(harness.alertsAbout(workflowId)).toHaveLength(1);
  });
});

describe('DUPLICATE', () => {
  it('flags a CREATE of a job already on LinkedIn with the live job id, and never resubmits it', async () => {
    const id = uniqueJobId('duplicate');
    harness.linkedIn.sandbox.addRules([
      { externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1, times: 1 },
      // LinkedIn's duplicate row, filled in by the sandbox with the live job's id, revealed on the first check.
      { externalJobPostingId: id, status: 'FAILED', errorRow: 1, pollsUntilDone: 1 },
    ]);
    const first = await harness.track(createInput(id));
    const second = await harness.track(createInput(id, { title: 'Senior Workflow Engineer (again)' }), { maxResubmissions: 3 });

    expect(first.result.outcome).toBe('SUCCEEDED');
    expect(second.result.outcome).toBe('DUPLICATE');
    expect(`urn:li:jobPosting:${second.result.duplicate?.linkedInJobId}`).toBe(first.result.tasks[0]!.jobPostingUrn);
    expect(second.result.attempts).toHaveLength(1);
    expect(harness.outcomesOf(second.workflowId)).toEqual([
      expect.objectContaining({ event: 'operation.duplicate', category: 'DUPLICATE', linkedInJobId: second.result.duplicate?.linkedInJobId }),
    ]);
    expect(harness.alertsAbout(second.workflowId)).toEqual([]);
  });
});

describe('BUDGET_EXHAUSTED', () => {
  it('alerts once per budget for every operation on it, then resumes one and abandons the other', async () => {
    const contract = `urn:li:contract:${uniqueJobId('c').replace(/\D/g, '')}`;
    const [resumed, abandoned] = [uniqueJobId('budget-resume'), uniqueJobId('budget-abandon')];
    harness.linkedIn.sandbox.addRules([
      { externalJobPostingId: resumed, status: 'FAILED', errorRow: 48, pollsUntilDone: 1, times: 1 },
      { externalJobPostingId: resumed, status: 'SUCCEEDED', pollsUntilDone: 1 },
      { externalJobPostingId: abandoned, status: 'FAILED', errorRow: 48, pollsUntilDone: 1 },
    ]);
    const start = (id: string) =>
      startTracking(harness.env.client, createInput(id, { contract, listingType: 'PREMIUM' }), { taskQueue: harness.taskQueue, policy: TEST_POLICY });
    // Ten seconds apart (well inside the alert's one-minute gathering): the time-skipping test server can leave time
    // locked when two signal-with-starts of one new workflow race, which a real server resolves.
    const a = await start(resumed);
    await harness.advance(10_000);
    const b = await start(abandoned);

    const waiting = await untilPhase(a.workflowId, 'WAITING_FOR_OPERATOR');
    await untilPhase(b.workflowId, 'WAITING_FOR_OPERATOR');
    expect(waiting.waitingFor).toContain(`contract ${contract}`);
    await a.handle.signal(resumeSignal, { reason: 'contract topped up' });
    await b.handle.signal(abandonSignal, { reason: 'role cancelled' });
    const [resumedResult, abandonedResult] = await Promise.all([a.handle.result(), b.handle.result()]);

    expect(resumedResult.outcome).toBe('SUCCEEDED');
    expect(resumedResult.attempts.map((attempt) => attempt.reason)).toEqual(['initial', 'operator-resume']);
    expect(resumedResult.budget).toMatchObject({ scope: 'contract', key: contract, decision: 'resumed', reason: 'contract topped up' });
    expect(abandonedResult.outcome).toBe('BUDGET_EXHAUSTED');
    expect(abandonedResult.budget).toMatchObject({ decision: 'abandoned', reason: 'role cancelled' });

    await harness.advance(TEST_POLICY.budgetAlertWindowMs);
    const budgetAlerts = harness.delivered.filter((entry) => entry.kind === 'alert' && entry.category === 'BUDGET_EXHAUSTED' && String(entry.title).includes('contract'));
    const aboutThese = budgetAlerts.filter((alert) => (alert.workflowIds as string[]).includes(a.workflowId));
    expect(aboutThese).toHaveLength(1);
    expect(aboutThese[0]!.workflowIds).toEqual(expect.arrayContaining([a.workflowId, b.workflowId]));
    expect(aboutThese[0]!.title).toMatch(/2 operations/);
  });

  it('ends as BUDGET_EXHAUSTED when nobody decides within the wait', async () => {
    const id = uniqueJobId('budget-expired');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 47, pollsUntilDone: 1 }]);
    const { result } = await harness.track(createInput(id), { budgetWaitMs: 3 * 60 * MINUTE });

    expect(result.outcome).toBe('BUDGET_EXHAUSTED');
    expect(result.budget).toMatchObject({ scope: 'job', key: id, decision: 'wait-expired' });
    expect(Date.parse(result.budget!.decidedAt) - Date.parse(result.attempts[0]!.submittedAt)).toBeGreaterThanOrEqual(3 * 60 * MINUTE);
  });
  it('an operation tracked from task URNs alone cannot be resubmitted: it alerts and ends without waiting', async () => {
    const id = uniqueJobId('budget-urns-only');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 47, pollsUntilDone: 1 }]);
    const taskUrns = await harness.submitAsPostingService(id);
    const { result } = await harness.track({ operation: 'CREATE', externalJobPostingId: id, taskUrns });

    expect(result.outcome).toBe('BUDGET_EXHAUSTED');
    expect(result.budget).toMatchObject({ scope: 'job', key: id, decision: 'not-resubmittable' });
    expect(Date.parse(result.budget!.decidedAt) - Date.parse(result.attempts[0]!.submittedAt)).toBeLessThan(TEST_POLICY.budgetWaitMs);
  });
});

describe('notify, and alert what needs a person', () => {
  it('INVALID_PAYLOAD: the posting service hears the fields and LinkedIn\'s resolution; nobody is paged', async () => {
    const id = uniqueJobId('invalid');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 22, pollsUntilDone: 1 }]);
    const { workflowId, result } = await harness.track(createInput(id));

    expect(result.outcome).toBe('INVALID_PAYLOAD');
    expect(harness.outcomesOf(workflowId)).toEqual([
      expect.objectContaining({ category: 'INVALID_PAYLOAD', fields: ['location'], resolution: 'Please validate and update location field in supported formats' }),
    ]);
    expect(harness.alertsAbout(workflowId)).toEqual([]);
  });

  it('POLICY_REJECTED: notified and alerted, never resubmitted', async () => {
    const id = uniqueJobId('spam');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 40, pollsUntilDone: 1 }]);
    const { workflowId, result } = await harness.track(createInput(id));

    expect(result.outcome).toBe('POLICY_REJECTED');
    expect(result.attempts).toHaveLength(1);
    expect(harness.alertsAbout(workflowId)).toEqual([expect.objectContaining({ category: 'POLICY_REJECTED' })]);
    expect(harness.outcomesOf(workflowId)).toHaveLength(1);
  });

  it('TIMED_OUT: alerted with the unfinished tasks', async () => {
    const id = uniqueJobId('timeout-alert');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'IN_PROGRESS' }]);
    const { workflowId, result } = await harness.track(createInput(id), { deadlineMs: 30 * MINUTE });

    expect(result.outcome).toBe('TIMED_OUT');
    expect(harness.alertsAbout(workflowId)).toEqual([expect.objectContaining({ category: 'TIMED_OUT', severity: expect.any(String) })]);
  });

  it('SUCCEEDED: the posting service hears of it too, and nobody is paged', async () => {
    const id = uniqueJobId('success-notified');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 }]);
    const { workflowId } = await harness.track(createInput(id));

    expect(harness.outcomesOf(workflowId)).toEqual([expect.objectContaining({ event: 'operation.completed', outcome: 'SUCCEEDED' })]);
    expect(harness.alertsAbout(workflowId)).toEqual([]);
  });
});

describe('operator controls', () => {
  it('poll-now ends the first wait and checks at once', async () => {
    const id = uniqueJobId('poll-now');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 }]);
    const tracked = await startTracking(harness.env.client, createInput(id), {
      taskQueue: harness.taskQueue,
      policy: { ...TEST_POLICY, firstCheckDelayMs: 60 * MINUTE },
    });
    await untilPhase(tracked.workflowId, 'WAITING_FOR_FIRST_CHECK');
    await tracked.handle.signal(pollNowSignal);
    const result = await tracked.handle.result();

    expect(result.outcome).toBe('SUCCEEDED');
    const [poll] = harness.pollsOf(tracked.workflowId);
    expect(poll!.atMs - Date.parse(result.submittedAt!)).toBeLessThan(60 * MINUTE);
  });

  it('rejected credentials: alerts, waits for an operator, and polls again on resume', async () => {
    const id = uniqueJobId('credentials');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 }]);
    const tracked = await startTracking(harness.env.client, createInput(id), { taskQueue: harness.taskQueue, policy: TEST_POLICY });
    await untilPhase(tracked.workflowId, 'WAITING_FOR_FIRST_CHECK');
    // A 401 that survives the client's one token renewal: LinkedIn refuses the credentials.
    harness.linkedIn.sandbox.configure({ failNext: [{ path: 'status', status: 401, count: 2 }] });

    const waiting = await untilPhase(tracked.workflowId, 'WAITING_FOR_OPERATOR');
    expect(waiting.waitingFor).toMatch(/credentials/);
    expect(harness.alertsAbout(tracked.workflowId)).toEqual([expect.objectContaining({ category: 'CREDENTIALS' })]);
    await tracked.handle.signal(resumeSignal);
    expect((await tracked.handle.result()).outcome).toBe('SUCCEEDED');
  });
});

describe('submitting without ever posting twice', () => {
  it('a 503 from LinkedIn is resent: LinkedIn did not act on it', async () => {
    const id = uniqueJobId('submit-503');
    harness.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 }]);
    harness.linkedIn.sandbox.configure({ failNext: [{ path: 'postings', status: 503 }] });
    const { result } = await harness.track(createInput(id));

    expect(result.outcome).toBe('SUCCEEDED');
    expect(harness.linkedIn.sandbox.counters().postingsByExternalId[id]).toEqual({ CREATE: 1 });
  });

  it('a lost answer is not resent: SUBMISSION_UNCERTAIN, alerted', async () => {
    const id = uniqueJobId('submit-lost');
    const postCalls = () => Object.values(harness.linkedIn.sandbox.counters().calls['POST /v2/simpleJobPostings'] ?? {}).reduce((a, b) => a + b, 0);
    const before = postCalls();
    harness.linkedIn.sandbox.configure({ failNext: [{ path: 'postings', fault: 'reset' }] });
    const { workflowId, result } = await harness.track(createInput(id));

    expect(result.outcome).toBe('SUBMISSION_UNCERTAIN');
    expect(result.uncertainSubmission?.message).toBeTruthy();
    expect(result.tasks).toEqual([]);
    expect(postCalls() - before).toBe(1);
    expect(harness.alertsAbout(workflowId)).toEqual([expect.objectContaining({ category: 'SUBMISSION_UNCERTAIN' })]);
  });
});

/**
 * The posting-service client API on the Temporal dev server, with the LinkedIn sandbox and the production worker:
 * submitting and tracking batches, reading operations by id, external id and visibility filters, and an
 * operator's resume, abandon and poll-now, including one resume for every operation waiting on a budget.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abandonOperations,
  budgetWaitKey,
  buildVisibilityQuery,
  getOperationStatus,
  InvalidPostingsError,
  listOperations,
  OperationNotFoundError,
  pollNowOperations,
  READY_QUERIES,
  resumeOperations,
  submitPostings,
  trackSubmitted,
  UnmatchedLinkedInAnswerError,
  workflowIdFor,
  type OperationFilter,
  type OperationResult,
  type OperationRow,
  type PostingOutcome,
  type TrackedPosting,
} from '../client';
import { LinkedInUnavailableError } from '../activities/linkedin/errors';
import type { JobPostingElement } from '../workflows/domain';
import type { TrackingPolicy } from '../workflows/input';
import { SANDBOX_CREDENTIALS } from '../worker/config';
import type { LinkedInFixture } from './helpers/linkedin';
import { posting, uniqueJobId } from './helpers/postings';
import { startDevServerHarness, type DevServerHarness } from './helpers/dev-server-harness';

const TASK_QUEUE = 'client-api';
const POLICY: Partial<TrackingPolicy> = {
  firstCheckDelayMs: 1_000,
  pollInitialIntervalMs: 500,
  pollBackoffCoefficient: 1,
  pollMaximumIntervalMs: 500,
  deadlineMs: 60_000,
  // Operations waiting on a budget must still be waiting when the test resumes them.
  budgetWaitMs: 10 * 60_000,
};
const OPTIONS = { taskQueue: TASK_QUEUE, policy: POLICY };

let harness: DevServerHarness;
let env: TestWorkflowEnvironment;
let linkedIn: LinkedInFixture;

beforeAll(async () => {
  harness = await startDevServerHarness(TASK_QUEUE, { processingMs: 1_000 });
  ({ env, linkedIn } = harness);
});

afterAll(async () => {
  await harness?.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Visibility is eventually consistent: read until the condition holds (about ten seconds at most). */
async function eventually<T>(read: () => Promise<T>, holds: (value: T) => boolean, what: string): Promise<T> {
  let value = await read();
  for (let i = 0; i < 50 && !holds(value); i++) {
    await sleep(200);
    value = await read();
  }
  if (!holds(value)) throw new Error(`never saw ${what}: ${JSON.stringify(value)}`);
  return value;
}

const listed = (filter: OperationFilter, count: number) =>
  eventually(() => listOperations(env.client, filter), (rows) => rows.length === count, `${count} operation(s) for ${JSON.stringify(filter)}`);

function tracked(outcome: PostingOutcome | undefined): TrackedPosting {
  if (outcome?.outcome !== 'TRACKED') throw new Error(`expected a tracked element, got ${JSON.stringify(outcome)}`);
  return outcome;
}

const resultOf = (workflowId: string): Promise<OperationResult> => env.client.workflow.getHandle(workflowId).result();

/** The posting service's own batch_create call, as it would make it, returning LinkedIn's raw answer body. */
async function postAsPostingService(elements: JobPostingElement[]): Promise<unknown> {
  const token = await fetch(`${linkedIn.sandbox.url}/oauth/v2/accessToken`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: SANDBOX_CREDENTIALS.clientId, client_secret: SANDBOX_CREDENTIALS.clientSecret }),
  }).then((response) => response.json() as Promise<{ access_token: string }>);
  const response = await fetch(`${linkedIn.sandbox.url}/v2/simpleJobPostings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json', 'x-restli-method': 'batch_create' },
    body: JSON.stringify({ elements }),
  });
  expect(response.status).toBe(200);
  return response.json();
}

describe('submitPostings', () => {
  it('submits a batch, tracks what LinkedIn accepted and returns what it refused', async () => {
    const [single, multi, refused] = [uniqueJobId('api-single'), uniqueJobId('api-multi'), uniqueJobId('api-refused')];
    const outcomes = await submitPostings(
      env.client,
      linkedIn.linkedIn,
      [posting(single), posting(multi, { alternateLocations: ['Lyon, France'] }), posting(refused, { title: undefined })],
      OPTIONS,
    );

    expect(outcomes).toEqual([
      expect.objectContaining({ index: 0, externalJobPostingId: single, operation: 'CREATE', outcome: 'TRACKED', started: true }),
      expect.objectContaining({ index: 1, externalJobPostingId: multi, operation: 'CREATE', outcome: 'TRACKED', started: true }),
      { index: 2, externalJobPostingId: refused, operation: 'CREATE', outcome: 'SUBMISSION_REJECTED', httpStatus: 422, message: expect.stringContaining('/title') as unknown },
    ]);
    const [first, second] = [tracked(outcomes[0]), tracked(outcomes[1])];
    expect(first.workflowId).toBe(workflowIdFor({ operation: 'CREATE', externalJobPostingId: single, taskUrns: first.taskUrns }));
    expect(second.taskUrns).toHaveLength(2);

    expect((await resultOf(first.workflowId)).outcome).toBe('SUCCEEDED');
    const multiResult = await resultOf(second.workflowId);
    expect(multiResult.outcome).toBe('SUCCEEDED');
    expect(multiResult.tasks.map((task) => [task.taskUrn, task.location])).toEqual([
      [second.taskUrns[0], 'Berlin, Germany'],
      [second.taskUrns[1], 'Lyon, France'],
    ]);
    // The workflows tracked LinkedIn's tasks; none of them posted the job again.
    expect(linkedIn.sandbox.counters().postingsByExternalId[single]).toEqual({ CREATE: 1 });
    await expect(listOperations(env.client, { externalJobPostingId: refused })).resolves.toEqual([]);
  });

  it('sends nothing when an element is invalid or a job appears twice, and names each element', async () => {
    const [a, b] = [uniqueJobId('api-invalid-a'), uniqueJobId('api-invalid-b')];
    const attempt = submitPostings(
      env.client,
      linkedIn.linkedIn,
      // As a JavaScript caller or a parsed request body could pass them.
      [posting(a), { ...posting(b), jobPostingOperationType: 'PUBLISH' }, 'not an element', posting(a, { title: 'Again' })] as unknown as JobPostingElement[],
      OPTIONS,
    );

    const error = await attempt.catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InvalidPostingsError);
    expect((error as InvalidPostingsError).elements.map((element) => element.index)).toEqual([1, 2, 3]);
    expect((error as Error).message).toMatch(/element 1: .*jobPostingOperationType/);
    expect((error as Error).message).toMatch(/element 3: .*also element 0's/);
    expect(linkedIn.sandbox.counters().postingsByExternalId[a]).toBeUndefined();
  });

  it('still tracks what LinkedIn accepted when it fails partway, then rethrows', async () => {
    const prefix = uniqueJobId('api-partway');
    const accepted = `${prefix}-accepted`;
    const failing = `${prefix}-second-call`;
    linkedIn.sandbox.addRules([{ externalJobPostingId: failing, status: 'SUCCEEDED', submissionStatus: 500, times: 1 }]);
    // 101 elements: LinkedIn answers the first call of 100 (one accepted, 99 refused for a missing title), then 500.
    const elements = [
      posting(accepted),
      ...Array.from({ length: 99 }, (_, i) => posting(`${prefix}-refused-${i}`, { title: undefined })),
      posting(failing),
    ];

    const error = await submitPostings(env.client, linkedIn.linkedIn, elements, OPTIONS).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    const answered = (error as LinkedInUnavailableError).submittedBeforeFailure!;
    expect(answered).toHaveLength(100);
    const first = answered[0]!;
    if (!first.accepted) throw new Error('the sandbox refused the valid element');
    const workflowId = workflowIdFor({ operation: 'CREATE', externalJobPostingId: accepted, taskUrns: first.taskUrns });
    expect((await resultOf(workflowId)).outcome).toBe('SUCCEEDED');
  });
});

describe('trackSubmitted', () => {
  it("tracks a batch the posting service sent itself, from LinkedIn's raw multi-location answer", async () => {
    const [multi, refused, single] = [uniqueJobId('raw-multi'), uniqueJobId('raw-refused'), uniqueJobId('raw-single')];
    const elements = [
      posting(multi, { alternateLocations: ['Paris, France', 'Lyon, France'] }),
      posting(refused, { description: undefined }),
      posting(single),
    ];
    const answer = await postAsPostingService(elements);
    const entries = (answer as { elements: { id?: string }[] }).elements;
    expect(entries).toHaveLength(5);

    const outcomes = await trackSubmitted(env.client, elements, answer, { ...OPTIONS, submittedAt: new Date() });
    expect(outcomes.map((o) => [o.index, o.outcome])).toEqual([
      [0, 'TRACKED'],
      [1, 'SUBMISSION_REJECTED'],
      [2, 'TRACKED'],
    ]);
    expect(tracked(outcomes[0]).taskUrns).toEqual(entries.slice(0, 3).map((entry) => entry.id));
    expect(tracked(outcomes[2]).taskUrns).toEqual([entries[4]!.id]);
    expect(outcomes[1]).toMatchObject({ externalJobPostingId: refused, httpStatus: 422, message: expect.stringContaining('/description') as unknown });

    const result = await resultOf(tracked(outcomes[0]).workflowId);
    expect(result.outcome).toBe('SUCCEEDED');
    expect(result.tasks.map((task) => task.location)).toEqual(['Berlin, Germany', 'Paris, France', 'Lyon, France']);

    // Tracking the same answer again tracks nothing twice.
    const again = await trackSubmitted(env.client, elements, answer, OPTIONS);
    expect(again.filter((o) => o.outcome === 'TRACKED').map((o) => (o as TrackedPosting).started)).toEqual([false, false]);
  });

  it('starts nothing when the answer does not fit the request', async () => {
    const id = uniqueJobId('raw-mismatch');
    const elements = [posting(id, { alternateLocations: ['Paris, France'] })];
    const answer = (await postAsPostingService(elements)) as { elements: unknown[] };

    await expect(trackSubmitted(env.client, elements, { elements: answer.elements.slice(1) }, OPTIONS)).rejects.toBeInstanceOf(UnmatchedLinkedInAnswerError);
    await expect(trackSubmitted(env.client, elements, { results: [] }, OPTIONS)).rejects.toBeInstanceOf(UnmatchedLinkedInAnswerError);
    await sleep(500);
    await expect(listOperations(env.client, { externalJobPostingId: id })).resolves.toEqual([]);
  });
});

describe('reading operations', () => {
  it('status by workflow id while it waits and once done, and poll-now by filter ends the wait', async () => {
    const id = uniqueJobId('api-status');
    const [outcome] = await submitPostings(env.client, linkedIn.linkedIn, [posting(id)], { taskQueue: TASK_QUEUE, policy: { ...POLICY, firstCheckDelayMs: 60 * 60_000 } });
    const { workflowId } = tracked(outcome);

    const waiting = await eventually(
      () => getOperationStatus(env.client, { workflowId }),
      (state) => state.progress?.phase === 'WAITING_FOR_FIRST_CHECK',
      'the first-check wait',
    );
    expect(waiting).toMatchObject({ workflowId, status: 'RUNNING', progress: { operation: 'CREATE', externalJobPostingId: id } });
    expect(waiting.result).toBeUndefined();

    await listed({ externalJobPostingId: id, running: true }, 1);
    await expect(pollNowOperations(env.client, { externalJobPostingId: id })).resolves.toEqual([workflowId]);
    await resultOf(workflowId);

    const done = await getOperationStatus(env.client, { workflowId });
    expect(done).toMatchObject({ workflowId, status: 'COMPLETED', result: { outcome: 'SUCCEEDED' } });
    expect(done.closeTime).toBeInstanceOf(Date);
    expect(done.progress).toBeUndefined();
    await expect(getOperationStatus(env.client, { workflowId: `${workflowId}-nope` })).rejects.toBeInstanceOf(OperationNotFoundError);
  });

  it('status by external id: the most recent operation of the job, or of one kind', async () => {
    const id = uniqueJobId('api-by-external-id');
    const create = tracked((await submitPostings(env.client, linkedIn.linkedIn, [posting(id)], OPTIONS))[0]);
    await resultOf(create.workflowId);
    const update = tracked(
      (await submitPostings(env.client, linkedIn.linkedIn, [posting(id, { jobPostingOperationType: 'UPDATE', title: 'Staff Workflow Engineer' })], OPTIONS))[0],
    );
    await resultOf(update.workflowId);
    await listed({ externalJobPostingId: id }, 2);

    await expect(getOperationStatus(env.client, { externalJobPostingId: id })).resolves.toMatchObject({
      workflowId: update.workflowId,
      result: { operation: 'UPDATE', outcome: 'SUCCEEDED' },
    });
    await expect(getOperationStatus(env.client, { externalJobPostingId: id, operation: 'CREATE' })).resolves.toMatchObject({
      workflowId: create.workflowId,
    });
    await expect(getOperationStatus(env.client, { externalJobPostingId: id, operation: 'CLOSE' })).rejects.toBeInstanceOf(OperationNotFoundError);
  });

  it('lists by outcome and category, and the ready queries run on the server', async () => {
    const id = uniqueJobId('api-list');
    const startedAfter = new Date(Date.now() - 1_000);
    linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 22 }]);
    const { workflowId } = tracked((await submitPostings(env.client, linkedIn.linkedIn, [posting(id)], OPTIONS))[0]);
    expect((await resultOf(workflowId)).outcome).toBe('INVALID_PAYLOAD');

    const [row] = await listed({ category: 'INVALID_PAYLOAD', externalJobPostingId: id }, 1);
    expect(row).toEqual<OperationRow>({
      workflowId,
      runId: expect.any(String) as unknown as string,
      operation: 'CREATE',
      externalJobPostingId: id,
      outcome: 'INVALID_PAYLOAD',
      categories: ['INVALID_PAYLOAD'],
      waitingFor: null,
      status: 'COMPLETED',
      startTime: expect.any(Date) as unknown as Date,
      closeTime: expect.any(Date) as unknown as Date,
    });
    const byOutcome = await listOperations(env.client, { outcome: 'INVALID_PAYLOAD', since: startedAfter, running: false });
    expect(byOutcome.map((r) => r.workflowId)).toContain(workflowId);
    await expect(listOperations(env.client, { outcome: 'SUCCEEDED', externalJobPostingId: id })).resolves.toEqual([]);
    await expect(listOperations(env.client, { category: 'DUPLICATE', externalJobPostingId: id })).resolves.toEqual([]);
    await expect(listOperations(env.client, { externalJobPostingId: id, until: startedAfter })).resolves.toEqual([]);

    const failedLastDay = await listOperations(env.client, { query: READY_QUERIES['failed-last-day'].query(), externalJobPostingId: id });
    expect(failedLastDay.map((r) => r.workflowId)).toEqual([workflowId]);
    for (const ready of Object.values(READY_QUERIES)) {
      await expect(listOperations(env.client, { query: ready.query(), limit: 5 })).resolves.toBeInstanceOf(Array);
    }
  });
});

describe('operator actions', () => {
  it('one resume call resumes every operation waiting on the same budget, and they succeed', async () => {
    const contract = `urn:li:contract:${uniqueJobId('c').replace(/\D/g, '')}`;
    const [a, b] = [uniqueJobId('api-budget-a'), uniqueJobId('api-budget-b')];
    linkedIn.sandbox.addRules([
      { externalJobPostingId: a, status: 'FAILED', errorRow: 48, times: 1 },
      { externalJobPostingId: a, status: 'SUCCEEDED' },
      { externalJobPostingId: b, status: 'FAILED', errorRow: 48, times: 1 },
      { externalJobPostingId: b, status: 'SUCCEEDED' },
    ]);
    const outcomes = await submitPostings(env.client, linkedIn.linkedIn, [posting(a, { contract }), posting(b, { contract })], OPTIONS);
    const workflowIds = outcomes.map((o) => tracked(o).workflowId);
    const waitingFor = budgetWaitKey({ scope: 'contract', key: contract });

    const waiting = await listed({ waitingFor }, 2);
    expect(waiting.map((row) => row.waitingFor)).toEqual([waitingFor, waitingFor]);
    const readyQuery = await listOperations(env.client, { query: READY_QUERIES['waiting-on-budget'].query(), externalJobPostingId: a });
    expect(readyQuery.map((row) => row.workflowId)).toEqual([workflowIds[0]]);

    const resumed = await resumeOperations(env.client, { waitingFor }, { reason: 'contract topped up' });
    expect([...resumed].sort()).toEqual([...workflowIds].sort());

    for (const workflowId of workflowIds) {
      const result = await resultOf(workflowId);
      expect(result.outcome).toBe('SUCCEEDED');
      expect(result.attempts.map((attempt) => attempt.reason)).toEqual(['initial', 'operator-resume']);
      expect(result.budget).toMatchObject({ scope: 'contract', key: contract, decision: 'resumed', reason: 'contract topped up' });
    }
  });

  it('abandons one operation by workflow id; a completed one cannot be signalled', async () => {
    const id = uniqueJobId('api-abandon');
    linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 47 }]);
    const { workflowId } = tracked((await submitPostings(env.client, linkedIn.linkedIn, [posting(id)], OPTIONS))[0]);
    await eventually(() => getOperationStatus(env.client, { workflowId }), (state) => state.progress?.phase === 'WAITING_FOR_OPERATOR', 'the budget wait');

    await expect(abandonOperations(env.client, workflowId, { reason: 'role cancelled' })).resolves.toEqual([workflowId]);
    const result = await resultOf(workflowId);
    expect(result.outcome).toBe('BUDGET_EXHAUSTED');
    expect(result.budget).toMatchObject({ scope: 'job', key: id, decision: 'abandoned', reason: 'role cancelled' });
    await expect(abandonOperations(env.client, workflowId)).rejects.toBeInstanceOf(OperationNotFoundError);
  });

  it('a filter resumes only operations waiting for an operator', async () => {
    const id = uniqueJobId('api-not-waiting');
    const { workflowId } = tracked(
      (await submitPostings(env.client, linkedIn.linkedIn, [posting(id)], { taskQueue: TASK_QUEUE, policy: { ...POLICY, firstCheckDelayMs: 60 * 60_000 } }))[0],
    );
    await listed({ externalJobPostingId: id, running: true }, 1);

    await expect(resumeOperations(env.client, { externalJobPostingId: id })).resolves.toEqual([]);
    await expect(pollNowOperations(env.client, workflowId)).resolves.toEqual([workflowId]);
    expect((await resultOf(workflowId)).outcome).toBe('SUCCEEDED');
  });
});

describe('buildVisibilityQuery', () => {
  it('ANDs every field of the filter, only over tracked operations', () => {
    expect(
      buildVisibilityQuery({
        outcome: 'DUPLICATE',
        category: 'DUPLICATE',
        operation: 'CREATE',
        externalJobPostingId: 'req-1',
        waitingFor: 'BUDGET:job:req-1',
        awaitingOperator: true,
        running: false,
        since: new Date('2026-11-01T00:00:00Z'),
        until: new Date('2026-11-02T00:00:00Z'),
        query: 'LinkedInOutcome = "A" OR LinkedInOutcome = "B"',
        limit: 3,
      }),
    ).toBe(
      'WorkflowType = "trackJobOperation" AND LinkedInOutcome = "DUPLICATE" AND LinkedInErrorCategory = "DUPLICATE" AND ' +
        'LinkedInOperation = "CREATE" AND LinkedInExternalJobId = "req-1" AND LinkedInWaitingFor = "BUDGET:job:req-1" AND ' +
        'LinkedInWaitingFor != "" AND ExecutionStatus != "Running" AND StartTime >= "2026-11-01T00:00:00.000Z" AND ' +
        'StartTime < "2026-11-02T00:00:00.000Z" AND (LinkedInOutcome = "A" OR LinkedInOutcome = "B")',
    );
    expect(buildVisibilityQuery({})).toBe('WorkflowType = "trackJobOperation"');
  });

  it('escapes quotes and backslashes in values', () => {
    expect(buildVisibilityQuery({ externalJobPostingId: 'say "hi" \\ bye' })).toBe(
      'WorkflowType = "trackJobOperation" AND LinkedInExternalJobId = "say \\"hi\\" \\\\ bye"',
    );
  });

  it('ready queries over the last day carry the time they are built for', () => {
    expect(READY_QUERIES['duplicates-last-day'].query(new Date('2026-11-02T12:00:00Z'))).toBe(
      'LinkedInErrorCategory = "DUPLICATE" AND CloseTime >= "2026-11-01T12:00:00.000Z"',
    );
    expect(READY_QUERIES['waiting-on-budget'].query()).toBe('ExecutionStatus = "Running" AND LinkedInWaitingFor STARTS_WITH "BUDGET:"');
  });
});

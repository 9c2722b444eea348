/**
 * The demo's operations: one per outcome a tracked job operation can end with, each decided by a sandbox rule
 * keyed by its own external job id, so a run never depends on (or disturbs) anything else in the sandbox.
 */
import { randomUUID } from 'node:crypto';
import type { PostingRule } from '../../sandbox/types';
import type { OperationResult } from '../../workflows/definitions';
import type { JobOperation, JobPostingElement, OperationOutcome } from '../../workflows/domain';
import type { JobOperationInput, TrackingPolicy } from '../../workflows/input';

/**
 * LinkedIn's minutes become seconds. Only timings change: every operation runs the production workflow, its
 * activities and the sandbox's real HTTP API.
 */
export const DEMO_POLICY: Partial<TrackingPolicy> = {
  firstCheckDelayMs: 3_000,
  pollInitialIntervalMs: 1_000,
  pollBackoffCoefficient: 1.5,
  pollMaximumIntervalMs: 2_000,
  maxResubmissions: 2,
  resubmissionDelayMs: 2_000,
  budgetWaitMs: 5_000,
  // The budget-alert workflow lives for this window; short, so a demo leaves nothing running behind it.
  budgetAlertWindowMs: 10_000,
  deadlineMs: 60_000,
};

/** The timed-out case gives up this long after submission; it is the longest case of the demo. */
export const TIMED_OUT_DEADLINE_MS = 20_000;

export interface DemoCase {
  /** Unique within the demo; the last part of the external job id (`demo-<runId>-<name>`). */
  name: string;
  /** What the case demonstrates, for people reading the table. */
  shows: string;
  expectedOutcome: OperationOutcome;
  /** The operation to track and the sandbox rules that decide it, for the case's external job id. */
  prepare(externalJobPostingId: string): { input: JobOperationInput; rules: PostingRule[] };
  /** Overrides of DEMO_POLICY for this case. */
  policy?: Partial<TrackingPolicy>;
  /** What else the result must show beyond its outcome; returns the problem in words, undefined when right. */
  verify?(result: OperationResult): string | undefined;
}

export const DEMO_JOB_TITLE = 'Senior Workflow Engineer';

const DESCRIPTION =
  'Join the platform team that keeps hiring moving: you will build the services recruiters rely on to publish, ' +
  'update and close job postings on every board, and make sure each of them reaches the right candidates.';

function element(externalJobPostingId: string, operation: JobOperation, overrides: Partial<JobPostingElement> = {}): JobPostingElement {
  return {
    externalJobPostingId,
    jobPostingOperationType: operation,
    title: DEMO_JOB_TITLE,
    description: DESCRIPTION,
    companyApplyUrl: `https://careers.example.com/jobs/${encodeURIComponent(externalJobPostingId)}`,
    listedAt: Date.UTC(2026, 0, 5),
    location: 'Berlin, Germany',
    integrationContext: 'urn:li:organization:2414183',
    ...overrides,
  };
}

/** An operation this service submits itself, and one rule per `decide` entry for its external job id. */
function submitted(
  operation: JobOperation,
  decide: Omit<PostingRule, 'externalJobPostingId'>[],
  overrides: Partial<JobPostingElement> = {},
): DemoCase['prepare'] {
  return (id) => ({
    input: { operation, externalJobPostingId: id, posting: element(id, operation, overrides) },
    rules: decide.map((rule) => ({ externalJobPostingId: id, ...rule })),
  });
}

const attemptCount = (expected: number) => (result: OperationResult) =>
  result.attempts.length === expected ? undefined : `expected ${expected} submissions, saw ${result.attempts.length}`;

export const DEMO_CASES: readonly DemoCase[] = [
  {
    name: 'succeeded',
    shows: 'a CREATE that goes live',
    expectedOutcome: 'SUCCEEDED',
    prepare: submitted('CREATE', [{ status: 'SUCCEEDED', processingMs: 2_000 }]),
    verify: (result) => (result.tasks[0]?.jobPostingUrn ? undefined : 'no LinkedIn job posting URN reported'),
  },
  {
    name: 'processed',
    shows: 'an UPDATE LinkedIn processed without error',
    expectedOutcome: 'PROCESSED',
    prepare: submitted('UPDATE', [{ status: 'PROCESSED', processingMs: 3_000 }]),
  },
  {
    name: 'processed-with-errors',
    shows: 'processed, but with a geo-location error',
    expectedOutcome: 'PROCESSED_WITH_ERRORS',
    prepare: submitted('CREATE', [{ status: 'PROCESSED', errorRow: 12, processingMs: 4_000 }]),
  },
  {
    name: 'partially-succeeded',
    shows: 'three locations, Paris has an invalid location',
    expectedOutcome: 'PARTIALLY_SUCCEEDED',
    // The first matching rule decides, so the location's rule comes before the job's.
    prepare: submitted(
      'CREATE',
      [
        { location: 'Paris, France', status: 'FAILED', errorRow: 22, processingMs: 3_000 },
        { status: 'SUCCEEDED', processingMs: 3_000 },
      ],
      { alternateLocations: ['Paris, France', 'Lyon, France'] },
    ),
    verify: (result) => {
      const seen = result.tasks.map((task) => `${task.location}: ${task.outcome}`).join(', ');
      return seen === 'Berlin, Germany: SUCCEEDED, Paris, France: FAILED, Lyon, France: SUCCEEDED' ? undefined : `tasks were ${seen}`;
    },
  },
  {
    name: 'transient-recovered',
    shows: "LinkedIn's catch-all error once, resubmitted, then live",
    expectedOutcome: 'SUCCEEDED',
    prepare: submitted('CREATE', [
      { status: 'FAILED', errorRow: 41, times: 1, processingMs: 2_000 },
      { status: 'SUCCEEDED', processingMs: 2_000 },
    ]),
    verify: attemptCount(2),
  },
  {
    name: 'transient-exhausted',
    shows: 'the catch-all error every time, resubmissions exhausted',
    expectedOutcome: 'TRANSIENT',
    prepare: submitted('CREATE', [{ status: 'FAILED', errorRow: 41, processingMs: 2_000 }]),
    verify: attemptCount(1 + (DEMO_POLICY.maxResubmissions ?? 0)),
  },
  {
    name: 'duplicate',
    shows: 'a CREATE of a job LinkedIn already has',
    expectedOutcome: 'DUPLICATE',
    prepare: submitted('CREATE', [{ status: 'FAILED', errorRow: 1, processingMs: 2_000 }]),
    verify: (result) => (result.duplicate?.linkedInJobId ? undefined : "the live job's LinkedIn id was not reported"),
  },
  {
    name: 'budget-exhausted',
    shows: "the job's budget ran out; nobody resumed it in time",
    expectedOutcome: 'BUDGET_EXHAUSTED',
    prepare: submitted('CREATE', [{ status: 'FAILED', errorRow: 47, processingMs: 2_000 }]),
    verify: (result) => (result.budget?.decision === 'wait-expired' ? undefined : `budget decision was ${result.budget?.decision ?? 'missing'}`),
  },
  {
    name: 'invalid-payload',
    shows: 'a description LinkedIn finds too short',
    expectedOutcome: 'INVALID_PAYLOAD',
    prepare: submitted('CREATE', [{ status: 'FAILED', errorRow: 2, processingMs: 4_000 }], { description: 'Build workflows.' }),
    verify: (result) => {
      const fields = result.tasks[0]?.failure?.fields ?? [];
      return fields.includes('description') ? undefined : `invalid fields were [${fields.join(', ')}], not the description`;
    },
  },
  {
    name: 'job-not-found',
    shows: 'an UPDATE of a job LinkedIn never had',
    expectedOutcome: 'JOB_NOT_FOUND',
    prepare: submitted('UPDATE', [{ status: 'FAILED', errorRow: 4, processingMs: 3_000 }]),
  },
  {
    name: 'policy-rejected',
    shows: 'LinkedIn judged the posting to be spam',
    expectedOutcome: 'POLICY_REJECTED',
    prepare: submitted('CREATE', [{ status: 'FAILED', errorRow: 40, processingMs: 5_000 }]),
  },
  {
    name: 'blocked',
    shows: 'no connection to a LinkedIn company page',
    expectedOutcome: 'BLOCKED',
    prepare: submitted('CREATE', [{ status: 'FAILED', errorRow: 32, processingMs: 5_000 }]),
  },
  {
    name: 'closed-by-poster',
    shows: 'a RENEW of a job its poster closed',
    expectedOutcome: 'CLOSED_BY_POSTER',
    prepare: submitted('RENEW', [{ status: 'FAILED', errorRow: 45, processingMs: 6_000 }]),
  },
  {
    name: 'unknown',
    shows: 'an error message no row of the table knows',
    expectedOutcome: 'UNKNOWN',
    prepare: submitted('CREATE', [
      { status: 'FAILED', errorMessage: 'The posting could not be handled by the jobs ingestion relay (demo).', processingMs: 6_000 },
    ]),
  },
  {
    name: 'submission-rejected',
    shows: 'LinkedIn refuses an element without a title (422)',
    expectedOutcome: 'SUBMISSION_REJECTED',
    prepare: (id) => {
      const { title: _, ...untitled } = element(id, 'CREATE');
      return { input: { operation: 'CREATE', externalJobPostingId: id, posting: untitled }, rules: [] };
    },
    verify: (result) => (result.rejection?.httpStatus === 422 ? undefined : `rejection was ${JSON.stringify(result.rejection)}`),
  },
  {
    name: 'task-not-found',
    shows: 'a task URN the posting service had, LinkedIn does not know',
    expectedOutcome: 'TASK_NOT_FOUND',
    prepare: (id) => ({
      input: {
        operation: 'CREATE',
        externalJobPostingId: id,
        taskUrns: [`urn:li:simpleJobPostingTask:${randomUUID()}`],
        submittedAt: new Date().toISOString(),
      },
      rules: [],
    }),
  },
  {
    name: 'timed-out',
    shows: 'a task still IN_PROGRESS at its deadline',
    expectedOutcome: 'TIMED_OUT',
    policy: { deadlineMs: TIMED_OUT_DEADLINE_MS },
    prepare: submitted('CREATE', [{ status: 'IN_PROGRESS' }]),
  },
];

export function findCases(names: readonly string[]): DemoCase[] {
  return names.map((name) => {
    const found = DEMO_CASES.find((c) => c.name === name);
    if (!found) throw new Error(`no demo case named ${name}; known: ${DEMO_CASES.map((c) => c.name).join(', ')}`);
    return found;
  });
}

/**
 * The input of one tracked job operation, and its validation. Shared by the client (which rejects bad input
 * before anything starts) and the workflow (which fails at once, non-retryably, if bad input gets through).
 */
import { z } from 'zod';
import { JOB_OPERATIONS, TASK_URN_PATTERN, type JobOperation, type JobPostingElement } from './domain';

/** Timings of one tracked operation. The client fills them from the deployment's configuration. */
export interface TrackingPolicy {
  /** Wait after submission before the first status check (LinkedIn: five minutes). */
  firstCheckDelayMs: number;
  /** Give up on tasks still IN_PROGRESS this long after submission. At most 30 days (a task's lifespan). */
  deadlineMs: number;
  /** Status polls back off from this interval... */
  pollInitialIntervalMs: number;
  /** ...multiplied by this after each poll... */
  pollBackoffCoefficient: number;
  /** ...up to this interval. */
  pollMaximumIntervalMs: number;
  /** LinkedIn's catch-all (TRANSIENT) error: resubmit at most this many times... */
  maxResubmissions: number;
  /** ...waiting this long before the first resubmission, twice as long before each next one. */
  resubmissionDelayMs: number;
  /** A spent budget: wait this long for an operator's resume or abandon before giving up. */
  budgetWaitMs: number;
  /** One budget alert per budget scope within this window, counting every operation affected. */
  budgetAlertWindowMs: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const MAX_DEADLINE_MS = 30 * DAY_MS;
export const MAX_ALTERNATE_LOCATIONS = 7;

export const DEFAULT_TRACKING_POLICY: TrackingPolicy = {
  firstCheckDelayMs: 5 * MINUTE_MS,
  deadlineMs: 24 * HOUR_MS,
  pollInitialIntervalMs: MINUTE_MS,
  pollBackoffCoefficient: 2,
  pollMaximumIntervalMs: 15 * MINUTE_MS,
  maxResubmissions: 3,
  resubmissionDelayMs: 5 * MINUTE_MS,
  budgetWaitMs: 7 * DAY_MS,
  budgetAlertWindowMs: HOUR_MS,
};

export interface JobOperationInput {
  operation: JobOperation;
  externalJobPostingId: string;
  /**
   * The element sent (or to send) to POST /v2/simpleJobPostings. Required when `taskUrns` is absent; with
   * `taskUrns` it is optional and lets the service resubmit after LinkedIn's catch-all error or a budget top-up.
   */
  posting?: JobPostingElement;
  /** Task URNs LinkedIn returned, when the posting service already submitted the element itself. */
  taskUrns?: string[];
  /** When the posting service submitted it (ISO 8601); the five-minute wait counts from here. */
  submittedAt?: string;
  policy?: Partial<TrackingPolicy>;
}

const nonBlank = (what: string) => z.string({ error: `${what} must be a string` }).trim().min(1, `${what} must not be empty`);

const postingSchema = z
  .object({
    externalJobPostingId: nonBlank('posting.externalJobPostingId'),
    jobPostingOperationType: z.enum(JOB_OPERATIONS, {
      error: `posting.jobPostingOperationType must be one of ${JOB_OPERATIONS.join(', ')}`,
    }),
    alternateLocations: z
      .array(z.string())
      .max(MAX_ALTERNATE_LOCATIONS, `posting.alternateLocations allows at most ${MAX_ALTERNATE_LOCATIONS} locations`)
      .optional(),
  })
  .loose();

const policySchema = z
  .object({
    firstCheckDelayMs: z.number().int().min(0),
    deadlineMs: z.number().int().positive().max(MAX_DEADLINE_MS, 'policy.deadlineMs must be at most 30 days (a task lives 30 days)'),
    pollInitialIntervalMs: z.number().int().positive(),
    pollBackoffCoefficient: z.number().min(1),
    pollMaximumIntervalMs: z.number().int().positive(),
    maxResubmissions: z.number().int().min(0).max(20),
    resubmissionDelayMs: z.number().int().min(0),
    budgetWaitMs: z.number().int().min(0),
    budgetAlertWindowMs: z.number().int().positive(),
  })
  .partial()
  .strict();

export const jobOperationInputSchema = z
  .object({
    operation: z.enum(JOB_OPERATIONS, { error: `operation must be one of ${JOB_OPERATIONS.join(', ')}` }),
    externalJobPostingId: nonBlank('externalJobPostingId'),
    posting: postingSchema.optional(),
    taskUrns: z
      .array(
        z.string().regex(TASK_URN_PATTERN, {
          error: (issue) => `taskUrns: ${JSON.stringify(issue.input)} is not a simpleJobPostingTask URN (urn:li:simpleJobPostingTask:<id>)`,
        }),
      )
      .min(1, 'taskUrns must not be empty when given')
      .max(1 + MAX_ALTERNATE_LOCATIONS, `taskUrns: one operation has at most ${1 + MAX_ALTERNATE_LOCATIONS} tasks (one per location)`)
      .optional(),
    submittedAt: z.iso.datetime({ offset: true, error: 'submittedAt must be an ISO 8601 date-time' }).optional(),
    policy: policySchema.optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (!input.taskUrns && !input.posting) {
      ctx.addIssue({ code: 'custom', message: 'either taskUrns (already submitted) or posting (to submit) is required' });
    }
    if (input.taskUrns && new Set(input.taskUrns).size !== input.taskUrns.length) {
      ctx.addIssue({ code: 'custom', path: ['taskUrns'], message: 'taskUrns contains the same URN twice' });
    }
    if (input.posting) {
      if (input.posting.externalJobPostingId !== input.externalJobPostingId) {
        ctx.addIssue({ code: 'custom', path: ['posting'], message: 'posting.externalJobPostingId differs from externalJobPostingId' });
      }
      if (input.posting.jobPostingOperationType !== input.operation) {
        ctx.addIssue({ code: 'custom', path: ['posting'], message: 'posting.jobPostingOperationType differs from operation' });
      }
    }
    if (input.submittedAt && !input.taskUrns) {
      ctx.addIssue({ code: 'custom', path: ['submittedAt'], message: 'submittedAt is only meaningful with taskUrns' });
    }
  });

export class InvalidJobOperationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid job operation: ${problems.join('; ')}`);
    this.name = 'InvalidJobOperationError';
  }
}

/** Returns every problem with the input, each a sentence naming the field; empty when the input is valid. */
export function findInputProblems(input: unknown): string[] {
  const parsed = jobOperationInputSchema.safeParse(input);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const where = issue.path.join('.');
    return where && !issue.message.startsWith(where.split('.')[0] ?? '') ? `${where}: ${issue.message}` : issue.message;
  });
}

export function resolvePolicy(policy: Partial<TrackingPolicy> | undefined): TrackingPolicy {
  return { ...DEFAULT_TRACKING_POLICY, ...policy };
}

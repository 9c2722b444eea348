/**
 * Validation of everything that reaches the sandbox from outside its code: rules files, admin HTTP bodies,
 * programmatic options. Objects are strict so a misspelt field ("errorrow") fails loudly instead of being
 * silently ignored by a test that would then pass for the wrong reason.
 */
import { z } from 'zod';
import { JOB_OPERATIONS } from '../workflows/domain';
import { SUBMISSION_STATUSES, type PostingRule, type SandboxKnobs } from './types';

const ERROR_TABLE_ROWS = 54;

const probability = z.number().min(0).max(1);
const nonNegativeInt = z.number().int().nonnegative();

export const postingRuleSchema = z
  .strictObject({
    externalJobPostingId: z.string().min(1),
    operation: z.enum(JOB_OPERATIONS).optional(),
    location: z.string().min(1).optional(),
    status: z.enum(['SUCCEEDED', 'FAILED', 'PROCESSED', 'IN_PROGRESS']),
    errorRow: z.number().int().min(1).max(ERROR_TABLE_ROWS).optional(),
    errorMessage: z.string().min(1).optional(),
    pollsUntilDone: z.number().int().positive().optional(),
    processingMs: nonNegativeInt.optional(),
    times: z.number().int().positive().optional(),
    submissionStatus: z
      .number()
      .refine((value): value is (typeof SUBMISSION_STATUSES)[number] =>
        (SUBMISSION_STATUSES as readonly number[]).includes(value), {
        message: `submissionStatus must be one of ${SUBMISSION_STATUSES.join(', ')}`,
      })
      .optional(),
  })
  .refine((rule) => rule.errorRow === undefined || rule.errorMessage === undefined, {
    message: 'give errorRow or errorMessage, not both',
  });

const ruleListSchema = z.array(postingRuleSchema);

/** The documented form of a rules file: `{ description?, rules }`, so a file can say what it is for. */
const rulesDocumentSchema = z.strictObject({ description: z.string().optional(), rules: ruleListSchema });

/** Rules from a bare array or a rules document. Branching on the shape keeps zod's messages precise. */
export function parseRules(input: unknown): PostingRule[] {
  return Array.isArray(input) ? ruleListSchema.parse(input) : rulesDocumentSchema.parse(input).rules;
}

const scriptedFaultSchema = z
  .strictObject({
    path: z.enum(['status', 'postings', 'token']),
    status: z.number().int().min(100).max(599).optional(),
    fault: z.enum(['hang', 'reset', 'malformed']).optional(),
    count: z.number().int().positive().optional(),
  })
  .refine((fault) => (fault.status === undefined) !== (fault.fault === undefined), {
    message: 'a failNext entry needs exactly one of status or fault',
  });

export const knobsPatchSchema = z.strictObject({
  processingMs: nonNegativeInt.optional(),
  taskLifespanMs: nonNegativeInt.optional(),
  statusCallsPerDay: nonNegativeInt.optional(),
  callsPerSecond: z.number().int().positive().nullable().optional(),
  retryAfterSeconds: nonNegativeInt.nullable().optional(),
  errorRate: probability.optional(),
  latencyMs: nonNegativeInt.optional(),
  hangRate: probability.optional(),
  malformedRate: probability.optional(),
  resetRate: probability.optional(),
  seed: z.number().int().optional(),
  failNext: z.array(scriptedFaultSchema).optional(),
});

export function parseKnobsPatch(input: unknown): Partial<SandboxKnobs> {
  const parsed = knobsPatchSchema.parse(input);
  // Drop keys that are present but undefined so a merge never erases a knob.
  return Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)) as Partial<SandboxKnobs>;
}

/** A readable one-line summary of a zod failure, for 400 answers of the admin API and for startup errors. */
export function describeValidationError(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

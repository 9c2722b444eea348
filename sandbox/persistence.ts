/**
 * The file format of what a sandbox keeps across restarts: its jobs, the job id counter and its tasks with
 * everything a lookup needs (decided outcome, submission time, lookups so far, location). Versioned JSON, so a
 * sandbox refuses a file written by an incompatible one instead of misreading it. Tokens, rules, knobs and
 * counters are not part of it: tokens are re-issued, rules come from the rules file, the rest is per run.
 */
import { z } from 'zod';
import { JOB_OPERATIONS, TASK_URN_PATTERN } from '../workflows/domain';
import type { JobRecord } from './jobs';
import { describeValidationError } from './schemas';
import type { Completion, SandboxTask, TaskOutcome } from './tasks';

export const STATE_FORMAT = 'linkedin-sandbox-state';
export const STATE_FORMAT_VERSION = 1;

/** What a restart must not lose. */
export interface DurableState {
  jobs: JobRecord[];
  lastAllocatedJobId: number;
  tasks: SandboxTask[];
}

/** A file that is not a sandbox state file of a version this sandbox reads. */
export class StateFormatError extends Error {
  override readonly name = 'StateFormatError';
}

const nonNegativeInt = z.number().int().nonnegative();

const jobSchema = z.strictObject({
  externalJobPostingId: z.string().min(1),
  live: z.boolean(),
  /** In the job's order: the first entry is the primary location's. '' is a posting without a location. */
  jobIds: z.array(z.strictObject({ location: z.string(), jobId: z.string().regex(/^\d+$/) })),
});

const completionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('never') }),
  z.strictObject({ kind: z.literal('afterLookups'), lookups: z.number().int().positive() }),
  z.strictObject({ kind: z.literal('afterTime'), processingMs: nonNegativeInt.optional() }),
]);

const taskSchema = z.strictObject({
  urn: z.string().regex(TASK_URN_PATTERN),
  externalJobPostingId: z.string().min(1),
  operation: z.enum(JOB_OPERATIONS),
  location: z.string().optional(),
  submittedAt: z.number().int(),
  outcome: z.strictObject({
    status: z.enum(['SUCCEEDED', 'FAILED', 'PROCESSED']),
    jobPosting: z.string().optional(),
    errorMessage: z.string().optional(),
  }),
  completion: completionSchema,
  lookups: nonNegativeInt,
});

const versionOneSchema = z.strictObject({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_FORMAT_VERSION),
  lastAllocatedJobId: nonNegativeInt,
  jobs: z.array(jobSchema),
  tasks: z.array(taskSchema),
});

type StateFileV1 = z.infer<typeof versionOneSchema>;

/** Read first, loosely, so a file of another version is named as such rather than as a list of odd fields. */
const headerSchema = z.looseObject({ format: z.literal(STATE_FORMAT), version: z.number().int() });

export function encodeState(state: DurableState): string {
  const file: StateFileV1 = {
    format: STATE_FORMAT,
    version: STATE_FORMAT_VERSION,
    lastAllocatedJobId: state.lastAllocatedJobId,
    jobs: state.jobs.map((job) => ({
      externalJobPostingId: job.externalJobPostingId,
      live: job.live,
      jobIds: [...job.jobIds].map(([location, jobId]) => ({ location, jobId })),
    })),
    tasks: state.tasks,
  };
  return `${JSON.stringify(file)}\n`;
}

/** The state in `text`; a StateFormatError says what is wrong with it. */
export function decodeState(text: string): DurableState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateFormatError(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const header = headerSchema.safeParse(parsed);
  if (!header.success) throw new StateFormatError(`not a sandbox state file (${describeValidationError(header.error)})`);
  if (header.data.version !== STATE_FORMAT_VERSION) {
    throw new StateFormatError(`version ${header.data.version} is not supported; this sandbox reads version ${STATE_FORMAT_VERSION}`);
  }
  const file = versionOneSchema.safeParse(parsed);
  if (!file.success) throw new StateFormatError(describeValidationError(file.error));

  return {
    lastAllocatedJobId: file.data.lastAllocatedJobId,
    jobs: file.data.jobs.map((job) => ({
      externalJobPostingId: job.externalJobPostingId,
      live: job.live,
      jobIds: new Map(job.jobIds.map(({ location, jobId }) => [location, jobId])),
    })),
    tasks: file.data.tasks.map(toTask),
  };
}

/** Rebuilt field by field: optional fields stay absent rather than present and undefined, as in a live task. */
function toTask(saved: StateFileV1['tasks'][number]): SandboxTask {
  const outcome: TaskOutcome = { status: saved.outcome.status };
  if (saved.outcome.jobPosting !== undefined) outcome.jobPosting = saved.outcome.jobPosting;
  if (saved.outcome.errorMessage !== undefined) outcome.errorMessage = saved.outcome.errorMessage;
  const completion: Completion =
    saved.completion.kind === 'afterTime' ? { kind: 'afterTime', processingMs: saved.completion.processingMs } : saved.completion;
  const task: SandboxTask = {
    urn: saved.urn,
    externalJobPostingId: saved.externalJobPostingId,
    operation: saved.operation,
    submittedAt: saved.submittedAt,
    outcome,
    completion,
    lookups: saved.lookups,
  };
  if (saved.location !== undefined) task.location = saved.location;
  return task;
}

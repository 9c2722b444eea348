/** Reads LinkedIn's batch GET answer for simpleJobPostingTasks into reports and per-URN lookup errors. */
import { z } from 'zod';
import {
  TASK_STATUSES,
  type TaskLookupError,
  type TaskStatus,
  type TaskStatusReport,
} from '../../workflows/domain';
import { LinkedInUnavailableError } from './errors';

export interface TaskStatusLookup {
  reports: TaskStatusReport[];
  lookupErrors: TaskLookupError[];
}

/** The lookup error recorded for a URN LinkedIn answered about in neither `results` nor `errors`. */
export const TASK_MISSING_FROM_ANSWER_MESSAGE =
  'LinkedIn returned neither a result nor an error for this task URN (treated as not found)';

// LinkedIn may send null for an absent optional field; null and missing mean the same here.
const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined);

const taskResultSchema = z.object({
  id: optionalText,
  status: z.string(),
  jobPosting: optionalText,
  location: optionalText,
  errorMessage: optionalText,
});

const taskErrorSchema = z.object({
  status: z.number().int(),
  message: optionalText,
});

const statusAnswerSchema = z.object({
  results: z.record(z.string(), taskResultSchema),
  errors: z
    .record(z.string(), taskErrorSchema)
    .nullish()
    .transform((errors) => errors ?? {}),
});

const KNOWN_STATUSES: ReadonlySet<string> = new Set(TASK_STATUSES);

export function parseStatusAnswer(
  operation: string,
  httpStatus: number,
  body: unknown,
  requestedUrns: readonly string[],
): TaskStatusLookup {
  const parsed = statusAnswerSchema.safeParse(body);
  if (!parsed.success) {
    throw new LinkedInUnavailableError(`${operation}: malformed answer: ${z.prettifyError(parsed.error)}`, {
      httpStatus,
    });
  }
  const requested = new Set(requestedUrns);
  const reports = new Map<string, TaskStatusReport>();
  const lookupErrors = new Map<string, TaskLookupError>();

  for (const [key, result] of Object.entries(parsed.data.results)) {
    const taskUrn = requestedUrnFor(key, result.id, requested);
    if (taskUrn === null) continue;
    if (!KNOWN_STATUSES.has(result.status)) {
      throw new LinkedInUnavailableError(
        `${operation}: LinkedIn reported unknown status ${JSON.stringify(result.status)} for ${taskUrn}`,
        { httpStatus },
      );
    }
    reports.set(taskUrn, {
      taskUrn,
      status: result.status as TaskStatus,
      ...(result.jobPosting !== undefined && { jobPostingUrn: result.jobPosting }),
      ...(result.location !== undefined && { location: result.location }),
      ...(result.errorMessage !== undefined && { errorMessage: result.errorMessage }),
    });
  }

  for (const [key, error] of Object.entries(parsed.data.errors)) {
    const taskUrn = requestedUrnFor(key, undefined, requested);
    if (taskUrn === null || reports.has(taskUrn)) continue;
    lookupErrors.set(taskUrn, {
      taskUrn,
      httpStatus: error.status,
      message: error.message ?? `LinkedIn reported HTTP ${error.status} for this task URN`,
    });
  }

  for (const taskUrn of requestedUrns) {
    if (!reports.has(taskUrn) && !lookupErrors.has(taskUrn)) {
      lookupErrors.set(taskUrn, { taskUrn, httpStatus: 404, message: TASK_MISSING_FROM_ANSWER_MESSAGE });
    }
  }

  return {
    reports: requestedUrns.flatMap((urn) => reports.get(urn) ?? []),
    lookupErrors: requestedUrns.flatMap((urn) => lookupErrors.get(urn) ?? []),
  };
}

/**
 * Which requested URN a map entry answers. Rest.li protocol 1.0 keys the maps by the plain URN; a percent-encoded
 * key (protocol 2.0 style) or the entry's own `id` are accepted too. Entries for URNs nobody asked for are dropped.
 */
function requestedUrnFor(key: string, id: string | undefined, requested: ReadonlySet<string>): string | null {
  if (requested.has(key)) return key;
  const decoded = safeDecode(key);
  if (decoded !== null && requested.has(decoded)) return decoded;
  if (id !== undefined && requested.has(id)) return id;
  return null;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

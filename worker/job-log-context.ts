/**
 * The job a log line is about. Workflow logs get it from the workflow's input; activities get it from a header the
 * workflow interceptor puts on every activity it schedules, so "Activity failed" lines name the job too.
 *
 * Also bundled into workflow code: no I/O, deterministic.
 */
import { defaultPayloadConverter, type Headers } from '@temporalio/common';

/** Activity header with the operation's job; an id, never posting content. */
export const JOB_CONTEXT_HEADER = 'linkedin-job';

export interface JobLogContext {
  externalJobPostingId: string;
  operation: string;
}

/** The job of a `trackJobOperation` input, when it has one (invalid input is logged without). */
export function jobLogContextOf(workflowInput: unknown): JobLogContext | undefined {
  const input = workflowInput as { externalJobPostingId?: unknown; operation?: unknown } | null | undefined;
  if (typeof input?.externalJobPostingId !== 'string' || input.externalJobPostingId === '') return undefined;
  return { externalJobPostingId: input.externalJobPostingId, operation: typeof input.operation === 'string' ? input.operation : '' };
}

export function withJobContextHeader(headers: Headers, job: JobLogContext): Headers {
  return { ...headers, [JOB_CONTEXT_HEADER]: defaultPayloadConverter.toPayload(job) };
}

export function jobContextFromHeaders(headers: Headers): JobLogContext | undefined {
  const payload = headers[JOB_CONTEXT_HEADER];
  if (!payload) return undefined;
  try {
    return jobLogContextOf(defaultPayloadConverter.fromPayload(payload));
  } catch {
    // A header this code cannot read (another version's, another client's) must never fail the activity.
    return undefined;
  }
}

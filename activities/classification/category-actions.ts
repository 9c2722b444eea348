import type { ErrorCategory } from '../../workflows/domain';

/** What the service does on its own for each category (shared/reference/error-categories.md). */
export const CATEGORY_ACTIONS: Readonly<Record<ErrorCategory, string>> = {
  TRANSIENT:
    'Resubmit the same operation (bounded, default 3 times, with backoff), waiting 5 minutes for each new task, and alert when the resubmissions are exhausted.',
  DUPLICATE:
    'Flag the job as a duplicate, keeping the LinkedIn job id or duplicate URL, mark it searchable and notify the posting service; never resubmit.',
  BUDGET_EXHAUSTED:
    'Alert once per budget scope within the window, then wait durably (default 7 days) for an operator to resume (resubmit) or abandon.',
  INVALID_PAYLOAD:
    "Notify the posting service with the invalid fields and LinkedIn's resolution; no retry, the payload must change.",
  JOB_NOT_FOUND: 'Notify the posting service that LinkedIn does not have the job; no retry.',
  POLICY_REJECTED: 'Notify the posting service and alert; no retry.',
  BLOCKED: 'Notify the posting service and alert, the customer must contact LinkedIn support; no retry.',
  CLOSED_BY_POSTER: 'Notify the posting service that the original poster closed the job.',
  UNKNOWN: 'Notify the posting service and alert with the verbatim message.',
};

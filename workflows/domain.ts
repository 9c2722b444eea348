/**
 * The vocabulary shared by the workflow, its activities, the client and the sandbox.
 * Workflow code imports this file, so it must stay free of I/O and Node built-ins.
 */

export const JOB_OPERATIONS = ['CREATE', 'UPDATE', 'RENEW', 'CLOSE'] as const;
export type JobOperation = (typeof JOB_OPERATIONS)[number];

/** Statuses LinkedIn reports for a simpleJobPostingTask. Only IN_PROGRESS needs another poll. */
export const TASK_STATUSES = ['IN_PROGRESS', 'SUCCEEDED', 'FAILED', 'PROCESSED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_URN_PREFIX = 'urn:li:simpleJobPostingTask:';
/** LinkedIn task ids are UUID-like; anything else is rejected by LinkedIn with "Batch key parameter value is invalid". */
export const TASK_URN_PATTERN = /^urn:li:simpleJobPostingTask:[0-9A-Za-z][0-9A-Za-z-]{0,63}$/;

/** One element of POST /v2/simpleJobPostings, as LinkedIn defines it. Unknown fields pass through untouched. */
export interface JobPostingElement {
  externalJobPostingId: string;
  jobPostingOperationType: JobOperation;
  title?: string;
  description?: string;
  companyApplyUrl?: string;
  listedAt?: number;
  location?: string;
  alternateLocations?: string[];
  integrationContext?: string;
  companyName?: string;
  employmentStatus?: string;
  experienceLevel?: string;
  categories?: string[];
  industries?: string[];
  companyJobCode?: string;
  workplaceTypes?: string[];
  expireAt?: number;
  listingType?: 'BASIC' | 'PREMIUM';
  posterEmail?: string;
  contract?: string;
  partnerJobCampaignId?: string;
  [field: string]: unknown;
}

/** One task as LinkedIn last reported it (GET /v2/simpleJobPostingTasks `results` entry). */
export interface TaskStatusReport {
  taskUrn: string;
  status: TaskStatus;
  /** urn:li:jobPosting:<id> once the job is live. */
  jobPostingUrn?: string;
  /** The input location, for jobs with alternateLocations. */
  location?: string;
  errorMessage?: string;
}

/** A per-URN answer from the `errors` map of the status endpoint: the task is unknown or expired. */
export interface TaskLookupError {
  taskUrn: string;
  httpStatus: number;
  message: string;
}

/** Categories of the product contract (shared/reference/error-categories.md). */
export const ERROR_CATEGORIES = [
  'TRANSIENT',
  'DUPLICATE',
  'BUDGET_EXHAUSTED',
  'INVALID_PAYLOAD',
  'JOB_NOT_FOUND',
  'POLICY_REJECTED',
  'BLOCKED',
  'CLOSED_BY_POSTER',
  'UNKNOWN',
] as const;
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

export type BudgetScope = 'job' | 'contract' | 'account';

/** What one task came to, once LinkedIn's status (and the error table) have been read. */
export type TaskOutcome =
  | 'SUCCEEDED'
  | 'PROCESSED'
  | 'PROCESSED_WITH_ERRORS'
  | 'FAILED'
  /** LinkedIn no longer knows the task (expired or never existed): it answered in `errors`. */
  | 'TASK_NOT_FOUND'
  /** Still IN_PROGRESS when the tracking deadline passed. */
  | 'TIMED_OUT';

/** What the whole operation came to. A FAILED operation is reported by its error category. */
export type OperationOutcome =
  | 'SUCCEEDED'
  | 'PROCESSED'
  | 'PROCESSED_WITH_ERRORS'
  /** Some locations succeeded, others did not: see each task. */
  | 'PARTIALLY_SUCCEEDED'
  /** LinkedIn refused the posting call itself (422 for the element, or 400/402/403/409 for the call). */
  | 'SUBMISSION_REJECTED'
  /** The posting call got no usable answer after it was sent: LinkedIn may or may not have the job. Not resent. */
  | 'SUBMISSION_UNCERTAIN'
  | 'TASK_NOT_FOUND'
  | 'TIMED_OUT'
  | ErrorCategory;

export const SUCCESSFUL_TASK_OUTCOMES: readonly TaskOutcome[] = ['SUCCEEDED', 'PROCESSED'];

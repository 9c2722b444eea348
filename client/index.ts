/** The API a posting service imports. */
export { startTracking, assertValidJobOperation, type TrackOptions, type TrackedOperation } from './tracking';
export { workflowIdFor, WORKFLOW_ID_PREFIX } from './workflow-id';
export { statusQuery, TRACK_JOB_OPERATION_WORKFLOW } from '../workflows/definitions';
export type { OperationResult, OperationStatus, TrackingPhase, SubmissionRejection } from '../workflows/definitions';
export { InvalidJobOperationError, DEFAULT_TRACKING_POLICY } from '../workflows/input';
export type { JobOperationInput, TrackingPolicy } from '../workflows/input';
export type { TaskResult } from '../workflows/outcome';
export * from '../workflows/domain';
export {
  submitPostings,
  trackSubmitted,
  UntrackedPostingsError,
  type SubmissionOptions,
  type TrackSubmittedOptions,
  type PostingOutcome,
  type TrackedPosting,
  type RejectedPosting,
  type UntrackedPosting,
  type ElementRef,
} from './submission';
export { InvalidPostingsError, type ElementProblems } from './posting-validation';
export { UnmatchedLinkedInAnswerError } from './batch-create-answer';
export {
  getOperationStatus,
  listOperations,
  OperationNotFoundError,
  type OperationLookup,
  type OperationRow,
  type OperationState,
} from './operations';
export {
  resumeOperations,
  abandonOperations,
  pollNowOperations,
  OperationSignalError,
  type OperationTarget,
} from './operator-actions';
export {
  buildVisibilityQuery,
  quoteQueryValue,
  READY_QUERIES,
  isReadyQueryName,
  type OperationFilter,
  type ReadyQuery,
  type ReadyQueryName,
} from './visibility';
export { resumeSignal, abandonSignal, pollNowSignal } from '../workflows/definitions';
export type { OperatorDecision } from '../workflows/definitions';
export { budgetWaitKey, CREDENTIALS_WAIT_KEY, type BudgetRef } from '../workflows/budget';

/** The API a posting service imports. */
export { startTracking, assertValidJobOperation, type TrackOptions, type TrackedOperation } from './tracking';
export { workflowIdFor, WORKFLOW_ID_PREFIX } from './workflow-id';
export { statusQuery, TRACK_JOB_OPERATION_WORKFLOW } from '../workflows/definitions';
export type { OperationResult, OperationStatus, TrackingPhase, SubmissionRejection } from '../workflows/definitions';
export { InvalidJobOperationError, DEFAULT_TRACKING_POLICY } from '../workflows/input';
export type { JobOperationInput, TrackingPolicy } from '../workflows/input';
export type { TaskResult } from '../workflows/outcome';
export * from '../workflows/domain';

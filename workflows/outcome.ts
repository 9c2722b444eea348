/** How LinkedIn's task statuses (and their classified errors) become the outcome of an operation. Pure. */
import type { Classification } from '../activities/classification/classify';
import type { OperationOutcome, TaskOutcome, TaskStatus, TaskStatusReport } from './domain';

export interface TaskResult {
  taskUrn: string;
  /** The location this task posts to (primary first, then alternateLocations), when known. */
  location?: string;
  /** LinkedIn's last reported status; absent when LinkedIn has not answered for this task yet. */
  status?: TaskStatus;
  jobPostingUrn?: string;
  errorMessage?: string;
  /** Absent while the task is still being tracked. */
  outcome?: TaskOutcome;
  /** The error-table row the message matched, for FAILED and PROCESSED_WITH_ERRORS tasks. */
  failure?: Classification;
}

/** The terminal outcome of a task from LinkedIn's status, or undefined while it is IN_PROGRESS. */
export function taskOutcomeOf(report: Pick<TaskStatusReport, 'status' | 'errorMessage'>): TaskOutcome | undefined {
  switch (report.status) {
    case 'IN_PROGRESS':
      return undefined;
    case 'SUCCEEDED':
      return 'SUCCEEDED';
    case 'FAILED':
      return 'FAILED';
    case 'PROCESSED':
      return report.errorMessage?.trim() ? 'PROCESSED_WITH_ERRORS' : 'PROCESSED';
  }
}

export function isSuccessful(outcome: TaskOutcome | undefined): boolean {
  return outcome === 'SUCCEEDED' || outcome === 'PROCESSED';
}

/** What one finished task contributes to the operation's outcome: a failure speaks through its category. */
function operationOutcomeOfTask(task: TaskResult): OperationOutcome {
  if (task.outcome === 'FAILED') return task.failure?.category ?? 'UNKNOWN';
  return task.outcome ?? 'TIMED_OUT';
}

/**
 * Every task agreeing gives that outcome; successes mixed with anything else give PARTIALLY_SUCCEEDED, so one
 * location's failure never hides another's success; failures of different kinds report the first task's (the
 * primary location), the rest stay readable per task.
 */
export function operationOutcomeOf(tasks: readonly TaskResult[]): OperationOutcome {
  const outcomes = tasks.map(operationOutcomeOfTask);
  const first = outcomes[0];
  if (first === undefined) throw new Error('an operation has at least one task');
  if (outcomes.every((outcome) => outcome === first)) return first;
  const successes = tasks.filter((task) => isSuccessful(task.outcome)).length;
  if (successes === tasks.length) return 'SUCCEEDED';
  if (successes > 0) return 'PARTIALLY_SUCCEEDED';
  return first;
}

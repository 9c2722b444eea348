/** The polling activity: one status lookup per attempt; the retry policy spaces the attempts. */
import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';
import type { TaskLookupError, TaskStatusReport } from '../workflows/domain';
import { toActivityFailure } from './failures';

export interface TaskPollResult {
  reports: TaskStatusReport[];
  /** Tasks LinkedIn answered for in `errors` (expired or unknown): terminal, nothing more to wait for. */
  lookupErrors: TaskLookupError[];
}

export type TaskStatusLookup = (taskUrns: string[]) => Promise<TaskPollResult>;

export function createCheckTaskStatuses(lookup: TaskStatusLookup) {
  /**
   * Returns once no task is IN_PROGRESS. Otherwise throws a BENIGN, retryable "still in progress" failure that
   * carries what it saw, so the workflow still knows the latest statuses if the deadline ends the retries.
   */
  return async function checkTaskStatuses(taskUrns: string[]): Promise<TaskPollResult> {
    let result: TaskPollResult;
    try {
      result = await lookup(taskUrns);
    } catch (err) {
      throw toActivityFailure(err);
    }
    const pending = result.reports.filter((report) => report.status === 'IN_PROGRESS');
    if (pending.length > 0) {
      const notYet = ApplicationFailure.create({
        type: 'TasksStillInProgress',
        // The Temporal UI shows this message on the pending activity: the live state of every task, without a
        // history event per poll.
        message: `${pending.length} of ${taskUrns.length} task(s) still IN_PROGRESS: ${describeTasks(result)}`,
        category: ApplicationFailureCategory.BENIGN,
        details: [result],
      });
      // Routine, not a fault: the UI shows this on the pending activity, where a stack trace is only noise.
      notYet.stack = notYet.message;
      throw notYet;
    }
    return result;
  };
}

function describeTasks(result: TaskPollResult): string {
  return [
    ...result.reports.map((report) => `${report.location ?? shortId(report.taskUrn)} ${report.status}`),
    ...result.lookupErrors.map((error) => `${shortId(error.taskUrn)} NOT FOUND`),
  ].join(', ');
}

function shortId(taskUrn: string): string {
  return taskUrn.slice(taskUrn.lastIndexOf(':') + 1, taskUrn.lastIndexOf(':') + 9);
}

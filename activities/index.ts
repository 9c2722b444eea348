/**
 * The activities of a tracked job operation, built from their dependencies so tests and the worker inject the
 * LinkedIn client (the sandbox or api.linkedin.com), the notification channels and the Temporal client they want.
 */
import type { Client } from '@temporalio/client';
import { classifyErrorMessage, type Classification } from './classification/classify';
import type { NotificationActivities } from './notifications';
import { createOperationActivities } from './operations';
import { createReportingActivities } from './reporting';
import { createCheckTaskStatuses, type TaskStatusLookup } from './task-status';
import { createSubmitPosting, type PostingSubmitter } from './submission';

export type { TaskPollResult } from './task-status';

export interface ActivityDependencies {
  lookupTaskStatuses: TaskStatusLookup;
  submitPostings: PostingSubmitter;
  notifications: NotificationActivities;
  /** For the activities that signal or look up other workflows. */
  temporal: { client: Client; taskQueue: string };
}

export function createActivities(deps: ActivityDependencies) {
  return {
    submitPosting: createSubmitPosting(deps.submitPostings),
    checkTaskStatuses: createCheckTaskStatuses(deps.lookupTaskStatuses),
    async classifyTaskErrors(messages: string[]): Promise<Classification[]> {
      return messages.map(classifyErrorMessage);
    },
    ...createReportingActivities(deps.notifications),
    ...createOperationActivities(deps.temporal),
  };
}

export type TrackingActivities = ReturnType<typeof createActivities>;

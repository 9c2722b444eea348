/**
 * The activities of a tracked job operation, built from their dependencies so tests and the worker inject the
 * LinkedIn client they want (the sandbox or api.linkedin.com).
 */
import { classifyErrorMessage, type Classification } from './classification/classify';
import { createCheckTaskStatuses, type TaskStatusLookup } from './task-status';
import { createSubmitPosting, type PostingSubmitter } from './submission';

export type { TaskPollResult } from './task-status';

export interface ActivityDependencies {
  lookupTaskStatuses: TaskStatusLookup;
  submitPostings: PostingSubmitter;
}

export function createActivities(deps: ActivityDependencies) {
  return {
    submitPosting: createSubmitPosting(deps.submitPostings),
    checkTaskStatuses: createCheckTaskStatuses(deps.lookupTaskStatuses),
    async classifyTaskErrors(messages: string[]): Promise<Classification[]> {
      return messages.map(classifyErrorMessage);
    },
  };
}

export type TrackingActivities = ReturnType<typeof createActivities>;

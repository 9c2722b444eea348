export { DEFAULT_LINKEDIN_CLIENT_CONFIG, type LinkedInClientConfig } from './config';
export {
  createLinkedInClient,
  type LinkedInClient,
  type LinkedInClientOptions,
  type PostingSubmissionResult,
  type TaskStatusLookup,
} from './client';
export {
  InvalidTaskUrnError,
  LinkedInAuthenticationError,
  LinkedInError,
  LinkedInThrottledError,
  LinkedInUnavailableError,
} from './errors';
export { TASK_MISSING_FROM_ANSWER_MESSAGE } from './task-status-response';
export { INVALID_BATCH_KEY_MESSAGE } from './task-status-lookup';

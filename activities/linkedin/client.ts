/**
 * The LinkedIn API client the activities use. Free of Temporal on purpose: it reports what LinkedIn said through
 * typed results and errors, and the activities decide what becomes a retry or a failure.
 */
import { Agent, type Dispatcher } from 'undici';
import type { JobPostingElement } from '../../workflows/domain';
import { AccessTokenProvider } from './access-token';
import { AuthorizedTransport } from './authorized-transport';
import { assertValidConfig, type LinkedInClientConfig } from './config';
import { HttpTransport } from './http';
import { submitPostings, type PostingSubmissionResult } from './posting-submission';
import { lookupTaskStatuses } from './task-status-lookup';
import type { TaskStatusLookup } from './task-status-response';

export type { PostingSubmissionResult } from './posting-submission';
export type { TaskStatusLookup } from './task-status-response';

export interface LinkedInClient {
  /**
   * Statuses of the given tasks, one report or lookup error per distinct URN. Throws InvalidTaskUrnError,
   * LinkedInThrottledError, LinkedInUnavailableError or LinkedInAuthenticationError.
   */
  lookupTaskStatuses(taskUrns: string[]): Promise<TaskStatusLookup>;
  /**
   * One result per element, same length and order as the input. Throws LinkedInThrottledError,
   * LinkedInUnavailableError or LinkedInAuthenticationError, with `submittedBeforeFailure` set.
   */
  submitPostings(elements: JobPostingElement[]): Promise<PostingSubmissionResult[]>;
  /** Closes the connections the client opened; a dispatcher passed in options belongs to the caller and stays open. */
  close(): Promise<void>;
}

export interface LinkedInClientOptions {
  /** Replaces the client's own connection pool (tests pass a MockAgent); connectTimeoutMs is then the caller's. */
  dispatcher?: Dispatcher;
  /** Clock for token expiry and Retry-After dates, in epoch milliseconds. */
  now?: () => number;
}

export function createLinkedInClient(config: LinkedInClientConfig, options: LinkedInClientOptions = {}): LinkedInClient {
  assertValidConfig(config);
  const now = options.now ?? Date.now;
  const ownsDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      connectTimeout: config.connectTimeoutMs,
      headersTimeout: config.responseTimeoutMs,
      bodyTimeout: config.responseTimeoutMs,
    });
  const transport = new HttpTransport(dispatcher, {
    headersTimeoutMs: config.responseTimeoutMs,
    bodyTimeoutMs: config.responseTimeoutMs,
  });
  const tokens = new AccessTokenProvider(transport, config, now);
  const api = new AuthorizedTransport(transport, tokens);
  let closed = false;

  return {
    lookupTaskStatuses: (taskUrns) => lookupTaskStatuses(api, config, now, taskUrns),
    submitPostings: (elements) => submitPostings(api, config, now, elements),
    close: async () => {
      if (ownsDispatcher && !closed) {
        closed = true;
        await dispatcher.close();
      }
    },
  };
}

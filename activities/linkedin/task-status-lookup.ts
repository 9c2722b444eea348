/** GET /v2/simpleJobPostingTasks for any number of URNs: validated, de-duplicated, split, merged. */
import { InvalidTaskUrnError, LinkedInUnavailableError } from './errors';
import type { AuthorizedTransport } from './authorized-transport';
import { mapWithBoundedConcurrency } from './bounded-concurrency';
import { errorBodyMessage, parseJsonBody, throwForUnexpectedStatus } from './http';
import { malformedTaskUrns, planStatusRequests, statusHttpRequest, type StatusRequestPlan } from './task-status-request';
import { parseStatusAnswer, type TaskStatusLookup } from './task-status-response';

const OPERATION = 'Task status lookup';

/** Parallel requests per lookup: enough to hide latency, few enough to stay polite to a 300k/day quota. */
const STATUS_REQUEST_CONCURRENCY = 4;

/** LinkedIn's exact 400 message for a task URN it cannot parse. */
export const INVALID_BATCH_KEY_MESSAGE = 'Batch key parameter value is invalid';

/** Most URNs quoted in one error message; the error's `taskUrns` always holds all of them. */
const MAX_URNS_IN_MESSAGE = 5;

export interface TaskStatusLookupSettings {
  apiBaseUrl: string;
  maxUrnsPerStatusCall: number;
  maxQueryStringBytes: number;
}

/**
 * Reports and lookup errors come once per distinct URN, in the order the URNs were first given. Throws
 * InvalidTaskUrnError before any call when a URN is malformed, so one bad URN cannot hide the others' statuses.
 */
export async function lookupTaskStatuses(
  api: AuthorizedTransport,
  settings: TaskStatusLookupSettings,
  now: () => number,
  taskUrns: readonly string[],
): Promise<TaskStatusLookup> {
  const distinctUrns = [...new Set(taskUrns)];
  const malformed = malformedTaskUrns(distinctUrns);
  if (malformed.length > 0) {
    throw new InvalidTaskUrnError(
      `${OPERATION}: ${malformed.length} malformed task URN(s), not sent to LinkedIn: ${quoteUrns(malformed)}`,
      malformed,
    );
  }

  const plans = planStatusRequests(distinctUrns, settings);
  const answers = await mapWithBoundedConcurrency(plans, STATUS_REQUEST_CONCURRENCY, (plan) =>
    lookupOneRequest(api, settings.apiBaseUrl, now, plan),
  );
  return {
    reports: answers.flatMap((answer) => answer.reports),
    lookupErrors: answers.flatMap((answer) => answer.lookupErrors),
  };
}

async function lookupOneRequest(
  api: AuthorizedTransport,
  apiBaseUrl: string,
  now: () => number,
  plan: StatusRequestPlan,
): Promise<TaskStatusLookup> {
  const response = await api.send(OPERATION, (authorization) => statusHttpRequest(apiBaseUrl, plan, authorization));
  if (response.status === 200) {
    return parseStatusAnswer(OPERATION, response.status, parseJsonBody(OPERATION, response), plan.taskUrns);
  }
  if (response.status === 400) {
    const message = errorBodyMessage(response);
    if (message?.includes(INVALID_BATCH_KEY_MESSAGE)) {
      throw new InvalidTaskUrnError(
        `${OPERATION}: LinkedIn answered "${message}" for a request with ${plan.taskUrns.length} URN(s): ${quoteUrns(plan.taskUrns)}`,
        plan.taskUrns,
      );
    }
  }
  if (response.status === 414) {
    // Should not happen: the request was planned to stay under the limit. Says which setting to look at.
    throw new LinkedInUnavailableError(
      `${OPERATION}: LinkedIn answered HTTP 414 to a ${plan.queryString.length}-byte query string; lower maxQueryStringBytes`,
      { httpStatus: 414 },
    );
  }
  throwForUnexpectedStatus(OPERATION, response, now());
}

/** Malformed input can be anything, so each quoted URN is cut short. */
const MAX_QUOTED_URN_CHARS = 100;

/** URNs for an error message: malformed input can be anything, so each is cut short and only the first few named. */
export function quoteUrns(urns: readonly string[]): string {
  const shown = urns
    .slice(0, MAX_URNS_IN_MESSAGE)
    .map((urn) => JSON.stringify(urn.length > MAX_QUOTED_URN_CHARS ? `${urn.slice(0, MAX_QUOTED_URN_CHARS)}…` : urn))
    .join(', ');
  return urns.length > MAX_URNS_IN_MESSAGE ? `${shown} and ${urns.length - MAX_URNS_IN_MESSAGE} more` : shown;
}

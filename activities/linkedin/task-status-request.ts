/**
 * How a status lookup is cut into HTTP requests: at most `maxUrnsPerStatusCall` URNs each, and a plain GET only
 * while the query string fits LinkedIn's 4 KB limit; a longer one goes through query tunneling.
 */
import { TASK_URN_PATTERN } from '../../workflows/domain';
import type { HttpRequest } from './http';

export const TASK_STATUS_PATH = '/v2/simpleJobPostingTasks';

export interface StatusRequestPlan {
  taskUrns: string[];
  /** `ids=<enc>&ids=<enc>...`, without the leading `?`. */
  queryString: string;
  tunneled: boolean;
}

/** URNs LinkedIn would refuse with "Batch key parameter value is invalid", caught before any call. */
export function malformedTaskUrns(taskUrns: readonly string[]): string[] {
  return taskUrns.filter((urn) => !TASK_URN_PATTERN.test(urn));
}

export function statusQueryString(taskUrns: readonly string[]): string {
  return taskUrns.map((urn) => `ids=${encodeURIComponent(urn)}`).join('&');
}

export function planStatusRequests(
  taskUrns: readonly string[],
  limits: { maxUrnsPerStatusCall: number; maxQueryStringBytes: number },
): StatusRequestPlan[] {
  const plans: StatusRequestPlan[] = [];
  for (let start = 0; start < taskUrns.length; start += limits.maxUrnsPerStatusCall) {
    const chunk = taskUrns.slice(start, start + limits.maxUrnsPerStatusCall);
    const queryString = statusQueryString(chunk);
    plans.push({
      taskUrns: chunk,
      queryString,
      tunneled: Buffer.byteLength(queryString, 'utf8') > limits.maxQueryStringBytes,
    });
  }
  return plans;
}

export function statusHttpRequest(apiBaseUrl: string, plan: StatusRequestPlan, authorization: string): HttpRequest {
  const url = `${apiBaseUrl.replace(/\/+$/, '')}${TASK_STATUS_PATH}`;
  // No X-Restli-Protocol-Version: repeated `ids=` keys are the protocol 1.0 form that LinkedIn documents here.
  const headers = { authorization, accept: 'application/json' };
  if (!plan.tunneled) {
    return { method: 'GET', url: `${url}?${plan.queryString}`, headers };
  }
  return {
    method: 'POST',
    url,
    headers: {
      ...headers,
      'x-http-method-override': 'GET',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: plan.queryString,
  };
}

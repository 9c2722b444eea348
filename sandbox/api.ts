/**
 * The LinkedIn-facing endpoints and the path every call takes through them:
 * 414 (query too long) -> added latency -> injected fault -> per-second throttle -> the endpoint itself
 * (token check, daily quota, business logic) -> optionally a cut-off body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JOB_OPERATIONS } from '../workflows/domain';
import { expiredAccessToken, injectedFailure, invalidAccessToken, missingRestliMethod, restError, tooManyRequests, uriTooLong, type ApiAnswer } from './linkedin-errors';
import { BodyTooLargeError, readBody, send } from './http-io';
import { parseBatch, submitPostings } from './postings';
import type { SandboxState } from './state';
import { lookUpTasks } from './task-status';
import type { FaultPath } from './types';

/** LinkedIn's documented limit on the query string of a GET. */
export const MAX_QUERY_STRING_BYTES = 4096;

export const ENDPOINTS = {
  token: 'POST /oauth/v2/accessToken',
  postings: 'POST /v2/simpleJobPostings',
  status: 'GET /v2/simpleJobPostingTasks',
} as const;

interface Endpoint {
  /** Counter key; a tunneled status call counts as the GET it stands for. */
  key: string;
  faultPath: FaultPath;
  /** Whether the per-second cap applies (the /v2 API, not the OAuth server). */
  throttled: boolean;
  handle(req: IncomingMessage, state: SandboxState, queryString: string): Promise<ApiAnswer>;
}

export interface ApiContext {
  state: SandboxState;
  /** Resolves after `ms`, unless the sandbox closes first (then never). */
  delay(ms: number): Promise<void>;
}

export async function handleApiCall(req: IncomingMessage, res: ServerResponse, context: ApiContext): Promise<void> {
  const { state } = context;
  const { pathname, queryString } = splitUrl(req.url ?? '/');
  const routed = route(req, pathname);
  if ('answer' in routed) {
    state.counters.recordCall(routed.key, routed.answer.status);
    return send(res, routed.answer);
  }
  const endpoint = routed;
  const reply = (answer: ApiAnswer, truncate = false): void => {
    state.counters.recordCall(endpoint.key, answer.status);
    send(res, answer, truncate);
  };

  if (Buffer.byteLength(queryString) > MAX_QUERY_STRING_BYTES) return reply(uriTooLong());
  if (state.knobs.latencyMs > 0) await context.delay(state.knobs.latencyMs);

  const fault = state.faults.plan(endpoint.faultPath, state.knobs);
  if (fault.kind === 'hang') {
    // Never answered: the socket stays open until the client gives up or the sandbox closes.
    state.counters.recordCall(endpoint.key, 'hang');
    return;
  }
  if (fault.kind === 'reset') {
    state.counters.recordCall(endpoint.key, 'reset');
    req.socket.destroy();
    return;
  }
  if (fault.kind === 'status') return reply(injectedFailure(fault.status, state.knobs.retryAfterSeconds));
  if (endpoint.throttled && !state.quotas.admitCall(state.clock(), state.knobs.callsPerSecond)) {
    return reply(tooManyRequests(state.knobs.retryAfterSeconds));
  }

  let answer: ApiAnswer;
  try {
    answer = await endpoint.handle(req, state, queryString);
  } catch (error) {
    answer = error instanceof BodyTooLargeError ? restError(413, error.message) : restError(500, 'Internal Server Error');
  }
  reply(answer, fault.kind === 'malformed' && answer.status === 200);
}

function splitUrl(url: string): { pathname: string; queryString: string } {
  const mark = url.indexOf('?');
  return mark < 0 ? { pathname: url, queryString: '' } : { pathname: url.slice(0, mark), queryString: url.slice(mark + 1) };
}

function route(req: IncomingMessage, pathname: string): Endpoint | { key: string; answer: ApiAnswer } {
  const method = req.method ?? 'GET';
  const otherwise = { key: `${method} ${pathname}`, answer: restError(405, `Method ${method} is not allowed on ${pathname}`) };
  switch (pathname) {
    case '/oauth/v2/accessToken':
      return method === 'POST' ? tokenEndpoint : otherwise;
    case '/v2/simpleJobPostings':
      return method === 'POST' ? postingsEndpoint : otherwise;
    case '/v2/simpleJobPostingTasks':
      if (method === 'GET') return statusEndpoint;
      if (method === 'POST' && req.headers['x-http-method-override']?.toString().toUpperCase() === 'GET') return tunneledStatusEndpoint;
      return otherwise;
    default:
      return { key: 'OTHER', answer: restError(404, `No resource at ${pathname}`) };
  }
}

const tokenEndpoint: Endpoint = {
  key: ENDPOINTS.token,
  faultPath: 'token',
  throttled: false,
  async handle(req, state) {
    const answer = state.tokens.exchange(new URLSearchParams(await readBody(req)));
    if (answer.status === 200) state.counters.recordTokenIssued();
    return answer;
  },
};

const postingsEndpoint: Endpoint = {
  key: ENDPOINTS.postings,
  faultPath: 'postings',
  throttled: true,
  async handle(req, state) {
    const unauthorised = authenticate(req, state);
    if (unauthorised) return unauthorised;
    if (req.headers['x-restli-method']?.toString().toLowerCase() !== 'batch_create') return missingRestliMethod();
    const batch = parseBatch(await readBody(req));
    if ('rejection' in batch) return batch.rejection;
    for (const element of batch.elements) countSubmission(state, element);
    const result = submitPostings(batch.elements, {
      rules: state.rules,
      jobs: state.jobs,
      tasks: state.tasks,
      partnerId: state.partnerId,
      now: state.clock(),
    });
    state.counters.recordTasksCreated(result.createdTasks);
    return result.answer;
  },
};

function statusEndpointFor(tunneled: boolean): Endpoint {
  return {
    key: ENDPOINTS.status,
    faultPath: 'status',
    throttled: true,
    async handle(req, state, queryString) {
      const unauthorised = authenticate(req, state);
      if (unauthorised) return unauthorised;
      let query = queryString;
      if (tunneled) {
        const contentType = req.headers['content-type'] ?? '';
        if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
          return restError(400, 'Query tunneling needs Content-Type: application/x-www-form-urlencoded');
        }
        query = await readBody(req);
      }
      if (!state.quotas.admitStatusCall(state.clock(), state.knobs.statusCallsPerDay)) {
        return tooManyRequests(state.knobs.retryAfterSeconds);
      }
      const lookup = lookUpTasks(query, {
        tasks: state.tasks,
        now: state.clock(),
        processingMs: state.knobs.processingMs,
        taskLifespanMs: state.knobs.taskLifespanMs,
      });
      if (lookup.urnCount !== undefined) state.counters.recordStatusCall(lookup.urnCount, tunneled);
      return lookup.answer;
    },
  };
}

const statusEndpoint = statusEndpointFor(false);
const tunneledStatusEndpoint = statusEndpointFor(true);

function authenticate(req: IncomingMessage, state: SandboxState): ApiAnswer | undefined {
  switch (state.tokens.check(req.headers.authorization)) {
    case 'valid':
      return undefined;
    case 'expired':
      return expiredAccessToken();
    case 'invalid':
      return invalidAccessToken();
  }
}

function countSubmission(state: SandboxState, element: unknown): void {
  if (typeof element !== 'object' || element === null) return;
  const { externalJobPostingId, jobPostingOperationType } = element as Record<string, unknown>;
  if (typeof externalJobPostingId !== 'string') return;
  const operation = JOB_OPERATIONS.find((candidate) => candidate === jobPostingOperationType);
  if (operation) state.counters.recordPosting(externalJobPostingId, operation);
}

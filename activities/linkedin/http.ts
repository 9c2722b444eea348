/**
 * The one place that talks HTTP: sends a request through undici with the configured timeouts, reads the whole
 * body, and turns every transport failure into LinkedInUnavailableError. Callers only ever see status + text.
 */
import { request, type Dispatcher } from 'undici';
import { LinkedInThrottledError, LinkedInUnavailableError } from './errors';

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Dispatcher.ResponseData['headers'];
  text: string;
}

export interface HttpTimeouts {
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

/** Longest excerpt of a response body quoted in an error message. */
const MAX_QUOTED_BODY_CHARS = 300;

export class HttpTransport {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly timeouts: HttpTimeouts,
  ) {}

  /** `operation` names the call in error messages ("Task status lookup"); URLs and headers are never quoted. */
  async send(operation: string, outgoing: HttpRequest): Promise<HttpResponse> {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(outgoing.url, {
        dispatcher: this.dispatcher,
        method: outgoing.method,
        headers: outgoing.headers,
        body: outgoing.body,
        headersTimeout: this.timeouts.headersTimeoutMs,
        bodyTimeout: this.timeouts.bodyTimeoutMs,
      });
    } catch (error) {
      throw new LinkedInUnavailableError(`${operation} failed before LinkedIn answered: ${describeFailure(error)}`, {
        cause: error,
      });
    }
    try {
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      throw new LinkedInUnavailableError(
        `${operation} failed while reading LinkedIn's HTTP ${response.statusCode} answer: ${describeFailure(error)}`,
        { httpStatus: response.statusCode, cause: error },
      );
    }
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/** Parses a JSON body; an unparseable one means LinkedIn (or something in front of it) is not answering properly. */
export function parseJsonBody(operation: string, response: HttpResponse): unknown {
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    throw new LinkedInUnavailableError(
      `${operation}: HTTP ${response.status} answer is not JSON: ${quoteBody(response.text)}`,
      { httpStatus: response.status },
    );
  }
}

/** The `message` of a LinkedIn error body, or null when the body has none. */
export function errorBodyMessage(response: HttpResponse): string | null {
  try {
    const body = JSON.parse(response.text) as unknown;
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string') {
      return body.message;
    }
  } catch {
    // Not JSON: proxies and load balancers answer errors in HTML or plain text.
  }
  return null;
}

export function quoteBody(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '(empty body)';
  return trimmed.length > MAX_QUOTED_BODY_CHARS ? `${trimmed.slice(0, MAX_QUOTED_BODY_CHARS)}…` : trimmed;
}

/** Milliseconds to wait per Retry-After (delta-seconds or HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | null {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/**
 * The answers every LinkedIn endpoint shares: 429 is a quota, 5xx an outage. Endpoint-specific statuses are
 * handled by the caller before this; anything still unexplained afterwards is treated as an outage.
 */
export function throwForUnexpectedStatus(operation: string, response: HttpResponse, nowMs: number): never {
  if (response.status === 429) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], nowMs);
    throw new LinkedInThrottledError(
      `${operation}: LinkedIn throttled the call (HTTP 429${retryAfterMs === null ? '' : `, retry after ${retryAfterMs} ms`})`,
      retryAfterMs,
    );
  }
  const detail = errorBodyMessage(response) ?? quoteBody(response.text);
  throw new LinkedInUnavailableError(`${operation}: LinkedIn answered HTTP ${response.status}: ${detail}`, {
    httpStatus: response.status,
  });
}

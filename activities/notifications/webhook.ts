/**
 * One delivery attempt of a webhook: POST the JSON body, and turn the answer into a receipt or a Temporal failure
 * whose retryability the activity's retry policy acts on. Webhook URLs can be credentials themselves (a Slack
 * incoming-webhook URL is), so neither they nor the secrets ever appear in a failure message.
 */
import { ApplicationFailure } from '@temporalio/common';
import { request, type Dispatcher } from 'undici';
import { parseRetryAfter } from '../linkedin/http';
import { SIGNATURE_HEADER, signBody } from './signature';
import type { DeliveryReceipt } from './types';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const EVENT_HEADER = 'X-LinkedIn-Job-Tracker-Event';

/** Failure types the workflow's retry policy sees. */
export const WEBHOOK_REJECTED = 'WebhookRejected';
export const WEBHOOK_UNAVAILABLE = 'WebhookUnavailable';
export const INVALID_NOTIFICATION = 'InvalidNotification';

export type WebhookKind = 'outcome' | 'alert';

export interface WebhookTarget {
  kind: WebhookKind;
  url: string;
  secret: string | null;
}

export interface WebhookMessage {
  event: string;
  idempotencyKey: string;
  /** Serialized once by the caller: the signature covers these exact bytes. */
  body: string;
}

export interface WebhookTransport {
  /** Undici's global dispatcher when absent. */
  dispatcher?: Dispatcher;
  timeoutMs: number;
  /** Epoch milliseconds, for the signature timestamp and Retry-After dates. */
  now: () => number;
}

/** Statuses in the 4xx range that say "not now" rather than "never". */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 429]);
const MAX_QUOTED_BODY_CHARS = 200;
/** Visible ASCII and spaces, not starting with a space: anything else is refused by HTTP header parsing. */
const HEADER_VALUE_PATTERN = /^[\x21-\x7e][\x20-\x7e]*$/;

function labelOf(kind: WebhookKind): string {
  return kind === 'outcome' ? 'Outcome webhook' : 'Alert webhook';
}

export async function postWebhook(
  target: WebhookTarget,
  message: WebhookMessage,
  transport: WebhookTransport,
): Promise<DeliveryReceipt> {
  const label = labelOf(target.kind);
  assertHeaderValue(label, IDEMPOTENCY_HEADER, message.idempotencyKey);
  assertHeaderValue(label, EVENT_HEADER, message.event);

  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [IDEMPOTENCY_HEADER]: message.idempotencyKey,
    [EVENT_HEADER]: message.event,
  };
  if (target.secret !== null) {
    // Signed per attempt: a retry hours later still falls within the receiver's timestamp tolerance.
    headers[SIGNATURE_HEADER] = signBody(message.body, target.secret, Math.floor(transport.now() / 1000));
  }

  const signal = AbortSignal.timeout(transport.timeoutMs);
  let response: Dispatcher.ResponseData;
  try {
    response = await request(target.url, {
      method: 'POST',
      headers,
      body: message.body,
      signal,
      headersTimeout: transport.timeoutMs,
      bodyTimeout: transport.timeoutMs,
      ...(transport.dispatcher ? { dispatcher: transport.dispatcher } : {}),
    });
  } catch (error) {
    const reason = signal.aborted
      ? `no answer within ${transport.timeoutMs} ms`
      : redactUrl(describeFailure(error), target.url);
    throw unavailable(`${label} delivery failed before an answer arrived: ${reason}`, null, null);
  }

  const status = response.statusCode;
  if (status >= 200 && status < 300) {
    // The receiver has accepted the delivery; an unreadable body afterwards changes nothing.
    await response.body.dump().catch(() => undefined);
    return { delivered: 'webhook', httpStatus: status };
  }
  const excerpt = quoteBody(await response.body.text().catch(() => ''));
  if (status >= 500 || RETRYABLE_CLIENT_STATUSES.has(status)) {
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], transport.now());
    const wait = retryAfterMs === null ? '' : `, retry after ${retryAfterMs} ms`;
    throw unavailable(`${label} answered HTTP ${status}${wait}${excerpt}`, status, retryAfterMs);
  }
  // 3xx included: undici does not follow redirects, and a webhook that moved needs its URL reconfigured.
  throw ApplicationFailure.create({
    type: WEBHOOK_REJECTED,
    message: `${label} rejected the delivery: HTTP ${status}${excerpt}`,
    nonRetryable: true,
    details: [{ httpStatus: status }],
  });
}

function unavailable(message: string, httpStatus: number | null, retryAfterMs: number | null): ApplicationFailure {
  return ApplicationFailure.create({
    type: WEBHOOK_UNAVAILABLE,
    message,
    details: [{ httpStatus }],
    // Zero means "now", which the retry policy's own interval already covers.
    ...(retryAfterMs !== null && retryAfterMs > 0 ? { nextRetryDelay: retryAfterMs } : {}),
  });
}

/** A malformed key can never be sent, so retrying would loop until the activity's deadline. */
function assertHeaderValue(label: string, header: string, value: string): void {
  if (!HEADER_VALUE_PATTERN.test(value)) {
    throw ApplicationFailure.create({
      type: INVALID_NOTIFICATION,
      message: `${label}: the ${header} header must be non-empty printable ASCII, got ${JSON.stringify(value)}`,
      nonRetryable: true,
    });
  }
}

function describeFailure(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/** The path and query of a webhook URL may hold its token (Slack's do); the origin alone is harmless. */
function redactUrl(text: string, url: string): string {
  const { origin, pathname, search } = new URL(url);
  let redacted = text.split(url).join(`${origin}/…`);
  const secretPart = `${pathname}${search}`;
  if (secretPart.length > 1) redacted = redacted.split(secretPart).join('/…');
  return redacted;
}

function quoteBody(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const excerpt = trimmed.length > MAX_QUOTED_BODY_CHARS ? `${trimmed.slice(0, MAX_QUOTED_BODY_CHARS)}…` : trimmed;
  return `: ${excerpt}`;
}

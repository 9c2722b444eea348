/**
 * An in-process stand-in for LinkedIn built on undici's MockAgent: records every request the client sends and
 * answers through handlers the tests set. Shared by the linkedin-*.test.ts unit tests.
 */
import { MockAgent } from 'undici';
import { expect } from 'vitest';
import { createLinkedInClient, type LinkedInClient } from '../activities/linkedin/client';
import { DEFAULT_LINKEDIN_CLIENT_CONFIG, type LinkedInClientConfig } from '../activities/linkedin/config';

export const API_ORIGIN = 'https://api.linkedin.test';
export const TOKEN_ORIGIN = 'https://www.linkedin.test';
export const TOKEN_PATH = '/oauth/v2/accessToken';
export const TASKS_PATH = '/v2/simpleJobPostingTasks';
export const POSTINGS_PATH = '/v2/simpleJobPostings';
/** Characters that must be form-encoded, to prove the secret is encoded and never leaks. */
export const CLIENT_SECRET = 's3cr&t=+/ %ü';

export function testConfig(overrides: Partial<LinkedInClientConfig> = {}): LinkedInClientConfig {
  return {
    ...DEFAULT_LINKEDIN_CLIENT_CONFIG,
    apiBaseUrl: API_ORIGIN,
    tokenUrl: `${TOKEN_ORIGIN}${TOKEN_PATH}`,
    clientId: 'client-123',
    clientSecret: CLIENT_SECRET,
    ...overrides,
  };
}

/** A UUID-shaped task URN, distinct per n. */
export function taskUrn(n: number): string {
  return `urn:li:simpleJobPostingTask:00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface FakeReply {
  status: number;
  /** An object is sent as JSON, a string verbatim. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type ApiHandler = (request: RecordedRequest) => FakeReply;

export class FakeLinkedIn {
  readonly agent = new MockAgent();
  readonly tokenRequests: RecordedRequest[] = [];
  readonly apiRequests: RecordedRequest[] = [];
  private tokensIssued = 0;
  /** Issues token-1, token-2, ... valid 1800 s, unless a test replaces it. */
  tokenHandler: (request: RecordedRequest, serial: number) => FakeReply = (_request, serial) => ({
    status: 200,
    body: { access_token: `token-${serial}`, expires_in: 1800, scope: 'r_liteprofile' },
  });
  apiHandler: ApiHandler = () => ({ status: 500, body: { message: 'no handler set in this test' } });

  constructor() {
    this.agent.disableNetConnect();
    this.agent
      .get(TOKEN_ORIGIN)
      .intercept({ path: () => true, method: () => true })
      .reply((options) => {
        const request = record(options);
        this.tokenRequests.push(request);
        return toMockReply(this.tokenHandler(request, ++this.tokensIssued));
      })
      .persist();
    this.agent
      .get(API_ORIGIN)
      .intercept({ path: () => true, method: () => true })
      .reply((options) => {
        const request = record(options);
        this.apiRequests.push(request);
        return toMockReply(this.apiHandler(request));
      })
      .persist();
  }

  client(overrides: Partial<LinkedInClientConfig> = {}, now?: () => number): LinkedInClient {
    return createLinkedInClient(testConfig(overrides), { dispatcher: this.agent, ...(now && { now }) });
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

function record(options: {
  path: string;
  method: string;
  headers?: unknown;
  body?: unknown;
}): RecordedRequest {
  return { method: options.method, path: options.path, headers: normalizeHeaders(options.headers), body: bodyText(options.body) };
}

function normalizeHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (headers === undefined || headers === null) return result;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) result[String(headers[i]).toLowerCase()] = String(headers[i + 1]);
  } else if (headers instanceof Headers) {
    headers.forEach((value, key) => (result[key.toLowerCase()] = value));
  } else {
    for (const [key, value] of Object.entries(headers as Record<string, unknown>)) result[key.toLowerCase()] = String(value);
  }
  return result;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  throw new Error(`unexpected request body type in mock: ${typeof body}`);
}

function toMockReply(reply: FakeReply): { statusCode: number; data: string; responseOptions: { headers: Record<string, string> } } {
  const data = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const contentType = typeof reply.body === 'string' ? 'text/plain' : 'application/json';
  return { statusCode: reply.status, data, responseOptions: { headers: { 'content-type': contentType, ...reply.headers } } };
}

/** The decoded `ids` of a status request, whether sent as GET query or tunneled body. */
export function requestedIds(request: RecordedRequest): string[] {
  const query = request.method === 'GET' ? (request.path.split('?')[1] ?? '') : request.body;
  return new URLSearchParams(query).getAll('ids');
}

/** A status answer in LinkedIn's format: every requested URN gets a result with `status`. */
export function statusAnswer(request: RecordedRequest, status = 'IN_PROGRESS'): FakeReply {
  const results = Object.fromEntries(requestedIds(request).map((id) => [id, { id, status }]));
  return { status: 200, body: { results, errors: {}, statuses: {} } };
}

/** Asserts that nothing secret made it into an error's message, name or cause chain. */
export function expectNoSecrets(error: unknown, ...tokens: string[]): void {
  const seen: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    seen.push(String(current), current instanceof Error ? (current.stack ?? '') : JSON.stringify(current) ?? '');
    current = current instanceof Error ? current.cause : undefined;
  }
  const text = seen.join('\n');
  for (const secret of [CLIENT_SECRET, encodeURIComponent(CLIENT_SECRET), ...tokens]) {
    expect(text).not.toContain(secret);
  }
}

/** Awaits a promise expected to reject and returns the rejection, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

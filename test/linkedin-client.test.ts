import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent, errors } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mapWithBoundedConcurrency } from '../activities/linkedin/bounded-concurrency';
import { createLinkedInClient } from '../activities/linkedin/client';
import {
  InvalidTaskUrnError,
  LinkedInThrottledError,
  LinkedInUnavailableError,
} from '../activities/linkedin/errors';
import { TASK_MISSING_FROM_ANSWER_MESSAGE } from '../activities/linkedin/task-status-response';
import {
  API_ORIGIN,
  FakeLinkedIn,
  TASKS_PATH,
  TOKEN_ORIGIN,
  TOKEN_PATH,
  expectNoSecrets,
  rejectionOf,
  requestedIds,
  statusAnswer,
  taskUrn,
  testConfig,
} from './linkedin-test-support';

const ENCODED_PREFIX = 'urn%3Ali%3AsimpleJobPostingTask%3A';

/** `count` valid URNs whose `ids=...&ids=...` query string is exactly `totalBytes` long. */
function urnsWithQueryLength(count: number, totalBytes: number): string[] {
  const fixedPerUrn = 'ids='.length + ENCODED_PREFIX.length;
  const idBytes = totalBytes - count * fixedPerUrn - (count - 1);
  const shortLength = Math.floor(idBytes / count);
  const longer = idBytes - shortLength * count;
  return Array.from({ length: count }, (_, i) => {
    const length = shortLength + (i < longer ? 1 : 0);
    const serial = i.toString().padStart(4, '0');
    return `urn:li:simpleJobPostingTask:${serial}${'a'.repeat(length - serial.length)}`;
  });
}

describe('LinkedIn client: task status lookups', () => {
  let linkedIn: FakeLinkedIn;

  beforeEach(() => {
    linkedIn = new FakeLinkedIn();
    linkedIn.apiHandler = (request) => statusAnswer(request);
  });
  afterEach(async () => {
    await linkedIn.close();
  });

  it('sends one GET with the URNs percent-encoded in repeated ids parameters', async () => {
    const client = linkedIn.client();
    await client.lookupTaskStatuses([taskUrn(1), taskUrn(2)]);

    expect(linkedIn.apiRequests).toHaveLength(1);
    const [request] = linkedIn.apiRequests;
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe(
      `${TASKS_PATH}?ids=${ENCODED_PREFIX}00000000-0000-4000-8000-000000000001` +
        `&ids=${ENCODED_PREFIX}00000000-0000-4000-8000-000000000002`,
    );
    expect(request?.headers.authorization).toBe('Bearer token-1');
    expect(request?.headers).not.toHaveProperty('x-restli-protocol-version');
  });

  it('maps results and per-URN errors, keeping the input order', async () => {
    linkedIn.apiHandler = () => ({
      status: 200,
      body: {
        results: {
          [taskUrn(3)]: {
            id: taskUrn(3),
            status: 'FAILED',
            externalJobPostingId: 'job-3',
            errorMessage: 'This job was closed by original poster.',
          },
          [taskUrn(1)]: {
            id: taskUrn(1),
            status: 'SUCCEEDED',
            jobPosting: 'urn:li:jobPosting:123456789',
            location: 'Paris, France',
          },
          [taskUrn(4)]: { id: taskUrn(4), status: 'PROCESSED', jobPosting: null },
        },
        errors: { [taskUrn(2)]: { status: 404, message: 'Not Found', serviceErrorCode: 0 } },
        statuses: {},
      },
    });
    const client = linkedIn.client();

    const lookup = await client.lookupTaskStatuses([taskUrn(1), taskUrn(2), taskUrn(3), taskUrn(4), taskUrn(5)]);

    expect(lookup.reports).toEqual([
      {
        taskUrn: taskUrn(1),
        status: 'SUCCEEDED',
        jobPostingUrn: 'urn:li:jobPosting:123456789',
        location: 'Paris, France',
      },
      { taskUrn: taskUrn(3), status: 'FAILED', errorMessage: 'This job was closed by original poster.' },
      { taskUrn: taskUrn(4), status: 'PROCESSED' },
    ]);
    expect(lookup.lookupErrors).toEqual([
      { taskUrn: taskUrn(2), httpStatus: 404, message: 'Not Found' },
      { taskUrn: taskUrn(5), httpStatus: 404, message: TASK_MISSING_FROM_ANSWER_MESSAGE },
    ]);
  });

  it('recognises map keys sent percent-encoded', async () => {
    linkedIn.apiHandler = () => ({
      status: 200,
      body: { results: { [encodeURIComponent(taskUrn(1))]: { status: 'IN_PROGRESS' } }, errors: {} },
    });
    const lookup = await linkedIn.client().lookupTaskStatuses([taskUrn(1)]);
    expect(lookup).toEqual({ reports: [{ taskUrn: taskUrn(1), status: 'IN_PROGRESS' }], lookupErrors: [] });
  });

  it('asks once per distinct URN', async () => {
    const lookup = await linkedIn.client().lookupTaskStatuses([taskUrn(1), taskUrn(2), taskUrn(1)]);
    expect(requestedIds(linkedIn.apiRequests[0]!)).toEqual([taskUrn(1), taskUrn(2)]);
    expect(lookup.reports.map((report) => report.taskUrn)).toEqual([taskUrn(1), taskUrn(2)]);
  });

  it('makes no call for an empty lookup', async () => {
    await expect(linkedIn.client().lookupTaskStatuses([])).resolves.toEqual({ reports: [], lookupErrors: [] });
    expect(linkedIn.tokenRequests).toHaveLength(0);
    expect(linkedIn.apiRequests).toHaveLength(0);
  });

  it('splits a lookup into requests of at most maxUrnsPerStatusCall URNs and merges them in order', async () => {
    const urns = Array.from({ length: 120 }, (_, i) => taskUrn(i));
    const lookup = await linkedIn.client({ maxUrnsPerStatusCall: 50 }).lookupTaskStatuses(urns);

    expect(linkedIn.apiRequests.map((request) => requestedIds(request).length).sort((a, b) => b - a)).toEqual([
      50, 50, 20,
    ]);
    expect(linkedIn.apiRequests.flatMap(requestedIds).sort()).toEqual([...urns].sort());
    expect(linkedIn.apiRequests.every((request) => request.method === 'GET')).toBe(true);
    expect(lookup.reports.map((report) => report.taskUrn)).toEqual(urns);
    expect(linkedIn.tokenRequests).toHaveLength(1);
  });

  it('sends a query string of exactly maxQueryStringBytes as a plain GET', async () => {
    const urns = urnsWithQueryLength(50, 4096);
    await linkedIn.client().lookupTaskStatuses(urns);

    const [request] = linkedIn.apiRequests;
    expect(request?.method).toBe('GET');
    expect(request?.path.split('?')[1]).toHaveLength(4096);
    expect(requestedIds(request!)).toEqual(urns);
  });

  it('tunnels a query string one byte over the limit as a POST with the unchanged query string as body', async () => {
    const urns = urnsWithQueryLength(50, 4097);
    const lookup = await linkedIn.client().lookupTaskStatuses(urns);

    expect(linkedIn.apiRequests).toHaveLength(1);
    const [request] = linkedIn.apiRequests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(TASKS_PATH);
    expect(request?.headers['x-http-method-override']).toBe('GET');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.authorization).toBe('Bearer token-1');
    expect(request?.body).toHaveLength(4097);
    expect(request?.body).toBe(urns.map((urn) => `ids=${encodeURIComponent(urn)}`).join('&'));
    expect(lookup.reports).toHaveLength(50);
  });

  it('tunnels only the split requests that exceed the limit', async () => {
    const urns = urnsWithQueryLength(50, 4097).concat(Array.from({ length: 10 }, (_, i) => taskUrn(i)));
    await linkedIn.client().lookupTaskStatuses(urns);
    const byMethod = Object.fromEntries(linkedIn.apiRequests.map((request) => [request.method, requestedIds(request).length]));
    expect(byMethod).toEqual({ POST: 50, GET: 10 });
  });

  it('rejects malformed URNs by name without calling LinkedIn', async () => {
    const malformed = ['urn:li:simpleJobPostingTask:', 'urn:li:jobPosting:123', 'not a urn'];
    const error = await rejectionOf(linkedIn.client().lookupTaskStatuses([taskUrn(1), ...malformed, taskUrn(2)]));

    expect(error).toBeInstanceOf(InvalidTaskUrnError);
    expect((error as InvalidTaskUrnError).name).toBe('InvalidTaskUrnError');
    expect((error as InvalidTaskUrnError).taskUrns).toEqual(malformed);
    expect(linkedIn.tokenRequests).toHaveLength(0);
    expect(linkedIn.apiRequests).toHaveLength(0);
  });

  it("names the rejected request's URNs on LinkedIn's 400 'Batch key parameter value is invalid'", async () => {
    linkedIn.apiHandler = (request) =>
      requestedIds(request).includes(taskUrn(7))
        ? { status: 400, body: { status: 400, message: 'Batch key parameter value is invalid' } }
        : statusAnswer(request);
    const urns = Array.from({ length: 10 }, (_, i) => taskUrn(i));

    const error = await rejectionOf(linkedIn.client({ maxUrnsPerStatusCall: 5 }).lookupTaskStatuses(urns));

    expect(error).toBeInstanceOf(InvalidTaskUrnError);
    expect((error as InvalidTaskUrnError).taskUrns).toEqual(urns.slice(5));
    expect((error as Error).message).toContain('Batch key parameter value is invalid');
  });

  it('treats an unknown task status as LinkedIn misbehaving', async () => {
    linkedIn.apiHandler = (request) => statusAnswer(request, 'QUEUED');
    const error = await rejectionOf(linkedIn.client().lookupTaskStatuses([taskUrn(1)]));
    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect((error as Error).message).toContain('QUEUED');
  });

  it.each([
    ['truncated JSON', '{"results": {"urn:li:simpleJobPostingTask:'],
    ['an HTML error page', '<html><body>Bad Gateway</body></html>'],
    ['JSON without results', { errors: {} }],
    ['a result without status', { results: { [taskUrn(1)]: { id: taskUrn(1) } }, errors: {} }],
  ])('treats a 200 with %s as LinkedIn being unavailable', async (_label, body) => {
    linkedIn.apiHandler = () => ({ status: 200, body });
    const error = await rejectionOf(linkedIn.client().lookupTaskStatuses([taskUrn(1)]));
    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect((error as LinkedInUnavailableError).name).toBe('LinkedInUnavailableError');
    expect((error as LinkedInUnavailableError).httpStatus).toBe(200);
  });

  it.each([500, 502, 503, 504])('reports HTTP %i as LinkedInUnavailableError without retrying', async (status) => {
    linkedIn.apiHandler = () => ({ status, body: { message: 'Internal Server Error', status } });
    const error = await rejectionOf(linkedIn.client().lookupTaskStatuses([taskUrn(1)]));
    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect((error as LinkedInUnavailableError).httpStatus).toBe(status);
    expect(linkedIn.apiRequests).toHaveLength(1);
    expectNoSecrets(error, 'token-1');
  });

  describe('HTTP 429', () => {
    const nowMs = Date.UTC(2025, 5, 1, 12, 0, 0);

    it.each([
      ['delta seconds', { 'retry-after': '120' }, 120_000],
      ['an HTTP date', { 'retry-after': new Date(nowMs + 30_000).toUTCString() }, 30_000],
      ['an HTTP date in the past', { 'retry-after': new Date(nowMs - 30_000).toUTCString() }, 0],
      ['no Retry-After', {}, null],
      ['an unreadable Retry-After', { 'retry-after': 'later' }, null],
    ])('reports LinkedInThrottledError with %s', async (_label, headers, retryAfterMs) => {
      linkedIn.apiHandler = () => ({ status: 429, body: { status: 429, message: 'Too Many Requests' }, headers });
      const error = await rejectionOf(linkedIn.client({}, () => nowMs).lookupTaskStatuses([taskUrn(1)]));
      expect(error).toBeInstanceOf(LinkedInThrottledError);
      expect((error as LinkedInThrottledError).name).toBe('LinkedInThrottledError');
      expect((error as LinkedInThrottledError).retryAfterMs).toBe(retryAfterMs);
      expect(linkedIn.apiRequests).toHaveLength(1);
    });
  });
});

describe('LinkedIn client: transport failures', () => {
  it('reports a connection reset as LinkedInUnavailableError, keeping the cause', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get(TOKEN_ORIGIN)
      .intercept({ path: TOKEN_PATH, method: 'POST' })
      .reply(200, { access_token: 'token-1', expires_in: 1800 });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    agent.get(API_ORIGIN).intercept({ path: () => true }).replyWithError(reset);
    const client = createLinkedInClient(testConfig(), { dispatcher: agent });

    const error = await rejectionOf(client.lookupTaskStatuses([taskUrn(1)]));

    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect((error as LinkedInUnavailableError).httpStatus).toBeNull();
    expect((error as Error).cause).toBe(reset);
    expect((error as Error).message).toContain('ECONNRESET');
    expectNoSecrets(error, 'token-1');
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  describe('against a real HTTP server on loopback', () => {
    let server: Server;
    let behaviour: 'hang' | 'reset' | 'stall-body';
    let baseUrl: string;

    beforeEach(async () => {
      server = createServer((request, response) => {
        if (request.url === TOKEN_PATH) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ access_token: 'token-1', expires_in: 1800 }));
          return;
        }
        if (behaviour === 'reset') request.socket.destroy();
        if (behaviour === 'stall-body') {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.write('{"results": {');
        }
        // 'hang': never answer; the client's timeout has to end the call.
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const clientFor = (): ReturnType<typeof createLinkedInClient> =>
      createLinkedInClient(
        testConfig({ apiBaseUrl: baseUrl, tokenUrl: `${baseUrl}${TOKEN_PATH}`, responseTimeoutMs: 250 }),
      );

    it.each([
      ['no answer (headers timeout)', 'hang', errors.HeadersTimeoutError],
      ['a body that stops arriving (body timeout)', 'stall-body', errors.BodyTimeoutError],
      ['a destroyed socket', 'reset', errors.SocketError],
    ] as const)('reports %s as LinkedInUnavailableError', async (_label, serverBehaviour, causeType) => {
      behaviour = serverBehaviour;
      const client = clientFor();
      const error = await rejectionOf(client.lookupTaskStatuses([taskUrn(1)]));
      expect(error).toBeInstanceOf(LinkedInUnavailableError);
      expect((error as Error).cause).toBeInstanceOf(causeType);
      expectNoSecrets(error, 'token-1');
      await client.close();
    });
  });
});

describe('mapWithBoundedConcurrency', () => {
  it('keeps at most `limit` tasks in flight and returns results in input order', async () => {
    let inFlight = 0;
    let peak = 0;
    const results = await mapWithBoundedConcurrency(
      Array.from({ length: 10 }, (_, i) => i),
      4,
      async (item) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        // Finish in reverse-ish order so result ordering cannot follow completion order.
        for (let spin = 0; spin < 10 - item; spin++) await Promise.resolve();
        inFlight--;
        return item * 2;
      },
    );
    expect(results).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(peak).toBe(4);
  });

  it('starts nothing new after a failure, waits for running work, and throws the first failure', async () => {
    const started: number[] = [];
    let running = 0;
    const failure = new Error('boom');
    const error = await rejectionOf(
      mapWithBoundedConcurrency([0, 1, 2, 3, 4, 5, 6, 7], 2, async (item) => {
        started.push(item);
        running++;
        await Promise.resolve();
        running--;
        if (item === 1) throw failure;
        return item;
      }),
    );
    expect(error).toBe(failure);
    expect(running).toBe(0);
    expect(started).toEqual([0, 1, 2]);
  });
});

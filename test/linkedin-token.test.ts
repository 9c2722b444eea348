import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LinkedInAuthenticationError,
  LinkedInThrottledError,
  LinkedInUnavailableError,
} from '../activities/linkedin/errors';
import {
  CLIENT_SECRET,
  FakeLinkedIn,
  TOKEN_PATH,
  expectNoSecrets,
  rejectionOf,
  statusAnswer,
  taskUrn,
} from './linkedin-test-support';

describe('LinkedIn client: access tokens', () => {
  let linkedIn: FakeLinkedIn;
  let nowMs: number;
  const now = (): number => nowMs;

  beforeEach(() => {
    linkedIn = new FakeLinkedIn();
    linkedIn.apiHandler = (request) => statusAnswer(request);
    nowMs = Date.UTC(2025, 0, 1);
  });
  afterEach(async () => {
    await linkedIn.close();
  });

  it('requests a token with a form POST carrying the URL-encoded secret, never in the URL', async () => {
    const client = linkedIn.client({}, now);
    await client.lookupTaskStatuses([taskUrn(1)]);

    expect(linkedIn.tokenRequests).toHaveLength(1);
    const [tokenRequest] = linkedIn.tokenRequests;
    expect(tokenRequest?.method).toBe('POST');
    expect(tokenRequest?.path).toBe(TOKEN_PATH);
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest?.body).not.toContain(CLIENT_SECRET);
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-123',
      client_secret: CLIENT_SECRET,
    });
    expect(linkedIn.apiRequests[0]?.headers.authorization).toBe('Bearer token-1');
  });

  it('reuses one token until the refresh margin before its expiry, then renews it', async () => {
    const client = linkedIn.client({ tokenRefreshMarginMs: 60_000 }, now);
    const issuedAt = nowMs;
    await client.lookupTaskStatuses([taskUrn(1)]);

    nowMs = issuedAt + 1_740_000 - 1;
    await client.lookupTaskStatuses([taskUrn(2)]);
    expect(linkedIn.tokenRequests).toHaveLength(1);

    nowMs = issuedAt + 1_740_000;
    await client.lookupTaskStatuses([taskUrn(3)]);
    expect(linkedIn.tokenRequests).toHaveLength(2);
    expect(linkedIn.apiRequests.map((request) => request.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('accepts expires_in sent as a numeric string', async () => {
    linkedIn.tokenHandler = (_request, serial) => ({
      status: 200,
      body: { access_token: `token-${serial}`, expires_in: '1800' },
    });
    const client = linkedIn.client({ tokenRefreshMarginMs: 0 }, now);
    const issuedAt = nowMs;
    await client.lookupTaskStatuses([taskUrn(1)]);
    nowMs = issuedAt + 1_799_999;
    await client.lookupTaskStatuses([taskUrn(2)]);
    expect(linkedIn.tokenRequests).toHaveLength(1);
    nowMs = issuedAt + 1_800_000;
    await client.lookupTaskStatuses([taskUrn(3)]);
    expect(linkedIn.tokenRequests).toHaveLength(2);
  });

  it('renews a token living shorter than twice the margin halfway through its life', async () => {
    linkedIn.tokenHandler = (_request, serial) => ({ status: 200, body: { access_token: `token-${serial}`, expires_in: 60 } });
    const client = linkedIn.client({ tokenRefreshMarginMs: 60_000 }, now);
    const issuedAt = nowMs;
    await client.lookupTaskStatuses([taskUrn(1)]);
    nowMs = issuedAt + 29_999;
    await client.lookupTaskStatuses([taskUrn(2)]);
    expect(linkedIn.tokenRequests).toHaveLength(1);
    nowMs = issuedAt + 30_000;
    await client.lookupTaskStatuses([taskUrn(3)]);
    expect(linkedIn.tokenRequests).toHaveLength(2);
  });

  it('lets concurrent calls share a single token request', async () => {
    const client = linkedIn.client({}, now);
    await Promise.all(Array.from({ length: 12 }, (_, i) => client.lookupTaskStatuses([taskUrn(i)])));
    expect(linkedIn.tokenRequests).toHaveLength(1);
    expect(linkedIn.apiRequests).toHaveLength(12);
    expect(new Set(linkedIn.apiRequests.map((request) => request.headers.authorization))).toEqual(
      new Set(['Bearer token-1']),
    );
  });

  it('lets concurrent calls share a single renewal once the token is due', async () => {
    const client = linkedIn.client({}, now);
    await client.lookupTaskStatuses([taskUrn(0)]);
    nowMs += 1_800_000;
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.lookupTaskStatuses([taskUrn(i + 1)])));
    expect(linkedIn.tokenRequests).toHaveLength(2);
  });

  it('renews the token once after a 401 and retries the call', async () => {
    linkedIn.apiHandler = (request) =>
      request.headers.authorization === 'Bearer token-1'
        ? { status: 401, body: { status: 401, message: 'The token used in the request has expired' } }
        : statusAnswer(request, 'SUCCEEDED');
    const client = linkedIn.client({}, now);

    const lookup = await client.lookupTaskStatuses([taskUrn(1)]);

    expect(lookup.reports).toEqual([{ taskUrn: taskUrn(1), status: 'SUCCEEDED' }]);
    expect(linkedIn.tokenRequests).toHaveLength(2);
    expect(linkedIn.apiRequests.map((request) => request.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('renews only once when concurrent calls all meet a 401 with the same token', async () => {
    linkedIn.apiHandler = (request) =>
      request.headers.authorization === 'Bearer token-1'
        ? { status: 401, body: { status: 401, message: 'Invalid access token' } }
        : statusAnswer(request);
    const client = linkedIn.client({}, now);
    await Promise.all(Array.from({ length: 6 }, (_, i) => client.lookupTaskStatuses([taskUrn(i)])));
    expect(linkedIn.tokenRequests).toHaveLength(2);
  });

  it('fails with LinkedInAuthenticationError when the 401 persists after one renewal', async () => {
    linkedIn.apiHandler = () => ({ status: 401, body: { status: 401, message: 'Invalid access token' } });
    const client = linkedIn.client({}, now);

    const error = await rejectionOf(client.lookupTaskStatuses([taskUrn(1)]));

    expect(error).toBeInstanceOf(LinkedInAuthenticationError);
    expect((error as LinkedInAuthenticationError).name).toBe('LinkedInAuthenticationError');
    expect((error as LinkedInAuthenticationError).message).toContain('Invalid access token');
    expect(linkedIn.apiRequests).toHaveLength(2);
    expect(linkedIn.tokenRequests).toHaveLength(2);
    expectNoSecrets(error, 'token-1', 'token-2');
  });

  it('fails with LinkedInAuthenticationError, without calling the API, when the credentials are refused', async () => {
    linkedIn.tokenHandler = () => ({
      status: 401,
      body: { error: 'invalid_client', error_description: `Client authentication failed for ${CLIENT_SECRET}` },
    });
    const client = linkedIn.client({}, now);

    const error = await rejectionOf(client.lookupTaskStatuses([taskUrn(1)]));

    expect(error).toBeInstanceOf(LinkedInAuthenticationError);
    expect((error as Error).message).toContain('invalid_client');
    expect(linkedIn.apiRequests).toHaveLength(0);
    expectNoSecrets(error);
  });

  it('reports a token endpoint outage as retryable and tries again on the next call', async () => {
    let outage = true;
    const issue = linkedIn.tokenHandler;
    linkedIn.tokenHandler = (request, serial) =>
      outage ? { status: 503, body: 'Service Unavailable' } : issue(request, serial);
    const client = linkedIn.client({}, now);

    const error = await rejectionOf(client.lookupTaskStatuses([taskUrn(1)]));
    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect((error as LinkedInUnavailableError).httpStatus).toBe(503);

    outage = false;
    await expect(client.lookupTaskStatuses([taskUrn(1)])).resolves.toMatchObject({ reports: [{ taskUrn: taskUrn(1) }] });
    expect(linkedIn.tokenRequests).toHaveLength(2);
  });

  it('reports a throttled token endpoint as LinkedInThrottledError', async () => {
    linkedIn.tokenHandler = () => ({ status: 429, body: {}, headers: { 'retry-after': '7' } });
    const client = linkedIn.client({}, now);
    const error = await rejectionOf(client.lookupTaskStatuses([taskUrn(1)]));
    expect(error).toBeInstanceOf(LinkedInThrottledError);
    expect((error as LinkedInThrottledError).retryAfterMs).toBe(7_000);
  });

  it('reports an unusable token answer as retryable without quoting the token', async () => {
    linkedIn.tokenHandler = () => ({ status: 200, body: { access_token: 'leaky-token-value', expires_in: 'soon' } });
    const client = linkedIn.client({}, now);
    const error = await rejectionOf(client.lookupTaskStatuses([taskUrn(1)]));
    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect((error as Error).message).toContain('expires_in');
    expectNoSecrets(error, 'leaky-token-value');
  });
});

/**
 * The LinkedIn client against the LinkedIn sandbox over real HTTP on loopback: the same code path production
 * takes (own undici Agent, timeouts, form-encoded token request), checked from both ends through the counters.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createLinkedInClient, type LinkedInClient } from '../activities/linkedin/client';
import { DEFAULT_LINKEDIN_CLIENT_CONFIG, type LinkedInClientConfig } from '../activities/linkedin/config';
import {
  LinkedInAuthenticationError,
  LinkedInThrottledError,
  LinkedInUnavailableError,
} from '../activities/linkedin/errors';
import { startSandbox, type LinkedInSandbox, type SandboxOptions } from '../sandbox';
import type { JobPostingElement } from '../workflows/domain';
import { rejectionOf } from './linkedin-test-support';

const CREDENTIALS = { clientId: 'contract-client', clientSecret: 'contract s3cr&t=+%' };
const STATUS_CALLS = 'GET /v2/simpleJobPostingTasks';
const POSTING_CALLS = 'POST /v2/simpleJobPostings';
const TOKEN_CALLS = 'POST /oauth/v2/accessToken';

describe('LinkedIn client against the sandbox', () => {
  let sandbox: LinkedInSandbox | undefined;
  let client: LinkedInClient | undefined;
  /** The sandbox's clock; tests move it instead of waiting. */
  let sandboxNowMs = Date.UTC(2025, 2, 3, 9, 0, 0);

  afterEach(async () => {
    await client?.close();
    await sandbox?.close();
    client = undefined;
    sandbox = undefined;
  });

  async function start(
    options: SandboxOptions = {},
    config: Partial<LinkedInClientConfig> = {},
    clientNow?: () => number,
  ): Promise<{ sandbox: LinkedInSandbox; client: LinkedInClient }> {
    sandboxNowMs = Date.UTC(2025, 2, 3, 9, 0, 0);
    sandbox = await startSandbox({ credentials: CREDENTIALS, clock: () => sandboxNowMs, ...options });
    client = createLinkedInClient(
      {
        ...DEFAULT_LINKEDIN_CLIENT_CONFIG,
        apiBaseUrl: sandbox.url,
        tokenUrl: `${sandbox.url}/oauth/v2/accessToken`,
        ...CREDENTIALS,
        ...config,
      },
      clientNow === undefined ? {} : { now: clientNow },
    );
    return { sandbox, client };
  }

  function posting(id: string, overrides: Partial<JobPostingElement> = {}): JobPostingElement {
    return {
      externalJobPostingId: id,
      jobPostingOperationType: 'CREATE',
      title: `Backend engineer ${id}`,
      description: `<p>${'We are hiring an engineer to build durable job posting pipelines. '.repeat(3)}</p>`,
      companyApplyUrl: `https://careers.example.com/jobs/${id}`,
      listedAt: sandboxNowMs - 86_400_000,
      location: 'Paris, France',
      integrationContext: 'urn:li:organization:2414183',
      ...overrides,
    };
  }

  function acceptedUrns(results: Awaited<ReturnType<LinkedInClient['submitPostings']>>): string[] {
    return results.flatMap((result) => (result.accepted ? result.taskUrns : []));
  }

  it('submits 150 elements in two calls and looks their tasks up 50 at a time with one token', async () => {
    const { sandbox, client } = await start();
    const elements = Array.from({ length: 150 }, (_, i) => posting(`job-${i}`));

    const results = await client.submitPostings(elements);
    const taskUrns = acceptedUrns(results);
    const lookup = await client.lookupTaskStatuses(taskUrns);

    expect(results).toHaveLength(150);
    expect(results.every((result) => result.accepted && result.taskUrns.length === 1)).toBe(true);
    expect(lookup.lookupErrors).toEqual([]);
    expect(lookup.reports.map((report) => report.taskUrn)).toEqual(taskUrns);
    expect(lookup.reports.every((report) => report.status === 'IN_PROGRESS')).toBe(true);
    const counters = sandbox.counters();
    expect(counters.calls[POSTING_CALLS]).toEqual({ 200: 2 });
    expect(counters.tasksCreated).toBe(150);
    expect(counters.calls[STATUS_CALLS]).toEqual({ 200: 3 });
    expect(counters.urnsPerStatusCall).toEqual({ 50: 3 });
    expect(counters.tunneledStatusCalls).toBe(0);
    expect(counters.tokensIssued).toBe(1);
  });

  it('tunnels a lookup of 60 URNs whose query string is over 4 KB', async () => {
    const { sandbox, client } = await start({}, { maxUrnsPerStatusCall: 100 });
    const elements = Array.from({ length: 20 }, (_, i) =>
      posting(`multi-${i}`, { alternateLocations: ['Lyon, France', 'Berlin, Germany'] }),
    );
    const taskUrns = acceptedUrns(await client.submitPostings(elements));
    expect(taskUrns).toHaveLength(60);

    const lookup = await client.lookupTaskStatuses(taskUrns);

    expect(lookup.reports.map((report) => report.taskUrn)).toEqual(taskUrns);
    expect(lookup.reports.slice(0, 3).map((report) => report.location)).toEqual([
      'Paris, France',
      'Lyon, France',
      'Berlin, Germany',
    ]);
    const counters = sandbox.counters();
    expect(counters.tunneledStatusCalls).toBe(1);
    expect(counters.urnsPerStatusCall).toEqual({ 60: 1 });
    expect(counters.calls[STATUS_CALLS]).toEqual({ 200: 1 });
  });

  it('reads final statuses, per-element 422s and unknown tasks', async () => {
    const { client } = await start({
      rules: [
        { externalJobPostingId: 'live-*', status: 'SUCCEEDED', pollsUntilDone: 1 },
        { externalJobPostingId: 'closed-*', status: 'FAILED', errorRow: 43, pollsUntilDone: 1 },
      ],
    });
    const results = await client.submitPostings([
      posting('live-1'),
      posting('broken-1', { title: undefined }),
      posting('closed-1'),
    ]);
    expect(results[1]).toEqual({
      accepted: false,
      httpStatus: 422,
      message: 'ERROR :: /title :: field is required but not found and has no default value',
    });
    const unknownUrn = 'urn:li:simpleJobPostingTask:0c6f5a3e-0000-4000-8000-000000000000';

    const lookup = await client.lookupTaskStatuses([...acceptedUrns(results), unknownUrn]);

    expect(lookup.reports).toHaveLength(2);
    expect(lookup.reports[0]).toMatchObject({ status: 'SUCCEEDED', jobPostingUrn: expect.stringMatching(/^urn:li:jobPosting:\d+$/) });
    expect(lookup.reports[1]).toMatchObject({ status: 'FAILED', errorMessage: expect.any(String) });
    expect(lookup.lookupErrors).toEqual([{ taskUrn: unknownUrn, httpStatus: 404, message: 'Not Found' }]);
  });

  it('applies whole-call rejections to every element of the call', async () => {
    const { client } = await start({ rules: [{ externalJobPostingId: 'broke-*', status: 'SUCCEEDED', submissionStatus: 402 }] });
    const results = await client.submitPostings([posting('ok-1'), posting('broke-1')]);
    expect(results).toEqual([
      { accepted: false, httpStatus: 402, message: 'Not enough budget to post the job' },
      { accepted: false, httpStatus: 402, message: 'Not enough budget to post the job' },
    ]);

    const closing = await client.submitPostings([{ externalJobPostingId: 'never-posted', jobPostingOperationType: 'CLOSE' }]);
    expect(closing).toEqual([
      { accepted: false, httpStatus: 409, message: 'Cannot close job which is already closed or does not exist' },
    ]);
  });

  it('renews an expired token once when LinkedIn answers 401 and retries the call', async () => {
    // The client's clock stands still, so only the sandbox knows the 60 s token has expired.
    const clientNowMs = Date.UTC(2025, 2, 3, 9, 0, 0);
    const { sandbox, client } = await start({ tokenLifetimeSeconds: 60 }, { tokenRefreshMarginMs: 0 }, () => clientNowMs);
    const taskUrns = acceptedUrns(await client.submitPostings([posting('job-1')]));

    sandboxNowMs += 61_000;
    const lookup = await client.lookupTaskStatuses(taskUrns);

    expect(lookup.reports).toHaveLength(1);
    const counters = sandbox.counters();
    expect(counters.tokensIssued).toBe(2);
    expect(counters.calls[STATUS_CALLS]).toEqual({ 200: 1, 401: 1 });
  });

  it('fails with LinkedInAuthenticationError when the credentials are wrong', async () => {
    const { sandbox } = await start();
    client = createLinkedInClient({
      ...DEFAULT_LINKEDIN_CLIENT_CONFIG,
      apiBaseUrl: sandbox.url,
      tokenUrl: `${sandbox.url}/oauth/v2/accessToken`,
      clientId: CREDENTIALS.clientId,
      clientSecret: 'not-the-secret',
    });
    const error = await rejectionOf(client.lookupTaskStatuses(['urn:li:simpleJobPostingTask:abc']));
    expect(error).toBeInstanceOf(LinkedInAuthenticationError);
    expect((error as Error).message).not.toContain('not-the-secret');
    expect(sandbox.counters().calls[TOKEN_CALLS]).toEqual({ 401: 1 });
    expect(sandbox.counters().calls[STATUS_CALLS]).toBeUndefined();
  });

  it('reports injected outages, resets, cut bodies and throttling, and recovers afterwards', async () => {
    const { sandbox, client } = await start({ retryAfterSeconds: 30 });
    const taskUrns = acceptedUrns(await client.submitPostings([posting('job-1')]));
    sandbox.configure({
      failNext: [
        { path: 'status', status: 503 },
        { path: 'status', fault: 'reset' },
        { path: 'status', fault: 'malformed' },
        { path: 'status', status: 429 },
      ],
    });

    const outage = await rejectionOf(client.lookupTaskStatuses(taskUrns));
    expect(outage).toBeInstanceOf(LinkedInUnavailableError);
    expect((outage as LinkedInUnavailableError).httpStatus).toBe(503);
    await expect(rejectionOf(client.lookupTaskStatuses(taskUrns))).resolves.toBeInstanceOf(LinkedInUnavailableError);
    const cut = await rejectionOf(client.lookupTaskStatuses(taskUrns));
    expect(cut).toBeInstanceOf(LinkedInUnavailableError);
    expect((cut as LinkedInUnavailableError).httpStatus).toBe(200);
    const throttled = await rejectionOf(client.lookupTaskStatuses(taskUrns));
    expect(throttled).toBeInstanceOf(LinkedInThrottledError);
    expect((throttled as LinkedInThrottledError).retryAfterMs).toBe(30_000);

    await expect(client.lookupTaskStatuses(taskUrns)).resolves.toMatchObject({ reports: [{ status: 'IN_PROGRESS' }] });
    expect(sandbox.counters().calls[STATUS_CALLS]).toEqual({ 200: 2, 503: 1, reset: 1, 429: 1 });
  });

  it('gives up on a call LinkedIn never answers once the response timeout passes', async () => {
    const { sandbox, client } = await start({}, { responseTimeoutMs: 200 });
    const taskUrns = acceptedUrns(await client.submitPostings([posting('job-1')]));
    sandbox.configure({ failNext: [{ path: 'status', fault: 'hang' }] });

    const error = await rejectionOf(client.lookupTaskStatuses(taskUrns));

    expect(error).toBeInstanceOf(LinkedInUnavailableError);
    expect(sandbox.counters().calls[STATUS_CALLS]).toEqual({ hang: 1 });
  });
});

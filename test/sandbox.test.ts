/**
 * The LinkedIn sandbox over real HTTP (undici). Time is an injected clock, so processing times, token expiry,
 * task lifespan and quotas are driven by the test instead of by waiting.
 */
import { randomUUID } from 'node:crypto';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusBody, TaskResultBody } from './helpers/sandbox-bodies';
import { TASK_URN_PATTERN } from '../workflows/domain';
import { startSandbox, type LinkedInSandbox, type PostingRule, type SandboxOptions } from '../sandbox';

const CLIENT = { clientId: 'sandbox-client-id', clientSecret: 'sandbox-client-secret' };
const DAY_MS = 86_400_000;
const START = Date.UTC(2025, 2, 10, 12, 0, 0);

interface Harness {
  sandbox: LinkedInSandbox;
  advance(ms: number): void;
}

const running: LinkedInSandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
});

async function harness(options: SandboxOptions = {}): Promise<Harness> {
  let now = START;
  const sandbox = await startSandbox({ clock: () => now, ...options });
  running.push(sandbox);
  return { sandbox, advance: (ms) => void (now += ms) };
}

/** Answer bodies are read loosely: the assertions themselves pin their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseJson = any;


async function json(response: { body: { text(): Promise<string> } }): Promise<LooseJson> {
  return JSON.parse(await response.body.text());
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

async function requestToken(sandbox: LinkedInSandbox, fields: Record<string, string>) {
  return request(`${sandbox.url}/oauth/v2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form(fields),
  });
}

async function token(sandbox: LinkedInSandbox): Promise<string> {
  const response = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret });
  expect(response.statusCode).toBe(200);
  return ((await json(response)) as { access_token: string }).access_token;
}

function element(externalJobPostingId: string, operation = 'CREATE', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalJobPostingId,
    jobPostingOperationType: operation,
    companyApplyUrl: 'https://careers.example.com/jobs/1',
    title: 'Senior Platform Engineer',
    description: 'We are looking for an engineer who enjoys building reliable distributed systems. '.repeat(2),
    listedAt: START - 60_000,
    location: 'Berlin, Germany',
    ...extra,
  };
}

async function post(sandbox: LinkedInSandbox, accessToken: string | undefined, elements: unknown[], headers: Record<string, string> = { 'x-restli-method': 'batch_create' }) {
  return request(`${sandbox.url}/v2/simpleJobPostings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}), ...headers },
    body: JSON.stringify({ elements }),
  });
}

/** Posts and returns the task URNs of the answer, in order. */
async function submit(sandbox: LinkedInSandbox, accessToken: string, elements: unknown[]): Promise<string[]> {
  const response = await post(sandbox, accessToken, elements);
  expect(response.statusCode).toBe(200);
  const body = (await json(response)) as { elements: { id?: string }[] };
  return body.elements.map((entry) => {
    expect(entry.id).toMatch(TASK_URN_PATTERN);
    return entry.id!;
  });
}

function statusQuery(urns: string[]): string {
  return urns.map((urn) => `ids=${encodeURIComponent(urn)}`).join('&');
}

async function statusCall(sandbox: LinkedInSandbox, accessToken: string, query: string) {
  return request(`${sandbox.url}/v2/simpleJobPostingTasks?${query}`, { headers: { authorization: `Bearer ${accessToken}` } });
}

async function lookUp(sandbox: LinkedInSandbox, accessToken: string, urns: string[]): Promise<StatusBody> {
  const response = await statusCall(sandbox, accessToken, statusQuery(urns));
  expect(response.statusCode).toBe(200);
  return json(response);
}

async function lookUpOne(sandbox: LinkedInSandbox, accessToken: string, urn: string): Promise<TaskResultBody> {
  const body = await lookUp(sandbox, accessToken, [urn]);
  expect(body.results).toHaveProperty([urn]);
  return body.results[urn]!;
}

async function admin(sandbox: LinkedInSandbox, method: 'GET' | 'PUT' | 'POST' | 'PATCH', resource: string, body?: unknown) {
  return request(`${sandbox.url}/__sandbox/${resource}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('OAuth client credentials', () => {
  it('issues random opaque tokens that expire after the token lifetime', async () => {
    const { sandbox, advance } = await harness({ tokenLifetimeSeconds: 60 });
    const first = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret });
    const issued = await json(first);
    expect(issued.expires_in).toBe(60);
    const second = await token(sandbox);
    expect(second).not.toBe(issued.access_token);

    expect((await post(sandbox, second, [element('tok-1')])).statusCode).toBe(200);
    advance(59_999);
    expect((await post(sandbox, second, [element('tok-2')])).statusCode).toBe(200);
    advance(1);
    const expired = await post(sandbox, second, [element('tok-3')]);
    expect(expired.statusCode).toBe(401);
    expect(await json(expired)).toEqual({ serviceErrorCode: 65601, message: 'The token used in the request has expired', status: 401 });
  });

  it('defaults to LinkedIn credentials and a 1800 s lifetime', async () => {
    const { sandbox } = await harness();
    const response = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret });
    expect((await json(response)).expires_in).toBe(1800);
  });

  it('refuses wrong credentials, wrong grant types and missing fields', async () => {
    const { sandbox } = await harness({ credentials: { clientId: 'id-1', clientSecret: 's3cret' } });
    const wrongSecret = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: 'id-1', client_secret: 'nope' });
    expect(wrongSecret.statusCode).toBe(401);
    expect(await json(wrongSecret)).toEqual({ error: 'invalid_client', error_description: 'Client authentication failed' });

    const wrongGrant = await requestToken(sandbox, { grant_type: 'authorization_code', client_id: 'id-1', client_secret: 's3cret' });
    expect(wrongGrant.statusCode).toBe(400);
    expect((await json(wrongGrant)).error).toBe('unsupported_grant_type');

    const missing = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: 'id-1' });
    expect(missing.statusCode).toBe(400);
    const body = await json(missing);
    expect(body.error).toBe('invalid_request');
    expect(body.error_description).toContain('client_secret');
    expect(JSON.stringify(body)).not.toContain('s3cret');
  });

  it('answers 401 65600 without a token or with an unknown one', async () => {
    const { sandbox } = await harness();
    const expected = { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 };
    const missing = await post(sandbox, undefined, [element('a-1')]);
    expect(missing.statusCode).toBe(401);
    expect(await json(missing)).toEqual(expected);
    const unknown = await statusCall(sandbox, 'not-a-token', statusQuery([`urn:li:simpleJobPostingTask:${randomUUID()}`]));
    expect(unknown.statusCode).toBe(401);
    expect(await json(unknown)).toEqual(expected);
  });
});

describe('POST /v2/simpleJobPostings', () => {
  it('needs x-restli-method: batch_create, in any letter case', async () => {
    const { sandbox } = await harness();
    const accessToken = await token(sandbox);
    const without = await post(sandbox, accessToken, [element('h-1')], {});
    expect(without.statusCode).toBe(403);
    expect((await json(without)).status).toBe(403);
    const upper = await post(sandbox, accessToken, [element('h-1')], { 'X-RestLi-Method': 'BATCH_CREATE' });
    expect(upper.statusCode).toBe(200);
  });

  it('takes 1 to 100 elements per call', async () => {
    const { sandbox } = await harness();
    const accessToken = await token(sandbox);
    const hundred = Array.from({ length: 100 }, (_, index) => element(`bulk-${index}`));
    expect(await submit(sandbox, accessToken, hundred)).toHaveLength(100);
    const tooMany = await post(sandbox, accessToken, [...hundred, element('bulk-100')]);
    expect(tooMany.statusCode).toBe(400);
    expect((await json(tooMany)).message).toMatch(/101.*at most 100/);
    expect((await post(sandbox, accessToken, [])).statusCode).toBe(400);
  });

  it('answers each element in request order, rejected ones with a rest.li 422', async () => {
    // The rule lets the bare CLOSE of a job the sandbox never saw through (instead of the payload-decided 409).
    const { sandbox } = await harness({ rules: [{ externalJobPostingId: 'v-4', operation: 'CLOSE', status: 'SUCCEEDED' }] });
    const accessToken = await token(sandbox);
    const { title: _title, ...untitled } = element('v-2');
    const { companyApplyUrl: _url, description: _description, ...bareCreate } = element('v-3');
    const response = await post(sandbox, accessToken, [
      element('v-1'),
      untitled,
      bareCreate,
      { externalJobPostingId: 'v-4', jobPostingOperationType: 'CLOSE' },
      element('v-5', 'PUBLISH'),
      element('v-6', 'CREATE', { alternateLocations: Array.from({ length: 8 }, (_, index) => `City ${index}, France`) }),
      { jobPostingOperationType: 'CLOSE' },
    ]);
    expect(response.statusCode).toBe(200);
    const { elements } = await json(response);
    const rejected = (message: string) => ({ error: { message, status: 422 }, status: 422 });
    expect(elements).toHaveLength(7);
    expect(elements[0]).toEqual({ id: expect.stringMatching(TASK_URN_PATTERN), status: 202 });
    expect(elements[1]).toEqual(rejected('ERROR :: /title :: field is required but not found and has no default value'));
    expect(elements[2]).toEqual(rejected('ERROR :: /companyApplyUrl :: field is required but not found and has no default value'));
    expect(elements[4]).toEqual(rejected('ERROR :: /jobPostingOperationType :: "PUBLISH" is not an enum symbol'));
    expect(elements[5].status).toBe(422);
    expect(elements[5].error.message).toMatch(/^ERROR :: \/alternateLocations :: .*maximum of 7/);
    expect(elements[6]).toEqual(rejected('ERROR :: /externalJobPostingId :: field is required but not found and has no default value'));
    // A CLOSE needs only the id and the operation.
    expect(elements[3]).toEqual({ id: expect.stringMatching(TASK_URN_PATTERN), status: 202 });
  });

  it('yields one task per location, primary first, and reports each location', async () => {
    const { sandbox, advance } = await harness({ processingMs: 1000 });
    const accessToken = await token(sandbox);
    const alternateLocations = ['Paris, France', 'Madrid, Spain'];
    const urns = await submit(sandbox, accessToken, [
      element('multi-1', 'CREATE', { alternateLocations }),
      element('single-1'),
    ]);
    expect(urns).toHaveLength(4);
    expect(new Set(urns).size).toBe(4);
    advance(1000);
    const { results } = await lookUp(sandbox, accessToken, urns);
    expect(urns.slice(0, 3).map((urn) => results[urn]!.location)).toEqual(['Berlin, Germany', ...alternateLocations]);
    expect(results[urns[3]!]).not.toHaveProperty('location');
    const jobPostings = urns.slice(0, 3).map((urn) => results[urn]!.jobPosting);
    expect(new Set(jobPostings).size).toBe(3);
    for (const urn of urns) expect(results[urn]!.status).toBe('SUCCEEDED');
  });
});

describe('task outcomes', () => {
  it('stays IN_PROGRESS for the processing time, then succeeds with a LinkedIn job', async () => {
    const { sandbox, advance } = await harness();
    const accessToken = await token(sandbox);
    const [urn] = await submit(sandbox, accessToken, [element('p-1')]);
    expect(await lookUpOne(sandbox, accessToken, urn!)).toEqual({ id: urn, status: 'IN_PROGRESS', externalJobPostingId: 'p-1' });
    advance(179_999);
    expect((await lookUpOne(sandbox, accessToken, urn!)).status).toBe('IN_PROGRESS');
    advance(1);
    const done = await lookUpOne(sandbox, accessToken, urn!);
    expect(done).toEqual({ id: urn, status: 'SUCCEEDED', externalJobPostingId: 'p-1', jobPosting: expect.stringMatching(/^urn:li:jobPosting:\d+$/) });
  });

  it('finishes on the Nth lookup with pollsUntilDone', async () => {
    const { sandbox } = await harness({ rules: [{ externalJobPostingId: 'poll-1', status: 'FAILED', errorRow: 41, pollsUntilDone: 3 }] });
    const accessToken = await token(sandbox);
    const [urn] = await submit(sandbox, accessToken, [element('poll-1')]);
    expect((await lookUpOne(sandbox, accessToken, urn!)).status).toBe('IN_PROGRESS');
    expect((await lookUpOne(sandbox, accessToken, urn!)).status).toBe('IN_PROGRESS');
    const third = await lookUpOne(sandbox, accessToken, urn!);
    expect(third.status).toBe('FAILED');
    expect(third.errorMessage).toBe(
      'This job was dropped because of an unexpected error that occurred during job ingestion. This is meant to be a catch-all error.',
    );
  });

  it('follows run-time processingMs for tasks without a per-rule time', async () => {
    const { sandbox } = await harness({ processingMs: 600_000 });
    const accessToken = await token(sandbox);
    const [urn] = await submit(sandbox, accessToken, [element('rt-1')]);
    expect((await lookUpOne(sandbox, accessToken, urn!)).status).toBe('IN_PROGRESS');
    sandbox.configure({ processingMs: 0 });
    expect((await lookUpOne(sandbox, accessToken, urn!)).status).toBe('SUCCEEDED');
  });

  it('fails a CREATE of a live job as a duplicate naming the live LinkedIn job', async () => {
    const { sandbox } = await harness({ processingMs: 0 });
    const accessToken = await token(sandbox);
    const [first] = await submit(sandbox, accessToken, [element('dup-1')]);
    // The job is live from submission, so a second CREATE right away is already a duplicate.
    const [second] = await submit(sandbox, accessToken, [element('dup-1')]);
    const live = await lookUpOne(sandbox, accessToken, first!);
    const jobId = live.jobPosting!.replace('urn:li:jobPosting:', '');
    const duplicate = await lookUpOne(sandbox, accessToken, second!);
    expect(duplicate.status).toBe('FAILED');
    expect(duplicate).not.toHaveProperty('jobPosting');
    expect(duplicate.errorMessage).toMatch(/^Job processing failed due to a client-side error\..*Trying to create a job with same partnerIdentifier/);
    expect(duplicate.errorMessage).toContain(`LinkedIn job id: ${jobId}, externalJobPostingId: dup-1`);
  });

  it('fails UPDATE and RENEW of a job that was never created', async () => {
    const { sandbox } = await harness({ processingMs: 0, partnerId: '555' });
    const accessToken = await token(sandbox);
    const [update, renew] = await submit(sandbox, accessToken, [element('ghost-1', 'UPDATE'), element('ghost-2', 'RENEW')]);
    const { results } = await lookUp(sandbox, accessToken, [update!, renew!]);
    expect(results[update!]!.status).toBe('FAILED');
    expect(results[update!]!.errorMessage).toBe(
      'Job processing failed due to a client-side error. Please check payload and integration setup. Error details: Operation type UPDATE is not allowed for a non-existing job of partner urn urn:li:jobPostingPartner:555, partner job code (ghost-1)',
    );
    expect(results[renew!]!.errorMessage).toBe(
      'Job processing failed due to a client-side error. Please check payload and integration setup. Error details: Operation type RENEW is not allowed for a non-existing job',
    );
  });

  it('fails a short description with the dropped-job message', async () => {
    const { sandbox } = await harness({ processingMs: 0 });
    const accessToken = await token(sandbox);
    const [short] = await submit(sandbox, accessToken, [element('short-1', 'CREATE', { description: 'x'.repeat(99) })]);
    const [exact] = await submit(sandbox, accessToken, [element('short-2', 'CREATE', { description: 'x'.repeat(100) })]);
    expect((await lookUpOne(sandbox, accessToken, short!)).errorMessage).toBe(
      'Job {partner=urn:li:jobPostingPartner:68204513, partnerJobCode=short-1} was dropped: true\n\nInvalid Field: /description; \nDrop Message: The description length should be at least 100 characters',
    );
    expect((await lookUpOne(sandbox, accessToken, exact!)).status).toBe('SUCCEEDED');
  });

  it('keeps the job id through UPDATE, RENEW and CLOSE, then refuses a second CLOSE with 409', async () => {
    const { sandbox } = await harness({ processingMs: 0 });
    const accessToken = await token(sandbox);
    const [created] = await submit(sandbox, accessToken, [element('life-1')]);
    const [updated, renewed] = await submit(sandbox, accessToken, [element('life-1', 'UPDATE'), element('life-1', 'RENEW')]);
    const [closed] = await submit(sandbox, accessToken, [{ externalJobPostingId: 'life-1', jobPostingOperationType: 'CLOSE' }]);
    const { results } = await lookUp(sandbox, accessToken, [created!, updated!, renewed!, closed!]);
    const jobPosting = results[created!]!.jobPosting;
    for (const urn of [updated!, renewed!, closed!]) {
      expect(results[urn]).toMatchObject({ status: 'SUCCEEDED', jobPosting });
    }

    const again = await post(sandbox, accessToken, [{ externalJobPostingId: 'life-1', jobPostingOperationType: 'CLOSE' }]);
    expect(again.statusCode).toBe(409);
    expect(await json(again)).toEqual({ message: 'Cannot close job which is already closed or does not exist', status: 409 });
    const never = await post(sandbox, accessToken, [element('life-2'), { externalJobPostingId: 'never-1', jobPostingOperationType: 'CLOSE' }]);
    expect(never.statusCode).toBe(409);

    // The 409 call changed nothing: life-2 was not created, and a closed job can be created anew.
    const [recreated, renewClosed] = await submit(sandbox, accessToken, [element('life-1'), element('life-2', 'RENEW')]);
    const after = await lookUp(sandbox, accessToken, [recreated!, renewClosed!]);
    expect(after.results[recreated!]!.status).toBe('SUCCEEDED');
    expect(after.results[recreated!]!.jobPosting).not.toBe(jobPosting);
    expect(after.results[renewClosed!]!.status).toBe('FAILED');
  });
});

describe('posting rules', () => {
  it('decides by exact id, prefix, operation and location; the first match wins', async () => {
    const rules: PostingRule[] = [
      { externalJobPostingId: 'rule-multi', location: 'Paris, France', status: 'FAILED', errorRow: 22 },
      { externalJobPostingId: 'rule-exact', operation: 'UPDATE', status: 'FAILED', errorRow: 48 },
      { externalJobPostingId: 'rule-exact', status: 'PROCESSED' },
      { externalJobPostingId: 'rule-pre*', status: 'FAILED', errorMessage: 'Something LinkedIn never documented' },
    ];
    const { sandbox } = await harness({ processingMs: 0, rules });
    const accessToken = await token(sandbox);
    const urns = await submit(sandbox, accessToken, [
      element('rule-multi', 'CREATE', { alternateLocations: ['Paris, France'] }),
      element('rule-exact'),
      element('rule-prefix-9'),
    ]);
    const [update] = await submit(sandbox, accessToken, [element('rule-exact', 'UPDATE')]);
    const { results } = await lookUp(sandbox, accessToken, [...urns, update!]);
    expect(results[urns[0]!]).toMatchObject({ status: 'SUCCEEDED', location: 'Berlin, Germany' });
    expect(results[urns[1]!]).toMatchObject({
      status: 'FAILED',
      location: 'Paris, France',
      errorMessage: 'This job has an invalid location. Please update the location in your ATS or careers site to post.',
    });
    expect(results[urns[2]!]!.status).toBe('PROCESSED');
    expect(results[urns[2]!]).not.toHaveProperty('errorMessage');
    expect(results[urns[3]!]).toMatchObject({ status: 'FAILED', errorMessage: 'Something LinkedIn never documented' });
    expect(results[update!]).toMatchObject({ status: 'FAILED', errorMessage: 'There is no job budget available for this job.' });
  });

  it('applies a rule with times only to the first N submissions', async () => {
    const { sandbox } = await harness({
      processingMs: 0,
      rules: [{ externalJobPostingId: 'flaky-1', status: 'FAILED', errorRow: 41, times: 1 }],
    });
    const accessToken = await token(sandbox);
    const [first] = await submit(sandbox, accessToken, [element('flaky-1', 'CREATE', { alternateLocations: ['Lyon, France'] })]);
    const [second] = await submit(sandbox, accessToken, [element('flaky-1')]);
    expect((await lookUpOne(sandbox, accessToken, first!)).status).toBe('FAILED');
    expect((await lookUpOne(sandbox, accessToken, second!)).status).toBe('SUCCEEDED');
  });

  it('renders error rows as real messages: duplicate URL, PROCESSED with errors', async () => {
    const { sandbox } = await harness({
      processingMs: 0,
      rules: [
        { externalJobPostingId: 'dupe-url', status: 'FAILED', errorRow: 31 },
        { externalJobPostingId: 'processed-err', status: 'PROCESSED', errorRow: 12 },
      ],
    });
    const accessToken = await token(sandbox);
    const [dupe, processed] = await submit(sandbox, accessToken, [element('dupe-url'), element('processed-err')]);
    const { results } = await lookUp(sandbox, accessToken, [dupe!, processed!]);
    expect(results[dupe!]!.errorMessage).toMatch(
      /^This job could not be published because there is a https:\/\/www\.linkedin\.com\/jobs\/view\/\d+ posted on LinkedIn\.$/,
    );
    expect(results[processed!]).toMatchObject({
      status: 'PROCESSED',
      jobPosting: expect.stringMatching(/^urn:li:jobPosting:\d+$/),
      errorMessage: 'This job is blocked as its geoLocation is marked invalid. Failure reason reference code: [JOB_FIELD_PROCESSOR_GEO_LOCATION].',
    });
  });

  it('keeps an IN_PROGRESS rule in progress for good', async () => {
    const { sandbox, advance } = await harness({ rules: [{ externalJobPostingId: 'stuck-*', status: 'IN_PROGRESS' }] });
    const accessToken = await token(sandbox);
    const [urn] = await submit(sandbox, accessToken, [element('stuck-1')]);
    advance(20 * DAY_MS);
    expect(await lookUpOne(sandbox, await token(sandbox), urn!)).toEqual({ id: urn, status: 'IN_PROGRESS', externalJobPostingId: 'stuck-1' });
  });

  it('rejects a whole call with a rule submissionStatus, only as often as times says', async () => {
    const { sandbox } = await harness({
      processingMs: 0,
      rules: [{ externalJobPostingId: 'broke-1', status: 'SUCCEEDED', submissionStatus: 402, times: 1 }],
    });
    const accessToken = await token(sandbox);
    const rejected = await post(sandbox, accessToken, [element('other-1'), element('broke-1')]);
    expect(rejected.statusCode).toBe(402);
    expect(await json(rejected)).toEqual({ message: 'Not enough budget to post the job', status: 402 });
    const [other] = await submit(sandbox, accessToken, [element('other-1'), element('broke-1')]);
    // other-1 was not created by the rejected call, so this CREATE is not a duplicate.
    expect((await lookUpOne(sandbox, accessToken, other!)).status).toBe('SUCCEEDED');
    expect(sandbox.counters().tasksCreated).toBe(2);
  });

  it('changes rules at run time over HTTP', async () => {
    const { sandbox } = await harness({ processingMs: 0, rules: [{ externalJobPostingId: 'http-*', status: 'FAILED', errorRow: 40 }] });
    const accessToken = await token(sandbox);
    const replaced: PostingRule[] = [{ externalJobPostingId: 'http-1', status: 'FAILED', errorRow: 45 }];
    const put = await admin(sandbox, 'PUT', 'rules', replaced);
    expect(put.statusCode).toBe(200);
    expect(await json(put)).toEqual(replaced);
    const appended = await admin(sandbox, 'POST', 'rules', { description: 'more', rules: [{ externalJobPostingId: 'http-2', status: 'IN_PROGRESS' }] });
    expect((await json(appended)).map((rule: PostingRule) => rule.externalJobPostingId)).toEqual(['http-1', 'http-2']);
    expect(await json(await admin(sandbox, 'GET', 'rules'))).toHaveLength(2);

    const bad = await admin(sandbox, 'PUT', 'rules', [{ externalJobPostingId: 'x', status: 'FAILED', errorrow: 3 }]);
    expect(bad.statusCode).toBe(400);
    expect((await json(bad)).message).toMatch(/errorrow/);
    expect((await admin(sandbox, 'PUT', 'rules', [{ externalJobPostingId: 'x', status: 'FAILED', errorRow: 55 }])).statusCode).toBe(400);

    const [one, two, three] = await submit(sandbox, accessToken, [element('http-1'), element('http-2'), element('http-3')]);
    const { results } = await lookUp(sandbox, accessToken, [one!, two!, three!]);
    expect(results[one!]!.errorMessage).toBe('This job was closed by original poster.');
    expect(results[two!]!.status).toBe('IN_PROGRESS');
    expect(results[three!]!.status).toBe('SUCCEEDED');
  });
});

describe('GET /v2/simpleJobPostingTasks', () => {
  it('rejects the whole call for one malformed URN, and reports unknown ones in errors', async () => {
    const { sandbox } = await harness();
    const accessToken = await token(sandbox);
    const unknown = `urn:li:simpleJobPostingTask:${randomUUID()}`;
    const body = await lookUp(sandbox, accessToken, [unknown]);
    expect(body).toEqual({ results: {}, errors: { [unknown]: { status: 404, message: 'Not Found' } }, statuses: {} });

    for (const query of [
      `${statusQuery([unknown])}&ids=${encodeURIComponent('urn:li:jobPosting:1')}`,
      `ids=List(${encodeURIComponent(unknown)})`,
      'ids=%E0%A4%A',
      '',
    ]) {
      const response = await statusCall(sandbox, accessToken, query);
      expect(response.statusCode, query).toBe(400);
      expect(await json(response)).toEqual({ message: 'Batch key parameter value is invalid', status: 400 });
    }
  });

  it('forgets tasks older than the task lifespan', async () => {
    const { sandbox, advance } = await harness({ processingMs: 0, taskLifespanMs: DAY_MS });
    const accessToken = await token(sandbox);
    const [urn] = await submit(sandbox, accessToken, [element('old-1')]);
    advance(DAY_MS);
    const freshToken = await token(sandbox);
    expect((await lookUpOne(sandbox, freshToken, urn!)).status).toBe('SUCCEEDED');
    advance(1);
    const body = await lookUp(sandbox, freshToken, [urn!]);
    expect(body.results).toEqual({});
    expect(body.errors[urn!]?.status).toBe(404);
  });

  it('answers 414 just past 4096 bytes of query string, and tunneling gets round it', async () => {
    const { sandbox } = await harness({ processingMs: 0 });
    const accessToken = await token(sandbox);
    const [known] = await submit(sandbox, accessToken, [element('long-1')]);
    const urns = [known!, ...Array.from({ length: 60 }, () => `urn:li:simpleJobPostingTask:${randomUUID()}`)];
    const ids = statusQuery(urns.slice(0, 50));
    const padded = (length: number) => `${ids}&pad=${'p'.repeat(length - ids.length - '&pad='.length)}`;
    expect(padded(4096)).toHaveLength(4096);

    expect((await statusCall(sandbox, accessToken, padded(4096))).statusCode).toBe(200);
    const tooLong = await statusCall(sandbox, accessToken, padded(4097));
    expect(tooLong.statusCode).toBe(414);
    expect(await json(tooLong)).toEqual({ message: 'Request-URI Too Long', status: 414 });
    // Far past Node's own 16 KB request-line limit, still LinkedIn's 414 rather than Node's 431.
    const wayTooLong = await statusCall(sandbox, accessToken, padded(40_000));
    expect(wayTooLong.statusCode).toBe(414);
    await wayTooLong.body.dump();

    const everything = statusQuery(urns);
    expect(everything.length).toBeGreaterThan(4096);
    const tunneled = await request(`${sandbox.url}/v2/simpleJobPostingTasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'x-http-method-override': 'GET', 'content-type': 'application/x-www-form-urlencoded' },
      body: everything,
    });
    expect(tunneled.statusCode).toBe(200);
    const body = await json(tunneled);
    expect(body.results[known!]!.status).toBe('SUCCEEDED');
    expect(Object.keys(body.errors)).toHaveLength(60);

    const wrongType = await request(`${sandbox.url}/v2/simpleJobPostingTasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'x-http-method-override': 'GET', 'content-type': 'application/json' },
      body: everything,
    });
    expect(wrongType.statusCode).toBe(400);
    await wrongType.body.dump();

    const counters = sandbox.counters();
    expect(counters.tunneledStatusCalls).toBe(1);
    expect(counters.urnsPerStatusCall).toEqual({ '50': 1, '61': 1 });
    expect(counters.calls['GET /v2/simpleJobPostingTasks']).toEqual({ '200': 2, '414': 2, '400': 1 });
  });
});

describe('quotas', () => {
  it('answers 429 once the daily status budget is spent, until the next UTC day', async () => {
    const { sandbox, advance } = await harness({ statusCallsPerDay: 2 });
    const accessToken = await token(sandbox);
    const query = statusQuery([`urn:li:simpleJobPostingTask:${randomUUID()}`]);
    expect((await statusCall(sandbox, accessToken, query)).statusCode).toBe(200);
    expect((await statusCall(sandbox, accessToken, query)).statusCode).toBe(200);
    const refused = await statusCall(sandbox, accessToken, query);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeUndefined();
    expect(await json(refused)).toEqual({ message: 'Too Many Requests', status: 429 });
    advance(12 * 3600_000); // START is noon UTC: this lands on the next UTC day.
    expect((await statusCall(sandbox, await token(sandbox), query)).statusCode).toBe(200);
  });

  it('caps calls per second and sends Retry-After when configured', async () => {
    const { sandbox, advance } = await harness({ callsPerSecond: 2, retryAfterSeconds: 7 });
    const accessToken = await token(sandbox);
    const query = statusQuery([`urn:li:simpleJobPostingTask:${randomUUID()}`]);
    expect((await statusCall(sandbox, accessToken, query)).statusCode).toBe(200);
    expect((await post(sandbox, accessToken, [element('cps-1')])).statusCode).toBe(200);
    const refused = await statusCall(sandbox, accessToken, query);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBe('7');
    await refused.body.dump();
    advance(1000);
    expect((await statusCall(sandbox, accessToken, query)).statusCode).toBe(200);
  });
});

describe('fault injection', () => {
  it('plays a failNext sequence exactly, per endpoint', async () => {
    const { sandbox } = await harness({ failNext: [{ path: 'status', status: 503, count: 2 }, { path: 'token', status: 500 }] });
    const failedToken = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret });
    expect(failedToken.statusCode).toBe(500);
    await failedToken.body.dump();
    const accessToken = await token(sandbox);
    const query = statusQuery([`urn:li:simpleJobPostingTask:${randomUUID()}`]);
    const first = await statusCall(sandbox, accessToken, query);
    expect(first.statusCode).toBe(503);
    expect(first.headers['content-type']).toMatch(/text\/html/);
    await first.body.dump();
    expect((await statusCall(sandbox, accessToken, query)).statusCode).toBe(503);
    expect((await statusCall(sandbox, accessToken, query)).statusCode).toBe(200);

    sandbox.configure({ failNext: [{ path: 'postings', status: 429 }] });
    const throttled = await post(sandbox, accessToken, [element('f-1')]);
    expect(throttled.statusCode).toBe(429);
    expect(await json(throttled)).toEqual({ message: 'Too Many Requests', status: 429 });
    expect((await post(sandbox, accessToken, [element('f-1')])).statusCode).toBe(200);
  });

  it('destroys the socket on reset and cuts the JSON body on malformed', async () => {
    const { sandbox } = await harness({ failNext: [{ path: 'status', fault: 'reset' }, { path: 'status', fault: 'malformed' }] });
    const accessToken = await token(sandbox);
    const query = statusQuery([`urn:li:simpleJobPostingTask:${randomUUID()}`]);
    await expect(statusCall(sandbox, accessToken, query).then((response) => response.body.text())).rejects.toThrow();
    const malformed = await statusCall(sandbox, accessToken, query);
    expect(malformed.statusCode).toBe(200);
    const text = await malformed.body.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text.startsWith('{')).toBe(true);
    expect(sandbox.counters().calls['GET /v2/simpleJobPostingTasks']).toEqual({ reset: 1, '200': 1 });
  });

  it('never answers a hung call, and close() still finishes and drops it', async () => {
    const { sandbox } = await harness({ failNext: [{ path: 'status', fault: 'hang' }] });
    const accessToken = await token(sandbox);
    const hung = statusCall(sandbox, accessToken, statusQuery([`urn:li:simpleJobPostingTask:${randomUUID()}`]));
    const outcome = hung.then(
      () => 'answered',
      () => 'dropped',
    );
    await expect.poll(() => sandbox.counters().calls['GET /v2/simpleJobPostingTasks']?.hang, { timeout: 10_000 }).toBe(1);
    await sandbox.close();
    expect(await outcome).toBe('dropped');
  });

  it('delays answers by latencyMs', async () => {
    const { sandbox } = await harness({ latencyMs: 600_000 });
    const tokenRequest = (headersTimeout: number) =>
      request(`${sandbox.url}/oauth/v2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }),
        headersTimeout,
      });
    // The connection is accepted but no answer comes within 0.2 s of a 600 s latency.
    await expect(tokenRequest(200)).rejects.toMatchObject({ name: 'HeadersTimeoutError' });
    sandbox.configure({ latencyMs: 0 });
    expect((await tokenRequest(30_000)).statusCode).toBe(200);
  });

  it('draws rate-based faults from a seeded PRNG: same seed, same sequence', async () => {
    const statuses = async (seed: number) => {
      const { sandbox } = await harness({ errorRate: 0.5, seed });
      const codes: number[] = [];
      for (let call = 0; call < 24; call += 1) {
        const response = await requestToken(sandbox, { grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret });
        codes.push(response.statusCode);
        await response.body.dump();
      }
      return codes;
    };
    const first = await statuses(7);
    expect(await statuses(7)).toEqual(first);
    expect(first).toContain(200);
    expect(first.some((code) => code >= 500)).toBe(true);
    expect(new Set(first.filter((code) => code !== 200)).size).toBeGreaterThan(1);
    for (const code of first) expect([200, 500, 502, 503]).toContain(code);
  });

  it('applies hangRate, resetRate and malformedRate of 1 to every call', async () => {
    const { sandbox } = await harness({ resetRate: 1 });
    const call = () => requestToken(sandbox, { grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret });
    await expect(call()).rejects.toThrow();

    sandbox.configure({ resetRate: 0, malformedRate: 1 });
    const malformed = await call();
    expect(malformed.statusCode).toBe(200);
    const text = await malformed.body.text();
    expect(text).toMatch(/^\{"access_token":/);
    expect(() => JSON.parse(text)).toThrow();

    sandbox.configure({ malformedRate: 0, hangRate: 1 });
    const hung = call().then(
      () => 'answered',
      () => 'dropped',
    );
    await expect.poll(() => sandbox.counters().calls['POST /oauth/v2/accessToken']?.hang, { timeout: 10_000 }).toBe(1);
    await sandbox.close();
    expect(await hung).toBe('dropped');
  });
});

describe('counters and admin API', () => {
  it('counts calls per endpoint and answer, URNs per status call, postings and tokens', async () => {
    const { sandbox } = await harness({ processingMs: 0 });
    const accessToken = await token(sandbox);
    await token(sandbox);
    const [a, b] = await submit(sandbox, accessToken, [element('c-1'), element('c-2')]);
    await submit(sandbox, accessToken, [element('c-1', 'UPDATE')]);
    await (await post(sandbox, undefined, [element('c-3')])).body.dump();
    await lookUp(sandbox, accessToken, [a!, b!]);
    await lookUp(sandbox, accessToken, [a!]);
    await lookUp(sandbox, accessToken, [b!]);

    const counters = sandbox.counters();
    expect(counters.calls).toEqual({
      'POST /oauth/v2/accessToken': { '200': 2 },
      'POST /v2/simpleJobPostings': { '200': 2, '401': 1 },
      'GET /v2/simpleJobPostingTasks': { '200': 3 },
    });
    expect(counters.urnsPerStatusCall).toEqual({ '1': 2, '2': 1 });
    expect(counters.postingsByExternalId).toEqual({ 'c-1': { CREATE: 1, UPDATE: 1 }, 'c-2': { CREATE: 1 } });
    expect(counters.tokensIssued).toBe(2);
    expect(counters.tasksCreated).toBe(3);
    expect(await json(await admin(sandbox, 'GET', 'counters'))).toEqual(counters);
  });

  it('configures knobs over HTTP and resets jobs, tasks and counters but keeps rules', async () => {
    const { sandbox } = await harness({ processingMs: 0, rules: [{ externalJobPostingId: 'keep-1', status: 'FAILED', errorRow: 49, times: 1 }] });
    const accessToken = await token(sandbox);
    const patched = await admin(sandbox, 'PATCH', 'config', { processingMs: 5, failNext: [{ path: 'postings', status: 500, count: 3 }] });
    expect(patched.statusCode).toBe(200);
    expect(await json(patched)).toMatchObject({ processingMs: 5, failNext: [{ path: 'postings', status: 500, count: 3 }], statusCallsPerDay: 300_000 });
    expect((await admin(sandbox, 'PATCH', 'config', { errorRate: 2 })).statusCode).toBe(400);
    expect((await admin(sandbox, 'PATCH', 'config', { failNext: [] })).statusCode).toBe(200);
    expect((await admin(sandbox, 'PATCH', 'config', { processingMs: 0 })).statusCode).toBe(200);

    const [first] = await submit(sandbox, accessToken, [element('keep-1')]);
    expect((await lookUpOne(sandbox, accessToken, first!)).status).toBe('FAILED');
    const reset = await admin(sandbox, 'POST', 'reset');
    expect(reset.statusCode).toBe(204);
    await reset.body.dump();

    expect(sandbox.counters().calls).toEqual({});
    expect((await lookUp(sandbox, accessToken, [first!])).errors[first!]?.status).toBe(404);
    // The rule is kept with its times refilled, so the first submission after reset fails again.
    const [again] = await submit(sandbox, accessToken, [element('keep-1')]);
    expect((await lookUpOne(sandbox, accessToken, again!)).errorMessage).toBe('The account level budget has ran out.');
  });
});

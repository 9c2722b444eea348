/**
 * The sandbox's state file, over real HTTP: a sandbox restarted on the same file still knows the jobs and
 * tasks submitted before (outcomes, locations, lookups counted, job ids), a corrupt file stops the start with
 * a message naming it, and without a state file everything stays in memory as before.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CREDENTIALS } from '../sandbox';
import type { StatusBody, TaskResultBody } from './helpers/sandbox-bodies';
import { startSandbox, SandboxStateFileError, type LinkedInSandbox, type PostingRule, type SandboxOptions } from '../sandbox';
import { decodeState } from '../sandbox/persistence';
import { TASK_URN_PATTERN } from '../workflows/domain';

const CLIENT = DEFAULT_CREDENTIALS;
const START = Date.UTC(2025, 2, 10, 12, 0, 0);
const PROCESSING_MS = 60_000;
const RULES: PostingRule[] = [{ externalJobPostingId: 'slow-*', status: 'SUCCEEDED', pollsUntilDone: 3 }];
const DESCRIPTION = 'We are looking for an engineer who enjoys building reliable distributed systems. '.repeat(2);


let now = START;
let folder = '';
const running: LinkedInSandbox[] = [];

beforeEach(() => {
  now = START;
  folder = mkdtempSync(join(tmpdir(), 'sandbox-state-'));
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((sandbox) => sandbox.close()));
});

/** A sandbox as `npm start` runs it: the rules from its rules file, the clock shared across restarts. */
async function start(options: SandboxOptions = {}): Promise<LinkedInSandbox> {
  const sandbox = await startSandbox({ clock: () => now, processingMs: PROCESSING_MS, rules: RULES, ...options });
  running.push(sandbox);
  return sandbox;
}

async function stop(sandbox: LinkedInSandbox): Promise<void> {
  running.splice(running.indexOf(sandbox), 1);
  await sandbox.close();
}

async function token(sandbox: LinkedInSandbox): Promise<string> {
  const response = await request(`${sandbox.url}/oauth/v2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret }).toString(),
  });
  expect(response.statusCode).toBe(200);
  return ((await response.body.json()) as { access_token: string }).access_token;
}

function posting(externalJobPostingId: string, operation = 'CREATE', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalJobPostingId,
    jobPostingOperationType: operation,
    companyApplyUrl: 'https://careers.example.com/jobs/1',
    title: 'Senior Platform Engineer',
    description: DESCRIPTION,
    listedAt: START - 60_000,
    location: 'Berlin, Germany',
    ...extra,
  };
}

async function post(sandbox: LinkedInSandbox, accessToken: string, elements: unknown[]) {
  return request(`${sandbox.url}/v2/simpleJobPostings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, 'x-restli-method': 'batch_create' },
    body: JSON.stringify({ elements }),
  });
}

/** The task URNs of the answer, in order. */
async function submit(sandbox: LinkedInSandbox, accessToken: string, elements: unknown[]): Promise<string[]> {
  const response = await post(sandbox, accessToken, elements);
  expect(response.statusCode).toBe(200);
  const body = (await response.body.json()) as { elements: { id?: string }[] };
  return body.elements.map((entry) => {
    expect(entry.id).toMatch(TASK_URN_PATTERN);
    return entry.id!;
  });
}

async function lookUp(sandbox: LinkedInSandbox, accessToken: string, urns: string[]): Promise<StatusBody> {
  const query = urns.map((urn) => `ids=${encodeURIComponent(urn)}`).join('&');
  const response = await request(`${sandbox.url}/v2/simpleJobPostingTasks?${query}`, { headers: { authorization: `Bearer ${accessToken}` } });
  expect(response.statusCode).toBe(200);
  return (await response.body.json()) as StatusBody;
}

async function lookUpOne(sandbox: LinkedInSandbox, accessToken: string, urn: string): Promise<TaskResultBody> {
  const body = await lookUp(sandbox, accessToken, [urn]);
  expect(body.results).toHaveProperty([urn]);
  return body.results[urn]!;
}

describe('a sandbox with a state file', () => {
  it('still knows the jobs and tasks submitted before a restart', async () => {
    const stateFile = join(folder, 'sandbox-state.json');
    const before = await start({ stateFile });
    const oldToken = await token(before);
    const [berlin, paris, slow, short] = await submit(before, oldToken, [
      posting('multi-1', 'CREATE', { alternateLocations: ['Paris, France'] }),
      posting('slow-1'),
      posting('short-1', 'CREATE', { description: 'Too short.' }),
    ]);
    const [closingCreate] = await submit(before, oldToken, [posting('closing-1')]);
    const [closingClose] = await submit(before, oldToken, [{ externalJobPostingId: 'closing-1', jobPostingOperationType: 'CLOSE' }]);
    const firstPoll = await lookUp(before, oldToken, [berlin!, paris!, slow!, short!]);
    expect(Object.values(firstPoll.results).map((result) => result.status)).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS']);
    await stop(before);

    const after = await start({ stateFile });
    // Tokens are not kept: a client gets a new one, as after LinkedIn expires them.
    expect((await post(after, oldToken, [posting('any-1')])).statusCode).toBe(401);
    const accessToken = await token(after);

    // pollsUntilDone: 3 counts the lookup made before the restart.
    expect((await lookUpOne(after, accessToken, slow!)).status).toBe('IN_PROGRESS');
    expect(await lookUpOne(after, accessToken, slow!)).toEqual({
      id: slow,
      status: 'SUCCEEDED',
      externalJobPostingId: 'slow-1',
      jobPosting: 'urn:li:jobPosting:3900000003',
    });

    // Time-based tasks finish at their original submission time plus the processing time.
    now += PROCESSING_MS - 1;
    expect(await lookUpOne(after, accessToken, berlin!)).toEqual({ id: berlin, status: 'IN_PROGRESS', externalJobPostingId: 'multi-1', location: 'Berlin, Germany' });
    now += 1;
    const done = await lookUp(after, accessToken, [berlin!, paris!, short!, closingCreate!, closingClose!]);
    expect(done.errors).toEqual({});
    expect(done.results[berlin!]).toMatchObject({ status: 'SUCCEEDED', location: 'Berlin, Germany', jobPosting: 'urn:li:jobPosting:3900000001' });
    expect(done.results[paris!]).toMatchObject({ status: 'SUCCEEDED', location: 'Paris, France', jobPosting: 'urn:li:jobPosting:3900000002' });
    expect(done.results[short!]).toMatchObject({ status: 'FAILED', externalJobPostingId: 'short-1' });
    expect(done.results[short!]!.errorMessage).toContain('The description length should be at least 100 characters');
    expect(done.results[closingClose!]).toMatchObject({ status: 'SUCCEEDED', jobPosting: 'urn:li:jobPosting:3900000004' });

    // The live job is still live (a CREATE is a duplicate naming its LinkedIn job id), the closed one still
    // closed (a CLOSE is refused), and new jobs get ids after the last one handed out.
    const [duplicate, fresh] = await submit(after, accessToken, [posting('multi-1'), posting('fresh-1')]);
    expect((await post(after, accessToken, [{ externalJobPostingId: 'closing-1', jobPostingOperationType: 'CLOSE' }])).statusCode).toBe(409);
    now += PROCESSING_MS;
    const answers = await lookUp(after, accessToken, [duplicate!, fresh!]);
    expect(answers.results[duplicate!]!.status).toBe('FAILED');
    expect(answers.results[duplicate!]!.errorMessage).toContain('Dropping the duplicate job posting creation request. LinkedIn job id: 3900000001, externalJobPostingId: multi-1');
    expect(answers.results[fresh!]).toMatchObject({ status: 'SUCCEEDED', jobPosting: 'urn:li:jobPosting:3900000005' });
  });

  it('saves changes while it runs, not only on close, and leaves no temporary files', async () => {
    const stateFile = join(folder, 'sandbox-state.json');
    const sandbox = await start({ stateFile });
    const accessToken = await token(sandbox);
    const [slow] = await submit(sandbox, accessToken, [posting('slow-2')]);
    await lookUp(sandbox, accessToken, [slow!]);

    await vi.waitFor(() => {
      const saved = decodeState(readFileSync(stateFile, 'utf8'));
      expect(saved.tasks.map((task) => [task.urn, task.lookups])).toEqual([[slow, 1]]);
    });
    await stop(sandbox);
    expect(readdirSync(folder)).toEqual(['sandbox-state.json']);
  });

  it('creates the folder of a state file that does not exist yet', async () => {
    const stateFile = join(folder, 'nested', '.data', 'sandbox-state.json');
    const before = await start({ stateFile });
    const [task] = await submit(before, await token(before), [posting('nested-1')]);
    await stop(before);

    const after = await start({ stateFile });
    expect(await lookUpOne(after, await token(after), task!)).toMatchObject({ status: 'IN_PROGRESS', externalJobPostingId: 'nested-1' });
  });

  it('forgets what a reset forgot', async () => {
    const stateFile = join(folder, 'sandbox-state.json');
    const before = await start({ stateFile });
    const [task] = await submit(before, await token(before), [posting('reset-1')]);
    expect((await request(`${before.url}/__sandbox/reset`, { method: 'POST' })).statusCode).toBe(204);
    await stop(before);

    const after = await start({ stateFile });
    const accessToken = await token(after);
    expect((await lookUp(after, accessToken, [task!])).errors).toEqual({ [task!]: { status: 404, message: 'Not Found' } });
    const [again] = await submit(after, accessToken, [posting('reset-1')]);
    now += PROCESSING_MS;
    expect(await lookUpOne(after, accessToken, again!)).toMatchObject({ status: 'SUCCEEDED', jobPosting: 'urn:li:jobPosting:3900000001' });
  });

  it('refuses to start on a corrupt state file, naming the file and the problem', async () => {
    const stateFile = join(folder, 'sandbox-state.json');
    writeFileSync(stateFile, '{"format":"linkedin-sandbox-state","version":1,"jobs":[');
    const notJson = startSandbox({ stateFile });
    await expect(notJson).rejects.toBeInstanceOf(SandboxStateFileError);
    await expect(notJson).rejects.toThrow(`The sandbox state file ${stateFile} is not a valid state file: not JSON`);

    writeFileSync(stateFile, JSON.stringify({ format: 'linkedin-sandbox-state', version: 2, jobs: [], tasks: [] }));
    await expect(startSandbox({ stateFile })).rejects.toThrow('version 2 is not supported; this sandbox reads version 1');

    writeFileSync(stateFile, JSON.stringify({ format: 'linkedin-sandbox-state', version: 1, lastAllocatedJobId: 0, jobs: [], tasks: [{ urn: 'nope' }] }));
    await expect(startSandbox({ stateFile })).rejects.toThrow(/sandbox-state\.json is not a valid state file: tasks\.0\.urn/);
  });
});

describe('a sandbox without a state file', () => {
  it('keeps everything in memory: a new sandbox knows none of the old tasks', async () => {
    const before = await start();
    const [task] = await submit(before, await token(before), [posting('memory-1')]);
    await stop(before);

    const after = await start();
    expect((await lookUp(after, await token(after), [task!])).errors).toEqual({ [task!]: { status: 404, message: 'Not Found' } });
  });
});

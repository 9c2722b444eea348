/**
 * The real command line (`tsx client/cli.ts`) against a dev server, the LinkedIn sandbox and a worker started by
 * this test: submit, status, list, resume by budget, and the exit codes of bad input and an unreachable server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations, type OperationFilter, type OperationResult, type OperationRow, type OperationState, type PostingOutcome } from '../client';
import type { LinkedInFixture } from './helpers/linkedin';
import { posting, uniqueJobId } from './helpers/postings';
import { startDevServerHarness, type DevServerHarness } from './helpers/dev-server-harness';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const CLI = path.join(ROOT, 'client/cli.ts');
const TASK_QUEUE = 'cli-test';
/** A CLI run that outlives this is hung; it is killed and the test fails on its exit code. */
const HANG_GUARD_MS = 30_000;

let harness: DevServerHarness;
let env: TestWorkflowEnvironment;
let linkedIn: LinkedInFixture;
let workDir: string;

beforeAll(async () => {
  harness = await startDevServerHarness(TASK_QUEUE, { processingMs: 1_000 });
  ({ env, linkedIn } = harness);
  // A working directory of its own: no .env of the developer's reaches the CLI.
  workDir = mkdtempSync(path.join(tmpdir(), 'cli-test-'));
});

afterAll(async () => {
  await harness?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI's configuration comes only from these variables, as in a deployment. */
function cliEnv(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TEMPORAL_ADDRESS: env.address,
    TEMPORAL_TASK_QUEUE: TASK_QUEUE,
    LINKEDIN_API_URL: linkedIn.sandbox.url,
    LINKEDIN_TOKEN_URL: `${linkedIn.sandbox.url}/oauth/v2/accessToken`,
    TRACKING_FIRST_CHECK_DELAY: '1s',
    TRACKING_POLL_INITIAL_INTERVAL: '500ms',
    TRACKING_POLL_MAX_INTERVAL: '500ms',
    TRACKING_POLL_BACKOFF_COEFFICIENT: '1',
    TRACKING_BUDGET_WAIT: '10m',
    ...overrides,
  };
}

function cli(args: readonly string[], overrides?: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], { cwd: workDir, env: cliEnv(overrides), stdio: ['ignore', 'pipe', 'pipe'] });
    const guard = setTimeout(() => child.kill('SIGKILL'), HANG_GUARD_MS);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

async function cliJson<T>(args: readonly string[]): Promise<T> {
  const run = await cli([...args, '--json']);
  expect(run, run.stderr).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(run.stdout) as T;
}

/**
 * Visibility is eventually consistent: wait in-process (cheaper than a CLI run per attempt) until the filter
 * matches `count` operations, so the one CLI run that follows sees them.
 */
async function untilListed(filter: OperationFilter, count: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await listOperations(env.client, filter)).length === count) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`never saw ${count} operation(s) for ${JSON.stringify(filter)}`);
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(workDir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

const resultOf = (workflowId: string): Promise<OperationResult> => env.client.workflow.getHandle(workflowId).result();

describe('linkedin-job-tracker against a Temporal server', () => {
  it('submit, then status and list find the operation', async () => {
    const [live, refused] = [uniqueJobId('cli-live'), uniqueJobId('cli-refused')];
    const file = writeJson('postings.json', { elements: [posting(live), posting(refused, { title: undefined })] });

    const outcomes = await cliJson<PostingOutcome[]>(['submit', file]);
    expect(outcomes).toEqual([
      expect.objectContaining({ index: 0, externalJobPostingId: live, outcome: 'TRACKED', started: true }),
      expect.objectContaining({ index: 1, externalJobPostingId: refused, outcome: 'SUBMISSION_REJECTED', httpStatus: 422 }),
    ]);
    const workflowId = (outcomes[0] as { workflowId: string }).workflowId;
    expect((await resultOf(workflowId)).outcome).toBe('SUCCEEDED');

    await untilListed({ externalJobPostingId: live }, 1);
    // Independent reads, run side by side to keep the file quick.
    const [state, readable, rows, table, running, byExternalId] = await Promise.all([
      cliJson<OperationState>(['status', workflowId]),
      cli(['status', workflowId]),
      cliJson<OperationRow[]>(['list', '--external-id', live]),
      cli(['list', '--external-id', live, '--outcome', 'SUCCEEDED']),
      cliJson<OperationRow[]>(['list', '--external-id', live, '--running']),
      cliJson<OperationState>(['status', '--external-id', live, '--operation', 'CREATE']),
    ]);

    expect(state).toMatchObject({ workflowId, status: 'COMPLETED', result: { outcome: 'SUCCEEDED', externalJobPostingId: live } });
    expect(readable.code).toBe(0);
    expect(readable.stdout).toMatch(/^outcome: +SUCCEEDED$/m);
    expect(readable.stdout).toMatch(/^ {2}urn:li:simpleJobPostingTask:\S+ +Berlin, Germany +SUCCEEDED +- +urn:li:jobPosting:\d+$/m);
    expect(rows).toEqual([
      expect.objectContaining({ workflowId, operation: 'CREATE', externalJobPostingId: live, outcome: 'SUCCEEDED', status: 'COMPLETED', categories: [] }),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^STARTED +STATUS +OPERATION +EXTERNAL ID +OUTCOME/);
    expect(table.stdout).toContain(workflowId);
    expect(running).toEqual([]);
    expect(byExternalId).toMatchObject({ workflowId });
  });

  it('resume --budget resumes every operation waiting on that budget in one command', async () => {
    const contract = `urn:li:contract:${uniqueJobId('c').replace(/\D/g, '')}`;
    const [a, b] = [uniqueJobId('cli-budget-a'), uniqueJobId('cli-budget-b')];
    linkedIn.sandbox.addRules([
      { externalJobPostingId: a, status: 'FAILED', errorRow: 48, times: 1 },
      { externalJobPostingId: b, status: 'FAILED', errorRow: 48, times: 1 },
    ]);
    const outcomes = await cliJson<PostingOutcome[]>(['submit', writeJson('budget.json', [posting(a, { contract }), posting(b, { contract })])]);
    const workflowIds = outcomes.map((o) => (o as { workflowId: string }).workflowId).sort();

    await untilListed({ waitingFor: `BUDGET:contract:${contract}` }, 2);
    const dryRun = await cliJson<{ signalled: string[] }>(['resume', '--budget', `contract:${contract}`, '--dry-run']);
    expect(dryRun.signalled.sort()).toEqual(workflowIds);
    const resumed = await cli(['resume', '--budget', `contract:${contract}`, '--reason', 'contract topped up']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/^2 operation\(s\) resumed:$/m);

    for (const workflowId of workflowIds) {
      const result = await resultOf(workflowId);
      expect(result.outcome).toBe('SUCCEEDED');
      expect(result.budget).toMatchObject({ decision: 'resumed', reason: 'contract topped up' });
    }
  });

  it('submit says where to resume when LinkedIn fails partway, having tracked what it answered', async () => {
    const prefix = uniqueJobId('cli-partway');
    linkedIn.sandbox.addRules([{ externalJobPostingId: `${prefix}-second-call`, status: 'SUCCEEDED', submissionStatus: 500, times: 1 }]);
    const elements = [
      posting(`${prefix}-accepted`),
      ...Array.from({ length: 99 }, (_, i) => posting(`${prefix}-refused-${i}`, { title: undefined })),
      posting(`${prefix}-second-call`),
    ];

    const run = await cli(['submit', writeJson('partway.json', elements)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/LinkedIn answered elements 0 to 99 before failing; they are tracked .*Resubmit only elements 100 and after\.\n$/);
    await untilListed({ externalJobPostingId: `${prefix}-accepted` }, 1);
  });

  it('reports an unknown workflow in one line, with exit code 1', async () => {
    const run = await cli(['status', 'linkedin-job/CREATE/nobody/0']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('linkedin-job-tracker: no workflow "linkedin-job/CREATE/nobody/0"\n');
  });

  it('refuses a visibility query the server cannot parse as bad input', async () => {
    const run = await cli(['list', '--query', 'LinkedInOutcome ==== "X"']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^linkedin-job-tracker: .*invalid query/i);
  });
});

// These runs are independent of each other: concurrent, to keep the file quick.
describe.concurrent('bad input', () => {
  it.for<[string[], RegExp]>([
    [['status'], /give a workflow id or --external-id/],
    [['status', 'some-id', '--external-id', 'req-1'], /not both/],
    [['list', '--outcome', 'NOPE'], /argument 'NOPE' is invalid/],
    [['list', '--since', 'yesterday'], /duration ago/],
    [['list', '--running', '--closed'], /exclude each other/],
    [['resume'], /name a workflow id, or select operations/],
    [['resume', 'some-id', '--budget', 'job:req-1'], /not both/],
    [['abandon', '--budget', 'wallet:42'], /<scope>:<key>/],
    [['submit', 'missing.json'], /missing\.json/],
  ])('%j exits 2 with a message', async ([args, message], { expect }) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('submit names the invalid element and sends nothing', async ({ expect }) => {
    const id = uniqueJobId('cli-invalid');
    const file = writeJson('invalid.json', [posting(id), { ...posting(uniqueJobId('cli-invalid')), jobPostingOperationType: 'PUBLISH' }]);
    const run = await cli(['submit', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/element 1: .*jobPostingOperationType/);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(linkedIn.sandbox.counters().postingsByExternalId[id]).toBeUndefined();
  });
});

describe.concurrent('an unreachable Temporal server', () => {
  it('ends with exit code 1 and a message naming the address, never hanging', async ({ expect }) => {
    const run = await cli(['list'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^linkedin-job-tracker: cannot reach Temporal at 127\.0\.0\.1:1 /);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('submit sends nothing to LinkedIn when Temporal cannot track it', async ({ expect }) => {
    const id = uniqueJobId('cli-unreachable');
    const run = await cli(['submit', writeJson('unreachable.json', [posting(id)])], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('127.0.0.1:1');
    expect(linkedIn.sandbox.counters().postingsByExternalId[id]).toBeUndefined();
  });
});

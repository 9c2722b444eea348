/**
 * The production worker's observability, end to end: the Runtime installed as `npm run worker` installs it
 * (Prometheus endpoint, structured logger), the production worker with its interceptors on the time-skipping
 * server, the LinkedIn sandbox. One operation that hits LinkedIn's catch-all error, is resubmitted once, fails
 * again and alerts; then the endpoint is scraped over HTTP and the captured log lines are read.
 *
 * Runtime.install works once per process and before any connection: vitest runs each test file in its own
 * process (pool: 'forks'), and beforeAll installs it before the test server starts.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/ports';
import { startTracking } from '../client';
import type { OperationResult } from '../workflows/definitions';
import { DEFAULT_LINKEDIN_CLIENT_CONFIG } from '../activities/linkedin/config';
import { createTrackingWorker } from '../worker/create-worker';
import { installWorkerRuntime } from '../worker/runtime';
import { withStatusCallMetrics } from '../worker/status-call-metrics';
import { startLinkedInSandbox, type LinkedInFixture } from './helpers/linkedin';
import { recordingNotifications } from './helpers/notifications';
import { posting, uniqueJobId } from './helpers/postings';
import { startTimeSkippingServer } from './helpers/temporal';
import { MINUTE, TEST_POLICY } from './helpers/workflow-harness';

const TASK_QUEUE = 'metrics-test';
const logLines: Record<string, unknown>[] = [];

let metricsUrl: string;
let env: TestWorkflowEnvironment;
let linkedIn: LinkedInFixture;
let worker: Worker;
let running: Promise<void>;
let jobId: string;
let result: OperationResult;


async function scrape(): Promise<string> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  return response.text();
}

/** Prometheus text format: `name{label="value",...} value`, or undefined when no such series is exported. */
function sample(exposition: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of exposition.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => present[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** Workflow metrics reach the exporter through the SDK's sinks, after the workflow task that emits them. */
async function scrapeUntil(ready: (exposition: string) => boolean): Promise<string> {
  let exposition = '';
  for (let attempt = 0; attempt < 100; attempt++) {
    exposition = await scrape();
    if (ready(exposition)) return exposition;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return exposition;
}

/** The SDK holds log lines back briefly (about 100 ms) to sort the workflow's, the activities' and the core's. */
async function loggedLine(matches: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown> | undefined> {
  for (let attempt = 0; attempt < 100 && !logLines.some(matches); attempt++) await new Promise((resolve) => setTimeout(resolve, 50));
  return logLines.find(matches);
}

beforeAll(async () => {
  const bindAddress = `127.0.0.1:${await freePort()}`;
  metricsUrl = `http://${bindAddress}/metrics`;
  installWorkerRuntime({ logLevel: 'DEBUG', logFormat: 'json', metricsBindAddress: bindAddress }, (line) => logLines.push(JSON.parse(line)));

  env = await startTimeSkippingServer();
  linkedIn = await startLinkedInSandbox({ processingMs: 24 * 60 * MINUTE });
  worker = await createTrackingWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: TASK_QUEUE,
    linkedIn: withStatusCallMetrics(linkedIn.linkedIn, Runtime.instance().metricMeter, DEFAULT_LINKEDIN_CLIENT_CONFIG),
    notifications: recordingNotifications().notifications,
    client: env.client,
  });
  running = worker.run();

  jobId = uniqueJobId('metrics');
  // LinkedIn's catch-all error (row 41) on every submission: one resubmission, then the TRANSIENT alert.
  linkedIn.sandbox.addRules([{ externalJobPostingId: jobId, status: 'FAILED', errorRow: 41, pollsUntilDone: 1 }]);
  const tracked = await startTracking(
    env.client,
    { operation: 'CREATE', externalJobPostingId: jobId, posting: posting(jobId) },
    { taskQueue: TASK_QUEUE, policy: { ...TEST_POLICY, maxResubmissions: 1 } },
  );
  result = await tracked.handle.result();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await linkedIn?.close();
  await env?.teardown();
});

describe('Prometheus endpoint of the worker', () => {
  it("exports Temporal's own worker metrics", async () => {
    const exposition = await scrapeUntil((text) => sample(text, 'temporal_workflow_completed', { workflow_type: 'trackJobOperation' }) !== undefined);
    expect(sample(exposition, 'temporal_workflow_completed', { workflow_type: 'trackJobOperation', task_queue: TASK_QUEUE })).toBe(1);
    expect(sample(exposition, 'temporal_activity_execution_latency_count', { activity_type: 'checkTaskStatuses' })).toBeGreaterThan(0);
    expect(sample(exposition, 'temporal_worker_task_slots_available', { worker_type: 'ActivityWorker' })).toBeGreaterThan(0);
  });

  it('exports the product metrics: status calls, outcomes by category, resubmissions, alerts, quota used', async () => {
    expect(result.outcome).toBe('TRANSIENT');
    expect(result.attempts.map((attempt) => attempt.reason)).toEqual(['initial', 'transient-error']);
    const exposition = await scrapeUntil((text) => sample(text, 'linkedin_operations_completed') !== undefined);

    // One status call per submission, one URN each.
    expect(sample(exposition, 'linkedin_status_call_urns_count')).toBe(2);
    expect(sample(exposition, 'linkedin_status_call_urns_sum')).toBe(2);
    expect(sample(exposition, 'linkedin_status_call_urns_bucket', { le: '1' })).toBe(2);
    expect(sample(exposition, 'linkedin_status_calls_today')).toBe(2);

    const operation = { operation: 'CREATE', outcome: 'TRANSIENT', category: 'TRANSIENT' };
    expect(sample(exposition, 'linkedin_operations_completed', { ...operation, workflowType: 'trackJobOperation', taskQueue: TASK_QUEUE })).toBe(1);
    expect(sample(exposition, 'linkedin_tasks_completed', { operation: 'CREATE', outcome: 'FAILED', category: 'TRANSIENT' })).toBe(1);
    expect(sample(exposition, 'linkedin_resubmissions', { operation: 'CREATE', reason: 'transient-error' })).toBe(1);
    expect(sample(exposition, 'linkedin_alerts_sent', { category: 'TRANSIENT', delivered: 'log', activityType: 'raiseAlert' })).toBe(1);
  });
});

describe('log lines of the worker', () => {
  it('are JSON objects with the workflow and the job on workflow and activity lines', async () => {
    const completed = await loggedLine((line) => line.message === 'Workflow completed' && line.externalJobPostingId === jobId);
    expect(completed).toMatchObject({
      level: 'DEBUG',
      sdkComponent: 'worker',
      workflowType: 'trackJobOperation',
      taskQueue: TASK_QUEUE,
      operation: 'CREATE',
      workflowId: expect.stringContaining(jobId),
      runId: expect.any(String),
    });
    expect(Date.parse(completed!.time as string)).not.toBeNaN();

    const activity = await loggedLine((line) => line.message === 'Activity completed' && line.activityType === 'raiseAlert');
    expect(activity).toMatchObject({ sdkComponent: 'worker', externalJobPostingId: jobId, operation: 'CREATE', workflowId: completed!.workflowId });
  });

  it('never carry the LinkedIn client secret or an access token', () => {
    const everything = JSON.stringify(logLines);
    expect(logLines.length).toBeGreaterThan(0);
    expect(everything).not.toContain('sandbox-client-secret');
    expect(everything).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
});

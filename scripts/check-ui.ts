/**
 * `npm run check:ui`: is a tracked operation legible in the Temporal Web UI? Starts a private dev stack (free
 * ports, a throwaway database), runs a few demo operations, and checks in headless chromium that the list shows
 * the custom search attributes, and that an operation's page shows its summary, its current details (a line per
 * location, rendered), its search attributes and its named timers and activities, running and completed.
 * Screenshots go to .data/ui-check/. Exits 0 only if every check passed; leaves no process behind.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { statusQuery, type OperationResult, type OperationStatus } from '../workflows/definitions';
import { loadConfig } from '../worker/config';
import { DEMO_JOB_TITLE, DEMO_POLICY, findCases } from './demo/cases';
import { freePorts, isolatedStackEnv, startDevStackProcess } from './demo/dev-stack-process';
import { runDemo, type DemoOperation, type DemoSummary } from './demo/run-demo';
import { connectToStack } from './demo/stack';
import { assertChromiumInstalled, inUserMetadata, openTemporalUi, showsListItemWith, showsTableRowWith, showsText, type PageCheck, type TemporalUi } from './demo/temporal-ui';

const REPO_ROOT = path.resolve(__dirname, '..');
const OUTPUT_DIR = path.join(REPO_ROOT, '.data', 'ui-check');
const CASES = ['succeeded', 'partially-succeeded', 'transient-recovered', 'budget-exhausted', 'timed-out'];
/** Long enough for the running timed-out operation to be looked at while it polls, on a slow machine too. */
const LIVE_DEADLINE_MS = 30_000;

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Run in reverse on the way out, also on Ctrl-C: the stack has its own process group and would outlive us. */
const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => say(`cleanup: ${(err as Error).message}`));
  })();
  return cleaning;
}
// `on`, not `once`: tsx relays the terminal's SIGINT, so it arrives twice, and a second one must not kill us mid-cleanup.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (cleaning) return;
    say(`\n${signal}: stopping what check:ui started...`);
    void cleanUp().finally(() => process.exit(130));
  });
}

async function main(): Promise<number> {
  assertChromiumInstalled();
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'linkedin-job-tracker-ui-check-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  try {
    const ports = await freePorts();
    say(`starting a private dev stack (Temporal :${ports.temporal}, UI :${ports.ui}, sandbox :${ports.sandbox})...`);
    const stack = await startDevStackProcess({
      cwd: REPO_ROOT,
      env: isolatedStackEnv(ports, path.join(scratch, 'temporal.sqlite')),
      logFile: path.join(OUTPUT_DIR, 'dev-stack.log'),
    });
    cleanups.push(stack.stop);
    const config = loadConfig(stack.env);
    const running = await connectToStack(config, { workerWaitMs: 30_000 });
    cleanups.push(running.close);
    const ui = await openTemporalUi({
      uiUrl: stack.uiUrl,
      namespace: config.temporal.namespace,
      profileDir: path.join(scratch, 'chromium-profile'),
      screenshotDir: OUTPUT_DIR,
    });
    cleanups.push(ui.close);

    let announceStart: (operations: readonly DemoOperation[]) => void = () => undefined;
    const started = new Promise<readonly DemoOperation[]>((resolve) => (announceStart = resolve));
    say(`running ${CASES.length} demo operations: ${CASES.join(', ')}`);
    const demo = runDemo({
      client: running.client,
      sandboxUrl: running.sandboxUrl,
      taskQueue: config.temporal.taskQueue,
      temporalUiBaseUrl: ui.namespaceUrl,
      cases: findCases(CASES).map((c) => (c.name === 'timed-out' ? { ...c, policy: { ...c.policy, deadlineMs: LIVE_DEADLINE_MS } } : c)),
      onProgress: (event) => event.type === 'started' && announceStart(event.operations),
    });
    const operations = await Promise.race([
      started,
      demo.then(() => Promise.reject(new Error('the demo ended before its operations started'))),
    ]);

    const checks: PageCheck[] = [];
    checks.push(...(await checkRunningOperation(ui, running.client, find(operations, 'timed-out'))));
    const summary = await demo;
    checks.push(...(await checkCompletedOperations(ui, running.client, summary)));
    return report(summary, checks);
  } finally {
    await cleanUp();
  }
}

function find(operations: readonly DemoOperation[], name: string): DemoOperation {
  const operation = operations.find((o) => o.case === name);
  if (!operation) throw new Error(`the demo has no ${name} operation`);
  return operation;
}

function workflowPage(workflowId: string, runId: string, tab: string): string {
  return `/workflows/${encodeURIComponent(workflowId)}/${runId}/${tab}`;
}

async function waitForPolling(client: Client, workflowId: string): Promise<OperationStatus> {
  const handle = client.workflow.getHandle(workflowId);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const status = await handle.query(statusQuery);
    if (status.phase === 'POLLING' && status.tasks.length > 0) return status;
    if (Date.now() > deadline) throw new Error(`${workflowId} did not start polling (phase ${status.phase})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** While it polls LinkedIn: what it waits for, its task, and the status check retried as a pending activity. */
async function checkRunningOperation(ui: TemporalUi, client: Client, operation: DemoOperation): Promise<PageCheck[]> {
  const status = await waitForPolling(client, operation.workflowId);
  const { runId } = await client.workflow.getHandle(operation.workflowId).describe();
  return [
    await ui.check('running-operation-details', workflowPage(operation.workflowId, runId, 'user-metadata'), [
      inUserMetadata('summary', showsText(`${operation.operation} ${operation.externalJobPostingId}: ${DEMO_JOB_TITLE}`)),
      inUserMetadata('current-details', showsText('POLLING, waiting for every task to leave IN_PROGRESS')),
      inUserMetadata('current-details', showsListItemWith(status.tasks[0]!.taskUrn, 'not checked yet')),
    ]),
    await ui.check('running-operation-pending-activity', workflowPage(operation.workflowId, runId, 'pending-activities'), [
      showsText('checkTaskStatuses'),
      showsText('still IN_PROGRESS'),
    ]),
  ];
}

async function checkCompletedOperations(ui: TemporalUi, client: Client, summary: DemoSummary): Promise<PageCheck[]> {
  const checks: PageCheck[] = [];
  const listQuery = `LinkedInExternalJobId STARTS_WITH "demo-${summary.runId}"`;
  checks.push(
    await ui.check('workflows-list', `/workflows?query=${encodeURIComponent(listQuery)}`, [
      showsText('LinkedInOutcome'),
      showsText('LinkedInErrorCategory'),
      ...summary.operations.map((operation) => showsTableRowWith(operation.workflowId, operation.expectedOutcome)),
    ]),
  );

  const partial = find(summary.operations, 'partially-succeeded');
  const partialHandle = client.workflow.getHandle(partial.workflowId);
  const { runId } = await partialHandle.describe();
  const result: OperationResult = await partialHandle.result();
  checks.push(
    await ui.check('completed-operation-details', workflowPage(partial.workflowId, runId, 'user-metadata'), [
      inUserMetadata('summary', showsText(`${partial.operation} ${partial.externalJobPostingId}: ${DEMO_JOB_TITLE}`)),
      inUserMetadata('details', showsText(`Tasks: ${result.tasks.length} (submitted by this workflow)`)),
      inUserMetadata('current-details', showsText('Outcome: PARTIALLY_SUCCEEDED')),
      ...result.tasks.map((task) =>
        inUserMetadata(
          'current-details',
          showsListItemWith(task.taskUrn, task.location ?? '', task.failure ? `FAILED — ${task.failure.category}` : 'SUCCEEDED'),
        ),
      ),
    ]),
    await ui.check('completed-operation-search-attributes', workflowPage(partial.workflowId, runId, 'search-attributes'), [
      showsText(`"LinkedInExternalJobId": "${partial.externalJobPostingId}"`),
      showsText('"LinkedInOperation": "CREATE"'),
      showsText('"LinkedInOutcome": "PARTIALLY_SUCCEEDED"'),
      showsText('"INVALID_PAYLOAD"'),
      showsText(`"${result.tasks[0]!.jobPostingUrn}"`),
    ]),
  );

  const firstCheckTimer = `wait ${(DEMO_POLICY.firstCheckDelayMs ?? 0) / 1000} seconds before the first status check`;
  const transient = find(summary.operations, 'transient-recovered');
  const budget = find(summary.operations, 'budget-exhausted');
  for (const [name, operation, steps] of [
    ['resubmission-timeline', transient, ['submit the posting to LinkedIn', firstCheckTimer, 'check task status', "classify LinkedIn's error messages", 'wait before resubmission 1']],
    ['budget-wait-timeline', budget, ['report the spent budget for one alert per budget', 'wait for an operator: a budget top-up', 'notify the posting service']],
  ] as const) {
    const { runId: id } = await client.workflow.getHandle(operation.workflowId).describe();
    checks.push(await ui.check(name, workflowPage(operation.workflowId, id, 'timeline'), steps.map(showsText)));
  }
  return checks;
}

function report(summary: DemoSummary, checks: readonly PageCheck[]): number {
  const failedCases = summary.operations.filter((operation) => !operation.ok);
  for (const operation of failedCases) say(`✗ demo case ${operation.case}: ${operation.problem}`);
  say('');
  for (const check of checks) {
    say(`${check.missing.length === 0 ? '✓' : '✗'} ${check.name.padEnd(36)} ${path.relative(process.cwd(), check.screenshot)}`);
    for (const missing of check.missing) say(`    not visible: ${missing}`);
  }
  const failedChecks = checks.filter((check) => check.missing.length > 0);
  say('');
  if (failedCases.length === 0 && failedChecks.length === 0) {
    say(`UI check passed: ${checks.length} pages show what they should. Screenshots in ${path.relative(process.cwd(), OUTPUT_DIR)}/`);
    return 0;
  }
  say(`UI check failed: ${failedChecks.length} of ${checks.length} pages, ${failedCases.length} demo cases.`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`check:ui: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

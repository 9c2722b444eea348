/**
 * Records the histories that test/replay.test.ts replays: `npx tsx test/histories/record.ts`.
 * Re-record only when a workflow change is meant to be incompatible (then running workflows need a `patched()`
 * guard or a new workflow type instead); otherwise replaying these proves the change is safe.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startTracking } from '../../client';
import { abandonSignal, resumeSignal } from '../../workflows/definitions';
import { posting } from '../helpers/postings';
import { MINUTE, startWorkflowHarness, TEST_POLICY } from '../helpers/workflow-harness';

interface Scenario {
  name: string;
  run(harness: Awaited<ReturnType<typeof startWorkflowHarness>>): Promise<string>;
}

const scenarios: Scenario[] = [
  {
    name: 'succeeded-after-polls',
    async run(h) {
      h.linkedIn.sandbox.addRules([{ externalJobPostingId: 'replay-succeeded', status: 'SUCCEEDED', pollsUntilDone: 4 }]);
      return (await h.track({ operation: 'CREATE', externalJobPostingId: 'replay-succeeded', posting: posting('replay-succeeded') })).workflowId;
    },
  },
  {
    name: 'multi-location-partial',
    async run(h) {
      const id = 'replay-multi';
      h.linkedIn.sandbox.addRules([
        { externalJobPostingId: id, location: 'Paris, France', status: 'FAILED', errorRow: 21, pollsUntilDone: 1 },
        { externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 2 },
      ]);
      const element = posting(id, { alternateLocations: ['Paris, France'] });
      return (await h.track({ operation: 'CREATE', externalJobPostingId: id, posting: element })).workflowId;
    },
  },
  {
    name: 'transient-resubmitted',
    async run(h) {
      const id = 'replay-transient';
      h.linkedIn.sandbox.addRules([
        { externalJobPostingId: id, status: 'FAILED', errorRow: 41, pollsUntilDone: 1, times: 1 },
        { externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 },
      ]);
      return (await h.track({ operation: 'CREATE', externalJobPostingId: id, posting: posting(id) })).workflowId;
    },
  },
  {
    name: 'budget-resumed',
    async run(h) {
      const id = 'replay-budget';
      h.linkedIn.sandbox.addRules([
        { externalJobPostingId: id, status: 'FAILED', errorRow: 47, pollsUntilDone: 1, times: 1 },
        { externalJobPostingId: id, status: 'SUCCEEDED', pollsUntilDone: 1 },
      ]);
      const tracked = await startTracking(h.env.client, { operation: 'CREATE', externalJobPostingId: id, posting: posting(id) }, { taskQueue: h.taskQueue, policy: TEST_POLICY });
      await h.untilPhase(tracked.workflowId, 'WAITING_FOR_OPERATOR');
      await tracked.handle.signal(resumeSignal, { reason: 'topped up' });
      await tracked.handle.result();
      return tracked.workflowId;
    },
  },
  {
    name: 'budget-abandoned',
    async run(h) {
      const id = 'replay-budget-abandoned';
      h.linkedIn.sandbox.addRules([{ externalJobPostingId: id, status: 'FAILED', errorRow: 49, pollsUntilDone: 1 }]);
      const tracked = await startTracking(h.env.client, { operation: 'CREATE', externalJobPostingId: id, posting: posting(id) }, { taskQueue: h.taskQueue, policy: TEST_POLICY });
      await h.untilPhase(tracked.workflowId, 'WAITING_FOR_OPERATOR');
      await tracked.handle.signal(abandonSignal);
      await tracked.handle.result();
      return tracked.workflowId;
    },
  },
  {
    name: 'timed-out',
    async run(h) {
      h.linkedIn.sandbox.addRules([{ externalJobPostingId: 'replay-timeout', status: 'IN_PROGRESS' }]);
      const input = { operation: 'CREATE' as const, externalJobPostingId: 'replay-timeout', posting: posting('replay-timeout') };
      return (await h.track(input, { deadlineMs: 30 * MINUTE })).workflowId;
    },
  },
];

async function main(): Promise<void> {
  const harness = await startWorkflowHarness('replay-recording');
  try {
    for (const scenario of scenarios) {
      const workflowId = await scenario.run(harness);
      const history = await harness.env.client.workflow.getHandle(workflowId).fetchHistory();
      const file = path.join(__dirname, `${scenario.name}.json`);
      // protobufjs messages serialise themselves: bytes as base64, enums by name, 64-bit numbers as strings.
      writeFileSync(file, `${JSON.stringify(history, null, 1)}\n`);
      console.log(`${scenario.name}: ${history.events?.length} events -> ${path.relative(process.cwd(), file)}`);
    }
    // The budget alert workflows too: they run beside the operations.
    await harness.advance(TEST_POLICY.budgetAlertWindowMs);
    const alert = await harness.env.client.workflow.getHandle('budget-alert/job/replay-budget').fetchHistory();
    writeFileSync(path.join(__dirname, 'budget-alert.json'), `${JSON.stringify(alert, null, 1)}\n`);
    console.log(`budget-alert: ${alert.events?.length} events`);
  } finally {
    await harness.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

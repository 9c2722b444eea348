/**
 * Replays recorded histories (test/histories/*.json, made by test/histories/record.ts) against today's workflow
 * code: a change that would break running workflows (a command added, removed or reordered without a `patched()`
 * guard) fails here instead of in production.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorkflowBundle } from '../worker/workflow-bundle';

const HISTORIES = path.join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.json'));

describe('replay of recorded histories', () => {
  let workflowBundle: WorkflowBundleWithSourceMap;
  beforeAll(async () => {
    // The production bundle, workflow interceptors included.
    workflowBundle = await buildWorkflowBundle();
  });

  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8')));
    const workflowType = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
    await expect(
      Worker.runReplayHistory({ workflowBundle }, history, `replay-${file}`),
    ).resolves.toBeUndefined();
    expect(['trackJobOperation', 'budgetAlert']).toContain(workflowType);
  });
});

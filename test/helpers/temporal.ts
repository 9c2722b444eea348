/** Real Temporal servers for tests, from the project's pinned binaries (never the SDK's download). */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { resolveTemporalBinary, TEMPORAL_CLI, TEMPORAL_TEST_SERVER } from '../../scripts/temporal-binaries';
import { registerSearchAttributes } from '../../scripts/search-attributes';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes';

/** The time-skipping test server, with the project's search attributes registered as the dev stack does. */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const { path } = resolveTemporalBinary(TEMPORAL_TEST_SERVER);
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export function startDevServer(): Promise<TestWorkflowEnvironment> {
  const { path } = resolveTemporalBinary(TEMPORAL_CLI);
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path },
      searchAttributes: [...SEARCH_ATTRIBUTE_KEYS],
      extraArgs: ['--log-level', 'error'],
    },
  });
}

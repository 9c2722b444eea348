/**
 * `npm run sandbox`: the LinkedIn sandbox as a stand-alone process for local development.
 * Environment (read through the service's configuration module): SANDBOX_PORT (default 8787),
 * SANDBOX_PROCESSING_TIME (default 3m), SANDBOX_RULES_FILE (JSON), SANDBOX_STATE_FILE (default
 * .data/sandbox-state.json; empty keeps jobs and tasks in memory).
 */
import { loadRulesFile } from './rules-file';
import { startSandbox } from './server';
import { DEFAULT_CREDENTIALS } from './state';
import { loadConfig, loadDotEnv } from '../worker/config';

async function main(): Promise<void> {
  loadDotEnv();
  const { devStack } = loadConfig();
  const port = devStack.sandboxPort;
  const processingMs = devStack.sandboxProcessingMs;
  const rules = loadRulesFile(devStack.sandboxRulesFile);
  const stateFile = devStack.sandboxStateFile;
  const sandbox = await startSandbox({ port, processingMs, rules, stateFile });

  // The sandbox's credentials are fixed test values, not secrets: printing them is how developers find them.
  console.log(
    [
      `LinkedIn sandbox listening on ${sandbox.url}`,
      `  token URL      ${sandbox.url}/oauth/v2/accessToken`,
      `  client id      ${DEFAULT_CREDENTIALS.clientId}`,
      `  client secret  ${DEFAULT_CREDENTIALS.clientSecret}`,
      `  processing     ${processingMs} ms per task`,
      `  rules          ${rules.length}${devStack.sandboxRulesFile ? ` from ${devStack.sandboxRulesFile}` : ''}`,
      `  state          ${stateFile ?? 'in memory (SANDBOX_STATE_FILE is empty)'}`,
      `  admin          ${sandbox.url}/__sandbox/{rules,config,counters,reset}`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('sandbox did not close cleanly:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

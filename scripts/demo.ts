/**
 * `npm run demo [-- --json]`: with the dev stack running (`npm start`), tracks one job operation per outcome on
 * the LinkedIn sandbox at demo speed, shows the outcomes as they arrive, and ends with a table and a Temporal UI
 * link per operation. Exits 1 when a case misses its expected outcome or the stack is not running, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { TemporalUnreachableError } from '../client/connect';
import { ConfigError, loadConfig, loadDotEnv } from '../worker/config';
import { createProgressReporter } from './demo/progress';
import { renderSummary } from './demo/report';
import { runDemo, type DemoSummary } from './demo/run-demo';
import { SandboxUnreachableError, ShadowingRuleError } from './demo/sandbox-admin';
import { connectToStack, StackNotReadyError } from './demo/stack';

const USAGE = `usage: npm run demo [-- --json]

Tracks one job operation per outcome on the LinkedIn sandbox of the running dev stack (npm start).
  --json   print one JSON summary (counts per outcome, every operation) instead of progress and a table
`;

/** Errors that explain themselves; anything else is a bug and gets its stack. */
const EXPLAINED = [ConfigError, TemporalUnreachableError, SandboxUnreachableError, ShadowingRuleError, StackNotReadyError];

async function main(argv: string[]): Promise<number> {
  let json: boolean;
  try {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    json = values.json;
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }

  loadDotEnv();
  const config = loadConfig();
  // loadConfig derives it from TEMPORAL_UI_URL (with a default); only notification settings built by hand lack it.
  const temporalUiBaseUrl = config.notifications.temporalUiBaseUrl;
  if (!temporalUiBaseUrl) throw new ConfigError(['TEMPORAL_UI_URL: no Temporal UI configured for the links']);
  const stack = await connectToStack(config);
  const progress = json ? undefined : createProgressReporter(process.stdout, { tty: process.stdout.isTTY === true });
  let summary: DemoSummary;
  try {
    summary = await runDemo({
      client: stack.client,
      sandboxUrl: stack.sandboxUrl,
      taskQueue: config.temporal.taskQueue,
      temporalUiBaseUrl,
      onProgress: progress?.onProgress,
    });
  } finally {
    progress?.stop();
    await stack.close();
  }
  process.stdout.write(json ? `${JSON.stringify(summary, null, 2)}\n` : renderSummary(summary));
  return summary.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const explained = EXPLAINED.some((type) => err instanceof type);
    process.stderr.write(`demo: ${explained ? (err as Error).message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

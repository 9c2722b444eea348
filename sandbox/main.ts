/**
 * `npm run sandbox`: the LinkedIn sandbox as a stand-alone process for local development.
 * Environment: SANDBOX_PORT (default 8787), SANDBOX_PROCESSING_MS (default 180000), SANDBOX_RULES_FILE (JSON).
 */
import { readFileSync } from 'node:fs';
import { ZodError } from 'zod';
import { describeValidationError, parseRules } from './schemas';
import { startSandbox } from './server';
import { DEFAULT_CREDENTIALS, DEFAULT_KNOBS } from './state';
import type { PostingRule } from './types';

const DEFAULT_PORT = 8787;

function readNonNegativeInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function readRulesFile(path: string | undefined): PostingRule[] {
  if (!path) return [];
  try {
    return parseRules(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    const reason = error instanceof ZodError ? describeValidationError(error) : error instanceof Error ? error.message : String(error);
    throw new Error(`SANDBOX_RULES_FILE ${path} is not a valid rules file: ${reason}`);
  }
}

async function main(): Promise<void> {
  const port = readNonNegativeInteger('SANDBOX_PORT', DEFAULT_PORT);
  const processingMs = readNonNegativeInteger('SANDBOX_PROCESSING_MS', DEFAULT_KNOBS.processingMs);
  const rules = readRulesFile(process.env.SANDBOX_RULES_FILE);
  const sandbox = await startSandbox({ port, processingMs, rules });

  // The sandbox's credentials are fixed test values, not secrets: printing them is how developers find them.
  console.log(
    [
      `LinkedIn sandbox listening on ${sandbox.url}`,
      `  token URL      ${sandbox.url}/oauth/v2/accessToken`,
      `  client id      ${DEFAULT_CREDENTIALS.clientId}`,
      `  client secret  ${DEFAULT_CREDENTIALS.clientSecret}`,
      `  processing     ${processingMs} ms per task`,
      `  rules          ${rules.length}${process.env.SANDBOX_RULES_FILE ? ` from ${process.env.SANDBOX_RULES_FILE}` : ''}`,
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

/** `linkedin-job-tracker list`: tracked operations selected by outcome, category, what they wait for... */
import { InvalidArgumentError, type Command } from 'commander';
import { listOperations } from '../operations';
import { addFilterOptions, filterFromOptions, type FilterOptions } from './filter-options';
import { renderOperationRows } from './format';
import { withTemporal } from './session';
import { UsageError } from './usage-error';

interface ListOptions extends FilterOptions {
  running?: boolean;
  closed?: boolean;
  limit: number;
  json?: boolean;
}

const DEFAULT_LIMIT = 50;

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return parsed;
}

export function registerListCommand(program: Command): Command {
  const command = program
    .command('list')
    .description('list tracked operations, newest first')
    .option('--running', 'only running operations')
    .option('--closed', 'only closed operations')
    .option('--limit <n>', `at most this many (default ${DEFAULT_LIMIT})`, positiveInteger, DEFAULT_LIMIT)
    .option('--json', 'print the operations as a JSON array');
  return addFilterOptions(command)
    .addHelpText(
      'after',
      `
Filters combine (AND). The ready queries (\`queries\`) also work in the Temporal UI's search box.

Examples:
  $ linkedin-job-tracker list --running
  $ linkedin-job-tracker list --outcome INVALID_PAYLOAD --since 24h
  $ linkedin-job-tracker list --category DUPLICATE --operation CREATE --json
  $ linkedin-job-tracker list --budget contract:urn:li:contract:42
  $ linkedin-job-tracker list --query waiting-on-budget
  $ linkedin-job-tracker list --query 'LinkedInOutcome = "TIMED_OUT" AND LinkedInOperation = "RENEW"'`,
    )
    .action(async (options: ListOptions) => {
      if (options.running && options.closed) throw new UsageError('--running and --closed exclude each other');
      const { filter } = filterFromOptions(options);
      const running = options.running ? true : options.closed ? false : undefined;
      await withTemporal(async (client) => {
        const rows = await listOperations(client, { ...filter, ...(running === undefined ? {} : { running }), limit: options.limit });
        if (options.json) process.stdout.write(`${JSON.stringify(rows)}\n`);
        else process.stdout.write(rows.length > 0 ? renderOperationRows(rows) : 'no matching operations\n');
      });
    });
}

/** `linkedin-job-tracker queries`: the ready visibility queries, to paste into the Temporal UI's search box. */
import type { Command } from 'commander';
import { READY_QUERIES } from '../visibility';

export function registerQueriesCommand(program: Command): Command {
  return program
    .command('queries')
    .description("print the ready visibility queries (for `list --query <name>` or the Temporal UI's search box)")
    .option('--json', 'print { name: query } as one JSON object')
    .addHelpText(
      'after',
      `
Queries over "the last day" carry the time they were printed at: visibility queries have no relative time.

Examples:
  $ linkedin-job-tracker queries
  $ linkedin-job-tracker list --query failed-last-day`,
    )
    .action((options: { json?: boolean }) => {
      const now = new Date();
      const entries = Object.entries(READY_QUERIES).map(([name, ready]) => ({ name, description: ready.description, query: ready.query(now) }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(Object.fromEntries(entries.map((e) => [e.name, e.query])))}\n`);
        return;
      }
      process.stdout.write(entries.map((e) => `${e.name}: ${e.description}\n  ${e.query}\n`).join('\n'));
    });
}

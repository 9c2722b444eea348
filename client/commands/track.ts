/** `linkedin-job-tracker track <file>`: track every posting element of a JSON file (the workflows submit them). */
import type { Command } from 'commander';
import { loadConfig } from '../../worker/config';
import type { JobPostingElement } from '../../workflows/domain';
import type { JobOperationInput } from '../../workflows/input';
import { connectClient } from '../connect';
import { assertValidJobOperation, startTracking } from '../tracking';
import { readElementsFile } from './elements-file';
import { UsageError } from './usage-error';

export function registerTrackCommand(program: Command): Command {
  return program
    .command('track')
    .description('start one workflow per posting element of a JSON file; each workflow submits its own element to LinkedIn (one call each) and tracks it')
    .argument('<file>', 'JSON array of simpleJobPostings elements, or { "elements": [...] }')
    .option('--json', 'print the started workflows as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const config = loadConfig();
      const inputs: JobOperationInput[] = (readElementsFile(file) as JobPostingElement[]).map((posting) => ({
        operation: posting.jobPostingOperationType,
        externalJobPostingId: posting.externalJobPostingId,
        posting,
      }));
      // Every element is checked before any workflow starts: one bad element starts nothing.
      inputs.forEach((input, index) => {
        try {
          assertValidJobOperation(input);
        } catch (err) {
          throw new UsageError(`${file}: element ${index}: ${(err as Error).message}`);
        }
      });
      const client = await connectClient(config);
      try {
        const tracked = [];
        for (const input of inputs) {
          const { workflowId, started } = await startTracking(client, input, { taskQueue: config.temporal.taskQueue, policy: config.tracking });
          tracked.push({ workflowId, started, externalJobPostingId: input.externalJobPostingId, operation: input.operation });
        }
        if (options.json) {
          process.stdout.write(`${JSON.stringify(tracked)}\n`);
        } else {
          for (const t of tracked) {
            process.stdout.write(`${t.started ? 'tracking' : 'already tracked'}  ${t.workflowId}\n`);
          }
        }
      } finally {
        await client.connection.close();
      }
    });
}

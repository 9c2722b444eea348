/** `linkedin-job-tracker status`: one operation's phase, tasks and outcome. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { temporalUiLinks } from '../../activities/notifications/ui-links';
import { JOB_OPERATIONS, type JobOperation } from '../../workflows/domain';
import { getOperationStatus, type OperationLookup } from '../operations';
import { renderOperationState } from './format';
import { withTemporal } from './session';
import { UsageError } from './usage-error';

interface StatusOptions {
  externalId?: string;
  operation?: JobOperation;
  json?: boolean;
}

export function registerStatusCommand(program: Command): Command {
  return program
    .command('status')
    .description("show one operation: while it runs, its phase and what it waits for; once done, its outcome")
    .argument('[workflowId]', 'the workflow id, e.g. linkedin-job/CREATE/req-4711/07ae37ab-...')
    .option('--external-id <id>', "the most recent operation for this externalJobPostingId instead of a workflow id", (value: string) => {
      if (value.trim() === '') throw new InvalidArgumentError('must not be empty.');
      return value;
    })
    .addOption(new Option('--operation <operation>', 'with --external-id: only this kind of operation').choices([...JOB_OPERATIONS]))
    .option('--json', 'print the state as one JSON object')
    .addHelpText(
      'after',
      `
Examples:
  $ linkedin-job-tracker status 'linkedin-job/CREATE/req-4711/07ae37ab-2216-4d0f-97a0-53a516681c8f'
  $ linkedin-job-tracker status --external-id req-4711
  $ linkedin-job-tracker status --external-id req-4711 --operation UPDATE --json`,
    )
    .action(async (workflowId: string | undefined, options: StatusOptions) => {
      const lookup = lookupOf(workflowId, options);
      await withTemporal(async (client, config) => {
        const state = await getOperationStatus(client, lookup);
        const uiBaseUrl = config.notifications.temporalUiBaseUrl;
        const uiLink = uiBaseUrl ? temporalUiLinks(uiBaseUrl, [state.workflowId])[0] : undefined;
        process.stdout.write(options.json ? `${JSON.stringify(state)}\n` : renderOperationState(state, uiLink));
      });
    });
}

function lookupOf(workflowId: string | undefined, options: StatusOptions): OperationLookup {
  if (workflowId !== undefined && options.externalId !== undefined) throw new UsageError('give a workflow id or --external-id, not both');
  if (options.externalId !== undefined) {
    return { externalJobPostingId: options.externalId, ...(options.operation ? { operation: options.operation } : {}) };
  }
  if (options.operation) throw new UsageError('--operation needs --external-id');
  if (workflowId === undefined || workflowId.trim() === '') throw new UsageError('give a workflow id or --external-id <id>');
  return { workflowId };
}

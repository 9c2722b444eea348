/**
 * The shape shared by `resume`, `abandon` and `poll-now`: one workflow id, or a selection of running operations
 * (by budget, ready query, filters) signalled in one go, with `--dry-run` to see the selection first.
 */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { selectRunningOperations, type OperationTarget } from '../operator-actions';
import { addFilterOptions, filterFromOptions, type FilterOptions } from './filter-options';
import { withTemporal } from './session';
import { UsageError } from './usage-error';

export interface OperatorCommand {
  name: string;
  description: string;
  /** Past tense for the report: "resumed 2 operations". */
  done: string;
  /** Whether the command takes `--reason` (kept in the operation's result). */
  takesReason: boolean;
  /** Whether a selection only covers operations waiting for an operator (as the API's filter does). */
  awaitingOperatorOnly: boolean;
  examples: string;
  act(client: Client, target: OperationTarget, reason: string | undefined): Promise<string[]>;
}

interface OperatorOptions extends FilterOptions {
  reason?: string;
  dryRun?: boolean;
  json?: boolean;
}

export function registerOperatorCommand(program: Command, spec: OperatorCommand): Command {
  let command = program
    .command(spec.name)
    .description(spec.description)
    .argument('[workflowId]', 'one workflow id; or select operations with the options below');
  if (spec.takesReason) command = command.option('--reason <text>', 'who or why, kept in the operation\'s result');
  command = command.option('--dry-run', 'list the selected operations without signalling them').option('--json', 'print { "signalled": [workflow ids] }');
  return addFilterOptions(command)
    .addHelpText('after', `\nA selection only covers running operations${spec.awaitingOperatorOnly ? ' waiting for an operator' : ''}.\n\nExamples:\n${spec.examples}`)
    .action(async (workflowId: string | undefined, options: OperatorOptions) => {
      const { filter, hasSelection } = filterFromOptions(options);
      if (workflowId !== undefined && hasSelection) throw new UsageError('give a workflow id or selection options, not both');
      if (workflowId === undefined && !hasSelection) {
        throw new UsageError(`name a workflow id, or select operations with --budget, --query, --external-id... (see ${spec.name} --help)`);
      }
      const target: OperationTarget = workflowId ?? filter;
      await withTemporal(async (client) => {
        if (options.dryRun) {
          const selected =
            typeof target === 'string' ? [target] : await selectRunningOperations(client, target, spec.awaitingOperatorOnly ? { awaitingOperator: true } : {});
          report(selected, `would be ${spec.done}`, options.json);
          return;
        }
        report(await spec.act(client, target, options.reason), spec.done, options.json);
      });
    });
}

function report(workflowIds: readonly string[], what: string, json: boolean | undefined): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ signalled: workflowIds })}\n`);
    return;
  }
  if (workflowIds.length === 0) {
    process.stdout.write(`no running operation matches; none ${what}\n`);
    return;
  }
  process.stdout.write(`${workflowIds.length} operation(s) ${what}:\n${workflowIds.map((id) => `  ${id}\n`).join('')}`);
}

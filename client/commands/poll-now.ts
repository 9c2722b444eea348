/** `linkedin-job-tracker poll-now`: check task status now instead of at the next scheduled check. */
import type { Command } from 'commander';
import { pollNowOperations } from '../operator-actions';
import { registerOperatorCommand } from './operator-command';

export function registerPollNowCommand(program: Command): Command {
  return registerOperatorCommand(program, {
    name: 'poll-now',
    description: "check LinkedIn's task status now instead of at the next scheduled check (also ends the first five-minute wait)",
    done: 'asked to check now',
    takesReason: false,
    awaitingOperatorOnly: false,
    examples: [
      "  $ linkedin-job-tracker poll-now 'linkedin-job/CREATE/req-4711/07ae37ab-2216-4d0f-97a0-53a516681c8f'",
      '  $ linkedin-job-tracker poll-now --external-id req-4711',
      '  $ linkedin-job-tracker poll-now --operation CREATE --since 1h',
    ].join('\n'),
    act: (client, target) => pollNowOperations(client, target),
  });
}

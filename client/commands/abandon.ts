/** `linkedin-job-tracker abandon`: stop operations waiting for an operator, with the outcome as it stands. */
import type { Command } from 'commander';
import { abandonOperations } from '../operator-actions';
import { registerOperatorCommand } from './operator-command';

export function registerAbandonCommand(program: Command): Command {
  return registerOperatorCommand(program, {
    name: 'abandon',
    description: 'stop operations waiting for an operator (on a budget or the credentials); they end with the outcome as it stands',
    done: 'abandoned',
    takesReason: true,
    awaitingOperatorOnly: true,
    examples: [
      "  $ linkedin-job-tracker abandon --budget job:req-4711 --reason 'role cancelled'",
      "  $ linkedin-job-tracker abandon 'linkedin-job/CREATE/req-4711/07ae37ab-2216-4d0f-97a0-53a516681c8f'",
    ].join('\n'),
    act: (client, target, reason) => abandonOperations(client, target, reason ? { reason } : {}),
  });
}

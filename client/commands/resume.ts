/** `linkedin-job-tracker resume`: resubmit operations waiting on a spent budget, or retry after fixed credentials. */
import type { Command } from 'commander';
import { resumeOperations } from '../operator-actions';
import { registerOperatorCommand } from './operator-command';

export function registerResumeCommand(program: Command): Command {
  return registerOperatorCommand(program, {
    name: 'resume',
    description: 'resume operations waiting for an operator: resubmit after a budget top-up, or check again after fixing the credentials',
    done: 'resumed',
    takesReason: true,
    awaitingOperatorOnly: true,
    examples: [
      "  $ linkedin-job-tracker resume --budget contract:urn:li:contract:42 --reason 'contract topped up'",
      '  $ linkedin-job-tracker resume --query waiting-on-credentials',
      "  $ linkedin-job-tracker resume 'linkedin-job/CREATE/req-4711/07ae37ab-2216-4d0f-97a0-53a516681c8f'",
      '  $ linkedin-job-tracker resume --query waiting-on-budget --dry-run',
    ].join('\n'),
    act: (client, target, reason) => resumeOperations(client, target, reason ? { reason } : {}),
  });
}

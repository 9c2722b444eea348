/** The "current details" markdown the Temporal UI shows for a running operation. */
import type { OperationStatus } from './definitions';

export function renderCurrentDetails(status: OperationStatus): string {
  const lines = [
    `**${status.operation}** of \`${status.externalJobPostingId}\`: ${status.phase}` +
      (status.waitingFor ? `, waiting for ${status.waitingFor}` : '') +
      ` (since ${status.since})`,
  ];
  if (status.result) lines.push('', `Outcome: **${status.result.outcome}**`);
  if (status.tasks.length > 0) {
    lines.push('', '| task | location | status | outcome |', '| --- | --- | --- | --- |');
    for (const task of status.tasks) {
      const outcome = task.failure ? `${task.outcome} (${task.failure.category})` : (task.outcome ?? '');
      lines.push(`| ${task.taskUrn} | ${task.location ?? ''} | ${task.status ?? 'not checked yet'} | ${outcome} |`);
    }
  }
  return lines.join('\n');
}

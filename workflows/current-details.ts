/** The "current details" markdown the Temporal UI shows for an operation, one line per location. */
import type { OperationStatus } from './definitions';
import type { TaskResult } from './outcome';

export function renderCurrentDetails(status: OperationStatus): string {
  const lines = [
    `**${status.operation}** of \`${status.externalJobPostingId}\`: ${status.phase}` +
      (status.waitingFor ? `, waiting for ${status.waitingFor}` : '') +
      ` (since ${status.since})`,
  ];
  if (status.result) lines.push('', `Outcome: **${status.result.outcome}**`);
  if (status.attempts.length > 1) lines.push('', `Submissions: ${status.attempts.length}`);
  const tasks = status.tasks.filter(Boolean);
  if (tasks.length > 0) lines.push('', ...tasks.map(describeTask));
  return lines.join('\n');
}

function describeTask(task: TaskResult): string {
  const where = task.location ?? 'task';
  const state = task.failure
    ? `${task.outcome} — ${task.failure.category}${task.failure.fields.length ? ` (${task.failure.fields.join(', ')})` : ''}`
    : (task.outcome ?? task.status ?? 'not checked yet');
  const job = task.jobPostingUrn ? ` — ${task.jobPostingUrn}` : '';
  return `- **${where}**: ${state}${job} · \`${task.taskUrn}\``;
}

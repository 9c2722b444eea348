/** Plain-text rendering of operations for people at a terminal (`--json` prints the data itself). */
import type { OperationRow, OperationState } from '../operations';
import type { TaskResult } from '../../workflows/outcome';

/** Second precision in UTC: enough to tell operations apart, short enough for a table. */
export function formatTime(date: Date | null | undefined): string {
  return date ? `${date.toISOString().slice(0, 19)}Z` : '-';
}

/** Left-aligned columns two spaces apart; the last column is never padded. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((text) => `${text}\n`).join('');
}

export function renderOperationRows(rows: readonly OperationRow[]): string {
  return renderTable(
    ['STARTED', 'STATUS', 'OPERATION', 'EXTERNAL ID', 'OUTCOME', 'CATEGORIES', 'WAITING FOR', 'WORKFLOW ID'],
    rows.map((row) => [
      formatTime(row.startTime),
      row.status,
      row.operation ?? '-',
      row.externalJobPostingId ?? '-',
      row.outcome ?? '-',
      row.categories.length > 0 ? row.categories.join(',') : '-',
      row.waitingFor ?? '-',
      row.workflowId,
    ]),
  );
}

function renderTasks(tasks: readonly TaskResult[]): string[] {
  if (tasks.length === 0) return [];
  const rows = tasks.map((task) => [
    task.taskUrn,
    task.location ?? '-',
    task.outcome ?? task.status ?? 'not checked yet',
    task.failure ? `${task.failure.category}${task.failure.row ? ` (row ${task.failure.row})` : ''}` : '-',
    task.jobPostingUrn ?? (task.errorMessage ? task.errorMessage.replace(/\s+/g, ' ').trim() : '-'),
  ]);
  return ['tasks:', ...renderTable(['TASK', 'LOCATION', 'STATUS', 'CATEGORY', 'JOB POSTING / MESSAGE'], rows).trimEnd().split('\n').map((l) => `  ${l}`)];
}

export function renderOperationState(state: OperationState, uiLink: string | undefined): string {
  const progress = state.progress;
  const result = state.result;
  const fields: [string, string | undefined][] = [
    ['workflow', state.workflowId],
    ['operation', `${result?.operation ?? progress?.operation ?? '-'} ${result?.externalJobPostingId ?? progress?.externalJobPostingId ?? ''}`.trim()],
    ['status', state.status],
    ['started', formatTime(state.startTime)],
    ['closed', state.closeTime ? formatTime(state.closeTime) : undefined],
    ['phase', progress ? `${progress.phase} since ${progress.since}` : undefined],
    ['waiting for', progress?.waitingFor ?? undefined],
    ['submitted', result?.submittedAt ?? progress?.submittedAt],
    ['deadline', progress?.deadline],
    ['outcome', result?.outcome],
    ['rejection', result?.rejection ? `HTTP ${result.rejection.httpStatus}: ${result.rejection.message}` : undefined],
    ['uncertain', result?.uncertainSubmission?.message],
    ['budget', result?.budget ? `${result.budget.scope} ${result.budget.key}: ${result.budget.decision}${result.budget.reason ? ` (${result.budget.reason})` : ''}` : undefined],
    ['attempts', String((result ?? progress)?.attempts.length ?? 0)],
    ['note', state.progressUnavailable ?? state.failure],
    ['UI', uiLink],
  ];
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined);
  const width = Math.max(...shown.map(([label]) => label.length)) + 2;
  const lines = shown.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  return [...lines, ...renderTasks(result?.tasks ?? progress?.tasks ?? [])].map((l) => `${l}\n`).join('');
}

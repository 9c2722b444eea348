/** The demo's closing report: a table of outcomes, a Temporal UI link per operation, and the verdict. */
import type { DemoSummary } from './run-demo';

/** Left-aligned columns two spaces apart; the last column is never padded. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  return [header, ...rows].map((cells) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function renderSummary(summary: DemoSummary): string {
  const { operations } = summary;
  const lines = [
    '',
    ...table(
      ['CASE', 'OUTCOME', 'CATEGORY', 'CHECK', 'WORKFLOW ID'],
      operations.map((operation) => [
        operation.case,
        operation.outcome ?? '-',
        operation.categories.length > 0 ? operation.categories.join(',') : '-',
        operation.ok ? '✓' : '✗',
        operation.workflowId,
      ]),
    ),
    '',
    'In the Temporal UI:',
    ...table(
      ['CASE', 'URL'],
      operations.map((operation) => [operation.case, operation.uiUrl]),
    )
      .slice(1)
      .map((line) => `  ${line}`),
    '',
    `Outcomes: ${Object.entries(summary.counts)
      .map(([outcome, count]) => `${outcome} ${count}`)
      .join(', ')}`,
  ];
  const failed = operations.filter((operation) => !operation.ok);
  if (failed.length === 0) {
    lines.push(`All ${operations.length} cases reached their expected outcome in ${(summary.durationMs / 1000).toFixed(1)}s.`);
  } else {
    lines.push(`${failed.length} of ${operations.length} cases did not reach their expected outcome:`);
    for (const operation of failed) lines.push(`  ${operation.case}: ${operation.problem}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Progress of a demo run for a person watching: on a terminal, a block of counts per outcome rewritten in place;
 * elsewhere (a pipe, a CI log), one line per operation that finishes.
 */
import type { OperationOutcome } from '../../workflows/domain';
import type { DemoEvent, DemoOperation } from './run-demo';

export interface ProgressOutput {
  write(text: string): unknown;
}

export interface ProgressReporter {
  onProgress(event: DemoEvent): void;
  /** Draws the last state and stops the clock; call once the run is over. */
  stop(): void;
}

const CURSOR_UP = (lines: number) => `\x1b[${lines}A`;
const CLEAR_TO_END = '\x1b[0J';

export function createProgressReporter(out: ProgressOutput, { tty }: { tty: boolean }): ProgressReporter {
  let runId = '';
  let operations: readonly DemoOperation[] = [];
  let startedAtMs = Date.now();
  let drawnLines = 0;
  let clock: NodeJS.Timeout | undefined;

  const finished = () => operations.filter((operation) => operation.outcome !== null || operation.problem !== undefined);
  const seconds = () => `${((Date.now() - startedAtMs) / 1000).toFixed(1)}s`;

  const draw = () => {
    const lines = renderCounts(runId, operations, seconds());
    out.write(`${drawnLines > 0 ? `${CURSOR_UP(drawnLines)}\r${CLEAR_TO_END}` : ''}${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };

  return {
    onProgress(event) {
      if (event.type === 'started') {
        runId = event.runId;
        operations = event.operations;
        startedAtMs = Date.now();
        if (tty) {
          draw();
          // The elapsed time keeps moving while operations wait on LinkedIn.
          clock = setInterval(draw, 1_000);
          clock.unref();
        } else {
          out.write(`demo ${runId}: started ${operations.length} operations\n`);
        }
        return;
      }
      if (tty) return draw();
      const { operation } = event;
      const verdict = operation.ok ? 'as expected' : `NOT AS EXPECTED: ${operation.problem}`;
      out.write(
        `${seconds().padStart(7)}  ${operation.case.padEnd(22)} ${(operation.outcome ?? '-').padEnd(22)} ${verdict}` +
          `  (${finished().length}/${operations.length} finished)\n`,
      );
    },
    stop() {
      clearInterval(clock);
      if (tty && operations.length > 0) draw();
    },
  };
}

/** One line per outcome the run expects (and any it did not), with how many operations reached it so far. */
export function renderCounts(runId: string, operations: readonly DemoOperation[], elapsed: string): string[] {
  const expected = new Map<OperationOutcome, number>();
  for (const operation of operations) expected.set(operation.expectedOutcome, (expected.get(operation.expectedOutcome) ?? 0) + 1);
  const reached = new Map<OperationOutcome, number>();
  for (const { outcome } of operations) if (outcome) reached.set(outcome, (reached.get(outcome) ?? 0) + 1);
  const outcomes = [...new Set([...expected.keys(), ...reached.keys()])];
  const done = operations.filter((operation) => operation.outcome !== null || operation.problem !== undefined).length;

  const lines = [`demo ${runId}: ${done}/${operations.length} operations finished, ${operations.length - done} running  ${elapsed}`];
  for (const outcome of outcomes) {
    const want = expected.get(outcome) ?? 0;
    const got = reached.get(outcome) ?? 0;
    const mark = got === want ? '✓' : got > want ? '✗ more than expected' : '';
    lines.push(`  ${outcome.padEnd(22)} ${`${got}/${want}`.padStart(5)}  ${mark}`.trimEnd());
  }
  return lines;
}

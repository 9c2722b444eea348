import type { Command } from 'commander';
import { classifyErrorMessage, type Classification } from '../../activities/classification';

/** `-` stands for standard input, so that multi-line messages can be piped in without shell quoting. */
const STDIN_ARGUMENT = '-';

export function registerClassifyCommand(program: Command): Command {
  return program
    .command('classify')
    .description("classify a LinkedIn task errorMessage against LinkedIn's 54-row error table")
    .argument('<message>', `the errorMessage of a FAILED task, or "${STDIN_ARGUMENT}" to read it from stdin`)
    .option('--json', 'print the classification as one JSON object')
    .action(async (argument: string, options: { json?: boolean }, command: Command) => {
      const message = argument === STDIN_ARGUMENT ? withoutFinalNewline(await readAll(process.stdin)) : argument;
      if (message.trim() === '') {
        command.error(
          argument === STDIN_ARGUMENT
            ? 'error: no message on stdin'
            : 'error: the message is empty',
          { exitCode: 2, code: 'linkedin-job-tracker.emptyMessage' },
        );
      }
      const classification = classifyErrorMessage(message);
      process.stdout.write(options.json === true ? `${JSON.stringify(classification)}\n` : formatClassification(classification));
    });
}

export function formatClassification(classification: Classification): string {
  const shown = (value: string | number | null): string => (value === null ? '-' : String(value));
  const lines: [string, string][] = [
    ['category', classification.category],
    ['row', shown(classification.row)],
    ['fields', classification.fields.length === 0 ? '-' : classification.fields.join(', ')],
    ['scope', shown(classification.scope)],
    ['reference code', shown(classification.referenceCode)],
    ['action', classification.action],
    ['description', shown(classification.description)],
    ['resolution', shown(classification.resolution)],
    ['LinkedIn job id', shown(classification.linkedInJobId)],
    ['duplicate job URL', shown(classification.duplicateJobUrl)],
    ['partner job code', shown(classification.partnerJobCode)],
    ['message', JSON.stringify(classification.message)],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 1;
  return lines.map(([label, value]) => `${`${label}:`.padEnd(width + 1)}${value}\n`).join('');
}

/** Shells add a newline after `echo`; it is not part of LinkedIn's message. */
function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

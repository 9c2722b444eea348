import { Command, CommanderError } from 'commander';
import { registerClassifyCommand } from './commands/classify';
import { registerAbandonCommand } from './commands/abandon';
import { registerListCommand } from './commands/list';
import { registerPollNowCommand } from './commands/poll-now';
import { registerQueriesCommand } from './commands/queries';
import { registerResumeCommand } from './commands/resume';
import { registerStatusCommand } from './commands/status';
import { registerSubmitCommand } from './commands/submit';
import { registerTrackCommand } from './commands/track';
import { UsageError } from './commands/usage-error';
import { ConfigError, loadDotEnv } from '../worker/config';

/** Shell convention for "you called me wrong", distinct from a command that ran and failed (1). */
const EXIT_USAGE = 2;

export function buildProgram(): Command {
  // exitOverride before any command is added: subcommands inherit it, so every usage error reaches main().
  const program = new Command()
    .name('linkedin-job-tracker')
    .description('Track LinkedIn job posting operations to a terminal, classified outcome.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerSubmitCommand(program);
  registerTrackCommand(program);
  registerStatusCommand(program);
  registerListCommand(program);
  registerResumeCommand(program);
  registerAbandonCommand(program);
  registerPollNowCommand(program);
  registerQueriesCommand(program);
  registerClassifyCommand(program);
  return program;
}

async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message; --help and --version end here with exit code 0.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    process.stderr.write(`linkedin-job-tracker: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof UsageError ? EXIT_USAGE : 1;
  }
}

if (require.main === module) {
  // `linkedin-job-tracker list | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  try {
    loadDotEnv();
  } catch (err) {
    process.stderr.write(`linkedin-job-tracker: .env: ${(err as Error).message}\n`);
  }
  void main(process.argv);
}

import { Command, CommanderError } from 'commander';
import { registerClassifyCommand } from './commands/classify';
import { registerTrackCommand } from './commands/track';
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
  registerClassifyCommand(program);
  registerTrackCommand(program);
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
    process.exitCode = 1;
  }
}

if (require.main === module) {
  try {
    loadDotEnv();
  } catch (err) {
    process.stderr.write(`linkedin-job-tracker: .env: ${(err as Error).message}\n`);
  }
  void main(process.argv);
}

/**
 * `naba …`: the command line. Each command lives in its own file under `commands/` and only parses
 * arguments, calls the library and prints; the work itself is in the pipeline folders.
 */
import { Command } from 'commander';
import { commandsFor } from './commands/index.ts';

const program = new Command()
  .name('naba')
  .description('نبأ: an Arabic-first news aggregation engine')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

for (const load of commandsFor(process.argv.slice(2))) (await load()).register(program);

// `naba … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // One line naming the cause; stack traces only when asked for.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`naba: ${message}\n`);
  if (process.env.NABA_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
}

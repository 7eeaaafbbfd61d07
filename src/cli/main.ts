import { Command, CommanderError } from 'commander';
import { PIPYC_VERSION } from '../version.js';
import { compileCommand } from './commands/compile.js';
import type { CommandContext } from './commands/context.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { learnCommand } from './commands/learn.js';
import { publishCommand } from './commands/publish.js';
import { resolveCommand } from './commands/resolve.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';
import { verifyCommand } from './commands/verify.js';
import { defaultIo, EXIT, type Io } from './io.js';

export { EXIT } from './io.js';

/** Runs the CLI and resolves to its exit code; never throws and never prints a stack trace. */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('pipyc')
    .description(
      'Compile a service-mesh sidecar spec (JSON or YAML), or osm-edge mesh objects, into PipyJS codebases for Pipy.',
    )
    .version(PIPYC_VERSION, '-V, --version')
    .exitOverride()
    // Every message starts 'pipyc:', commander's own ('error: unknown option ...') too.
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (text, write) => write(text.replace(/^error: /, 'pipyc: ')),
    })
    .showHelpAfterError('(run pipyc --help for usage)');
  const context: CommandContext = { program, io, exit: (code) => void (exitCode = code) };
  for (const register of [
    compileCommand,
    validateCommand,
    explainCommand,
    diffCommand,
    learnCommand,
    verifyCommand,
    resolveCommand,
    publishCommand,
    schemaCommand,
  ])
    register(context);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help'
        ? EXIT.ok
        : EXIT.usage;
    }
    io.err(`pipyc: internal error (please report): ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.invalid;
  }
}

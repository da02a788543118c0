/**
 * Operator CLI: `npm run -s cli -- <command> [--flags]`. Prints one JSON document on stdout;
 * problems go to stderr with a non-zero exit. Uses DATABASE_URL, or the embedded database of
 * `npm start` (joined if the service is running, started for the command otherwise).
 */
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { DatabaseLocation, locateDatabase } from '../database/database-location';
import { revertAllMigrations, runMigrations } from '../database/migrations';
import { CliUsageError, parseArgs, ParsedArgs } from './cli-args';
import { COMMANDS } from './commands';

export interface CliContext {
  args: ParsedArgs;
  database: DatabaseLocation;
}

export type CliCommand = { usage: string; run: (context: CliContext) => Promise<unknown> };

const BUILT_IN: Record<string, CliCommand> = {
  'migration:run': { usage: 'migration:run', run: async ({ database }) => ({ applied: await runMigrations(database.ownerUrl) }) },
  'migration:revert': { usage: 'migration:revert --all', run: revertCommand },
};

async function revertCommand({ args, database }: CliContext) {
  if (args.flags.all !== true) throw new CliUsageError('migration:revert removes the whole schema and all data; confirm with --all');
  return { reverted: await revertAllMigrations(database.ownerUrl) };
}

function usage(commands: Record<string, CliCommand>): string {
  return `Usage: npm run -s cli -- <command> [flags]\nCommands:\n${Object.values(commands)
    .map((command) => `  ${command.usage}`)
    .join('\n')}`;
}

async function main(): Promise<number> {
  const commands = { ...BUILT_IN, ...COMMANDS };
  const args = parseArgs(process.argv.slice(2));
  const command = args.command ? commands[args.command] : undefined;
  if (!command) throw new CliUsageError(args.command ? `Unknown command "${args.command}".\n${usage(commands)}` : usage(commands));
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const database = await locateDatabase(config, 'join');
  try {
    if (config.runMigrations && !args.command!.startsWith('migration:')) await runMigrations(database.ownerUrl);
    const result = await command.run({ args, database });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${JSON.stringify({ error: message })}\n`);
    process.exit(error instanceof CliUsageError ? 2 : 1);
  });

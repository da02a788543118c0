/**
 * Operator CLI: `npm run -s cli -- <command> [--flags]`. Prints one JSON document on stdout;
 * problems go to stderr with a non-zero exit. Uses DATABASE_URL, or the embedded database of
 * `npm start` (joined if the service is running, started for the command otherwise).
 */
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { DatabaseLocation, locateDatabase } from '../database/database-location';
import { revertAllMigrations, runMigrations } from '../database/migrations';
import { withClient } from '../database/with-client';
import { CliUsageError, parseArgs, ParsedArgs } from './cli-args';
import { COMMANDS } from './commands';

export interface CliContext {
  args: ParsedArgs;
  database: DatabaseLocation;
}

export type CliCommand = {
  usage: string;
  run: (context: CliContext) => Promise<unknown>;
  /** Works on an empty database (a restore), which it may create under a new DATA_DIR; every other command needs a register. */
  fillsEmptyDatabase?: boolean;
  /** Reads configuration only; touches no database. */
  withoutDatabase?: boolean;
};

const NO_DATABASE: DatabaseLocation = {
  appUrl: '',
  ownerUrl: '',
  embedded: false,
  close: async () => undefined,
};

const BUILT_IN: Record<string, CliCommand> = {
  'migration:run': { usage: 'migration:run', run: async ({ database }) => ({ applied: await runMigrations(database.ownerUrl) }) },
  'migration:revert': { usage: 'migration:revert --all', run: revertCommand },
};

async function revertCommand({ args, database }: CliContext) {
  if (args.flags.all !== true) throw new CliUsageError('migration:revert removes the whole schema and all data; confirm with --all');
  return { reverted: await revertAllMigrations(database.ownerUrl) };
}

/** Problems from the services are problem+json exceptions; print their human-readable part. */
function describeError(error: unknown): string {
  const response = (error as { getResponse?: () => unknown }).getResponse?.();
  if (response && typeof response === 'object' && 'detail' in response) {
    const problem = response as { detail?: string; errors?: { pointer: string; detail: string }[] };
    return [problem.detail, ...(problem.errors ?? []).map((e) => `${e.pointer}: ${e.detail}`)].filter(Boolean).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}

function usage(commands: Record<string, CliCommand>): string {
  return `Usage: npm run -s cli -- <command> [flags]\nCommands:\n${Object.values(commands)
    .map((command) => `  ${command.usage}`)
    .join('\n')}`;
}

/** Operator commands act on an existing register only: an empty database is a wrong DATABASE_URL, not one to set up. */
async function requireRegister(ownerUrl: string): Promise<void> {
  const { rows } = await withClient(ownerUrl, (client) =>
    client.query<{ applied: boolean }>(
      `SELECT to_regclass('schema_migrations') IS NOT NULL AND EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'episodes') AS applied`,
    ),
  );
  if (!rows[0].applied)
    throw new Error(
      'The database holds no register (no migrations applied). Check DATABASE_URL or DATA_DIR; create a register with npm start or migration:run.',
    );
}

/** Runs one command; returns the exit code. Exported for tests, which call it in-process. */
export async function runCli(argv: string[], out: { stdout: (text: string) => void; stderr: (text: string) => void }): Promise<number> {
  try {
    const result = await runCommand(argv);
    out.stdout(`${JSON.stringify(result.output, null, 2)}\n`);
    return result.code;
  } catch (error) {
    out.stderr(`${JSON.stringify({ error: describeError(error) })}\n`);
    return error instanceof CliUsageError ? 2 : 1;
  }
}

async function runCommand(argv: string[]): Promise<{ output: unknown; code: number }> {
  const commands = { ...BUILT_IN, ...COMMANDS };
  const args = parseArgs(argv);
  const command = args.command ? commands[args.command] : undefined;
  if (!command) throw new CliUsageError(args.command ? `Unknown command "${args.command}".\n${usage(commands)}` : usage(commands));
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  if (command.withoutDatabase) return { output: await command.run({ args, database: NO_DATABASE }), code: 0 };
  const database = await locateDatabase(config, command.fillsEmptyDatabase ? 'create' : 'join');
  try {
    if (!args.command!.startsWith('migration:') && !command.fillsEmptyDatabase) {
      await requireRegister(database.ownerUrl);
      if (config.runMigrations) await runMigrations(database.ownerUrl);
    }
    const output = await command.run({ args, database });
    const failed = typeof output === 'object' && output !== null && 'ok' in output && output.ok === false;
    return { output, code: failed ? 1 : 0 };
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }).then(
    (code) => process.exit(code),
  );
}

/** Parses `command --flag value --switch` argument lists for the operator CLI. */
export interface ParsedArgs {
  command: string | undefined;
  flags: Record<string, string | true>;
}

export class CliUsageError extends Error {}

export function parseArgs(argv: string[]): ParsedArgs {
  const [command, ...rest] = argv;
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--')) throw new CliUsageError(`Unexpected argument "${token}"; flags look like --name value`);
    const name = token.slice(2);
    const next = rest[i + 1];
    if (next === undefined || next.startsWith('--')) flags[name] = true;
    else {
      flags[name] = next;
      i++;
    }
  }
  return { command, flags };
}

export function requiredFlag(flags: ParsedArgs['flags'], name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value.trim() === '') throw new CliUsageError(`--${name} is required`);
  return value;
}

export function optionalFlag(flags: ParsedArgs['flags'], name: string): string | undefined {
  const value = flags[name];
  if (value === true) throw new CliUsageError(`--${name} needs a value`);
  return value;
}

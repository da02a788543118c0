/** Feature commands of the operator CLI, registered by name. */
import type { CliCommand } from './main';

export const COMMANDS: Record<string, CliCommand> = {};

import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type GlobalOptions, UsageError } from './global-options.js';

/** What a command accepts after its name. Every command is strict: an unknown option is a usage error, never ignored. */
export interface CommandLineSpec<V extends string, F extends string> {
  /** Options that take a value (`--mrn 1234567`); absent unless given. */
  values?: readonly V[];
  /** Options that are on or off (`--json`); off unless given. */
  flags?: readonly F[];
  /** Whether bare arguments (a DOC_ID, a FILE) may follow. */
  positionals?: boolean;
}

export interface CommandLine<V extends string, F extends string> {
  values: { [K in V]?: string } & { [K in F]: boolean };
  positionals: string[];
}

/** Parses a command's own arguments (the global options are split off before, in global-options.ts). */
export function parseCommandLine<const V extends string = never, const F extends string = never>(args: string[], spec: CommandLineSpec<V, F>): CommandLine<V, F> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const name of spec.values ?? []) options[name] = { type: 'string' };
  for (const name of spec.flags ?? []) options[name] = { type: 'boolean', default: false };
  const { values, positionals } = parseArgs({ args, options, allowPositionals: spec.positionals ?? false, strict: true });
  return { values: values as CommandLine<V, F>['values'], positionals };
}

export type Subcommand = (global: GlobalOptions, args: string[]) => Promise<number>;

/** Runs `chartdesk <command> <sub> ...`: the sub-command named first, or a usage error that names them all. */
export async function runSubcommand(command: string, subcommands: Record<string, Subcommand>, global: GlobalOptions, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const run = sub !== undefined && Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
  if (run) return run(global, rest);
  const names = Object.keys(subcommands);
  const choices = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
  throw new UsageError(sub ? `unknown ${command} command "${sub}" (${choices})` : `${command} needs ${choices}`);
}

#!/usr/bin/env node
/**
 * The kube-secure-secrets command-line tool.
 *
 * Exit codes: 0 done, 1 refused input or a file-system error (one line naming the path and the cause),
 * 2 bad usage (one line and a hint to --help), 70 an internal error (one line, never a stack trace).
 * Everything written to standard error passes through `redactSecrets`.
 * @module
 */
import * as fs from 'fs';
import { ParseArgsConfig, parseArgs } from 'util';
import {
  CliIo, UsageError, asFileError, describeErrno, errnoCode, fetchHttpsText, readFileBytesRobustly, readFileRobustly, readFileToRewrite,
  readStandardInput, readStandardInputBytes, withoutComponent, writeFileSafely,
} from './io';
import { ValidationError, redactSecrets } from '../core/errors';

const TOOL = 'kube-secure-secrets';

/** Exit code of an unexpected error (sysexits.h EX_SOFTWARE). */
export const EXIT_INTERNAL_ERROR = 70;

/** A command's node:util parseArgs option table. */
type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** What a command's module provides: its help text, the option table its parser reads, and its entry. */
interface CommandModule {
  readonly help: string;
  readonly options: OptionTable;
  readonly run: (args: string[], io: CliIo) => number;
}

interface Command {
  readonly summary: string;
  /** The command's module, loaded only when that command (or its help) runs: a process pays for one command. */
  readonly load: () => CommandModule;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Readonly<Record<string, Command>> = {
  'seal': {
    summary: 'seal a Secret into a SealedSecret (kubeseal equivalent)',
    load: () => {
      const m = require('./seal') as typeof import('./seal');
      return { help: m.SEAL_HELP, options: m.SEAL_OPTIONS, run: m.sealCommand };
    },
  },
  'sops': {
    summary: 'encrypt or decrypt a Secret file with SOPS and age (no sops binary needed)',
    load: () => {
      const m = require('./sops') as typeof import('./sops');
      return { help: m.SOPS_HELP, options: m.SOPS_OPTIONS, run: m.sopsCommand };
    },
  },
  'encryption-config': {
    summary: 'write an API-server EncryptionConfiguration (KMS v2 by default)',
    load: () => {
      const m = require('./apiserver-config') as typeof import('./apiserver-config');
      return { help: m.ENCRYPTION_CONFIG_HELP, options: m.ENCRYPTION_CONFIG_OPTIONS, run: m.encryptionConfigCommand };
    },
  },
  'audit-policy': {
    summary: 'write an API-server audit Policy that logs Secret access at Metadata',
    load: () => {
      const m = require('./apiserver-config') as typeof import('./apiserver-config');
      return { help: m.AUDIT_POLICY_HELP, options: m.AUDIT_POLICY_OPTIONS, run: m.auditPolicyCommand };
    },
  },
  'audit': {
    summary: 'audit any manifests for weak secrets handling (text, JSON or SARIF)',
    load: () => {
      const m = require('./audit') as typeof import('./audit');
      return { help: m.AUDIT_HELP, options: m.AUDIT_OPTIONS, run: m.auditCommand };
    },
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

function mainHelp(): string {
  return `Usage: ${TOOL} <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`).join('\n')}

Run "${TOOL} <command> --help" for a command's options.

Exit codes: 0 done, 1 input refused or a file error, 2 bad usage, 70 internal error.
`;
}

/**
 * One line for standard error: line breaks become spaces and other control characters are escaped, so
 * a message (with a file name or a parser's text in it) can neither span lines nor drive the terminal.
 */
function oneLine(text: string): string {
  const flat = text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .trim();
  return `${flat}\n`;
}

/** A name as an error message may echo it: only when it looks like a command or option name. */
function echoName(name: string, kind: 'command' | 'option'): string {
  const looksLikeName = kind === 'command' ? /^[A-Za-z][A-Za-z0-9-]{0,39}$/ : /^--?[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
  return looksLikeName.test(name) ? `"${name}"` : '(not echoed: it does not look like a name and may be a value)';
}

/** `-h, --help`, which every command takes (the runner answers it). */
const HELP_OPTION = { type: 'boolean', short: 'h' } as const;

/**
 * What parseArgs's strict mode says of `--help=VALUE`, as of any boolean flag given a value (`--raw=x`):
 * the value is not echoed.
 */
const HELP_TAKES_NO_VALUE = "Option '-h, --help' does not take an argument";

/** An option as the command's parser reads it: its long name, and the form the user typed (`-f` or `--secret-file`). */
interface OptionToken {
  readonly name: string;
  readonly rawName: string;
  readonly inlineValue?: boolean;
  /** The argument it is in (several short options share one: `-hi`). */
  readonly index: number;
}

/**
 * The options in the arguments, in order, as the command's parser reads them (node:util parseArgs over the
 * command's own option table, plus -h/--help; not strict, so an unknown option is a token too).
 */
function optionTokens(args: readonly string[], options: OptionTable): OptionToken[] {
  const { tokens } = parseArgs({ args: [...args], options: { ...options, help: HELP_OPTION }, strict: false, allowPositionals: true, tokens: true });
  return tokens.flatMap(t => (t.kind === 'option' ? [{ name: t.name, rawName: t.rawName, inlineValue: t.inlineValue, index: t.index }] : []));
}

/**
 * A flag (`--secret-file`, as the command names it to {@link fileOfFlag}) as the user typed it: `-f` for
 * `-f FILE` (or `-fFILE`), else the long form; the last occurrence, whose value the parser keeps. An
 * environment variable (`SOPS_AGE_KEY_FILE`) is returned as it is.
 */
function flagAsTyped(flag: string, args: readonly string[], options: OptionTable): string {
  if (!flag.startsWith('--')) {
    return flag;
  }
  const typed = optionTokens(args, options).filter(t => t.name === flag.slice(2)).pop();
  return typed?.rawName ?? flag;
}

/**
 * Whether the arguments ask for help: `-h` or `--help` where the command's parser reads an option (node:util
 * parseArgs over the command's own option table, plus -h/--help), never where it reads a flag's value
 * (`--name -h`: the parser then refuses the value) or a positional (after `--`). Unknown options do not
 * hide a help request (`--bogus --help` prints help).
 * @throws UsageError for `--help=VALUE` and `-h=VALUE`: a boolean flag takes no value, as the command's strict parser
 *   says of its own boolean flags
 */
function asksForHelp(args: readonly string[], options: OptionTable): boolean {
  const help = optionTokens(args, options).filter(t => t.name === 'help');
  // `-h=VALUE` (or `-ih=VALUE`) is the short form given a value, which a boolean flag refuses here as
  // `--help=VALUE` is (parseArgs would read the group -h -= -V... and print help). This is our rule, not
  // kubeseal's: pflag answers an undefined -h or --help with help before it looks for a value
  // (spf13/pflag flag.go, parseSingleShortArg and parseLongArg).
  if (help.some(t => t.inlineValue || /^-[^-=]*h=/.test(args[t.index]))) {
    throw new UsageError(HELP_TAKES_NO_VALUE);
  }
  return help.length > 0;
}

/**
 * util.parseArgs messages, made safe: a stray positional argument (often a value that lost its flag,
 * `--from-literal password hunter2`) is located, not echoed; multi-line messages become one line.
 */
function parseArgsMessage(code: string, message: string, args: readonly string[]): string {
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const value = /^Unexpected argument '([\s\S]*)'\. /.exec(message)?.[1];
    const index = value === undefined ? -1 : args.indexOf(value);
    const where = index >= 0 ? ` ${index + 1}` : '';
    return `unexpected argument${where} (not echoed: it may be a value); this command takes no positional arguments: give each value after its option (--name VALUE or --name=VALUE).`;
  }
  const ambiguous = /^Option '(-[^']*)' argument is ambiguous\..*use '(--[^=']+)=-XYZ'/s.exec(message);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && ambiguous) {
    // `--name -h`: the argument after a flag that takes a value starts with "-" (an option, or a value).
    const [, flag, long] = ambiguous;
    return `${echoName(flag, 'option').replace(/^"(.*)"$/, '$1')} needs a value, and the argument after it starts with "-" (not echoed: it may be a value); `
      + `give ${long} its value, or write ${long}=VALUE when the value starts with "-".`;
  }
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const name = /^Unknown option '([^']*)'/.exec(message)?.[1] ?? '';
    return `Unknown option ${echoName(name, 'option').replace(/^"(.*)"$/, "'$1'")}.`;
  }
  return message;
}

/**
 * Report an error thrown by a command; returns the exit code. `options` is the command's option table
 * (none for the tool's own errors), which names a file error's flag as the user typed it.
 */
function report(e: unknown, prefix: string, args: readonly string[], err: (text: string) => void, options: OptionTable = {}): number {
  const usage = (message: string): number => {
    err(oneLine(`${prefix}: ${message}`));
    err(`Run "${prefix} --help" for usage.\n`);
    return 2;
  };
  if (e instanceof ValidationError) {
    err(oneLine(`${prefix}: ${withoutComponent(e)}`));
    return 1;
  }
  if (e instanceof UsageError) {
    return usage(e.message);
  }
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    return usage(parseArgsMessage(code, String((e as Error).message), args));
  }
  // The flag is the one the command read or wrote the path for (fileOfFlag), never guessed from the
  // arguments' values (two flags may have the same value); it is named as the user typed it (-f, not
  // --secret-file).
  const fileError = asFileError(e);
  if (fileError) {
    err(oneLine(`${prefix}: ${fileError.flag ? `${flagAsTyped(fileError.flag, args, options)}: ` : ''}${fileError.message}`));
    return 1;
  }
  const errno = errnoCode(e);
  if (errno) {
    // An fs error without a path that did not go through io.ts: the same one line.
    err(oneLine(`${prefix}: ${String((e as { syscall?: unknown }).syscall ?? 'I/O')} failed: ${describeErrno(errno)}`));
    return 1;
  }
  err(oneLine(`${prefix}: internal error: ${internalMessage(e)}`));
  return EXIT_INTERNAL_ERROR;
}

function internalMessage(e: unknown): string {
  let message: string;
  try {
    message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    message = 'an unprintable error';
  }
  return message.length > 300 ? `${message.slice(0, 300)}...` : message;
}

/**
 * Run the tool with arguments and I/O; returns the exit code (0 ok, 1 refused input or a file error,
 * 2 usage error, 70 internal error). Never throws; what it writes to `io.err` is redacted, one line per
 * error.
 */
export function runCli(argv: string[], io: CliIo): number {
  const err = (text: string): void => io.err(redactSecrets(text));
  const commandIo: CliIo = { ...io, err };
  const [command, ...rest] = argv;
  const names = Object.keys(COMMANDS).join(', ');
  try {
    if (command?.startsWith('--help=') || command?.startsWith('-h=')) {
      throw new UsageError(HELP_TAKES_NO_VALUE);
    }
    if (command === '-h' || command === '--help' || (command === 'help' && rest.length === 0)) {
      io.out(mainHelp());
      return 0;
    }
    if (command === 'help') {
      const entry = Object.prototype.hasOwnProperty.call(COMMANDS, rest[0]) ? COMMANDS[rest[0]] : undefined;
      if (entry && rest.length === 1) {
        io.out(entry.load().help);
        return 0;
      }
      throw new UsageError(`help takes one command name: one of ${names}.`);
    }
    if (command === undefined) {
      throw new UsageError(`a command is required: one of ${names}.`);
    }
    const entry = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!entry) {
      throw new UsageError(`unknown command ${echoName(command, 'command')}; the commands are ${names}.`);
    }
    const loaded = entry.load();
    try {
      if (asksForHelp(rest, loaded.options)) {
        io.out(loaded.help);
        return 0;
      }
      return loaded.run(rest, commandIo);
    } catch (e) {
      return report(e, `${TOOL} ${command}`, rest, err, loaded.options);
    }
  } catch (e) {
    return report(e, TOOL, argv, err);
  }
}

/** The process's own I/O: robust standard input, bounded reads, safe writes. */
export function processIo(): CliIo {
  return {
    stdin: readStandardInput,
    out: text => {
      process.stdout.write(text);
    },
    err: text => {
      process.stderr.write(text);
    },
    readFile: readFileRobustly,
    writeFile: writeFileSafely,
    stdinBytes: readStandardInputBytes,
    readFileBytes: readFileBytesRobustly,
    readFileToRewrite,
    fetchUrl: fetchHttpsText,
  };
}

/** Last-resort guards of the process: one line and an exit code, never a stack trace. */
function guardProcess(): void {
  const die = (line: string, code: number): never => {
    try {
      fs.writeSync(2, oneLine(redactSecrets(line)));
    } catch {
      // standard error is gone too
    }
    process.exit(code);
  };
  process.on('uncaughtException', e => die(`${TOOL}: internal error: ${internalMessage(e)}`, EXIT_INTERNAL_ERROR));
  process.on('unhandledRejection', e => die(`${TOOL}: internal error: ${internalMessage(e)}`, EXIT_INTERNAL_ERROR));
  process.stdout.on('error', e => die(`${TOOL}: cannot write standard output: ${describeErrno(errnoCode(e) ?? 'EIO')}`, 1));
}

if (require.main === module) {
  guardProcess();
  process.exitCode = runCli(process.argv.slice(2), processIo());
}

#!/usr/bin/env node
/**
 * The kube-secure-secrets command-line tool.
 * @module
 */
import * as fs from 'fs';
import { ValidationError } from '../core';
import { AUDIT_POLICY_HELP, ENCRYPTION_CONFIG_HELP, auditPolicyCommand, encryptionConfigCommand } from './apiserver-config';
import { CliIo, UsageError } from './io';
import { SEAL_HELP, sealCommand } from './seal';

const COMMANDS: Record<string, { readonly summary: string; readonly help: string; readonly run: (args: string[], io: CliIo) => number }> = {
  'seal': { summary: 'seal a Secret into a SealedSecret (kubeseal equivalent)', help: SEAL_HELP, run: sealCommand },
  'encryption-config': { summary: 'write an API-server EncryptionConfiguration (KMS v2 by default)', help: ENCRYPTION_CONFIG_HELP, run: encryptionConfigCommand },
  'audit-policy': { summary: 'write an API-server audit Policy that logs Secret access at Metadata', help: AUDIT_POLICY_HELP, run: auditPolicyCommand },
};

function mainHelp(): string {
  return `Usage: kube-secure-secrets <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`).join('\n')}

Run "kube-secure-secrets <command> --help" for a command's options.
`;
}

/** Run the tool with arguments and I/O; returns the exit code (0 ok, 1 refused input, 2 usage error). */
export function runCli(argv: string[], io: CliIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.out(mainHelp());
    return command === undefined ? 2 : 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    io.err(`kube-secure-secrets: unknown command "${command}"\n\n${mainHelp()}`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    io.out(entry.help);
    return 0;
  }
  try {
    return entry.run(rest, io);
  } catch (e) {
    if (e instanceof ValidationError) {
      io.err(`kube-secure-secrets ${command}: ${e.message}\n`);
      return 1;
    }
    const code = (e as NodeJS.ErrnoException).code;
    if (e instanceof UsageError || (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))) {
      io.err(`kube-secure-secrets ${command}: ${(e as Error).message}\nRun "kube-secure-secrets ${command} --help" for usage.\n`);
      return 2;
    }
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      io.err(`kube-secure-secrets ${command}: cannot read ${(e as NodeJS.ErrnoException).path}: ${code}\n`);
      return 1;
    }
    throw e;
  }
}

/** The process's own I/O. */
export function processIo(): CliIo {
  return {
    stdin: () => (process.stdin.isTTY ? undefined : fs.readFileSync(0, 'utf8')),
    out: text => process.stdout.write(text),
    err: text => process.stderr.write(text),
    readFile: path => fs.readFileSync(path, 'utf8'),
    writeFile: (path, text, mode) => {
      // Restrict the mode before any byte is written, also when the file already existed.
      const fd = fs.openSync(path, 'w', mode);
      try {
        fs.fchmodSync(fd, mode);
        fs.writeSync(fd, text);
      } finally {
        fs.closeSync(fd);
      }
    },
  };
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), processIo());
}

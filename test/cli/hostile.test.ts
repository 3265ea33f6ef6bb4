/**
 * The hostile-input census of the command-line tool (issue 11): bad invocations of the CLI. Each row
 * asserts the exit code (1 refused input or a file error, 2 bad usage), exactly one line on standard
 * error (plus the `Run "... --help" for usage.` line for exit 2, after any expected warning), the flag,
 * prop or path the line names, nothing on standard output, no stack trace, no canary secret in any
 * output, and no file written.
 *
 * Every row runs in-process (`cliInProcess`: runCli with the process's own file I/O, the real file
 * system, in a fresh directory; anything written to the real streams is captured too). The rows marked
 * `asProcess` also run as a real process (the compiled CLI under node), to prove the binary gives the
 * same exit code and the same text through its real standard streams: every command at least once, each
 * exit code, a value not echoed, a redaction, a warning before the error, a key refused on standard
 * output. Two rows run only as a process: standard input that is a directory (only a process has a real
 * file descriptor 0), and a FIFO at the target (a regression that opened it would block: a process is
 * killed by its timeout, this one would hang).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ageKeygen } from '../../src/core';
import { CliProcessResult, cliInProcess, cliProcess } from '../helpers/cli';
import { ALL_CANARIES, CANARIES } from '../hostile/harness';

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const IS_ROOT = process.geteuid?.() === 0;
const KMS = ['--kms-name', 'aws-kms', '--kms-endpoint', 'unix:///var/run/kmsplugin/socket.sock'];
const LITERAL = ['--name', 'api', '--namespace', 'payments'];
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: database-credentials
  namespace: payments
stringData:
  password: ${CANARIES.value}
`;
const SECRETBOX_WARNING = 'warning: encryption-config: secretbox keeps the key on the control-plane disk, next to the data; kms v2 keeps it in an external KMS.';

/** One bad invocation. */
interface CliRow {
  /** What the row tries. */
  readonly name: string;
  /** The arguments (run in a fresh directory holding pub-cert.pem, old.pem and secret.yaml). */
  readonly argv: readonly string[];
  /** Standard input. @default the Secret of secret.yaml (its password a canary) */
  readonly stdin?: string;
  /** Standard input is a directory instead of a pipe. @default false */
  readonly stdinIsDirectory?: boolean;
  /** Prepare the directory (links, FIFOs, other files). @default - nothing */
  readonly setup?: (dir: string) => void;
  /** The exit code. */
  readonly code: 1 | 2;
  /** The flag, prop or path the line must name. */
  readonly names: string;
  /** Further text the line must show: the value as quoted, its redaction, or the cause. @default - none */
  readonly shows?: string;
  /** Warning lines printed before the error. @default - none */
  readonly warnings?: readonly string[];
  /** Needs root (to chown a file to another user). @default false */
  readonly rootOnly?: boolean;
  /** Why the row also runs as a real process. @default - in-process only */
  readonly asProcess?: string;
  /** The row runs only as a real process (`asProcess` says why). @default false */
  readonly processOnly?: boolean;
}

const ROWS: readonly CliRow[] = [
  // Bad usage: exit 2.
  { name: 'no command', argv: [], code: 2, names: 'a command is required' },
  { name: 'an unknown command', argv: ['unseal'], code: 2, names: 'unknown command "unseal"' },
  { name: 'a value where the command goes (not echoed)', argv: [CANARIES.ageIdentity, 'seal'], code: 2, names: 'unknown command', shows: '(not echoed', asProcess: 'the top level: exit 2 and the hint, a key given as the command not echoed' },
  { name: 'help for an unknown command', argv: ['help', 'unseal'], code: 2, names: 'help takes one command name' },
  { name: 'seal without --cert', argv: ['seal'], code: 2, names: '--cert is required' },
  { name: 'seal --cert without its value', argv: ['seal', '--cert'], code: 2, names: "'--cert <value>' argument missing" },
  { name: 'seal with an unknown flag carrying a value', argv: ['seal', '--cert', 'pub-cert.pem', `--password=${CANARIES.value}`], code: 2, names: "Unknown option '--password'" },
  { name: 'seal with a value that lost its flag (not echoed)', argv: ['seal', '--cert', 'pub-cert.pem', ...LITERAL, '--from-literal', 'password', CANARIES.value], code: 2, names: 'unexpected argument 9', shows: '(not echoed', asProcess: 'seal: a parseArgs usage error, the value not echoed' },
  { name: 'seal --from-literal without KEY=', argv: ['seal', '--cert', 'pub-cert.pem', ...LITERAL, '--from-literal', CANARIES.value], code: 2, names: '--from-literal needs KEY=VALUE' },
  { name: 'seal --scope global', argv: ['seal', '--cert', 'pub-cert.pem', '--scope', 'global'], code: 2, names: '--scope', shows: '"global"' },
  { name: 'seal -o toml', argv: ['seal', '--cert', 'pub-cert.pem', '-o', 'toml'], code: 2, names: '--format', shows: '"toml"' },
  { name: 'seal --allow-expired-cert=yes', argv: ['seal', '--cert', 'pub-cert.pem', '--allow-expired-cert=yes'], code: 2, names: "'--allow-expired-cert' does not take an argument" },
  { name: 'seal a ConfigMap from standard input', argv: ['seal', '--cert', 'pub-cert.pem'], stdin: `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {password: ${CANARIES.value}}\n`, code: 2, names: 'kind', shows: '"ConfigMap"' },
  { name: 'encryption-config without a provider setting', argv: ['encryption-config'], code: 2, names: '--kms-name and --kms-endpoint' },
  { name: 'encryption-config --provider rot13', argv: ['encryption-config', '--provider', 'rot13'], code: 2, names: '--provider', shows: '"rot13"' },
  { name: 'encryption-config: a key without --out', argv: ['encryption-config', '--provider', 'secretbox', '--generate-key'], code: 2, names: '--out FILE is required with a key' },
  { name: 'encryption-config: a key to --out -', argv: ['encryption-config', '--provider', 'secretbox', '--generate-key', '--out', '-'], code: 2, names: '--out FILE is required with a key' },
  { name: 'encryption-config --out= (empty)', argv: ['encryption-config', ...KMS, '--out='], code: 2, names: '--out needs a file name' },
  { name: 'encryption-config --generate-key with kms', argv: ['encryption-config', ...KMS, '--generate-key'], code: 2, names: '--generate-key' },
  { name: 'audit-policy with a positional value (not echoed)', argv: ['audit-policy', CANARIES.value], code: 2, names: 'unexpected argument 1', shows: '(not echoed', asProcess: 'audit-policy: a positional value not echoed' },
  { name: 'audit-policy -x', argv: ['audit-policy', '-x'], code: 2, names: "Unknown option '-x'" },

  // Refused input: exit 1.
  { name: 'seal with an expired certificate', argv: ['seal', '--cert', 'old.pem'], code: 1, names: 'seal: certificate', shows: 'expired on 2020-01-31T00:00:00.000Z' },
  {
    name: 'seal with a private key given as --cert',
    argv: ['seal', '--cert', 'key.pem'],
    setup: dir => fs.writeFileSync(path.join(dir, 'key.pem'), `-----BEGIN PRIVATE KEY-----\n${CANARIES.pemBody}\n-----END PRIVATE KEY-----\n`),
    code: 1,
    names: 'seal: certificate',
    shows: 'is not a PEM certificate',
    asProcess: 'seal: a refused input (exit 1), a private key in a file not echoed',
  },
  // Issue 17: as kubeseal (pkg/kubeseal/kubeseal.go:234), an empty value is sealed; only wholly empty data is refused.
  { name: 'seal a Secret without data', argv: ['seal', '--cert', 'pub-cert.pem'], stdin: 'apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: payments}\n', code: 1, names: 'seal: data', shows: 'is empty in the input Secret' },
  { name: 'seal strict without a namespace', argv: ['seal', '--cert', 'pub-cert.pem', '--name', 'api', '--from-literal', `token=${CANARIES.value}`], code: 1, names: 'seal: namespace', shows: 'is missing' },
  { name: 'seal a key that is not a Secret key', argv: ['seal', '--cert', 'pub-cert.pem', ...LITERAL, '--from-literal', `bad key=${CANARIES.value}`], code: 1, names: 'key "bad key"', shows: 'is not a valid Secret key' },
  { name: 'encryption-config: a KMS name with ":"', argv: ['encryption-config', '--kms-name', 'aws:kms', '--kms-endpoint', 'unix:///s.sock'], code: 1, names: '--kms-name', shows: '"aws:kms"' },
  { name: 'encryption-config: a TCP KMS endpoint', argv: ['encryption-config', '--kms-name', 'aws-kms', '--kms-endpoint', 'tcp://10.0.0.1:8080'], code: 1, names: '--kms-endpoint', shows: '"tcp://10.0.0.1:8080"' },
  { name: 'encryption-config: aescbc without --allow-aescbc', argv: ['encryption-config', '--provider', 'aescbc', '--generate-key', '--out', 'enc.yaml'], code: 1, names: '--provider', shows: 'aescbc' },
  { name: 'audit-policy --secrets-level RequestResponse', argv: ['audit-policy', '--secrets-level', 'RequestResponse'], code: 1, names: '--secrets-level', shows: '"RequestResponse"' },
  { name: 'audit-policy --default-level Loud', argv: ['audit-policy', '--default-level', 'Loud'], code: 1, names: '--default-level', shows: '"Loud"' },
  // The library's refusals name the flags the user typed (src/cli/flag-terms.ts), not the library's props.
  { name: 'encryption-config --key-name with a space', argv: ['encryption-config', '--provider', 'secretbox', '--generate-key', '--key-name', 'bad name', '--out', 'enc.yaml'], warnings: [SECRETBOX_WARNING], code: 1, names: '--key-name "bad name"', shows: 'must be a unique name' },
  { name: 'encryption-config --kms-timeout that is not a duration', argv: ['encryption-config', ...KMS, '--kms-timeout', '3 days'], code: 1, names: '--kms-timeout "3 days"', shows: 'is not a Go duration' },
  { name: 'sops encrypt with two encryption rules', argv: ['sops', 'encrypt', '--age', ageKeygen().recipient, '--encrypted-regex', '^data$', '--encrypted-suffix', '_enc', 'secret.yaml'], code: 1, names: 'sops: --encrypted-suffix is set together with --encrypted-regex', shows: 'SOPS allows at most one of --encrypted-regex, --unencrypted-regex, --encrypted-suffix and --unencrypted-suffix' },

  // File-system errors and refused targets: exit 1, one line naming the flag, the path and the cause.
  { name: 'seal --cert: a missing file', argv: ['seal', '--cert', 'nope.pem'], code: 1, names: '--cert: cannot read nope.pem', shows: 'ENOENT (no such file or directory)' },
  { name: 'seal --cert: a directory', argv: ['seal', '--cert', '.'], code: 1, names: '--cert: cannot read .', shows: 'EISDIR (is a directory)' },
  { name: 'seal --cert: a symbolic link loop', argv: ['seal', '--cert', 'loop.pem'], setup: dir => fs.symlinkSync('loop.pem', path.join(dir, 'loop.pem')), code: 1, names: '--cert: cannot read loop.pem', shows: 'ELOOP (too many levels of symbolic links)' },
  { name: 'seal --cert: a path through a file', argv: ['seal', '--cert', 'secret.yaml/cert.pem'], code: 1, names: '--cert: cannot read secret.yaml/cert.pem', shows: 'ENOTDIR' },
  { name: 'seal --cert: a URL with a password', argv: ['seal', '--cert', `https://admin:${CANARIES.urlPassword}@certs.example.com/pub-cert.pem`], code: 1, names: '--cert', shows: 'https://<redacted>@certs.example.com/pub-cert.pem', asProcess: 'a redaction, on the real standard error' },
  { name: 'seal --cert: a pasted age identity', argv: ['seal', `--cert=${CANARIES.ageIdentity}`], code: 1, names: '--cert', shows: 'AGE-SECRET-KEY-<redacted>' },
  { name: 'seal: standard input is a directory', argv: ['seal', '--cert', 'pub-cert.pem'], stdinIsDirectory: true, code: 1, names: 'standard input', shows: 'EISDIR (is a directory)', processOnly: true, asProcess: 'only a process has a real standard input to be a directory' },
  // Issue 17: the kubeseal flags and `sops`.
  { name: 'seal --namespace contradicting the input', argv: ['seal', '--cert', 'pub-cert.pem', '--namespace', 'orders'], code: 1, names: '--namespace', shows: '"orders" contradicts metadata.namespace "payments"' },
  { name: 'seal --raw without --namespace', argv: ['seal', '--cert', 'pub-cert.pem', '--raw', '--name', 'db'], stdin: CANARIES.value, code: 2, names: 'must provide the --namespace flag with --raw' },
  // The link is refused before anything is read through it (it was read, and answered "is not a SealedSecret").
  { name: 'seal --merge-into a symbolic link', argv: ['seal', '--cert', 'pub-cert.pem', '--merge-into', 'sealed.json'], setup: dir => fs.symlinkSync('/etc/passwd', path.join(dir, 'sealed.json')), code: 1, names: '--merge-into: refusing to write sealed.json', shows: 'it is a symbolic link' },
  { name: 'seal --merge-into a FIFO', argv: ['seal', '--cert', 'pub-cert.pem', '--merge-into', 'fifo'], setup: dir => mkfifo(path.join(dir, 'fifo')), code: 1, names: '--merge-into: refusing to write fifo', shows: 'it is a FIFO (named pipe)', processOnly: true, asProcess: 'a regression that read the FIFO would block: a process is killed by its timeout, this one would hang' },
  { name: 'seal --fetch-cert (needs the cluster)', argv: ['seal', '--fetch-cert'], code: 2, names: '--fetch-cert needs the cluster', shows: 'kubeseal --fetch-cert' },
  { name: 'seal --cert over plain http', argv: ['seal', '--cert', 'http://certs.example.com/pub-cert.pem'], code: 1, names: '--cert', shows: 'only https:// URLs are fetched' },
  { name: 'sops encrypt with an identity as --age (redacted)', argv: ['sops', 'encrypt', '--age', CANARIES.ageIdentity, 'secret.yaml'], code: 1, names: 'recipient 1 of --age', asProcess: 'sops: a refused value, a key given as the recipient not echoed' },
  { name: 'sops decrypt of a plaintext file', argv: ['sops', 'decrypt', 'secret.yaml'], code: 1, names: 'secret.yaml', shows: 'is not SOPS-encrypted' },
  { name: 'sops with no action', argv: ['sops', 'secret.yaml'], code: 2, names: 'is not an action' },
  { name: 'encryption-config --out: a symbolic link', argv: ['encryption-config', ...KMS, '--out', 'enc.yaml'], setup: dir => fs.symlinkSync('/etc/passwd', path.join(dir, 'enc.yaml')), code: 1, names: '--out: refusing to write enc.yaml', shows: 'it is a symbolic link' },
  { name: 'encryption-config --out: a FIFO', argv: ['encryption-config', ...KMS, '--out', 'fifo'], setup: dir => mkfifo(path.join(dir, 'fifo')), code: 1, names: '--out: refusing to write fifo', shows: 'it is a FIFO (named pipe)', processOnly: true, asProcess: 'a regression that opened the FIFO would block: a process is killed by its timeout, this one would hang' },
  { name: 'encryption-config --out: a directory', argv: ['encryption-config', ...KMS, '--out', 'sub'], setup: dir => fs.mkdirSync(path.join(dir, 'sub')), code: 1, names: '--out: refusing to write sub', shows: 'it is a directory' },
  { name: 'encryption-config --out: /dev/null', argv: ['encryption-config', ...KMS, '--out', '/dev/null'], code: 1, names: '--out: refusing to write /dev/null', shows: 'it is a character device' },
  { name: 'encryption-config: a key to --out /dev/stdout', argv: ['encryption-config', '--provider', 'secretbox', '--generate-key', '--out', '/dev/stdout'], warnings: [SECRETBOX_WARNING], code: 1, names: '--out: refusing to write /dev/stdout', shows: 'it is a symbolic link', asProcess: 'encryption-config: a warning before the error; a key refused on the real standard output' },
  { name: 'audit-policy --out: a missing directory', argv: ['audit-policy', '--out', 'missing/audit.yaml'], code: 1, names: '--out: cannot write missing/audit.yaml', shows: 'ENOENT (no such file or directory)' },
  { name: 'audit-policy --out: a name with a line break', argv: ['audit-policy', '--out', 'missing\nx/audit.yaml'], code: 1, names: '--out: cannot write "missing\\nx/audit.yaml"', shows: 'ENOENT' },
  {
    name: "audit-policy --out: another user's file",
    argv: ['audit-policy', '--out', 'theirs.yaml'],
    setup: dir => {
      fs.writeFileSync(path.join(dir, 'theirs.yaml'), 'theirs\n');
      fs.chownSync(path.join(dir, 'theirs.yaml'), 65534, 65534);
    },
    rootOnly: true,
    code: 1,
    names: '--out: refusing to write theirs.yaml',
    shows: 'it is owned by another user (uid 65534)',
  },
];

function mkfifo(file: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { execFileSync } = require('child_process') as typeof import('child_process');
  execFileSync('mkfifo', [file]);
}

function prefixOf(argv: readonly string[]): string {
  return ['seal', 'sops', 'encryption-config', 'audit-policy'].includes(argv[0]) ? `kube-secure-secrets ${argv[0]}` : 'kube-secure-secrets';
}

test('the CLI census holds at least 20 distinct bad invocations', () => {
  expect(ROWS.length).toBeGreaterThanOrEqual(20);
  expect(new Set(ROWS.map(r => r.name)).size).toBe(ROWS.length);
  expect(new Set(ROWS.map(r => JSON.stringify([r.argv, r.stdin, r.setup?.toString()]))).size).toBe(ROWS.length);
  expect(ROWS.filter(r => r.processOnly && r.asProcess === undefined).map(r => r.name)).toEqual([]); // every row runs somewhere
});

/** What a row's run did, and the directory's entries before and after it. */
interface Outcome {
  readonly r: CliProcessResult;
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/** A fresh directory holding pub-cert.pem, old.pem and secret.yaml, prepared for the row. */
function rowDir(row: CliRow): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-cli-hostile-'));
  fs.copyFileSync(path.join(FIX, 'test-cert.pem'), path.join(dir, 'pub-cert.pem'));
  fs.copyFileSync(path.join(FIX, 'expired-cert.pem'), path.join(dir, 'old.pem'));
  fs.writeFileSync(path.join(dir, 'secret.yaml'), SECRET);
  row.setup?.(dir);
  return dir;
}

function entries(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

function runInProcess(row: CliRow, dir: string): Outcome {
  const before = entries(dir);
  const r = cliInProcess(row.argv, { cwd: dir, stdin: row.stdin ?? SECRET });
  return { r, before, after: entries(dir) };
}

async function runAsProcess(row: CliRow, dir: string): Promise<Outcome> {
  const before = entries(dir);
  const stdinFd = row.stdinIsDirectory ? fs.openSync(dir, 'r') : undefined;
  try {
    const r = await cliProcess(row.argv, { cwd: dir, stdin: row.stdin ?? SECRET, stdinFd, timeoutMs: 15000 });
    return { r, before, after: entries(dir) };
  } finally {
    if (stdinFd !== undefined) {
      fs.closeSync(stdinFd);
    }
  }
}

/**
 * The library's names in `text`: a camelCase prop or opt-in (`secretsLevel`, `allowAescbc`,
 * `encryptionConfiguration`) or an indexed prop (`providers[0]`). A line of the command-line tool names the
 * flags the user typed instead (src/cli/flag-terms.ts); the camelCase fields of a manifest the user wrote
 * (`stringData`) are theirs.
 */
const MANIFEST_FIELDS = new Set(['apiVersion', 'stringData', 'encryptedData']);
function libraryNames(text: string): string[] {
  return [...text.matchAll(/(?<![\w.$-])(?:[a-z]+[A-Z][A-Za-z]*(?:\[\d+\])?|[a-z][A-Za-z]*\[\d+\])/g)].map(m => m[0]).filter(n => !MANIFEST_FIELDS.has(n));
}

function expectRow(row: CliRow, { r, before, after }: Outcome): void {
  const prefix = prefixOf(row.argv);
  const lines = r.stderr.split('\n');
  expect(lines.pop()).toBe(''); // ends with a line break
  expect(lines.slice(0, row.warnings?.length ?? 0)).toEqual(row.warnings ?? []);
  const own = lines.slice(row.warnings?.length ?? 0);
  expect({ code: r.code, signal: r.signal, lines: own.length, stdout: r.stdout }).toEqual({ code: row.code, signal: null, lines: row.code === 2 ? 2 : 1, stdout: '' });
  if (row.code === 2) {
    expect(own[1]).toBe(`Run "${prefix} --help" for usage.`);
  }
  expect(own[0].startsWith(`${prefix}: `)).toBe(true);
  expect(own[0]).toContain(row.names);
  if (row.shows) {
    expect(own[0]).toContain(row.shows);
  }
  expect(r.stderr).not.toMatch(/^\s+at |internal error/m);
  expect(libraryNames(r.stderr)).toEqual([]);
  for (const canary of ALL_CANARIES) {
    expect(r.stderr).not.toContain(canary);
    expect(r.stdout).not.toContain(canary);
  }
  expect(after).toEqual(before); // no file written, no temporary file left
}

const skipped = (row: CliRow): boolean => row.rootOnly === true && !IS_ROOT;
const title = (row: CliRow): string => `${row.name}${skipped(row) ? ' (skipped: needs root to chown a file to another user)' : ''}`;

describe('hostile input: the command-line tool, in-process (the real file system)', () => {
  const rows = ROWS.filter(row => !row.processOnly);
  let dir: string | undefined;
  afterEach(() => {
    if (dir) {
      fs.rmSync(dir, { recursive: true, force: true });
      dir = undefined;
    }
  });

  test.each(rows.map(row => [title(row), row] as const))('%s', (_name, row) => {
    if (skipped(row)) {
      return;
    }
    dir = rowDir(row);
    expectRow(row, runInProcess(row, dir));
  });
});

describe('hostile input: the command-line tool, run as a process', () => {
  const rows = ROWS.filter(row => row.asProcess !== undefined && !skipped(row));
  const dirs: string[] = [];
  const outcomes = new Map<string, Promise<Outcome>>();
  // The processes are independent (a directory each): they run at once, each row asserts its own.
  beforeAll(() => {
    for (const row of rows) {
      const dir = rowDir(row);
      dirs.push(dir);
      const outcome = runAsProcess(row, dir);
      outcome.catch(() => undefined); // awaited (and reported) by the row's test
      outcomes.set(row.name, outcome);
    }
  });
  afterAll(async () => {
    await Promise.allSettled(outcomes.values());
    dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true }));
  });

  test('every command, both exit codes and standard input run as a process', () => {
    expect(new Set(rows.map(r => prefixOf(r.argv)))).toEqual(new Set(['kube-secure-secrets', ...['seal', 'sops', 'encryption-config', 'audit-policy'].map(c => `kube-secure-secrets ${c}`)]));
    expect(new Set(rows.map(r => r.code))).toEqual(new Set([1, 2]));
    expect(rows.some(r => r.stdinIsDirectory)).toBe(true);
  });

  test.each(rows.map(row => [`${row.name}: ${row.asProcess}`, row] as const))('%s', async (_name, row) => {
    expectRow(row, await (outcomes.get(row.name) as Promise<Outcome>));
  });
});

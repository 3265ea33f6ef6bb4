/**
 * The CLI as a real process (issue 11, "The command-line tool"): standard input read robustly, files
 * written safely, one clean line per error with the documented exit code, a key never on standard output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { CliProcessResult, cliCommandLine, cliEntry, cliProcess, shProcess, shQuote } from '../helpers/cli';
import { unseal } from '../helpers/independent-unseal';

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const KEY = fs.readFileSync(path.join(FIX, 'test-key.pem'), 'utf8');
const PASSWORD = 'process-test-password-7781';
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: database-credentials
  namespace: payments
stringData:
  password: ${PASSWORD}
`;
const SECRETBOX = ['encryption-config', '--provider', 'secretbox', '--generate-key'];
const SECRETBOX_WARNING = 'warning: encryptionConfiguration: secretbox keeps the key on the control-plane disk, next to the data; kms v2 keeps it in an external KMS.\n';
const KMS = ['encryption-config', '--kms-name', 'aws-kms', '--kms-endpoint', 'unix:///var/run/kmsplugin/socket.sock'];
const IS_ROOT = process.geteuid?.() === 0;
const NOBODY = 65534;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-cli-process-'));
  fs.chmodSync(dir, 0o755);
  fs.copyFileSync(path.join(FIX, 'test-cert.pem'), path.join(dir, 'pub-cert.pem'));
  fs.writeFileSync(path.join(dir, 'secret.yaml'), SECRET);
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** No stack trace, no Node.js error dump. */
function expectNoStackTrace(r: CliProcessResult): void {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/node:internal|\.js:\d+/);
}

/** The files left in the directory (a failed write leaves no temporary file). */
function entries(): string[] {
  return fs.readdirSync(dir).sort();
}

function keyOf(text: string): string {
  return parse(text).resources[0].providers[0].secretbox.keys[0].secret;
}

describe('standard input is read robustly', () => {
  test('a non-blocking pipe whose writer is late (npx, any Node.js parent) is waited for, not EAGAIN', async () => {
    // Before: fs.readFileSync(0) threw "EAGAIN: resource temporarily unavailable, read" with a stack trace.
    const r = await cliProcess(['seal', '--cert', 'pub-cert.pem'], { cwd: dir, stdin: SECRET, delayMs: 1000, nonBlockingStdin: true });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sealed = parse(r.stdout);
    expect(sealed.kind).toBe('SealedSecret');
    expect(unseal(sealed.spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe(PASSWORD);
    expect(r.stdout).not.toContain(PASSWORD);
  });

  test('the issue line: (sleep 1; cat secret.yaml) | kube-secure-secrets seal --cert pub-cert.pem', async () => {
    const r = await shProcess(`(sleep 1; cat secret.yaml) | ${cliCommandLine()} seal --cert pub-cert.pem`, { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(unseal(parse(r.stdout).spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe(PASSWORD);
  });

  test('the same through a Node.js parent that shares its non-blocking stdin, as npx does', async () => {
    const wrapper = 'process.stdin; require("child_process").spawnSync(process.execPath, process.argv.slice(1), { stdio: "inherit" })';
    const r = await shProcess(`(sleep 1; cat secret.yaml) | ${shQuote(process.execPath)} -e ${shQuote(wrapper)} ${shQuote(cliEntry())} seal --cert pub-cert.pem`, { cwd: dir });
    expect(r.stderr).toBe('');
    expect(parse(r.stdout).kind).toBe('SealedSecret');
  });

  test('standard input is not read when the command does not need it (an open pipe does not hang --from-literal)', async () => {
    const r = await cliProcess(['seal', '--cert', 'pub-cert.pem', '--name', 'api', '--namespace', 'payments', '--from-literal', `token=${PASSWORD}`], { cwd: dir, keepStdinOpen: true, timeoutMs: 10000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(unseal(parse(r.stdout).spec.encryptedData.token, KEY, 'payments/api')).toBe(PASSWORD);
  });

  test('a redirected file and an empty pipe', async () => {
    const file = await shProcess(`${cliCommandLine()} seal --cert pub-cert.pem < secret.yaml`, { cwd: dir });
    expect(file.code).toBe(0);
    expect(parse(file.stdout).kind).toBe('SealedSecret');
    const empty = await cliProcess(['seal', '--cert', 'pub-cert.pem'], { cwd: dir, stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr.split('\n')[0]).toMatch(/^kube-secure-secrets seal: no Secret on standard input and no --from-literal/);
  });

  test('a directory as standard input is one clean line, exit 1', async () => {
    const fd = fs.openSync(dir, 'r');
    try {
      const r = await cliProcess(['seal', '--cert', 'pub-cert.pem'], { cwd: dir, stdinFd: fd });
      expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 1, stderr: 'kube-secure-secrets seal: cannot read standard input: EISDIR (is a directory)\n', stdout: '' });
    } finally {
      fs.closeSync(fd);
    }
  });

  test('more than 16 MiB on standard input is refused, not buffered without end', async () => {
    const r = await cliProcess(['seal', '--cert', 'pub-cert.pem'], { cwd: dir, stdin: `${SECRET}# ${'x'.repeat(17 * 1024 * 1024)}\n` });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kube-secure-secrets seal: cannot read standard input: it is larger than 16 MiB\n');
  });
});

describe('files are written safely', () => {
  test('a key file is created with mode 0600; the key is never on standard output or standard error', async () => {
    const r = await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}wrote enc.yaml (mode 0600); it holds the encryption key: copy it to each control-plane node and keep it out of Git\n`);
    const file = path.join(dir, 'enc.yaml');
    expect(fs.statSync(file).mode % 0o1000).toBe(0o600);
    const key = keyOf(fs.readFileSync(file, 'utf8'));
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(r.stderr).not.toContain(key);
    expect(entries()).toEqual(['enc.yaml', 'pub-cert.pem', 'secret.yaml']);
  });

  test('the mode is never wider than asked: umask 000 still gives 0600 for a key, 0644 for a policy', async () => {
    const r = await shProcess(`umask 000; ${cliCommandLine()} ${SECRETBOX.join(' ')} --out enc.yaml && ${cliCommandLine()} audit-policy --out audit.yaml`, { cwd: dir });
    expect(r.code).toBe(0);
    expect(fs.statSync(path.join(dir, 'enc.yaml')).mode % 0o1000).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'audit.yaml')).mode % 0o1000).toBe(0o644);
  });

  test('an existing world-readable file is replaced (renamed over) by a 0600 file, not rewritten in place', async () => {
    const file = path.join(dir, 'enc.yaml');
    fs.writeFileSync(file, 'old\n', { mode: 0o666 });
    fs.chmodSync(file, 0o666);
    const before = fs.statSync(file).ino;
    const r = await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    const after = fs.statSync(file);
    expect(after.mode % 0o1000).toBe(0o600);
    expect(after.ino).not.toBe(before);
    expect(keyOf(fs.readFileSync(file, 'utf8'))).toHaveLength(44);
  });

  test('a symbolic link at the target is refused; neither the link nor what it points to changes', async () => {
    fs.writeFileSync(path.join(dir, 'elsewhere.yaml'), 'untouched\n');
    fs.symlinkSync('elsewhere.yaml', path.join(dir, 'enc.yaml'));
    const r = await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is a symbolic link; give the path of a regular file (a link could send the file anywhere, a terminal or standard output included).\n`);
    expect(fs.readlinkSync(path.join(dir, 'enc.yaml'))).toBe('elsewhere.yaml');
    expect(fs.readFileSync(path.join(dir, 'elsewhere.yaml'), 'utf8')).toBe('untouched\n');
    expect(entries()).toEqual(['elsewhere.yaml', 'enc.yaml', 'pub-cert.pem', 'secret.yaml']);
  });

  test('a dangling symbolic link is refused too (it would create the file where the link points)', async () => {
    fs.symlinkSync(path.join(dir, 'planted.yaml'), path.join(dir, 'enc.yaml'));
    const r = await cliProcess([...KMS, '--out', 'enc.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is a symbolic link;/);
    expect(fs.existsSync(path.join(dir, 'planted.yaml'))).toBe(false);
  });

  test('a FIFO at the target is refused at once (no blocking open, nothing written to a reader)', async () => {
    const fifo = path.join(dir, 'enc.yaml');
    const made = await shProcess(`mkfifo ${shQuote(fifo)}`);
    expect(made.code).toBe(0);
    const r = await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir, timeoutMs: 10000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is a FIFO (named pipe), not a regular file.\n`);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  test.each([
    ['/dev/stdout', 'it is a symbolic link;'],
    ['/dev/fd/1', 'it is a symbolic link;'],
    ['/proc/self/fd/1', 'it is a symbolic link;'],
    ['/dev/null', 'it is a character device (a terminal or a device such as /dev/null), not a regular file.'],
    ['/dev/tty', 'it is a character device (a terminal or a device such as /dev/null), not a regular file.'],
  ])('a key is never written to %s', async (target, reason) => {
    if (!fs.existsSync(target) && !fs.existsSync(path.dirname(target))) {
      return; // not on this platform
    }
    const r = await cliProcess([...SECRETBOX, '--out', target], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.replace(SECRETBOX_WARNING, '').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`kube-secure-secrets encryption-config: --out: refusing to write ${target}: ${reason}`);
    expect(r.stderr).not.toMatch(/secret: /);
  });

  test('a key is not written to the file that is standard output (--out enc.yaml > enc.yaml)', async () => {
    const file = path.join(dir, 'enc.yaml');
    fs.writeFileSync(file, '');
    const fd = fs.openSync(file, 'w');
    try {
      const r = await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir, stdoutFd: fd });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is standard output; a key is written only to a file of its own.\n`);
    } finally {
      fs.closeSync(fd);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });

  test('a key is refused on standard output whatever the flag says: none, - or empty', async () => {
    for (const out of [[], ['--out', '-']]) {
      const r = await cliProcess([...SECRETBOX, ...out], { cwd: dir });
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: 'kube-secure-secrets encryption-config: --out FILE is required with a key: the configuration holds the key and is written only to a file with mode 0600, never to standard output.\nRun "kube-secure-secrets encryption-config --help" for usage.\n',
      });
    }
    const empty = await cliProcess([...SECRETBOX, '--out='], { cwd: dir });
    expect(empty.code).toBe(2);
    expect(empty.stderr.split('\n')[0]).toBe('kube-secure-secrets encryption-config: --out needs a file name (or - for standard output).');
  });

  test('a configuration without a key goes to standard output with --out -', async () => {
    const r = await cliProcess(['audit-policy', '--out', '-'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(parse(r.stdout).kind).toBe('Policy');
    expect(entries()).toEqual(['pub-cert.pem', 'secret.yaml']);
  });

  test('a directory at the target is refused', async () => {
    fs.mkdirSync(path.join(dir, 'enc.yaml'));
    const r = await cliProcess([...KMS, '--out', 'enc.yaml'], { cwd: dir });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: 'kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is a directory, not a regular file.\n' });
  });

  (IS_ROOT ? test : test.skip)('a file owned by another user is refused (needs root to chown; skipped otherwise)', async () => {
    const file = path.join(dir, 'audit.yaml');
    fs.writeFileSync(file, 'theirs\n');
    fs.chownSync(file, NOBODY, NOBODY);
    const r = await cliProcess(['audit-policy', '--out', 'audit.yaml'], { cwd: dir });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: `kube-secure-secrets audit-policy: --out: refusing to write audit.yaml: it is owned by another user (uid ${NOBODY}); remove it or choose another path.\n` });
    expect(fs.readFileSync(file, 'utf8')).toBe('theirs\n');
  });

  (IS_ROOT ? test : test.skip)('EACCES, as an unprivileged user, is one line naming the path (needs root to switch user; skipped otherwise)', async () => {
    const r = await cliProcess(['audit-policy', '--out', path.join(dir, 'audit.yaml')], { cwd: dir, uid: NOBODY });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: `kube-secure-secrets audit-policy: --out: cannot write ${path.join(dir, 'audit.yaml')}: EACCES (permission denied)\n` });
    const key = path.join(dir, 'key.pem');
    fs.writeFileSync(key, 'private\n', { mode: 0o600 });
    const read = await cliProcess(['seal', '--cert', key, '--name', 'a', '--namespace', 'b', '--from-literal', 'k=v'], { cwd: dir, uid: NOBODY });
    expect({ code: read.code, stderr: read.stderr }).toEqual({ code: 1, stderr: `kube-secure-secrets seal: --cert: cannot read ${key}: EACCES (permission denied)\n` });
  });

  test('a missing directory, a path through a file: ENOENT, ENOTDIR', async () => {
    const missing = await cliProcess(['audit-policy', '--out', 'no/such/dir/audit.yaml'], { cwd: dir });
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({ code: 1, stderr: 'kube-secure-secrets audit-policy: --out: cannot write no/such/dir/audit.yaml: ENOENT (no such file or directory)\n' });
    const through = await cliProcess(['audit-policy', '--out=secret.yaml/audit.yaml'], { cwd: dir });
    expect({ code: through.code, stderr: through.stderr }).toEqual({ code: 1, stderr: 'kube-secure-secrets audit-policy: --out: cannot write secret.yaml/audit.yaml: ENOTDIR (a component of the path is not a directory)\n' });
  });

  test('a failure after the temporary file exists removes it and leaves the target as it was', async () => {
    fs.writeFileSync(path.join(dir, 'enc.yaml'), 'previous\n');
    const preload = path.join(dir, 'fail-fsync.js');
    fs.writeFileSync(preload, 'const fs = require("fs"); fs.fsyncSync = () => { throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO", syscall: "fsync" }); };\n');
    const r = await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir, nodeArgs: ['-r', preload] });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: --out: cannot write enc.yaml: EIO (input/output error)\n`);
    expect(entries()).toEqual(['enc.yaml', 'fail-fsync.js', 'pub-cert.pem', 'secret.yaml']);
    expect(fs.readFileSync(path.join(dir, 'enc.yaml'), 'utf8')).toBe('previous\n');
  });
});

describe('errors are one clean line with the documented exit code', () => {
  test('an unexpected error is "internal error: ..." (redacted), exit 70, no stack trace, no temporary file', async () => {
    const preload = path.join(dir, 'crash.js');
    const identity = 'AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX';
    fs.writeFileSync(preload, `const fs = require("fs"); fs.renameSync = () => { throw new TypeError("boom with ${identity}\\nsecond line"); };\n`);
    const r = await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir, nodeArgs: ['-r', preload] });
    expect(r.code).toBe(70);
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: internal error: TypeError: boom with AGE-SECRET-KEY-<redacted> second line\n`);
    expect(entries()).toEqual(['crash.js', 'pub-cert.pem', 'secret.yaml']);
  });

  test('an error outside any command (an uncaught exception) is one line too, exit 70', async () => {
    const preload = path.join(dir, 'late.js');
    fs.writeFileSync(preload, 'setImmediate(() => { throw new RangeError("late failure"); });\n');
    const r = await cliProcess(['audit-policy', '--out', '-'], { cwd: dir, nodeArgs: ['-r', preload] });
    expect(r.code).toBe(70);
    expect(r.stderr).toBe('kube-secure-secrets: internal error: RangeError: late failure\n');
    expectNoStackTrace(r);
  });

  test.each<[string, string[], number, string]>([
    ['a missing certificate', ['seal', '--cert', 'nope.pem'], 1, 'kube-secure-secrets seal: --cert: cannot read nope.pem: ENOENT (no such file or directory)\n'],
    ['a directory as certificate', ['seal', '--cert=.'], 1, 'kube-secure-secrets seal: --cert: cannot read .: EISDIR (is a directory)\n'],
    ['an unknown command', ['unseal'], 2, 'kube-secure-secrets: unknown command "unseal"; the commands are seal, encryption-config, audit-policy, audit.\nRun "kube-secure-secrets --help" for usage.\n'],
    ['no command', [], 2, 'kube-secure-secrets: a command is required: one of seal, encryption-config, audit-policy, audit.\nRun "kube-secure-secrets --help" for usage.\n'],
    ['an unknown flag', ['audit-policy', '--verbose'], 2, 'kube-secure-secrets audit-policy: Unknown option \'--verbose\'.\nRun "kube-secure-secrets audit-policy --help" for usage.\n'],
    ['a refused setting', ['audit-policy', '--secrets-level', 'Request'], 1, 'kube-secure-secrets audit-policy: auditPolicy: secretsLevel "Request" is refused: the API server does not redact Secret bodies, so Request/RequestResponse would write Secret values into the audit log; Secrets, ConfigMaps and TokenReviews are audited at Metadata (who, what, when).\n'],
  ])('%s', async (_name, argv, code, stderr) => {
    const r = await cliProcess(argv, { cwd: dir, stdin: SECRET });
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code, stderr, stdout: '' });
    expectNoStackTrace(r);
  });

  test('--help and help <command> print to standard output, exit 0', async () => {
    const main = await cliProcess(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('Exit codes: 0 done, 1 input refused or a file error, 2 bad usage, 70 internal error.');
    const seal = await cliProcess(['help', 'seal']);
    expect(seal.code).toBe(0);
    expect(seal.stdout).toContain('Usage: kube-secure-secrets seal --cert CERT');
  });
});

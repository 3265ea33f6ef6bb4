/**
 * The CLI as a real process (issue 11, "The command-line tool"): standard input read robustly, files
 * written safely, one clean line per error with the documented exit code, a key never on standard output.
 *
 * Every row runs the compiled CLI as a process, in a fresh directory of its own. The rows are
 * independent of each other, so their processes are started when the file starts, a few at once
 * (`started`, just above each row: the directory prepared, then the process started), and each row
 * awaits its own and asserts: the file no longer waits for each process in turn (three of them wait
 * 1 s for a late writer).
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
const SECRETBOX_WARNING = 'warning: encryption-config: secretbox keeps the key on the control-plane disk, next to the data; kms v2 keeps it in an external KMS.\n';
const KMS = ['encryption-config', '--kms-name', 'aws-kms', '--kms-endpoint', 'unix:///var/run/kmsplugin/socket.sock'];
const IS_ROOT = process.geteuid?.() === 0;
const NOBODY = 65534;

/** A fresh directory holding pub-cert.pem and secret.yaml. */
function freshDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-cli-process-'));
  fs.chmodSync(d, 0o755);
  fs.copyFileSync(path.join(FIX, 'test-cert.pem'), path.join(d, 'pub-cert.pem'));
  fs.writeFileSync(path.join(d, 'secret.yaml'), SECRET);
  return d;
}

/** At most this many rows' processes run at once (the rest wait for a free slot, in file order). */
const AT_ONCE = 6;
const pending: Array<() => void> = [];
let running = 0;

function inSlot<T>(f: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const go = (): void => {
      running++;
      Promise.resolve().then(f).then(resolve, reject).finally(() => {
        running--;
        pending.shift()?.();
      });
    };
    if (running < AT_ONCE) {
      go();
    } else {
      pending.push(go);
    }
  });
}

const starts: Array<() => void> = [];
const dirs: string[] = [];
const runs: Array<Promise<unknown>> = [];
// Every row's processes are started when the file starts (the describe blocks have registered them).
beforeAll(() => {
  starts.forEach(start => start());
});
afterAll(async () => {
  await Promise.allSettled(runs);
  dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true }));
});

/**
 * Register a row's processes, started when the file starts, in a fresh directory of their own that
 * `start` prepares; the row awaits what `start` resolves to, with that directory. `when` false (a row
 * that is skipped here) starts nothing.
 */
function started<T>(start: (dir: string) => Promise<T>, when = true): () => Promise<T & { dir: string }> {
  let run: Promise<T & { dir: string }> | undefined;
  if (when) {
    starts.push(() => {
      run = inSlot(() => {
        const d = freshDir();
        dirs.push(d);
        return start(d).then(result => ({ ...result, dir: d }));
      });
      run.catch(() => undefined); // awaited (and reported) by the row
      runs.push(run);
    });
  }
  return () => {
    if (!run) {
      throw new Error('this row started no process');
    }
    return run;
  };
}

/** One process, as `{ r }`. */
const one = (p: Promise<CliProcessResult>): Promise<{ r: CliProcessResult }> => p.then(r => ({ r }));

/** No stack trace, no Node.js error dump. */
function expectNoStackTrace(r: CliProcessResult): void {
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/node:internal|\.js:\d+/);
}

/** The files left in the directory (a failed write leaves no temporary file). */
function entries(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

function keyOf(text: string): string {
  return parse(text).resources[0].providers[0].secretbox.keys[0].secret;
}

describe('standard input is read robustly', () => {
  const nonBlocking = started(dir => one(cliProcess(['seal', '--cert', 'pub-cert.pem'], { cwd: dir, stdin: SECRET, delayMs: 1000, nonBlockingStdin: true })));
  test('a non-blocking pipe whose writer is late (npx, any Node.js parent) is waited for, not EAGAIN', async () => {
    // Before: fs.readFileSync(0) threw "EAGAIN: resource temporarily unavailable, read" with a stack trace.
    const { r } = await nonBlocking();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const sealed = parse(r.stdout);
    expect(sealed.kind).toBe('SealedSecret');
    expect(unseal(sealed.spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe(PASSWORD);
    expect(r.stdout).not.toContain(PASSWORD);
  });

  const issueLine = started(dir => one(shProcess(`(sleep 1; cat secret.yaml) | ${cliCommandLine()} seal --cert pub-cert.pem`, { cwd: dir })));
  test('the issue line: (sleep 1; cat secret.yaml) | kube-secure-secrets seal --cert pub-cert.pem', async () => {
    const { r } = await issueLine();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(unseal(parse(r.stdout).spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe(PASSWORD);
  });

  const npx = started(dir => {
    const wrapper = 'process.stdin; require("child_process").spawnSync(process.execPath, process.argv.slice(1), { stdio: "inherit" })';
    return one(shProcess(`(sleep 1; cat secret.yaml) | ${shQuote(process.execPath)} -e ${shQuote(wrapper)} ${shQuote(cliEntry())} seal --cert pub-cert.pem`, { cwd: dir }));
  });
  test('the same through a Node.js parent that shares its non-blocking stdin, as npx does', async () => {
    const { r } = await npx();
    expect(r.stderr).toBe('');
    expect(parse(r.stdout).kind).toBe('SealedSecret');
  });

  const openPipe = started(dir => one(cliProcess(['seal', '--cert', 'pub-cert.pem', '--name', 'api', '--namespace', 'payments', '--from-literal', `token=${PASSWORD}`], { cwd: dir, keepStdinOpen: true, timeoutMs: 10000 })));
  test('standard input is not read when the command does not need it (an open pipe does not hang --from-literal)', async () => {
    const { r } = await openPipe();
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(unseal(parse(r.stdout).spec.encryptedData.token, KEY, 'payments/api')).toBe(PASSWORD);
  });

  const redirected = started(async dir => {
    const [file, empty] = await Promise.all([
      shProcess(`${cliCommandLine()} seal --cert pub-cert.pem < secret.yaml`, { cwd: dir }),
      cliProcess(['seal', '--cert', 'pub-cert.pem'], { cwd: dir, stdin: '' }),
    ]);
    return { file, empty };
  });
  test('a redirected file and an empty pipe', async () => {
    const { file, empty } = await redirected();
    expect(file.code).toBe(0);
    expect(parse(file.stdout).kind).toBe('SealedSecret');
    expect(empty.code).toBe(2);
    expect(empty.stderr.split('\n')[0]).toMatch(/^kube-secure-secrets seal: no Secret on standard input and no --from-literal/);
  });

  const directoryStdin = started(async dir => {
    const fd = fs.openSync(dir, 'r');
    try {
      return { r: await cliProcess(['seal', '--cert', 'pub-cert.pem'], { cwd: dir, stdinFd: fd }) };
    } finally {
      fs.closeSync(fd);
    }
  });
  test('a directory as standard input is one clean line, exit 1', async () => {
    const { r } = await directoryStdin();
    expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 1, stderr: 'kube-secure-secrets seal: cannot read standard input: EISDIR (is a directory)\n', stdout: '' });
  });

  const huge = started(dir => one(cliProcess(['seal', '--cert', 'pub-cert.pem'], { cwd: dir, stdin: `${SECRET}# ${'x'.repeat(17 * 1024 * 1024)}\n` })));
  test('more than 16 MiB on standard input is refused, not buffered without end', async () => {
    const { r } = await huge();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('kube-secure-secrets seal: cannot read standard input: it is larger than 16 MiB\n');
  });
});

describe('files are written safely', () => {
  const keyFile = started(dir => one(cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir })));
  test('a key file is created with mode 0600; the key is never on standard output or standard error', async () => {
    const { r, dir } = await keyFile();
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}wrote enc.yaml (mode 0600); it holds the encryption key: copy it to each control-plane node and keep it out of Git\n`);
    const file = path.join(dir, 'enc.yaml');
    expect(fs.statSync(file).mode % 0o1000).toBe(0o600);
    const key = keyOf(fs.readFileSync(file, 'utf8'));
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(r.stderr).not.toContain(key);
    expect(entries(dir)).toEqual(['enc.yaml', 'pub-cert.pem', 'secret.yaml']);
  });

  const umask = started(dir => one(shProcess(`umask 000; ${cliCommandLine()} ${SECRETBOX.join(' ')} --out enc.yaml && ${cliCommandLine()} audit-policy --out audit.yaml`, { cwd: dir })));
  test('the mode is never wider than asked: umask 000 still gives 0600 for a key, 0644 for a policy', async () => {
    const { r, dir } = await umask();
    expect(r.code).toBe(0);
    expect(fs.statSync(path.join(dir, 'enc.yaml')).mode % 0o1000).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'audit.yaml')).mode % 0o1000).toBe(0o644);
  });

  const replaced = started(async dir => {
    const file = path.join(dir, 'enc.yaml');
    fs.writeFileSync(file, 'old\n', { mode: 0o666 });
    fs.chmodSync(file, 0o666);
    const before = fs.statSync(file).ino;
    return { before, r: await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir }) };
  });
  test('an existing world-readable file is replaced (renamed over) by a 0600 file, not rewritten in place', async () => {
    const { r, before, dir } = await replaced();
    const file = path.join(dir, 'enc.yaml');
    expect(r.code).toBe(0);
    const after = fs.statSync(file);
    expect(after.mode % 0o1000).toBe(0o600);
    expect(after.ino).not.toBe(before);
    expect(keyOf(fs.readFileSync(file, 'utf8'))).toHaveLength(44);
  });

  const link = started(dir => {
    fs.writeFileSync(path.join(dir, 'elsewhere.yaml'), 'untouched\n');
    fs.symlinkSync('elsewhere.yaml', path.join(dir, 'enc.yaml'));
    return one(cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir }));
  });
  test('a symbolic link at the target is refused; neither the link nor what it points to changes', async () => {
    const { r, dir } = await link();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is a symbolic link; give the path of a regular file (a link could send the file anywhere, a terminal or standard output included).\n`);
    expect(fs.readlinkSync(path.join(dir, 'enc.yaml'))).toBe('elsewhere.yaml');
    expect(fs.readFileSync(path.join(dir, 'elsewhere.yaml'), 'utf8')).toBe('untouched\n');
    expect(entries(dir)).toEqual(['elsewhere.yaml', 'enc.yaml', 'pub-cert.pem', 'secret.yaml']);
  });

  const dangling = started(dir => {
    fs.symlinkSync(path.join(dir, 'planted.yaml'), path.join(dir, 'enc.yaml'));
    return one(cliProcess([...KMS, '--out', 'enc.yaml'], { cwd: dir }));
  });
  test('a dangling symbolic link is refused too (it would create the file where the link points)', async () => {
    const { r, dir } = await dangling();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is a symbolic link;/);
    expect(fs.existsSync(path.join(dir, 'planted.yaml'))).toBe(false);
  });

  const fifo = started(async dir => {
    const made = await shProcess(`mkfifo ${shQuote(path.join(dir, 'enc.yaml'))}`);
    return { made, r: await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir, timeoutMs: 10000 }) };
  });
  test('a FIFO at the target is refused at once (no blocking open, nothing written to a reader)', async () => {
    const { made, r, dir } = await fifo();
    expect(made.code).toBe(0);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is a FIFO (named pipe), not a regular file.\n`);
    expect(fs.lstatSync(path.join(dir, 'enc.yaml')).isFIFO()).toBe(true);
  });

  const onThisPlatform = (target: string): boolean => fs.existsSync(target) || fs.existsSync(path.dirname(target));
  describe.each([
    ['/dev/stdout', 'it is a symbolic link;'],
    ['/dev/fd/1', 'it is a symbolic link;'],
    ['/proc/self/fd/1', 'it is a symbolic link;'],
    ['/dev/null', 'it is a character device (a terminal or a device such as /dev/null), not a regular file.'],
    ['/dev/tty', 'it is a character device (a terminal or a device such as /dev/null), not a regular file.'],
  ])('%s', (target, reason) => {
    const device = started(dir => one(cliProcess([...SECRETBOX, '--out', target], { cwd: dir })), onThisPlatform(target));
    test(`a key is never written to ${target}`, async () => {
      if (!onThisPlatform(target)) {
        return; // not on this platform
      }
      const { r } = await device();
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.replace(SECRETBOX_WARNING, '').split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toContain(`kube-secure-secrets encryption-config: --out: refusing to write ${target}: ${reason}`);
      expect(r.stderr).not.toMatch(/secret: /);
    });
  });

  const stdoutFile = started(async dir => {
    const file = path.join(dir, 'enc.yaml');
    fs.writeFileSync(file, '');
    const fd = fs.openSync(file, 'w');
    try {
      return { r: await cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir, stdoutFd: fd }) };
    } finally {
      fs.closeSync(fd);
    }
  });
  test('a key is not written to the file that is standard output (--out enc.yaml > enc.yaml)', async () => {
    const { r, dir } = await stdoutFile();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is standard output; a key is written only to a file of its own.\n`);
    expect(fs.readFileSync(path.join(dir, 'enc.yaml'), 'utf8')).toBe('');
  });

  const toStdout = started(async dir => {
    const [none, dash, empty] = await Promise.all([[], ['--out', '-'], ['--out=']].map(out => cliProcess([...SECRETBOX, ...out], { cwd: dir })));
    return { none, dash, empty };
  });
  test('a key is refused on standard output whatever the flag says: none, - or empty', async () => {
    const { none, dash, empty } = await toStdout();
    for (const r of [none, dash]) {
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
        code: 2,
        stdout: '',
        stderr: 'kube-secure-secrets encryption-config: --out FILE is required with a key: the configuration holds the key and is written only to a file with mode 0600, never to standard output.\nRun "kube-secure-secrets encryption-config --help" for usage.\n',
      });
    }
    expect(empty.code).toBe(2);
    expect(empty.stderr.split('\n')[0]).toBe('kube-secure-secrets encryption-config: --out needs a file name (or - for standard output).');
  });

  const noKey = started(dir => one(cliProcess(['audit-policy', '--out', '-'], { cwd: dir })));
  test('a configuration without a key goes to standard output with --out -', async () => {
    const { r, dir } = await noKey();
    expect(r.code).toBe(0);
    expect(parse(r.stdout).kind).toBe('Policy');
    expect(entries(dir)).toEqual(['pub-cert.pem', 'secret.yaml']);
  });

  const directory = started(dir => {
    fs.mkdirSync(path.join(dir, 'enc.yaml'));
    return one(cliProcess([...KMS, '--out', 'enc.yaml'], { cwd: dir }));
  });
  test('a directory at the target is refused', async () => {
    const { r } = await directory();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: 'kube-secure-secrets encryption-config: --out: refusing to write enc.yaml: it is a directory, not a regular file.\n' });
  });

  const theirs = started(dir => {
    const file = path.join(dir, 'audit.yaml');
    fs.writeFileSync(file, 'theirs\n');
    fs.chownSync(file, NOBODY, NOBODY);
    return one(cliProcess(['audit-policy', '--out', 'audit.yaml'], { cwd: dir }));
  }, IS_ROOT);
  (IS_ROOT ? test : test.skip)('a file owned by another user is refused (needs root to chown; skipped otherwise)', async () => {
    const { r, dir } = await theirs();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: `kube-secure-secrets audit-policy: --out: refusing to write audit.yaml: it is owned by another user (uid ${NOBODY}); remove it or choose another path.\n` });
    expect(fs.readFileSync(path.join(dir, 'audit.yaml'), 'utf8')).toBe('theirs\n');
  });

  const unprivileged = started(async dir => {
    const key = path.join(dir, 'key.pem');
    fs.writeFileSync(key, 'private\n', { mode: 0o600 });
    const [write, read] = await Promise.all([
      cliProcess(['audit-policy', '--out', path.join(dir, 'audit.yaml')], { cwd: dir, uid: NOBODY }),
      cliProcess(['seal', '--cert', key, '--name', 'a', '--namespace', 'b', '--from-literal', 'k=v'], { cwd: dir, uid: NOBODY }),
    ]);
    return { write, read };
  }, IS_ROOT);
  (IS_ROOT ? test : test.skip)('EACCES, as an unprivileged user, is one line naming the path (needs root to switch user; skipped otherwise)', async () => {
    const { write, read, dir } = await unprivileged();
    expect({ code: write.code, stderr: write.stderr }).toEqual({ code: 1, stderr: `kube-secure-secrets audit-policy: --out: cannot write ${path.join(dir, 'audit.yaml')}: EACCES (permission denied)\n` });
    expect({ code: read.code, stderr: read.stderr }).toEqual({ code: 1, stderr: `kube-secure-secrets seal: --cert: cannot read ${path.join(dir, 'key.pem')}: EACCES (permission denied)\n` });
  });

  const missingPaths = started(async dir => {
    const [missing, through] = await Promise.all([
      cliProcess(['audit-policy', '--out', 'no/such/dir/audit.yaml'], { cwd: dir }),
      cliProcess(['audit-policy', '--out=secret.yaml/audit.yaml'], { cwd: dir }),
    ]);
    return { missing, through };
  });
  test('a missing directory, a path through a file: ENOENT, ENOTDIR', async () => {
    const { missing, through } = await missingPaths();
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({ code: 1, stderr: 'kube-secure-secrets audit-policy: --out: cannot write no/such/dir/audit.yaml: ENOENT (no such file or directory)\n' });
    expect({ code: through.code, stderr: through.stderr }).toEqual({ code: 1, stderr: 'kube-secure-secrets audit-policy: --out: cannot write secret.yaml/audit.yaml: ENOTDIR (a component of the path is not a directory)\n' });
  });

  const failedFsync = started(dir => {
    fs.writeFileSync(path.join(dir, 'enc.yaml'), 'previous\n');
    const preload = path.join(dir, 'fail-fsync.js');
    fs.writeFileSync(preload, 'const fs = require("fs"); fs.fsyncSync = () => { throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO", syscall: "fsync" }); };\n');
    return one(cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir, nodeArgs: ['-r', preload] }));
  });
  test('a failure after the temporary file exists removes it and leaves the target as it was', async () => {
    const { r, dir } = await failedFsync();
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: --out: cannot write enc.yaml: EIO (input/output error)\n`);
    expect(entries(dir)).toEqual(['enc.yaml', 'fail-fsync.js', 'pub-cert.pem', 'secret.yaml']);
    expect(fs.readFileSync(path.join(dir, 'enc.yaml'), 'utf8')).toBe('previous\n');
  });
});

describe('errors are one clean line with the documented exit code', () => {
  const crash = started(dir => {
    const preload = path.join(dir, 'crash.js');
    const identity = 'AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX';
    fs.writeFileSync(preload, `const fs = require("fs"); fs.renameSync = () => { throw new TypeError("boom with ${identity}\\nsecond line"); };\n`);
    return one(cliProcess([...SECRETBOX, '--out', 'enc.yaml'], { cwd: dir, nodeArgs: ['-r', preload] }));
  });
  test('an unexpected error is "internal error: ..." (redacted), exit 70, no stack trace, no temporary file', async () => {
    const { r, dir } = await crash();
    expect(r.code).toBe(70);
    expect(r.stderr).toBe(`${SECRETBOX_WARNING}kube-secure-secrets encryption-config: internal error: TypeError: boom with AGE-SECRET-KEY-<redacted> second line\n`);
    expect(entries(dir)).toEqual(['crash.js', 'pub-cert.pem', 'secret.yaml']);
  });

  const late = started(dir => {
    const preload = path.join(dir, 'late.js');
    fs.writeFileSync(preload, 'setImmediate(() => { throw new RangeError("late failure"); });\n');
    return one(cliProcess(['audit-policy', '--out', '-'], { cwd: dir, nodeArgs: ['-r', preload] }));
  });
  test('an error outside any command (an uncaught exception) is one line too, exit 70', async () => {
    const { r } = await late();
    expect(r.code).toBe(70);
    expect(r.stderr).toBe('kube-secure-secrets: internal error: RangeError: late failure\n');
    expectNoStackTrace(r);
  });

  describe.each<[string, string[], number, string]>([
    ['a missing certificate', ['seal', '--cert', 'nope.pem'], 1, 'kube-secure-secrets seal: --cert: cannot read nope.pem: ENOENT (no such file or directory)\n'],
    ['a directory as certificate', ['seal', '--cert=.'], 1, 'kube-secure-secrets seal: --cert: cannot read .: EISDIR (is a directory)\n'],
    ['an unknown command', ['unseal'], 2, 'kube-secure-secrets: unknown command "unseal"; the commands are seal, sops, encryption-config, audit-policy, audit.\nRun "kube-secure-secrets --help" for usage.\n'],
    ['no command', [], 2, 'kube-secure-secrets: a command is required: one of seal, sops, encryption-config, audit-policy, audit.\nRun "kube-secure-secrets --help" for usage.\n'],
    ['an unknown flag', ['audit-policy', '--verbose'], 2, 'kube-secure-secrets audit-policy: Unknown option \'--verbose\'.\nRun "kube-secure-secrets audit-policy --help" for usage.\n'],
    ['a refused setting', ['audit-policy', '--secrets-level', 'Request'], 1, 'kube-secure-secrets audit-policy: --secrets-level "Request" is refused: the API server does not redact Secret bodies, so Request/RequestResponse would write Secret values into the audit log; Secrets, ConfigMaps and TokenReviews are audited at Metadata (who, what, when).\n'],
  ])('%s', (name, argv, code, stderr) => {
    const failed = started(dir => one(cliProcess(argv, { cwd: dir, stdin: SECRET })));
    test(name, async () => {
      const { r } = await failed();
      expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code, stderr, stdout: '' });
      expectNoStackTrace(r);
    });
  });

  const help = started(async () => {
    const [main, seal] = await Promise.all([cliProcess(['--help']), cliProcess(['help', 'seal'])]);
    return { main, seal };
  });
  test('--help and help <command> print to standard output, exit 0', async () => {
    const { main, seal } = await help();
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('Exit codes: 0 done, 1 input refused or a file error, 2 bad usage, 70 internal error.');
    expect(seal.code).toBe(0);
    expect(seal.stdout).toContain('Usage: kube-secure-secrets seal --cert CERT');
  });
});

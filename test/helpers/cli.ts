import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contentKey, filesUnder, prune, touch, writeAtomically } from './tmp-cache.cjs';
import { processIo, runCli } from '../../src/cli';
import { CliIo, WriteOptions, fileError } from '../../src/cli/io';

/** Run the command-line tool in-process; files are served from `files` and written into `written`. */
export function cli(argv: string[], options: { stdin?: string; files?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const written: Record<string, { text: string; mode: number; secret: boolean }> = {};
  const io: CliIo = {
    stdin: () => options.stdin,
    out: t => {
      stdout += t;
    },
    err: t => {
      stderr += t;
    },
    readFile: p => {
      const files = options.files ?? {};
      if (!Object.prototype.hasOwnProperty.call(files, p)) {
        throw fileError('read', p, { code: 'ENOENT' });
      }
      return files[p];
    },
    writeFile: (p: string, text: string, o: WriteOptions) => {
      written[p] = { text, mode: o.mode, secret: o.secret ?? false };
    },
  };
  const code = runCli(argv, io);
  return { code, stdout, stderr, written };
}

/**
 * The environment every CLI test starts from, over this process's: none of the developer's own sops keys
 * (`sops decrypt` would read SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD and the default key file in
 * the user config directory), so a test sees only the keys it gives. HOME is a directory that does not
 * exist; a test that wants a default key file sets HOME or XDG_CONFIG_HOME itself.
 */
export const NO_USER_KEYS: NodeJS.ProcessEnv = {
  SOPS_AGE_KEY: undefined,
  SOPS_AGE_KEY_FILE: undefined,
  SOPS_AGE_KEY_CMD: undefined,
  SOPS_AGE_RECIPIENTS: undefined,
  XDG_CONFIG_HOME: undefined,
  AppData: undefined,
  APPDATA: undefined,
  HOME: path.resolve(__dirname, '..', '..', '.tmp', 'no-home'),
};

/** How to run the CLI in this process against the real file system ({@link cliInProcess}). */
export interface CliInProcessOptions {
  /** The working directory: relative paths are resolved from it, as for a process started there. */
  readonly cwd: string;
  /** Standard input. @default '' (an empty pipe, as {@link cliProcess} gives) */
  readonly stdin?: string;
  /** Extra environment, over this process's and {@link NO_USER_KEYS} (as {@link cliProcess} gives it). @default - none */
  readonly env?: NodeJS.ProcessEnv;
  /** The operating system the commands see (`sops decrypt` looks for its default key file by it). @default - process.platform */
  readonly platform?: NodeJS.Platform;
}

/**
 * Run the CLI as {@link cliProcess} would, but in this process (no Node.js start-up, ~ms instead of
 * ~0.4 s): `runCli` with the process's own file I/O (`processIo()`: the robust reader, the safe writer,
 * the https fetcher) in `cwd`, standard input given as text, and the environment {@link cliProcess}
 * gives. Standard output and error are captured, and so is anything that bypasses `io` and writes to
 * `process.stdout`, `process.stderr` or the console meanwhile (a real process would print it too), so
 * "nothing on standard output" means the same here.
 *
 * What it cannot show, and leaves to {@link cliProcess}: the real standard streams (a pipe that is
 * late, non-blocking, a directory, larger than the limit; the file behind standard output), the
 * process's guards (an uncaught exception, `process.exitCode`), another user id, and a real fetch
 * (`fetchHttpsText` waits synchronously, so a server in this process could never answer).
 *
 * `runCli` is synchronous, so the working directory is changed for it alone and restored before
 * anything else in this process runs (jest's default child-process workers allow `process.chdir`;
 * worker threads would not, and every in-process row would fail loudly).
 */
export function cliInProcess(argv: readonly string[], options: CliInProcessOptions): CliProcessResult {
  let stdout = '';
  let stderr = '';
  const stdin = options.stdin ?? '';
  const io: CliIo = {
    ...processIo(),
    stdin: () => stdin,
    stdinBytes: () => Buffer.from(stdin, 'utf8'),
    out: t => {
      stdout += t;
    },
    err: t => {
      stderr += t;
    },
    env: { ...process.env, ...NO_USER_KEYS, ...options.env },
    platform: options.platform,
  };
  const stray = (stream: 'out' | 'err') => (...args: unknown[]): boolean => {
    const text = args.map(a => (typeof a === 'string' ? a : Buffer.isBuffer(a) ? a.toString('utf8') : String(a))).join(' ');
    if (stream === 'out') {
      stdout += text;
    } else {
      stderr += text;
    }
    return true;
  };
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(stray('out')),
    jest.spyOn(process.stderr, 'write').mockImplementation(stray('err')),
    ...(['log', 'info', 'debug'] as const).map(m => jest.spyOn(console, m).mockImplementation(stray('out'))),
    ...(['error', 'warn', 'trace'] as const).map(m => jest.spyOn(console, m).mockImplementation(stray('err'))),
  ];
  const cwd = process.cwd();
  let code: number;
  try {
    process.chdir(options.cwd);
    code = runCli([...argv], io);
  } finally {
    process.chdir(cwd);
    spies.forEach(s => s.mockRestore());
  }
  return { code, signal: null, stdout, stderr };
}

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const LAZY = require('../../scripts/lazy-index.cjs') as { toLazyIndex: (source: string, file: string) => string; INDEXES: string[] };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const TRANSPILE = require('./transpile.cjs') as { transpile: (text: string, file: string, project: string) => string };
const TRANSPILE_FILE = path.join(__dirname, 'transpile.cjs');

let built: string | undefined;

/** Builds of other source states that no run has built or used for this long are removed by the next build. */
const PRUNE_AFTER_MS = 10 * 60 * 1000;

/**
 * The CLI compiled to JavaScript, as `lib/cli/index.js` is: every file of src/ transpiled with the
 * project's tsconfig.json (./transpile.cjs, as ts-register.cjs does; no type-check: tsc does that), once per content of src/, into a directory
 * under the project's .tmp/cli-build/ (./tmp-cache.cjs). A process then starts in ~0.15 s instead of ~2 s under ts-node,
 * which lets the tests run the CLI as a real process dozens of times.
 */
export function cliEntry(): string {
  if (built) {
    return built;
  }
  const src = path.join(ROOT, 'src');
  const files = filesUnder(src, name => name.endsWith('.ts'));
  const texts = files.map(f => fs.readFileSync(f, 'utf8'));
  const key = contentKey([
    ROOT,
    fs.readFileSync(path.join(ROOT, 'tsconfig.json')),
    fs.readFileSync(path.join(ROOT, 'scripts', 'lazy-index.cjs')),
    fs.readFileSync(TRANSPILE_FILE),
    ...files.flatMap((f, i) => [path.relative(src, f), texts[i]]),
  ], 16);
  // In the project's .tmp/ (ignored by git), one directory per source state; older states are pruned so
  // repeated runs do not pile builds up.
  const buildRoot = path.join(ROOT, '.tmp', 'cli-build');
  const dir = path.join(buildRoot, key);
  const entry = path.join(dir, 'lib', 'cli', 'index.js');
  if (fs.existsSync(entry)) {
    // In use: a run that builds another source state (src/ edited meanwhile) leaves it alone.
    touch(dir);
  } else {
    // Another test file (a jest worker) may build the same state meanwhile: the first rename wins.
    writeAtomically(dir, staging => {
      files.forEach((f, i) => {
        const out = path.join(staging, 'lib', path.relative(src, f)).replace(/\.ts$/, '.js');
        fs.mkdirSync(path.dirname(out), { recursive: true });
        const js = TRANSPILE.transpile(texts[i], f, path.join(ROOT, 'tsconfig.json'));
        const rel = path.relative(src, f).split(path.sep).join('/').replace(/\.ts$/, '.js');
        // The entry indexes are made lazy as the compile task does (scripts/lazy-index.cjs).
        fs.writeFileSync(out, LAZY.INDEXES.includes(rel) ? LAZY.toLazyIndex(js, rel) : js);
      });
      // lib/core/gitops/age.ts finds assets/ at ../../../assets, as in the package.
      fs.symlinkSync(path.join(ROOT, 'assets'), path.join(staging, 'assets'));
    }, () => fs.existsSync(entry));
    prune(buildRoot, { olderThanMs: PRUNE_AFTER_MS, keep: dir });
  }
  built = entry;
  return entry;
}

/** The environment a CLI process runs in: packages resolve from the project's node_modules; no sops key of the developer's ({@link NO_USER_KEYS}). */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...NO_USER_KEYS, NODE_PATH: path.join(ROOT, 'node_modules'), NODE_OPTIONS: '', ...extra };
}

/** What a CLI process did. */
export interface CliProcessResult {
  /** The exit code (null when killed by a signal). */
  readonly code: number | null;
  /** The signal that ended it, if any. */
  readonly signal: NodeJS.Signals | null;
  /** Everything it wrote to standard output. */
  readonly stdout: string;
  /** Everything it wrote to standard error. */
  readonly stderr: string;
}

/** How to run the CLI as a process. */
export interface CliProcessOptions {
  /** Text written to standard input (after `delayMs`), then closed. @default - standard input is empty */
  readonly stdin?: string;
  /** Wait this long before writing standard input. @default 0 */
  readonly delayMs?: number;
  /**
   * Give the CLI a non-blocking standard input, as `npx` (or any Node.js parent that touched
   * `process.stdin`) does: a wrapper process makes the pipe non-blocking and runs the CLI on it.
   * @default false
   */
  readonly nonBlockingStdin?: boolean;
  /** A file descriptor to use as standard input instead of a pipe. @default - a pipe */
  readonly stdinFd?: number;
  /** Leave standard input open (never written, never closed) until the process exits. @default false */
  readonly keepStdinOpen?: boolean;
  /** A file descriptor to use as standard output instead of a pipe. @default - a pipe */
  readonly stdoutFd?: number;
  /** Working directory. @default the system's temporary directory */
  readonly cwd?: string;
  /** Extra environment. @default - none */
  readonly env?: NodeJS.ProcessEnv;
  /** Node.js options before the script (e.g. `['-r', 'preload.js']`). @default - none */
  readonly nodeArgs?: readonly string[];
  /** Run as this user id (root only). @default - the current user */
  readonly uid?: number;
  /** Kill the process after this many milliseconds. @default 20000 */
  readonly timeoutMs?: number;
}

const NON_BLOCKING_WRAPPER = [
  // Touching process.stdin makes libuv set O_NONBLOCK on the pipe, which the child shares.
  'void process.stdin;',
  'const r = require("child_process").spawnSync(process.argv[1], process.argv.slice(2), { stdio: "inherit" });',
  'process.exitCode = r.status === null ? 128 : r.status;',
].join(' ');

/** Run the CLI as a real process (the compiled entry under plain node). */
export function cliProcess(argv: readonly string[], options: CliProcessOptions = {}): Promise<CliProcessResult> {
  const script = [...(options.nodeArgs ?? []), cliEntry(), ...argv];
  return options.nonBlockingStdin
    ? run(process.execPath, ['-e', NON_BLOCKING_WRAPPER, process.execPath, ...script], options)
    : run(process.execPath, script, options);
}

/** Run a sh command line (build it with {@link cliCommandLine} and {@link shQuote}). */
export function shProcess(line: string, options: CliProcessOptions = {}): Promise<CliProcessResult> {
  return run('/bin/sh', ['-c', line], options);
}

function run(command: string, args: readonly string[], options: CliProcessOptions): Promise<CliProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? os.tmpdir(),
      env: cliEnv(options.env),
      stdio: [options.stdinFd ?? 'pipe', options.stdoutFd ?? 'pipe', 'pipe'],
      uid: options.uid,
      gid: options.uid,
      timeout: options.timeoutMs ?? 20000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (t: string) => {
      stdout += t;
    });
    child.stderr?.setEncoding('utf8').on('data', (t: string) => {
      stderr += t;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      child.stdin?.destroy();
      resolve({ code, signal, stdout, stderr });
    });
    if (child.stdin && !options.keepStdinOpen) {
      child.stdin.on('error', () => undefined); // the CLI may exit before reading (EPIPE)
      const send = (): void => {
        child.stdin?.end(options.stdin ?? '');
      };
      if (options.delayMs) {
        setTimeout(send, options.delayMs);
      } else {
        send();
      }
    }
  });
}

/** Quote a word for sh. */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/** The CLI as a sh command line (`node /.../index.js`), for pipelines such as `(sleep 1; cat x) | <cli> seal`. */
export function cliCommandLine(): string {
  return `${shQuote(process.execPath)} ${shQuote(cliEntry())}`;
}

/**
 * A refused real-process run: the exit code, nothing on stdout, one line on stderr containing `message`
 * (two with the usage hint for exit 2), and none of `secrets` anywhere in stderr.
 */
export function expectCliRefused(r: CliProcessResult, code: 1 | 2, message: string, secrets: readonly string[]): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code, stdout: '' });
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toContain(message);
  expect(lines).toHaveLength(code === 2 ? 2 : 1);
  for (const secret of secrets) {
    expect(r.stderr).not.toContain(secret);
  }
}

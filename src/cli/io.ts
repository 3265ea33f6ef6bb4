import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as tty from 'tty';
import { ValidationError, q, redactSecrets } from '../core/errors';
import { yaml } from '../core/gitops/yaml';

/** How a command wants a file written. */
export interface WriteOptions {
  /**
   * The mode of the written file. The file is created with this mode (narrowed by the umask, never
   * widened), also when it replaces an existing file with a wider mode.
   */
  readonly mode: number;
  /**
   * The text is secret (a key, a plaintext value): it goes only to a regular file, never to a terminal,
   * a pipe, a device or standard output/error, whatever name the path gives them.
   * @default false
   */
  readonly secret?: boolean;
}

/** What a command reads and writes, so tests can run commands in-process. */
export interface CliIo {
  /** Standard input, read fully (undefined when it is a terminal or closed). */
  readonly stdin: () => string | undefined;
  /** Write to standard output (never a secret: use {@link CliIo.writeFile} with `secret: true`). */
  readonly out: (text: string) => void;
  /** Write to standard error (the CLI passes it through `redactSecrets`). */
  readonly err: (text: string) => void;
  /** Read a file; a file-system error is a {@link FileError} (or an error with `code` and `path`). */
  readonly readFile: (path: string) => string;
  /** Write a file safely (see {@link writeFileSafely}); refusals and failures are {@link FileError}s. */
  readonly writeFile: (path: string, text: string, options: WriteOptions) => void;
  /**
   * Standard input as bytes (a raw value to seal may be binary).
   * @default - `stdin()` encoded as UTF-8
   */
  readonly stdinBytes?: () => Buffer | undefined;
  /**
   * A file as bytes (`seal --raw --from-file` of a binary file).
   * @default - `readFile()` encoded as UTF-8
   */
  readonly readFileBytes?: (path: string) => Buffer;
  /**
   * Fetch an https URL (`seal --cert https://...`).
   * @default - {@link fetchHttpsText}
   */
  readonly fetchUrl?: (url: string) => string;
  /**
   * Read a file the command is going to rewrite (`seal --merge-into`), with its permission bits: a
   * target {@link CliIo.writeFile} would refuse (a symbolic link, not a regular file, another user's) is
   * refused with the writer's message before anything is read through it.
   * @default - `readFile()`, mode 0o644
   */
  readonly readFileToRewrite?: (path: string) => { text: string; mode: number };
  /**
   * The environment (`sops decrypt` reads SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and where the default key file
   * is from it).
   * @default - process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The operating system, which decides where `sops decrypt` looks for the default key file (as sops).
   * @default - process.platform
   */
  readonly platform?: NodeJS.Platform;
}

/**
 * A ValidationError's message without its component (`seal: `, `encryptionConfiguration: `, ...): the
 * line's prefix names the command already, so the line names it once (`kube-secure-secrets seal: --name
 * "-h" is not ...`, not `kube-secure-secrets seal: seal: --name ...`).
 */
export function withoutComponent(e: ValidationError): string {
  for (const head of [`${e.component}: `, redactSecrets(`${e.component}: `)]) {
    if (e.message.startsWith(head)) {
      return e.message.slice(head.length);
    }
  }
  return e.message;
}

/** A usage error: the message is printed with the command's help hint, exit code 2. */
export class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A file could not be read or written, or the CLI refused to write it: the message is one line that
 * names the path and the cause (`cannot read c.pem: ENOENT (no such file or directory)`), exit code 1.
 */
export class FileError extends Error {
  /** The path as the user gave it. */
  public readonly path: string;
  /** The errno code (`ENOENT`, `EACCES`, ...), or `EREFUSED` when the CLI refused the target. */
  public readonly code: string;
  /**
   * The flag (its long form) or environment variable that named the path, set by {@link fileOfFlag}; the
   * CLI puts it before the message as the user typed it (`--cert: cannot read c.pem: ...`, `-f: ...` for
   * `-f FILE`).
   */
  public readonly flag?: string;

  /**
   * @param filePath the path as the user gave it
   * @param code the errno code, or `EREFUSED`
   * @param message the whole one-line message
   * @param flag the flag (or environment variable) that named the path
   */
  public constructor(filePath: string, code: string, message: string, flag?: string) {
    super(message);
    this.name = 'FileError';
    this.path = filePath;
    this.code = code;
    this.flag = flag;
  }
}

/** What an errno code means, in the words of strerror(3). */
const ERRNO_CAUSES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  EEXIST: 'file exists',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  ENAMETOOLONG: 'file name too long',
  EBUSY: 'device or resource busy',
  ETXTBSY: 'text file busy',
  EXDEV: 'cross-device link',
  EINVAL: 'invalid argument',
  EIO: 'input/output error',
  ENXIO: 'no such device or address',
  ENODEV: 'no such device',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EFBIG: 'file too large',
  EBADF: 'bad file descriptor',
  EPIPE: 'broken pipe',
  ENOTEMPTY: 'directory not empty',
  ENOTSUP: 'operation not supported',
  EOPNOTSUPP: 'operation not supported',
  EAGAIN: 'resource temporarily unavailable',
};

/** The errno code of an error thrown by `fs` (or a look-alike), else undefined. */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** `ENOENT (no such file or directory)`: the code (for scripts) and its meaning (for people). */
export function describeErrno(code: string): string {
  const cause = ERRNO_CAUSES[code];
  return cause ? `${code} (${cause})` : code;
}

/**
 * A path as a message shows it: as given when it is made of ordinary characters, else JSON-quoted, so a
 * name with a newline or a terminal escape cannot break the one-line message or the terminal.
 */
export function showPath(p: string): string {
  return /^[\w./@:+,=~%-]+$/.test(p) ? p : JSON.stringify(p);
}

/**
 * An error as a {@link FileError}, when it is one, or an `fs` error with a path that did not go through
 * io.ts (a test's I/O, a future command: `cannot access PATH: CODE (cause)`); else undefined. With
 * `flag`, the result is attributed to that flag.
 */
export function asFileError(e: unknown, flag?: string): FileError | undefined {
  if (e instanceof FileError) {
    return flag === undefined || e.flag === flag ? e : new FileError(e.path, e.code, e.message, flag);
  }
  const code = errnoCode(e);
  const filePath = (e as { path?: unknown } | null)?.path;
  return code && typeof filePath === 'string' ? new FileError(filePath, code, `cannot access ${showPath(filePath)}: ${describeErrno(code)}`, flag) : undefined;
}

/**
 * Run `action` on the file (or URL) that `flag` (the long form, `--secret-file`) names: a file error it
 * throws is attributed to `flag`, so the message names the flag that gave the path, as the user typed it
 * (`-f`), and never another flag with the same value.
 */
export function fileOfFlag<T>(flag: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    throw asFileError(e, flag) ?? e;
  }
}

/** The FileError for an `fs` error met while reading or writing `filePath`. */
export function fileError(operation: 'read' | 'write', filePath: string, e: unknown, label = showPath(filePath)): FileError {
  const code = errnoCode(e) ?? 'EIO';
  return new FileError(filePath, code, `cannot ${operation} ${label}: ${describeErrno(code)}`);
}

function refuse(filePath: string, reason: string): FileError {
  return new FileError(filePath, 'EREFUSED', `refusing to write ${showPath(filePath)}: ${reason}`);
}

/** An `--output` format. */
export type OutputFormat = 'yaml' | 'json';

/** Check the `--output` flag: yaml (the default) or json; anything else is a usage error. */
export function outputFormat(flag: string | undefined): OutputFormat {
  const f = flag ?? 'yaml';
  if (f !== 'yaml' && f !== 'json') {
    throw new UsageError(`--output ${q(f)} is not supported; use yaml or json.`);
  }
  return f;
}

/** Render a document as YAML or pretty-printed JSON. */
export function renderDocument(doc: unknown, format: OutputFormat): string {
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : yaml().stringify(doc);
}

/**
 * The file an `--out` flag names, or undefined for standard output (the flag absent or `-`). An empty
 * value is a usage error (it would otherwise print what the user meant to put in a file).
 */
export function outputFile(flag: string, value: string | undefined): string | undefined {
  if (value === '') {
    throw new UsageError(`${flag} needs a file name (or - for standard output).`);
  }
  return value === '-' ? undefined : value;
}

/**
 * The file an input flag names, or undefined for standard input (the flag absent or `-`), as
 * {@link outputFile} reads `-` for output. An empty value is a usage error.
 */
export function inputFile(flag: string, value: string | undefined): string | undefined {
  if (value === '') {
    throw new UsageError(`${flag} needs a file name (or - for standard input).`);
  }
  return value === '-' ? undefined : value;
}

/** The largest input read from standard input or a file: Kubernetes objects are at most ~1.5 MiB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Read a file descriptor to its end. A non-blocking descriptor (standard input shared with a parent
 * that made it non-blocking, as `npx` or any Node.js parent does) answers EAGAIN while the writer has
 * not written yet: wait a little and read again instead of failing (`fs.readFileSync(0)` throws there).
 */
function readAllBytes(fd: number, what: string, label: string): Buffer {
  const chunks: Buffer[] = [];
  const chunk = Buffer.allocUnsafe(64 * 1024);
  let total = 0;
  let wait = 1;
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') {
        sleep(wait);
        wait = Math.min(wait * 2, 50);
        continue;
      }
      if (code === 'EOF') {
        break; // a Windows pipe at its end
      }
      throw fileError('read', what, e, label);
    }
    if (n === 0) {
      break;
    }
    wait = 1;
    total += n;
    if (total > MAX_INPUT_BYTES) {
      throw new FileError(what, 'EFBIG', `cannot read ${label}: it is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MiB`);
    }
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  return Buffer.concat(chunks);
}

/**
 * Read standard input fully, robustly: undefined for a terminal or a closed descriptor, and EAGAIN on a
 * non-blocking pipe is waited out. Never touches `process.stdin` (which would make the pipe
 * non-blocking for this process and the ones it shares it with).
 */
export function readStandardInput(): string | undefined {
  return readStandardInputBytes()?.toString('utf8');
}

/** {@link readStandardInput}, as bytes. */
export function readStandardInputBytes(): Buffer | undefined {
  if (tty.isatty(0)) {
    return undefined;
  }
  try {
    fs.fstatSync(0);
  } catch {
    return undefined; // closed (`<&-`)
  }
  return readAllBytes(0, '-', 'standard input');
}

/** {@link readFileRobustly}, as bytes. */
export function readFileBytesRobustly(filePath: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(filePath, 'r');
  } catch (e) {
    throw fileError('read', filePath, e);
  }
  try {
    if (fs.fstatSync(fd).isDirectory()) {
      throw fileError('read', filePath, { code: 'EISDIR' });
    }
    return readAllBytes(fd, filePath, showPath(filePath));
  } finally {
    fs.closeSync(fd);
  }
}

/** The largest certificate fetched from a URL. */
const MAX_FETCH_BYTES = 1024 * 1024;

/**
 * The fetcher, run as a child Node.js process so that the CLI stays synchronous: the global `fetch`
 * (Node.js 18+), certificate verification on (the default trust store plus NODE_EXTRA_CA_CERTS), no
 * redirects, a status other than 200 and a body over 1 MiB refused. Its one line of error goes to
 * standard error; exit code 3 means "refused or failed".
 */
const FETCH_SCRIPT = `
const url = process.argv[1];
const fail = m => { process.stderr.write(String(m).replace(/\\s+/g, ' ').slice(0, 200)); process.exit(3); };
fetch(url, { redirect: 'error', signal: AbortSignal.timeout(${20000}) }).then(async r => {
  if (r.status !== 200) { fail('HTTP ' + r.status); }
  const body = Buffer.from(await r.arrayBuffer());
  if (body.length > ${MAX_FETCH_BYTES}) { fail('larger than 1 MiB'); }
  process.stdout.write(body);
}).catch(e => fail((e && e.cause && (e.cause.code || e.cause.message)) || (e && e.message) || e));
`;

/**
 * Fetch an https URL's body as text with no dependency beyond Node.js (a child process running the
 * global fetch; the TLS certificate is verified). Plain http is refused: a certificate fetched without
 * TLS could be swapped for an attacker's, who could then unseal every value.
 * @throws FileError naming the URL and the cause
 */
export function fetchHttpsText(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new FileError(url, 'EINVAL', `cannot fetch ${showPath(url)}: not a URL`);
  }
  if (parsed.protocol !== 'https:') {
    throw new FileError(url, 'EREFUSED', `refusing to fetch ${showPath(url)}: only https:// URLs are fetched (a certificate fetched without TLS could be swapped for an attacker's); use https, or download it yourself and give the file.`);
  }
  if (parsed.username || parsed.password) {
    throw new FileError(url, 'EREFUSED', `refusing to fetch ${showPath(url)}: it carries a user name or password; download the certificate yourself and give the file.`);
  }
  const r = spawnSync(process.execPath, ['-e', FETCH_SCRIPT, url], { encoding: 'buffer', timeout: 30000, maxBuffer: MAX_FETCH_BYTES + 4096, env: { ...process.env, NODE_OPTIONS: '' } });
  if (r.status !== 0) {
    const cause = r.error ? (errnoCode(r.error) ?? r.error.message) : (r.stderr.toString('utf8').trim() || `exit ${String(r.status ?? r.signal)}`);
    throw new FileError(url, 'EIO', `cannot fetch ${showPath(url)}: ${cause}`);
  }
  return r.stdout.toString('utf8');
}

/** Read a file (following links: `--cert <(kubeseal --fetch-cert)` is a pipe behind /dev/fd). */
export function readFileRobustly(filePath: string): string {
  return readFileBytesRobustly(filePath).toString('utf8');
}

function kindOf(stats: fs.Stats): string {
  if (stats.isDirectory()) {
    return 'a directory';
  }
  if (stats.isFIFO()) {
    return 'a FIFO (named pipe)';
  }
  if (stats.isCharacterDevice()) {
    return 'a character device (a terminal or a device such as /dev/null)';
  }
  if (stats.isBlockDevice()) {
    return 'a block device';
  }
  if (stats.isSocket()) {
    return 'a socket';
  }
  return 'not a regular file';
}

/** Whether `stats` is the file behind standard output or standard error (e.g. `--out f > f`). */
function isStandardStream(stats: fs.Stats): string | undefined {
  for (const [fd, name] of [[1, 'standard output'], [2, 'standard error']] as const) {
    try {
      const s = fs.fstatSync(fd);
      if (s.dev === stats.dev && s.ino === stats.ino) {
        return name;
      }
    } catch {
      // closed: not this file
    }
  }
  return undefined;
}

function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  while (offset < data.length) {
    offset += fs.writeSync(fd, data, offset, data.length - offset);
  }
}

/**
 * Why {@link writeFileSafely} refuses to write `target`, whose `lstat` (or `fstat`) is `existing`, or
 * undefined when it may: the one decision of what may be written (and so rewritten).
 */
function writeRefusal(target: string, existing: fs.Stats, options: Pick<WriteOptions, 'secret'>): FileError | undefined {
  if (existing.isSymbolicLink()) {
    return refuse(target, 'it is a symbolic link; give the path of a regular file (a link could send the file anywhere, a terminal or standard output included).');
  }
  if (!existing.isFile()) {
    return refuse(target, `it is ${kindOf(existing)}, not a regular file.`);
  }
  const euid = process.geteuid?.();
  if (euid !== undefined && existing.uid !== euid) {
    return refuse(target, `it is owned by another user (uid ${existing.uid}); remove it or choose another path.`);
  }
  const stream = options.secret ? isStandardStream(existing) : undefined;
  if (stream) {
    return refuse(target, `it is ${stream}; a key is written only to a file of its own.`);
  }
  return undefined;
}

/**
 * Read a file that is going to be rewritten with {@link writeFileSafely} (`seal --merge-into`), and its
 * permission bits: the target is refused exactly as the writer would refuse it (a symbolic link, a
 * directory, FIFO, device or socket, another user's file) before anything is opened, and it is opened
 * with `O_NOFOLLOW|O_NONBLOCK` and checked again, so a link swapped in meanwhile is not followed either.
 * Unlike {@link readFileRobustly}, it never reads through a link.
 * @throws FileError naming the path and the cause
 */
export function readFileToRewrite(target: string): { text: string; mode: number } {
  let stats: fs.Stats;
  try {
    stats = fs.lstatSync(target);
  } catch (e) {
    throw fileError('read', target, e);
  }
  const refused = writeRefusal(target, stats, {});
  if (refused) {
    throw refused;
  }
  // eslint-disable-next-line no-bitwise -- open(2) flags are a bit mask
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);
  let fd: number;
  try {
    fd = fs.openSync(target, flags);
  } catch (e) {
    throw fileError('read', target, e);
  }
  try {
    const opened = fs.fstatSync(fd);
    const changed = writeRefusal(target, opened, {});
    if (changed) {
      throw changed;
    }
    // eslint-disable-next-line no-bitwise -- permission bits
    return { text: readAllBytes(fd, target, showPath(target)).toString('utf8'), mode: opened.mode & 0o666 };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Write a file safely:
 * - the target, if it exists, must be a regular file owned by the current user: a symbolic link (which
 *   could point the write anywhere, `/dev/stdout` and `/proc/self/fd/1` included), a directory, FIFO,
 *   device or socket, or another user's file is refused; a secret is also refused when the target is
 *   the file behind standard output or standard error;
 * - the text goes to a new temporary file in the target's directory, created with
 *   `O_CREAT|O_EXCL|O_NOFOLLOW` and `options.mode` (so no other user can open it meanwhile, and no
 *   planted link or file is followed), is fsynced, then renamed over the target (readers never see a
 *   half-written file, and the result has the requested mode, never the old file's wider one);
 * - on any failure the temporary file is removed and the target is left as it was.
 * @throws FileError naming the target path and the cause
 */
export function writeFileSafely(target: string, text: string, options: WriteOptions): void {
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(target);
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') {
      throw fileError('write', target, e);
    }
  }
  const refused = existing && writeRefusal(target, existing, options);
  if (refused) {
    throw refused;
  }
  const temp = path.join(path.dirname(target), `.${path.basename(target).slice(0, 64)}.${randomBytes(6).toString('hex')}.tmp`);
  // eslint-disable-next-line no-bitwise -- open(2) flags are a bit mask
  const flags = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, flags, options.mode % 0o1000); // permission bits only: never setuid/setgid/sticky
  } catch (e) {
    throw fileError('write', target, e);
  }
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
  } catch (e) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing
      }
    }
    try {
      fs.unlinkSync(temp);
    } catch {
      // already gone
    }
    throw errnoCode(e) ? fileError('write', target, e) : e;
  }
  syncDirectory(path.dirname(target));
}

/** Make the rename durable (best effort: not every platform can fsync a directory). */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // EISDIR/EINVAL/EPERM on some platforms: the rename itself has happened
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
}

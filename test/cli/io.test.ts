/**
 * The CLI's I/O layer in-process: the safe writer, the bounded reader, and how runCli turns every error
 * into one redacted line with the documented exit code.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ageKeygen } from '../../src';
import { EXIT_INTERNAL_ERROR, runCli } from '../../src/cli';
import { CliIo, FileError, MAX_INPUT_BYTES, describeErrno, fileOfFlag, inputFile, outputFile, readFileRobustly, readFileToRewrite, showPath, writeFileSafely } from '../../src/cli/io';
import { cliInProcess } from '../helpers/cli';
import { CANARIES } from '../hostile/harness';

// The fs module itself (the `import * as` object only has getters, which jest cannot spy on).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeFs = require('fs') as typeof fs;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-cli-io-'));
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

describe('writeFileSafely', () => {
  test('creates the file with the mode, through a temporary file that is gone afterwards', () => {
    const file = path.join(dir, 'enc.yaml');
    const opened: Array<[string, unknown, unknown]> = [];
    const open = fs.openSync;
    jest.spyOn(nodeFs, 'openSync').mockImplementation((p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode | null) => {
      opened.push([String(p), flags, mode]);
      return open(p, flags ?? 'r', mode);
    });
    writeFileSafely(file, 'key: value\n', { mode: 0o600, secret: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('key: value\n');
    expect(fs.statSync(file).mode % 0o1000).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['enc.yaml']);
    const [temp, flags, mode] = opened[0];
    expect(path.dirname(temp)).toBe(dir);
    expect(path.basename(temp)).toMatch(/^\.enc\.yaml\.[0-9a-f]{12}\.tmp$/);
    const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
    expect(flags).toBe(O_WRONLY + O_CREAT + O_EXCL + O_NOFOLLOW);
    expect(mode).toBe(0o600);
  });

  test('a failed write removes the temporary file and keeps the old content', () => {
    const file = path.join(dir, 'enc.yaml');
    fs.writeFileSync(file, 'old\n');
    jest.spyOn(nodeFs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    });
    const e = thrown(() => writeFileSafely(file, 'new\n', { mode: 0o600 }));
    expect(e).toBeInstanceOf(FileError);
    expect((e as FileError).message).toBe(`cannot write ${file}: ENOSPC (no space left on device)`);
    expect(fs.readdirSync(dir)).toEqual(['enc.yaml']);
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n');
  });

  test('an unexpected error is passed on as it is, and the temporary file is removed all the same', () => {
    jest.spyOn(nodeFs, 'renameSync').mockImplementation(() => {
      throw new TypeError('unexpected');
    });
    expect(() => writeFileSafely(path.join(dir, 'a.yaml'), 'x', { mode: 0o644 })).toThrow(new TypeError('unexpected'));
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test('refuses a symbolic link, a directory, and names the path', () => {
    fs.symlinkSync(path.join(dir, 'target'), path.join(dir, 'link'));
    fs.mkdirSync(path.join(dir, 'sub'));
    expect(() => writeFileSafely(path.join(dir, 'link'), 'x', { mode: 0o600 })).toThrow(`refusing to write ${dir}/link: it is a symbolic link; give the path of a regular file (a link could send the file anywhere, a terminal or standard output included).`);
    expect(() => writeFileSafely(path.join(dir, 'sub'), 'x', { mode: 0o600 })).toThrow(`refusing to write ${dir}/sub: it is a directory, not a regular file.`);
    expect(fs.existsSync(path.join(dir, 'target'))).toBe(false);
    expect(fs.readdirSync(dir).sort()).toEqual(['link', 'sub']);
  });

  test('readFileToRewrite refuses what the writer refuses, with its message, and opens nothing through a link', () => {
    fs.writeFileSync(path.join(dir, 'target'), 'fake-link-target-content\n');
    fs.symlinkSync(path.join(dir, 'target'), path.join(dir, 'link'));
    fs.mkdirSync(path.join(dir, 'sub'));
    const open = jest.spyOn(nodeFs, 'openSync');
    const read = jest.spyOn(nodeFs, 'readFileSync');
    for (const name of ['link', 'sub']) {
      const written = thrown(() => writeFileSafely(path.join(dir, name), 'x', { mode: 0o644 })) as FileError;
      open.mockClear();
      const reread = thrown(() => readFileToRewrite(path.join(dir, name))) as FileError;
      expect(reread).toBeInstanceOf(FileError);
      expect({ message: reread.message, code: reread.code, path: reread.path }).toEqual({ message: written.message, code: 'EREFUSED', path: path.join(dir, name) });
      expect(open).not.toHaveBeenCalled();
    }
    expect(read).not.toHaveBeenCalled();
  });

  test('readFileToRewrite reads a regular file and its permission bits', () => {
    fs.writeFileSync(path.join(dir, 'sealed.json'), '{"fake": true}\n', { mode: 0o640 });
    fs.chmodSync(path.join(dir, 'sealed.json'), 0o640);
    expect(readFileToRewrite(path.join(dir, 'sealed.json'))).toEqual({ text: '{"fake": true}\n', mode: 0o640 });
    expect(thrown(() => readFileToRewrite(path.join(dir, 'nope.json')))).toEqual(new FileError(path.join(dir, 'nope.json'), 'ENOENT', `cannot read ${dir}/nope.json: ENOENT (no such file or directory)`));
  });

  test('the requested mode is an upper bound: no setuid, setgid or sticky bit gets through', () => {
    const file = path.join(dir, 'x');
    writeFileSafely(file, 'x', { mode: 0o4755 });
    const mode = fs.statSync(file).mode % 0o10000;
    expect(mode).toBeLessThan(0o1000);
    expect(mode % 0o1000).toBeLessThanOrEqual(0o755);
  });
});

describe('readFileRobustly', () => {
  test('reads a file; a missing one is a FileError naming the path and the cause', () => {
    fs.writeFileSync(path.join(dir, 'c.pem'), 'pem');
    expect(readFileRobustly(path.join(dir, 'c.pem'))).toBe('pem');
    expect(() => readFileRobustly(path.join(dir, 'nope.pem'))).toThrow(`cannot read ${dir}/nope.pem: ENOENT (no such file or directory)`);
    expect(() => readFileRobustly(dir)).toThrow(`cannot read ${dir}: EISDIR (is a directory)`);
  });

  test('an endless file (/dev/zero) is cut off at the input limit', () => {
    if (!fs.existsSync('/dev/zero')) {
      return;
    }
    expect(MAX_INPUT_BYTES).toBe(16 * 1024 * 1024);
    expect(() => readFileRobustly('/dev/zero')).toThrow('cannot read /dev/zero: it is larger than 16 MiB');
  });
});

describe('helpers', () => {
  test('showPath quotes only names that could break the line or the terminal', () => {
    expect(showPath('/etc/kubernetes/enc.yaml')).toBe('/etc/kubernetes/enc.yaml');
    expect(showPath('my file.yaml')).toBe('"my file.yaml"');
    expect(showPath('a\nb')).toBe('"a\\nb"');
    expect(showPath('\u001b[31mred')).toBe('"\\u001b[31mred"');
  });

  test('describeErrno gives the code and its meaning, or the bare code', () => {
    expect(describeErrno('EACCES')).toBe('EACCES (permission denied)');
    expect(describeErrno('ELOOP')).toBe('ELOOP (too many levels of symbolic links)');
    expect(describeErrno('EWHATEVER')).toBe('EWHATEVER');
  });

  test('outputFile: absent or - is standard output, empty is a usage error', () => {
    expect(outputFile('--out', undefined)).toBeUndefined();
    expect(outputFile('--out', '-')).toBeUndefined();
    expect(outputFile('--out', 'a.yaml')).toBe('a.yaml');
    expect(() => outputFile('--out', '')).toThrow('--out needs a file name (or - for standard output).');
  });

  test('inputFile: absent or - is standard input, empty is a usage error', () => {
    expect(inputFile('--secret-file', undefined)).toBeUndefined();
    expect(inputFile('--secret-file', '-')).toBeUndefined();
    expect(inputFile('--secret-file', 'a.yaml')).toBe('a.yaml');
    expect(() => inputFile('--secret-file', '')).toThrow('--secret-file needs a file name (or - for standard input).');
  });
});

describe('runCli: every error is one redacted line with its exit code', () => {
  function run(argv: string[], readFile: (p: string) => string) {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdin: () => undefined,
      out: t => {
        stdout += t;
      },
      err: t => {
        stderr += t;
      },
      readFile,
      writeFile: () => undefined,
    };
    const code = runCli(argv, io);
    return { code, stdout, stderr };
  }
  const SEAL = ['seal', '--cert', 'c.pem', '--name', 'a', '--namespace', 'b', '--from-literal', 'k=v'];

  test('an fs error that did not go through io.ts still names the flag, the path and the cause', () => {
    const r = run(SEAL, p => {
      throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES', path: p, syscall: 'open' });
    });
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'kube-secure-secrets seal: --cert: cannot access c.pem: EACCES (permission denied)\n' });
    const noPath = run(SEAL, () => {
      throw Object.assign(new Error('EIO'), { code: 'EIO', syscall: 'read' });
    });
    expect(noPath).toEqual({ code: 1, stdout: '', stderr: 'kube-secure-secrets seal: read failed: EIO (input/output error)\n' });
  });

  test('an unexpected error: one line, redacted, control characters escaped, exit 70', () => {
    const r = run(SEAL, () => {
      throw new TypeError(`bad\n-----BEGIN PRIVATE KEY-----\n${CANARIES.pemBody}\n-----END PRIVATE KEY-----\n\u001b[2J token ${CANARIES.ageIdentity}`);
    });
    expect(EXIT_INTERNAL_ERROR).toBe(70);
    expect(r).toEqual({ code: 70, stdout: '', stderr: 'kube-secure-secrets seal: internal error: TypeError: bad <redacted PRIVATE KEY> \\u001b[2J token AGE-SECRET-KEY-<redacted>\n' });
  });

  test('a thrown non-Error value and a very long message are internal errors too', () => {
    const value = run(SEAL, () => {
      throw 'a string'; // eslint-disable-line no-throw-literal
    });
    expect(value).toEqual({ code: 70, stdout: '', stderr: 'kube-secure-secrets seal: internal error: a string\n' });
    const long = run(SEAL, () => {
      throw new Error('x'.repeat(1000));
    });
    expect(long.stderr).toBe(`kube-secure-secrets seal: internal error: Error: ${'x'.repeat(293)}...\n`);
  });

  test('util.parseArgs\'s multi-line "argument is ambiguous" becomes one line in the house style', () => {
    const r = run(['seal', '--cert', '--name'], () => '');
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'kube-secure-secrets seal: --cert needs a value, and the argument after it starts with "-" (not echoed: it may be a value); give --cert its value, or write --cert=VALUE when the value starts with "-".\nRun "kube-secure-secrets seal --help" for usage.\n',
    });
  });

  test('a FileError names the flag given as --flag=value too', () => {
    const r = run(['seal', '--cert=c.pem', '--name', 'a', '--namespace', 'b', '--from-literal', 'k=v'], p => {
      throw new FileError(p, 'ENOENT', `cannot read ${p}: ENOENT (no such file or directory)`);
    });
    expect(r.stderr).toBe('kube-secure-secrets seal: --cert: cannot read c.pem: ENOENT (no such file or directory)\n');
  });
});

describe('a file error names the flag it is about, also when another flag has the same value', () => {
  const FAKE = 'fake-attribution-value-1618';
  const CERT_TEXT = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sealed-secrets', 'test-cert.pem'), 'utf8');
  const LITERAL = ['--namespace', 'payments', '--from-literal', `password=${FAKE}`];
  const run = (argv: string[], env?: NodeJS.ProcessEnv) => cliInProcess(argv, { cwd: dir, env });
  /** Exit 1 with exactly this one line on standard error, no secret in it, and nothing written. */
  const expectOneErrorLine = (argv: string[], line: string) => {
    const before = fs.readdirSync(dir).sort();
    const r = run(argv);
    expect(r).toEqual({ code: 1, signal: null, stdout: '', stderr: `${line}\n` });
    expect(r.stderr).not.toContain(FAKE);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  };

  test.each<[string, () => string[], string]>([
    ['--name and --cert both x.pem, the certificate missing', () => ['seal', '--name', 'x.pem', '--cert', 'x.pem', ...LITERAL],
      'kube-secure-secrets seal: --cert: cannot read x.pem: ENOENT (no such file or directory)'],
    ['--cert and -f both same.yaml, missing (-f is read first)', () => ['seal', '--cert', 'same.yaml', '-f', 'same.yaml'],
      'kube-secure-secrets seal: -f: cannot read same.yaml: ENOENT (no such file or directory)'],
    ['--cert and -w both link.pem, a link to the certificate (read, then refused as the -w target)', () => {
      fs.writeFileSync(path.join(dir, 'pub-cert.pem'), CERT_TEXT);
      fs.symlinkSync('pub-cert.pem', path.join(dir, 'link.pem'));
      return ['seal', '--cert', 'link.pem', '--name', 'db', ...LITERAL, '-w', 'link.pem'];
    }, 'kube-secure-secrets seal: -w: refusing to write link.pem: it is a symbolic link; give the path of a regular file (a link could send the file anywhere, a terminal or standard output included).'],
    ['sops: --output and FILE both missing.yaml (FILE is read, no flag)', () => ['sops', 'decrypt', '--output', 'missing.yaml', 'missing.yaml'],
      'kube-secure-secrets sops: cannot read missing.yaml: ENOENT (no such file or directory)'],
    ['audit -- FILE (no flag, not "--")', () => ['audit', '--', 'missing.yaml'],
      'kube-secure-secrets audit: cannot read missing.yaml: ENOENT (no such file or directory)'],
  ])('%s', (_, setup, line) => {
    expectOneErrorLine(setup(), line);
  });

  test.each<[string, () => string[], string]>([
    ['-f missing.yaml', () => ['seal', '--cert', 'pub-cert.pem', '-f', 'missing.yaml'],
      'kube-secure-secrets seal: -f: cannot read missing.yaml: ENOENT (no such file or directory)'],
    ['-fmissing.yaml (the value attached)', () => ['seal', '--cert', 'pub-cert.pem', '-fmissing.yaml'],
      'kube-secure-secrets seal: -f: cannot read missing.yaml: ENOENT (no such file or directory)'],
    ['--secret-file missing.yaml (the long form stays long)', () => ['seal', '--cert', 'pub-cert.pem', '--secret-file', 'missing.yaml'],
      'kube-secure-secrets seal: --secret-file: cannot read missing.yaml: ENOENT (no such file or directory)'],
    ['-f a.yaml --secret-file=missing.yaml (the last one given, whose value is read)', () => ['seal', '--cert', 'pub-cert.pem', '-f', 'a.yaml', '--secret-file=missing.yaml'],
      'kube-secure-secrets seal: --secret-file: cannot read missing.yaml: ENOENT (no such file or directory)'],
    ['--secret-file a.yaml -f missing.yaml (the last one given, whose value is read)', () => ['seal', '--cert', 'pub-cert.pem', '--secret-file', 'a.yaml', '-f', 'missing.yaml'],
      'kube-secure-secrets seal: -f: cannot read missing.yaml: ENOENT (no such file or directory)'],
    ['-w to a directory', () => {
      fs.writeFileSync(path.join(dir, 'pub-cert.pem'), CERT_TEXT);
      fs.mkdirSync(path.join(dir, 'out.json'));
      return ['seal', '--cert', 'pub-cert.pem', '--name', 'db', ...LITERAL, '-w', 'out.json'];
    }, 'kube-secure-secrets seal: -w: refusing to write out.json: it is a directory, not a regular file.'],
    ['sops encrypt -i of a symbolic link (read through, then refused as the target)', () => {
      fs.writeFileSync(path.join(dir, 'secret.yaml'), `apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData:\n  password: ${FAKE}\n`);
      fs.symlinkSync('secret.yaml', path.join(dir, 'link.yaml'));
      return ['sops', 'encrypt', '--age', ageKeygen().recipient, '-i', 'link.yaml'];
    }, 'kube-secure-secrets sops: -i: refusing to write link.yaml: it is a symbolic link; give the path of a regular file (a link could send the file anywhere, a terminal or standard output included).'],
  ])('the flag is named as the user typed it: %s', (_, setup, line) => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: a, namespace: payments}\nstringData: {a: "b"}\n');
    expectOneErrorLine(setup(), line);
  });

  test('sops: SOPS_AGE_KEY_FILE and --output name the same missing file: the key file is named', () => {
    const { recipient } = ageKeygen();
    fs.writeFileSync(path.join(dir, 'secret.yaml'), `apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData:\n  password: ${FAKE}\n`);
    const enc = run(['sops', 'encrypt', '--age', recipient, '--output', 'enc.yaml', 'secret.yaml']);
    expect({ code: enc.code, stdout: enc.stdout, stderr: enc.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    const r = run(['sops', 'decrypt', '--output', 'keys.txt', 'enc.yaml'], { SOPS_AGE_KEY: '', SOPS_AGE_KEY_FILE: 'keys.txt' });
    expect(r).toEqual({ code: 1, signal: null, stdout: '', stderr: 'kube-secure-secrets sops: SOPS_AGE_KEY_FILE: cannot read keys.txt: ENOENT (no such file or directory)\n' });
    expect(fs.existsSync(path.join(dir, 'keys.txt'))).toBe(false);
  });

  test('fileOfFlag attributes a FileError and a bare fs error with a path; other errors pass unchanged', () => {
    const other = new TypeError('unexpected');
    expect(thrown(() => fileOfFlag('--cert', () => {
      throw new FileError('c.pem', 'ENOENT', 'cannot read c.pem: ENOENT (no such file or directory)');
    }))).toMatchObject({ flag: '--cert', path: 'c.pem', code: 'ENOENT', message: 'cannot read c.pem: ENOENT (no such file or directory)' });
    expect(thrown(() => fileOfFlag('--out', () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', path: 'o.yaml' });
    }))).toMatchObject({ flag: '--out', path: 'o.yaml', code: 'EACCES', message: 'cannot access o.yaml: EACCES (permission denied)' });
    expect(thrown(() => fileOfFlag('--cert', () => {
      throw other;
    }))).toBe(other);
    expect(fileOfFlag('--cert', () => 'text')).toBe('text');
  });
});

/**
 * `kube-secure-secrets sops encrypt|decrypt` (issue 17), run as a real process: its output decrypts with
 * the independent SOPS decryptor (test/helpers/independent-sops.ts) and its data key with the real `age`
 * binary (Debian's age, when installed); a file written by an independent encryptor (the `age` binary
 * for the data key, node:crypto for the values and the MAC, the YAML written by hand) decrypts with it;
 * its layout is byte for byte what the cdk8s SopsSecret synthesizes, ciphertext aside. The real `sops`
 * binary is not available here (not a Debian bookworm package; GitHub and PyPI are unreachable).
 *
 * What those checks verify runs as a real process (`sops`): the output the independent decryptor and the
 * age binary open, the independently encrypted file decrypted, the layout compared, and what only a
 * process shows (the keys and recipients it reads from its own environment, the files it writes: mode
 * 0600, -i, a symbolic link refused). Refusals, and the files a test only needs as input, run in-process
 * (`sopsInProcess`: the same CLI, the real file system, the same environment), which is ~ms instead of
 * ~0.5-1 s a process.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createCipheriv, createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import { SopsFile, SopsSecret, ageKeygen } from '../../src';
import { CliProcessOptions, CliProcessResult, cliEntry, cliEnv, cliInProcess, cliProcess, expectCliRefused } from '../helpers/cli';
import { independentSopsDecrypt } from '../helpers/independent-sops';

const { identity, recipient } = ageKeygen();
const other = ageKeygen();
const FAKE = 'fake-sops-cli-value-8080';
const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: db
  namespace: payments
type: Opaque
stringData:
  password: ${FAKE}
  pin: "0123"
data:
  username: YWRtaW4=
`;
const HAS_AGE = spawnSync('age', ['--version']).status === 0;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-sops-cli-'));
  fs.writeFileSync(path.join(dir, 'secret.yaml'), SECRET);
  fs.writeFileSync(path.join(dir, 'keys.txt'), `# created: fake test key\n# public key: ${recipient}\n${identity}\n`, { mode: 0o600 });
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * No key in the environment unless a test gives one: the CLI helpers start from NO_USER_KEYS (the sops
 * variables unset, not empty: sops reads a variable that is set, even to ""); HOME is the test directory,
 * where a test may put a default key file.
 */
function noKeyEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { HOME: dir, ...env };
}

/** `sops` as a real process in the test directory. */
function sops(argv: readonly string[], options: CliProcessOptions = {}): Promise<CliProcessResult> {
  return cliProcess(['sops', ...argv], { cwd: dir, ...options, env: noKeyEnv(options.env) });
}

/** `sops` in-process, with the same directory and environment. */
function sopsInProcess(argv: readonly string[], options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): CliProcessResult {
  return cliInProcess(['sops', ...argv], { cwd: dir, stdin: options.stdin, env: noKeyEnv(options.env) });
}

/** secret.yaml encrypted for `recipient` (in-process: the input of a decrypt test). */
function encrypted(): string {
  const r = sopsInProcess(['encrypt', '--age', recipient, 'secret.yaml']);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return r.stdout;
}
const withKeyFile = { env: { SOPS_AGE_KEY_FILE: 'keys.txt' } };

function expectNoKey(r: CliProcessResult): void {
  for (const text of [r.stdout, r.stderr]) {
    expect(text).not.toContain(identity);
    expect(text).not.toContain(other.identity);
    expect(text).not.toMatch(/AGE-SECRET-KEY-1[0-9A-Z]{20}/);
  }
}

function expectRefused(r: CliProcessResult, code: 1 | 2, message: string): void {
  expectCliRefused(r, code, message, [FAKE]);
  expectNoKey(r);
}

/** The file with everything random (ciphertext, IVs, tags, the wrapped data key, the time) replaced. */
function layout(text: string): string {
  return text
    .replace(/ENC\[AES256_GCM,data:[^,]*,iv:[^,]+,tag:[^,]+,type:(\w+)\]/g, 'ENC[$1]')
    .replace(/-----BEGIN AGE ENCRYPTED FILE-----[\s\S]*?-----END AGE ENCRYPTED FILE-----/g, 'AGE')
    .replace(/lastmodified: "[^"]+"/, 'lastmodified: T');
}

describe('sops encrypt', () => {
  test('encrypts every value under data and stringData, keeps the key order, verifies with the independent decryptor', async () => {
    const r = await sops(['encrypt', '--age', recipient, 'secret.yaml']);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).not.toContain(FAKE);
    expectNoKey(r);
    const opened = independentSopsDecrypt(r.stdout, identity);
    expect(opened.macVerified).toBe(true);
    expect(opened.encryptedPaths).toEqual(['stringData.password', 'stringData.pin', 'data.username']);
    expect(opened.document).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'payments' },
      type: 'Opaque',
      stringData: { password: FAKE, pin: '0123' },
      data: { username: 'YWRtaW4=' },
    });
    expect(Object.keys(opened.document)).toEqual(['apiVersion', 'kind', 'metadata', 'type', 'stringData', 'data']);
    expect(r.stdout).toContain('encrypted_regex: ^(data|stringData)$\n  version: 3.9.0\n');
  });

  (HAS_AGE ? test : test.skip)('the real age binary opens the data key of each recipient', async () => {
    const r = await sops(['encrypt', '--age', `${recipient},${other.recipient}`], { stdin: SECRET });
    expect(r.code).toBe(0);
    const blocks = r.stdout.match(/-----BEGIN AGE ENCRYPTED FILE-----[\s\S]*?-----END AGE ENCRYPTED FILE-----/g) ?? [];
    expect(blocks).toHaveLength(2);
    const armored = (blocks[0] ?? '').split('\n').map(l => l.trim()).join('\n');
    const key = execFileSync('age', ['-d', '-i', path.join(dir, 'keys.txt')], { input: `${armored}\n` });
    expect(key).toHaveLength(32);
  });

  test('SOPS_AGE_RECIPIENTS when --age is not given; -i rewrites the file', async () => {
    const r = await sops(['encrypt', '-i', 'secret.yaml'], { env: { SOPS_AGE_RECIPIENTS: recipient } });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    const text = fs.readFileSync(path.join(dir, 'secret.yaml'), 'utf8');
    expect(independentSopsDecrypt(text, identity).macVerified).toBe(true);
  });

  test('the layout is byte for byte what SopsSecret synthesizes (ciphertext aside)', async () => {
    const app: App = Testing.app({ outdir: dir });
    const chart = new Chart(app, 'payments', { namespace: 'payments', labels: { team: 'payments' } });
    new SopsSecret(chart, 'api', { name: 'api-keys', ageRecipients: [recipient], stringData: { token: FAKE, zeta: 'z-fake', alpha: 'yes' } });
    app.synth();
    const synthesized = fs.readFileSync(path.join(dir, 'payments.k8s.yaml'), 'utf8');
    fs.writeFileSync(path.join(dir, 'synth.yaml'), synthesized);
    const plain = sopsInProcess(['decrypt', 'synth.yaml'], withKeyFile);
    expect({ code: plain.code, stderr: plain.stderr }).toEqual({ code: 0, stderr: '' });
    expect(plain.stdout).toContain('  alpha: "yes"\n');
    const again = await sops(['encrypt', '--age', recipient], { stdin: plain.stdout });
    expect(again.code).toBe(0);
    expect(layout(again.stdout)).toBe(layout(synthesized));
  });

  test('SopsFile includes what it writes unchanged', () => {
    const r = sopsInProcess(['encrypt', '--age', recipient, '--output', 'enc.yaml', 'secret.yaml']);
    expect(r.code).toBe(0);
    const chart = new Chart(Testing.app(), 'c');
    new SopsFile(chart, 'db', { path: path.join(dir, 'enc.yaml') });
    const [object] = chart.toJson();
    expect(independentSopsDecrypt(fs.readFileSync(path.join(dir, 'enc.yaml'), 'utf8'), identity).macVerified).toBe(true);
    expect(object.sops.encrypted_regex).toBe('^(data|stringData)$');
  });

  test.each<[string, string[], string | undefined, 1 | 2, string]>([
    ['no recipient', ['encrypt', 'secret.yaml'], undefined, 2, 'encrypt needs at least one age recipient: --age age1... (or SOPS_AGE_RECIPIENTS)'],
    ['a bad recipient', ['encrypt', '--age', 'age1nope', 'secret.yaml'], undefined, 1, 'sops: recipient 1 of --age'],
    ['an identity given as the recipient (not echoed)', ['encrypt', '--age', identity, 'secret.yaml'], undefined, 1, 'sops: recipient 1 of --age'],
    ['a rule that leaves a value in plaintext', ['encrypt', '--age', recipient, '--encrypted-regex', '^data$', 'secret.yaml'], undefined, 1, 'stringData'],
    ['an encrypted file', ['encrypt', '--age', recipient], 'ENCRYPTED', 1, 'sops: standard input is SOPS-encrypted already'],
    ['an unquoted number', ['encrypt', '--age', recipient], SECRET.replace('pin: "0123"', 'pin: 0123'), 1, 'sops: stringData["pin"] is not a string'],
    ['a ConfigMap', ['encrypt', '--age', recipient], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n', 2, 'standard input is not a v1 Secret (kind: "ConfigMap")'],
    ['two documents', ['encrypt', '--age', recipient], `${SECRET}---\n${SECRET}`, 2, 'standard input holds 2 YAML documents; give one Secret per file'],
    ['no data', ['encrypt', '--age', recipient], 'apiVersion: v1\nkind: Secret\nmetadata: {name: x}\n', 1, 'sops: standard input has no data and no stringData'],
    ['-i without a file', ['encrypt', '--age', recipient, '-i'], SECRET, 2, '--in-place rewrites the FILE given, so it needs FILE (not standard input) and no --output.'],
    ['two files', ['encrypt', '--age', recipient, 'a.yaml', 'b.yaml'], undefined, 2, 'kube-secure-secrets sops: encrypt takes one file (or standard input); 2 arguments were given (not echoed).'],
    ['no action', ['--age', recipient], undefined, 2, 'give the action: sops encrypt or sops decrypt.'],
    ['an unknown action', ['rotate'], undefined, 2, '"rotate" is not an action; use sops encrypt or sops decrypt.'],
  ])('refuses %s', (_, argv, stdin, code, message) => {
    expectRefused(sopsInProcess(argv, { stdin: stdin === 'ENCRYPTED' ? encrypted() : stdin }), code, message);
  });
});

/**
 * An independent SOPS encryptor: the data key wrapped by the real `age` binary, values and MAC with
 * node:crypto as the SOPS file format defines them, the YAML written by hand.
 */
function independentEncrypt(values: Array<[string, string]>): string {
  const dataKey = randomBytes(32);
  const enc = (plain: string, aad: string): string => {
    const iv = randomBytes(32);
    const c = createCipheriv('aes-256-gcm', dataKey, iv);
    c.setAAD(Buffer.from(aad));
    const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${c.getAuthTag().toString('base64')},type:str]`;
  };
  const head: Array<[string, string]> = [['apiVersion', 'v1'], ['kind', 'Secret'], ['name', 'db'], ['namespace', 'payments']];
  const mac = createHash('sha512');
  head.forEach(([, v]) => mac.update(v));
  values.forEach(([, v]) => mac.update(v));
  const lastModified = '2026-01-02T03:04:05Z';
  const armored = execFileSync('age', ['-a', '-r', recipient], { input: dataKey }).toString('utf8');
  return [
    'apiVersion: v1', 'kind: Secret', 'metadata:', '  name: db', '  namespace: payments', 'stringData:',
    ...values.map(([k, v]) => `  ${k}: ${enc(v, `stringData:${k}:`)}`),
    'sops:', '  age:', `  - recipient: ${recipient}`, '    enc: |', ...armored.trimEnd().split('\n').map(l => `      ${l}`),
    `  lastmodified: "${lastModified}"`, `  mac: ${enc(mac.digest('hex').toUpperCase(), lastModified)}`,
    '  encrypted_regex: ^(data|stringData)$', '  version: 3.9.0', '',
  ].join('\n');
}

describe('sops decrypt', () => {
  (HAS_AGE ? test : test.skip)('decrypts a file from an independent encryptor (the age binary) and checks its MAC', async () => {
    fs.writeFileSync(path.join(dir, 'indep.yaml'), independentEncrypt([['password', FAKE], ['token', 'fake-token-2']]));
    const tampered = fs.readFileSync(path.join(dir, 'indep.yaml'), 'utf8').replace('name: db', 'name: dc');
    fs.writeFileSync(path.join(dir, 'tampered.yaml'), tampered);
    const [r, refused] = await Promise.all([sops(['decrypt', 'indep.yaml'], withKeyFile), sops(['decrypt', 'tampered.yaml'], withKeyFile)]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: payments\nstringData:\n  password: ${FAKE}\n  token: fake-token-2\n`);
    expectRefused(refused, 1, 'sops.mac does not match the decrypted values');
  });

  test('round trip with each key source: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, the default key file', async () => {
    fs.writeFileSync(path.join(dir, 'enc.yaml'), encrypted());
    fs.mkdirSync(path.join(dir, 'xdg', 'sops', 'age'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'keys.txt'), path.join(dir, 'xdg', 'sops', 'age', 'keys.txt'));
    // The key sources are the process's own environment: three processes, run at once.
    const envs = [{ SOPS_AGE_KEY: identity }, { SOPS_AGE_KEY_FILE: 'keys.txt' }, { XDG_CONFIG_HOME: path.join(dir, 'xdg') }];
    const results = await Promise.all(envs.map(env => sops(['decrypt', 'enc.yaml'], { env })));
    for (const r of results) {
      expect({ code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ code: 0, stderr: '', stdout: SECRET });
    }
  });

  test('--output writes the plaintext to a 0600 file, never over a symbolic link', async () => {
    fs.writeFileSync(path.join(dir, 'enc.yaml'), encrypted());
    fs.symlinkSync('elsewhere.yaml', path.join(dir, 'link.yaml'));
    const [r, refused] = await Promise.all([
      sops(['decrypt', '--output', 'plain.yaml', 'enc.yaml'], withKeyFile),
      sops(['decrypt', '--output', 'link.yaml', 'enc.yaml'], withKeyFile),
    ]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    // eslint-disable-next-line no-bitwise
    expect(fs.statSync(path.join(dir, 'plain.yaml')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, 'plain.yaml'), 'utf8')).toBe(SECRET);
    expectRefused(refused, 1, 'refusing to write link.yaml: it is a symbolic link');
    expect(fs.existsSync(path.join(dir, 'elsewhere.yaml'))).toBe(false);
  });

  test.each<[string, string[], CliProcessOptions['env'], 1 | 2, string]>([
    ['no key anywhere', ['decrypt', 'enc.yaml'], {}, 2, 'decrypt needs an age identity: set SOPS_AGE_KEY_FILE to the key file (or SOPS_AGE_KEY to its text), as for sops.'],
    ['the wrong key (the recipients are named, no key)', ['decrypt', 'enc.yaml'], { SOPS_AGE_KEY: other.identity }, 1, `the age identities of SOPS_AGE_KEY match none of the file's recipients ("${recipient}")`],
    ['a key file with a bad line (not echoed)', ['decrypt', 'enc.yaml'], { SOPS_AGE_KEY_FILE: 'bad.txt' }, 1, 'sops: SOPS_AGE_KEY_FILE bad.txt: line 2 is not an age identity (AGE-SECRET-KEY-1... or AGE-SECRET-KEY-PQ-1...); the key itself is not echoed.'],
    ['a missing key file', ['decrypt', 'enc.yaml'], { SOPS_AGE_KEY_FILE: 'nope.txt' }, 1, 'cannot read nope.txt: ENOENT'],
    ['a plaintext file', ['decrypt', 'secret.yaml'], { SOPS_AGE_KEY_FILE: 'keys.txt' }, 1, 'sops: secret.yaml is not SOPS-encrypted'],
    ['--age on decrypt', ['decrypt', '--age', recipient, 'enc.yaml'], { SOPS_AGE_KEY_FILE: 'keys.txt' }, 2, '--age and the encryption rule flags are for sops encrypt'],
  ])('refuses %s', (_, argv, env, code, message) => {
    fs.writeFileSync(path.join(dir, 'enc.yaml'), encrypted());
    fs.writeFileSync(path.join(dir, 'bad.txt'), `# comment\n${identity.slice(0, -3)}XYZ-not-a-key\n`);
    expectRefused(sopsInProcess(argv, { env }), code, message);
  });
});

/**
 * Where decrypt finds keys, as sops does (getsops/sops age/keysource.go, MasterKey.loadIdentities): every
 * place together; a place that is set but fails is a warning when another gave a key, and the error when
 * none did; the default key file is in the user config directory as Go's os.UserConfigDir finds it.
 */
describe('sops decrypt finds keys where sops does', () => {
  const keyFileIn = (...parts: string[]): void => {
    fs.mkdirSync(path.join(dir, ...parts, 'sops', 'age'), { recursive: true });
    fs.copyFileSync(path.join(dir, 'keys.txt'), path.join(dir, ...parts, 'sops', 'age', 'keys.txt'));
  };
  const decrypts = (r: CliProcessResult, stderr = ''): void => {
    expect(r).toEqual({ code: 0, signal: null, stdout: SECRET, stderr });
    expectNoKey(r);
  };
  beforeEach(() => {
    fs.writeFileSync(path.join(dir, 'enc.yaml'), encrypted());
    fs.writeFileSync(path.join(dir, 'other.txt'), `${other.identity}\n`);
  });

  test('the default key file is read beside SOPS_AGE_KEY_FILE and SOPS_AGE_KEY, not only instead of them', () => {
    keyFileIn('xdg');
    decrypts(sopsInProcess(['decrypt', 'enc.yaml'], { env: { SOPS_AGE_KEY_FILE: 'other.txt', XDG_CONFIG_HOME: path.join(dir, 'xdg') } }));
    decrypts(sopsInProcess(['decrypt', 'enc.yaml'], { env: { SOPS_AGE_KEY: other.identity, XDG_CONFIG_HOME: path.join(dir, 'xdg') } }));
    // The wrong key everywhere: the refusal names every place a key came from.
    const wrong = sopsInProcess(['decrypt', 'enc.yaml'], { env: { SOPS_AGE_KEY: other.identity, SOPS_AGE_KEY_FILE: 'other.txt' } });
    expectRefused(wrong, 1, `the age identities of SOPS_AGE_KEY, SOPS_AGE_KEY_FILE other.txt match none of the file's recipients ("${recipient}").`);
  });

  test.each<[string, NodeJS.Platform, NodeJS.ProcessEnv, string[]]>([
    ['Linux: $XDG_CONFIG_HOME', 'linux', { XDG_CONFIG_HOME: '<dir>/xdg' }, ['xdg']],
    ['Linux: ~/.config', 'linux', {}, ['.config']],
    ['macOS: ~/Library/Application Support', 'darwin', {}, ['Library', 'Application Support']],
    ['macOS: $XDG_CONFIG_HOME first (sops getUserConfigDir)', 'darwin', { XDG_CONFIG_HOME: '<dir>/xdg' }, ['xdg']],
    ['Windows: %AppData%', 'win32', { AppData: '<dir>/roaming' }, ['roaming']],
  ])('the default key file on %s', (_, platform, env, parts) => {
    keyFileIn(...parts);
    const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v?.replace('<dir>', dir)]));
    const r = cliInProcess(['sops', 'decrypt', 'enc.yaml'], { cwd: dir, env: noKeyEnv(resolved), platform });
    decrypts(r);
  });

  test('a relative $XDG_CONFIG_HOME is no config directory (Go: "path in $XDG_CONFIG_HOME is relative")', () => {
    keyFileIn('xdg');
    keyFileIn('.config');
    expectRefused(sopsInProcess(['decrypt', 'enc.yaml'], { env: { XDG_CONFIG_HOME: 'xdg' } }), 2, 'decrypt needs an age identity');
  });

  const EMPTY = 'SOPS_AGE_KEY_FILE is set but empty: there is no key file to read; set it to the key file\'s path, or unset it.';
  const CMD = 'SOPS_AGE_KEY_CMD is set, but this tool runs no command to get a key (sops does); give the key with SOPS_AGE_KEY_FILE or SOPS_AGE_KEY.';
  test.each<[string, NodeJS.ProcessEnv, string]>([
    ['an empty SOPS_AGE_KEY_FILE', { SOPS_AGE_KEY_FILE: '' }, EMPTY],
    ['SOPS_AGE_KEY_CMD', { SOPS_AGE_KEY_CMD: 'vault kv get -field=key secret/age' }, CMD],
  ])('%s: the error when no other place gives a key, a warning when one does', (_, env, message) => {
    expectRefused(sopsInProcess(['decrypt', 'enc.yaml'], { env }), 2, message);
    decrypts(sopsInProcess(['decrypt', 'enc.yaml'], { env: { ...env, SOPS_AGE_KEY: identity } }), `warning: sops: ${message}\n`);
  });

  test('a key file that cannot be read or has a bad line: a warning when SOPS_AGE_KEY gives the key; with none, every failure is told', () => {
    fs.writeFileSync(path.join(dir, 'bad.txt'), '# comment\nAGE-SECRET-KEY-1NOT-A-KEY\n');
    decrypts(sopsInProcess(['decrypt', 'enc.yaml'], { env: { SOPS_AGE_KEY_FILE: 'nope.txt', SOPS_AGE_KEY: identity } }),
      'warning: sops: SOPS_AGE_KEY_FILE: cannot read nope.txt: ENOENT (no such file or directory)\n');
    decrypts(sopsInProcess(['decrypt', 'enc.yaml'], { env: { SOPS_AGE_KEY_FILE: 'bad.txt', SOPS_AGE_KEY: identity } }),
      'warning: sops: SOPS_AGE_KEY_FILE bad.txt: line 2 is not an age identity (AGE-SECRET-KEY-1... or AGE-SECRET-KEY-PQ-1...); the key itself is not echoed.\n');
    const none = sopsInProcess(['decrypt', 'enc.yaml'], { env: { SOPS_AGE_KEY_FILE: 'nope.txt', SOPS_AGE_KEY_CMD: 'x' } });
    expect(none).toEqual({
      code: 1,
      signal: null,
      stdout: '',
      stderr: `warning: sops: ${CMD}\nkube-secure-secrets sops: SOPS_AGE_KEY_FILE: cannot read nope.txt: ENOENT (no such file or directory)\n`,
    });
  });

  test('SOPS_AGE_KEY_FILE=- is refused even when another place gives a key: the reading is ambiguous, not failed', () => {
    keyFileIn('.config');
    expectRefused(sopsInProcess(['decrypt', 'enc.yaml'], { env: { SOPS_AGE_KEY_FILE: '-', SOPS_AGE_KEY: identity } }), 2, 'SOPS_AGE_KEY_FILE is "-": standard input cannot be the key file');
  });

  test('SOPS_AGE_KEY: several keys on a line, as sops reads it; a bad one is named by its line', () => {
    decrypts(sopsInProcess(['decrypt', 'enc.yaml'], { env: { SOPS_AGE_KEY: `# two keys\n${other.identity}  ${identity}\n` } }));
    expectRefused(sopsInProcess(['decrypt', 'enc.yaml'], { env: { SOPS_AGE_KEY: `${identity}\n# c\n${other.identity} AGE-SECRET-KEY-1NOPE` } }), 1,
      'sops: SOPS_AGE_KEY: line 3 is not an age identity (AGE-SECRET-KEY-1... or AGE-SECRET-KEY-PQ-1...); the key itself is not echoed.');
  });

  test('SOPS_AGE_KEY_FILE=/dev/stdin: refused when standard input carries the SOPS file, read when it carries the key', () => {
    fs.symlinkSync('/dev/stdin', path.join(dir, 'stdin-link'));
    for (const stdinPath of ['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0', '/dev//stdin', '../../../../../../../../dev/stdin', 'stdin-link']) {
      const r = sopsInProcess(['decrypt'], { stdin: fs.readFileSync(path.join(dir, 'enc.yaml'), 'utf8'), env: { SOPS_AGE_KEY_FILE: stdinPath } });
      expectRefused(r, 2, `SOPS_AGE_KEY_FILE is ${stdinPath}, standard input, which carries the SOPS file here; give the SOPS file as FILE, or set SOPS_AGE_KEY_FILE to the key file's path.`);
    }
    // A shell pipe (Node.js gives a child a socket, not a pipe, as standard input; /dev/stdin then cannot be opened).
    const r = spawnSync('sh', ['-c', 'cat keys.txt | "$0" "$1" sops decrypt enc.yaml', process.execPath, cliEntry()], {
      cwd: dir, env: cliEnv(noKeyEnv({ SOPS_AGE_KEY_FILE: '/dev/stdin' })), encoding: 'utf8', timeout: 15_000,
    });
    decrypts({ code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr });
  });
});

describe('SOPS_AGE_KEY_FILE=- (standard input, which carries the SOPS file) is refused; ./- is the file named "-"', () => {
  const refusal = 'kube-secure-secrets sops: SOPS_AGE_KEY_FILE is "-": standard input cannot be the key file (sops decrypt reads the SOPS file from it); '
    + 'set SOPS_AGE_KEY_FILE to the key file\'s path (./- for a file named "-"), or SOPS_AGE_KEY to its text.\nRun "kube-secure-secrets sops --help" for usage.\n';

  test.each<[string, string[], boolean]>([
    ['decrypt - (the SOPS file on standard input)', ['decrypt', '-'], true],
    ['decrypt enc.yaml', ['decrypt', 'enc.yaml'], false],
    ['decrypt --output plain.yaml enc.yaml', ['decrypt', '--output', 'plain.yaml', 'enc.yaml'], false],
  ])('%s: exit 2, one line and the hint, the file named "-" not read, nothing written', (_, argv, onStdin) => {
    const enc = encrypted();
    fs.writeFileSync(path.join(dir, 'enc.yaml'), enc);
    // A file named "-" holding the right key: read, it would decrypt; it must not be read.
    fs.copyFileSync(path.join(dir, 'keys.txt'), path.join(dir, '-'));
    const before = fs.readdirSync(dir).sort();
    const r = sopsInProcess(argv, { stdin: onStdin ? enc : undefined, env: { SOPS_AGE_KEY_FILE: '-' } });
    expect(r).toEqual({ code: 2, signal: null, stdout: '', stderr: refusal });
    expectNoKey(r);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('SOPS_AGE_KEY_FILE=./- reads the file named "-"', () => {
    fs.copyFileSync(path.join(dir, 'keys.txt'), path.join(dir, '-'));
    const r = sopsInProcess(['decrypt', '-'], { stdin: encrypted(), env: { SOPS_AGE_KEY_FILE: './-' } });
    expect(r).toEqual({ code: 0, signal: null, stdout: SECRET, stderr: '' });
  });
});

describe('a refusal is one line that names the command once ("sops: ", not "sops: sops: " or "sops: sopsDecrypt: ")', () => {
  test.each<[string, string[], string | undefined, NodeJS.ProcessEnv, string]>([
    ['decrypt of a plaintext file (the command)', ['decrypt', 'secret.yaml'], undefined, { SOPS_AGE_KEY_FILE: 'keys.txt' },
      'secret.yaml is not SOPS-encrypted (no sops metadata with a MAC); there is nothing to decrypt.'],
    ['a key file with a bad line (the command, over parseAgeIdentities)', ['decrypt', 'enc.yaml'], undefined, { SOPS_AGE_KEY_FILE: 'bad.txt' },
      'SOPS_AGE_KEY_FILE bad.txt: line 2 is not an age identity (AGE-SECRET-KEY-1... or AGE-SECRET-KEY-PQ-1...); the key itself is not echoed.'],
    ['the wrong key (sopsDecrypt)', ['decrypt', 'enc.yaml'], undefined, { SOPS_AGE_KEY: other.identity },
      `the age identities of SOPS_AGE_KEY match none of the file's recipients ("${recipient}").`],
    ['an unquoted number (the Secret reader)', ['encrypt', '--age', recipient], SECRET.replace('pin: "0123"', 'pin: 0123'), {},
      'stringData["pin"] is not a string: written unquoted, YAML reads it as a number, so the text sealed would differ from the text written (an unquoted 0123 is the number 123). Quote the value ("...") so that it is sealed exactly as written. The value is not echoed.'],
  ])('%s', (_, argv, stdin, env, message) => {
    fs.writeFileSync(path.join(dir, 'enc.yaml'), encrypted());
    fs.writeFileSync(path.join(dir, 'bad.txt'), `# comment\n${identity.slice(0, -3)}XYZ-not-a-key\n`);
    const r = sopsInProcess(argv, { stdin, env });
    expect(r).toEqual({ code: 1, signal: null, stdout: '', stderr: `kube-secure-secrets sops: ${message}\n` });
    expectNoKey(r);
  });
});

describe('"-" is standard input and standard output, as for every command', () => {
  test('decrypt --output - prints the plaintext Secret on standard output and writes no file', () => {
    fs.writeFileSync(path.join(dir, 'enc.yaml'), encrypted());
    const before = fs.readdirSync(dir).sort();
    const r = sopsInProcess(['decrypt', '--output', '-', 'enc.yaml'], withKeyFile);
    expect(r).toEqual({ code: 0, signal: null, stdout: SECRET, stderr: '' });
    expectNoKey(r);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('encrypt --output - -: the Secret from standard input, the SOPS file on standard output, no file written', () => {
    const before = fs.readdirSync(dir).sort();
    const r = sopsInProcess(['encrypt', '--age', recipient, '--output=-', '-'], { stdin: SECRET });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).not.toContain(FAKE);
    expectNoKey(r);
    expect(independentSopsDecrypt(r.stdout, identity).document.stringData).toEqual({ password: FAKE, pin: '0123' });
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('decrypt - reads the SOPS file from standard input', () => {
    const r = sopsInProcess(['decrypt', '-'], { stdin: encrypted(), ...withKeyFile });
    expect(r).toEqual({ code: 0, signal: null, stdout: SECRET, stderr: '' });
  });

  test.each<[string, string[], string]>([
    ['-i - (standard input cannot be rewritten)', ['encrypt', '--age', recipient, '-i', '-'], '--in-place rewrites the FILE given, so it needs FILE (not standard input) and no --output.'],
    ['-i with --output -', ['encrypt', '--age', recipient, '-i', '--output', '-', 'secret.yaml'], '--in-place rewrites the FILE given, so it needs FILE (not standard input) and no --output.'],
    ['an empty --output', ['decrypt', '--output=', 'secret.yaml'], 'kube-secure-secrets sops: --output needs a file name (or - for standard output).'],
    ['an empty FILE', ['decrypt', ''], 'kube-secure-secrets sops: FILE needs a file name (or - for standard input).'],
  ])('refuses %s (exit 2), writes nothing', (_, argv, message) => {
    const before = fs.readdirSync(dir).sort();
    expectRefused(sopsInProcess(argv, { stdin: SECRET, ...withKeyFile }), 2, message);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});

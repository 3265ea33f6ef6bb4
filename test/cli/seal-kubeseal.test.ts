/**
 * `seal` as kubeseal users run it (issue 17): the flag table of kubeseal's `cmd/kubeseal/main.go` and
 * `pkg/kubeseal/kubeseal.go` (bitnami-labs/sealed-secrets main, 86671a88; cited as main.go:N and
 * kubeseal.go:N), run against the CLI. Every sealed value is opened with the independent unsealer
 * (test/helpers/independent-unseal.ts) under the label the controller would use, and every document is
 * validated strictly against the SealedSecret schema.
 *
 * The flag table runs in-process (`sealInProcess`: the same CLI with the process's own file I/O, the real
 * file system, in the test's directory), ~ms a row instead of ~0.5 s a process. What only a process
 * shows runs as a real process (`seal`: the compiled CLI under node): the default output through the
 * real standard output, the modes of the files it writes (under its umask), a symbolic link refused by
 * the safe writer, and the https fetch (a child process the CLI waits for synchronously: the local
 * server must be in another process than the CLI).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { CliProcessOptions, CliProcessResult, cliInProcess, cliProcess, expectCliRefused } from '../helpers/cli';
import { unseal } from '../helpers/independent-unseal';
import { expectValidManifests } from '../helpers/schema';

const FIX = path.join(__dirname, '..', 'fixtures', 'sealed-secrets');
const KEY = fs.readFileSync(path.join(FIX, 'test-key.pem'), 'utf8');
const FAKE = 'fake-kubeseal-value-4242';
const secret = (name: string, namespace: string | undefined, body = `stringData:\n  password: ${FAKE}\n`, annotations?: string) => [
  'apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${name}`, ...(namespace ? [`  namespace: ${namespace}`] : []),
  ...(annotations ? [`  annotations: ${annotations}`] : []), body,
].join('\n');
const SECRET = secret('db', 'payments');
const CLUSTER_WIDE = '{ sealedsecrets.bitnami.com/cluster-wide: "true" }';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-kubeseal-'));
  fs.copyFileSync(path.join(FIX, 'test-cert.pem'), path.join(dir, 'pub-cert.pem'));
  fs.writeFileSync(path.join(dir, 'secret.yaml'), SECRET);
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const CERT = ['--cert', 'pub-cert.pem'];
/** `seal` as a real process in the test directory. */
function seal(argv: readonly string[], stdin = SECRET, options: CliProcessOptions = {}): Promise<CliProcessResult> {
  return cliProcess(['seal', ...argv], { stdin, cwd: dir, ...options });
}

/** `seal` in-process, in the test directory. */
function sealInProcess(argv: readonly string[], stdin = SECRET): CliProcessResult {
  return cliInProcess(['seal', ...argv], { stdin, cwd: dir });
}

/** The JSON documents of a kubeseal JSON stream: indented objects, each followed by a newline (kubeseal.go:412-414). */
function jsonStream(text: string): Array<Record<string, any>> {
  expect(text.endsWith('}\n')).toBe(true);
  return text.split(/\n(?=\{)/).map(t => JSON.parse(t));
}

function expectOk(r: CliProcessResult): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(r.stdout).not.toContain(FAKE);
}

function expectRefused(r: CliProcessResult, code: 1 | 2, message: string): void {
  expectCliRefused(r, code, message, [FAKE]);
}

describe('--format (main.go:87: -o, json by default)', () => {
  test('JSON by default: indented, one newline after the document', async () => {
    const r = await seal(CERT);
    expectOk(r);
    expect(r.stdout.startsWith('{\n  "apiVersion": "bitnami.com/v1alpha1",\n')).toBe(true);
    const [doc] = jsonStream(r.stdout);
    expectValidManifests([doc]);
    expect(unseal(doc.spec.encryptedData.password, KEY, 'payments/db')).toBe(FAKE);
  });

  test.each([['-o', 'yaml'], ['--format', 'yaml'], ['--format=YAML', undefined]])('%s %s: YAML after "---" (kubeseal.go:397-398)', (flag, value) => {
    const r = sealInProcess([...CERT, flag, ...(value ? [value] : [])]);
    expectOk(r);
    expect(r.stdout.startsWith('---\napiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\n')).toBe(true);
    expect(unseal(parse(r.stdout).spec.encryptedData.password, KEY, 'payments/db')).toBe(FAKE);
  });

  test('--output, the old name, still works with a deprecation warning', () => {
    const r = sealInProcess([...CERT, '--output', 'yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: seal: --output is deprecated; use --format (kubeseal\'s name; -o is its short form). Note that JSON is now the default, as in kubeseal.\n');
    expect(r.stdout.startsWith('---\n')).toBe(true);
  });

  test.each<[string, string[], string]>([
    ['an unknown format', ['--format', 'toml'], 'kube-secure-secrets seal: --format "toml" is not supported; use json (the default, as kubeseal) or yaml.'],
    ['--format and --output contradicting', ['--format', 'json', '--output', 'yaml'], '--format json and --output yaml contradict each other; give --format only.'],
  ])('refuses %s (exit 2)', (_, argv, message) => {
    expectRefused(sealInProcess([...CERT, ...argv]), 2, message);
  });
});

describe('multi-document streams are sealed document by document (kubeseal.go:170-193, 233-283)', () => {
  const stream = `${secret('db', 'payments')}---\n---\n# an empty document is skipped\n---\n${secret('api', 'orders', 'data:\n  token: ZmFrZS10b2tlbg==\n', CLUSTER_WIDE)}`;

  test('YAML: one "---" document each, each bound to its own name, namespace and scope', () => {
    const r = sealInProcess([...CERT, '-o', 'yaml'], stream);
    expectOk(r);
    const docs = parseAllDocuments(r.stdout).map(d => d.toJS());
    expect(docs.map(d => `${d.metadata.namespace}/${d.metadata.name}`)).toEqual(['payments/db', 'orders/api']);
    expectValidManifests(docs);
    expect(unseal(docs[0].spec.encryptedData.password, KEY, 'payments/db')).toBe(FAKE);
    expect(docs[1].metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
    expect(unseal(docs[1].spec.encryptedData.token, KEY, '')).toBe('fake-token');
  });

  test('JSON: the documents one after the other', () => {
    const r = sealInProcess(CERT, stream);
    expectOk(r);
    expect(jsonStream(r.stdout).map(d => d.metadata.name)).toEqual(['db', 'api']);
  });

  test('a refusal in any document prints nothing (kubeseal would have printed the documents before it)', () => {
    expectRefused(sealInProcess(CERT, `${SECRET}---\n${secret('bad', 'payments', 'stringData:\n  pin: 0123\n')}`), 1,
      'seal: document 2: stringData["pin"] is not a string');
  });

  test('--name cannot rename several documents (kubeseal would give them all the same name)', () => {
    expectRefused(sealInProcess([...CERT, '--name', 'x'], stream), 2, '--name renames one Secret; the input holds 2 (each keeps its metadata.name).');
  });
});

describe('--scope and the input\'s scope annotations (kubeseal.go:250-254)', () => {
  test('the annotation wins over the default scope', () => {
    const r = sealInProcess(CERT, secret('db', 'payments', `stringData:\n  password: ${FAKE}\n`, CLUSTER_WIDE));
    expectOk(r);
    const [doc] = jsonStream(r.stdout);
    expect(doc.spec.template.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/cluster-wide': 'true' });
    expect(unseal(doc.spec.encryptedData.password, KEY, '')).toBe(FAKE);
  });

  test('--scope namespace-wide seals with the namespace as label and annotates both metadata', () => {
    const r = sealInProcess([...CERT, '--scope', 'namespace-wide']);
    expectOk(r);
    const [doc] = jsonStream(r.stdout);
    expect(doc.metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(doc.spec.template.metadata).toEqual(doc.metadata);
    expect(unseal(doc.spec.encryptedData.password, KEY, 'payments')).toBe(FAKE);
  });

  test('an explicit --scope that contradicts the annotation is refused (kubeseal silently picks one)', () => {
    expectRefused(sealInProcess([...CERT, '--scope', 'strict'], secret('db', 'payments', `stringData:\n  password: ${FAKE}\n`, CLUSTER_WIDE)), 1,
      'seal: --scope "strict" contradicts the annotation sealedsecrets.bitnami.com/cluster-wide: "true" on the input; remove the annotation or the flag');
  });
});

describe('--namespace (kubeseal.go:255-263)', () => {
  test('fills in a Secret without a namespace (-n as in kubectl)', () => {
    const r = sealInProcess([...CERT, '-n', 'orders'], secret('db', undefined));
    expectOk(r);
    expect(unseal(jsonStream(r.stdout)[0].spec.encryptedData.password, KEY, 'orders/db')).toBe(FAKE);
  });

  test('the same namespace as the input is fine', () => {
    expectOk(sealInProcess([...CERT, '--namespace', 'payments']));
  });

  test('a contradicting namespace is an error, not a silent re-target', () => {
    expectRefused(sealInProcess([...CERT, '--namespace', 'orders']), 1,
      'seal: --namespace "orders" contradicts metadata.namespace "payments" of the input Secret (kubeseal: "namespace mismatch")');
  });

  test('no namespace at all for a strict Secret: the kubeconfig is not read', () => {
    expectRefused(sealInProcess(CERT, secret('db', undefined)), 1, 'seal: namespace is missing; a strict SealedSecret is bound to its namespace: give --namespace or metadata.namespace');
  });
});

describe('empty data (kubeseal.go:234-236)', () => {
  test('a key with an empty value is sealed', () => {
    const r = sealInProcess(CERT, secret('db', 'payments', `stringData:\n  password: ${FAKE}\n  empty: ""\n`));
    expectOk(r);
    expect(unseal(jsonStream(r.stdout)[0].spec.encryptedData.empty, KEY, 'payments/db')).toBe('');
  });

  test('wholly empty data is refused, unless --allow-empty-data', () => {
    const empty = secret('db', 'payments', 'data: {}\n');
    expectRefused(sealInProcess(CERT, empty), 1, 'seal: data is empty in the input Secret (no key in data or stringData)');
    const r = sealInProcess([...CERT, '--allow-empty-data'], empty);
    expectOk(r);
    const [doc] = jsonStream(r.stdout);
    expect(doc.spec.encryptedData).toEqual({});
    expectValidManifests([doc]);
  });
});

describe('--raw (main.go:220-260, kubeseal.go:495-505)', () => {
  test('strict: the value from standard input, base64 with no newline, bound to namespace/name', () => {
    const r = sealInProcess([...CERT, '--raw', '--name', 'db', '--namespace', 'payments'], FAKE);
    expectOk(r);
    expect(r.stdout).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(unseal(r.stdout, KEY, 'payments/db')).toBe(FAKE);
  });

  test('namespace-wide needs no name; cluster-wide needs no namespace', () => {
    const ns = sealInProcess([...CERT, '--raw', '--scope', 'namespace-wide', '--namespace', 'payments'], FAKE);
    expectOk(ns);
    expect(unseal(ns.stdout, KEY, 'payments')).toBe(FAKE);
    const cw = sealInProcess([...CERT, '--raw', '--scope', 'cluster-wide'], FAKE);
    expectOk(cw);
    expect(unseal(cw.stdout, KEY, '')).toBe(FAKE);
  });

  test('--from-file [KEY=]FILE: the file\'s bytes exactly (a trailing newline and UTF-8 kept)', () => {
    fs.writeFileSync(path.join(dir, 'value.txt'), 'пароль-✓\n');
    for (const spec of ['value.txt', 'password=value.txt']) {
      const r = sealInProcess([...CERT, '--raw', '--name', 'db', '--namespace', 'payments', '--from-file', spec], '');
      expectOk(r);
      expect(unseal(r.stdout, KEY, 'payments/db')).toBe('пароль-✓\n');
    }
  });

  test('-w writes the value to a file', () => {
    const r = sealInProcess([...CERT, '--raw', '--scope', 'cluster-wide', '-w', 'value.sealed'], FAKE);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(unseal(fs.readFileSync(path.join(dir, 'value.sealed'), 'utf8'), KEY, '')).toBe(FAKE);
  });

  test.each<[string, string[], string, 1 | 2, string]>([
    ['no --namespace', ['--name', 'db'], FAKE, 2, 'must provide the --namespace flag with --raw and --scope strict'],
    ['no --name in strict scope', ['--namespace', 'payments'], FAKE, 2, 'must provide the --name flag with --raw and --scope strict.'],
    ['two --from-file', ['--name', 'db', '--namespace', 'p', '--from-file', 'a', '--from-file', 'b'], '', 2, 'must provide only one --from-file when encrypting a single item with --raw.'],
    ['--from-literal (visible in ps)', ['--name', 'db', '--namespace', 'p', '--from-literal', `a=${FAKE}`], '', 2, '--raw takes its value from --from-file or standard input, not --from-literal'],
    ['--format', ['--name', 'db', '--namespace', 'p', '-o', 'yaml'], FAKE, 2, '--raw prints one sealed value (base64), not a document: --format does not apply.'],
    ['an empty value', ['--name', 'db', '--namespace', 'p'], '', 1, 'seal: data is empty in the --raw value'],
  ])('refuses %s', (_, argv, stdin, code, message) => {
    expectRefused(sealInProcess([...CERT, '--raw', ...argv], stdin), code, message);
  });

  test('--from-file without --raw is refused (main.go:138-140)', () => {
    expectRefused(sealInProcess([...CERT, '--from-file', 'secret.yaml']), 2, '--from-file requires --raw (as in kubeseal)');
  });
});

describe('--merge-into FILE (kubeseal.go:430-493)', () => {
  /** The file to merge into, written in-process. */
  function initial(file: string, extra: string[] = []): Record<string, any> {
    const r = sealInProcess([...CERT, '-w', file, ...extra]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    return parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  }

  test('adds and replaces keys, keeps the others byte for byte, keeps the file\'s format and mode, prints nothing', async () => {
    const before = initial('sealed.json', ['-o', 'json']);
    fs.chmodSync(path.join(dir, 'sealed.json'), 0o640);
    const update = secret('whatever', undefined, 'stringData:\n  token: fake-new-token\n', undefined).replace('metadata:\n', 'metadata:\n  labels: { team: payments }\n');
    const r = await seal([...CERT, '--merge-into', 'sealed.json'], update);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    const text = fs.readFileSync(path.join(dir, 'sealed.json'), 'utf8');
    expect(text.startsWith('{\n')).toBe(true);
    // eslint-disable-next-line no-bitwise
    expect(fs.statSync(path.join(dir, 'sealed.json')).mode & 0o777).toBe(0o640);
    const after = JSON.parse(text);
    expectValidManifests([after]);
    expect(after.spec.encryptedData.password).toBe(before.spec.encryptedData.password);
    expect(unseal(after.spec.encryptedData.token, KEY, 'payments/db')).toBe('fake-new-token');
    expect(after.metadata).toEqual({ name: 'db', namespace: 'payments', labels: { team: 'payments' } });
    expect(after.spec.template.metadata).toEqual(after.metadata);
    expect(fs.readdirSync(dir).filter(f => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a YAML file stays YAML (-w sealed.yaml chooses YAML, main.go:165-167)', () => {
    initial('sealed.yaml');
    expect(fs.readFileSync(path.join(dir, 'sealed.yaml'), 'utf8').startsWith('---\n')).toBe(true);
    expect(sealInProcess([...CERT, '--merge-into', 'sealed.yaml'], secret('db', 'payments', 'stringData:\n  extra: fake-x\n')).code).toBe(0);
    const after = parse(fs.readFileSync(path.join(dir, 'sealed.yaml'), 'utf8'));
    expect(Object.keys(after.spec.encryptedData)).toEqual(['extra', 'password']);
  });

  test('the file\'s scope is used: a namespace-wide file gets namespace-wide values', () => {
    initial('sealed.json', ['--scope', 'namespace-wide']);
    expect(sealInProcess([...CERT, '--merge-into', 'sealed.json'], secret('other', undefined, 'stringData:\n  extra: fake-x\n')).code).toBe(0);
    const after = JSON.parse(fs.readFileSync(path.join(dir, 'sealed.json'), 'utf8'));
    expect(unseal(after.spec.encryptedData.extra, KEY, 'payments')).toBe('fake-x');
  });

  test.each<[string, string[], string, string]>([
    ['a contradicting namespace', [], secret('db', 'orders', 'stringData:\n  a: fake-a\n'),
      'seal: namespace "orders" of the input contradicts metadata.namespace "payments" of sealed.json; the values would not unseal there.'],
    ['a contradicting --scope', ['--scope', 'cluster-wide'], secret('db', undefined, 'stringData:\n  a: fake-a\n'),
      'seal: --scope "cluster-wide" (of the flag or the input\'s annotation) contradicts scope "strict" of sealed.json'],
    ['a contradicting --name', ['--name', 'other'], secret('db', undefined, 'stringData:\n  a: fake-a\n'), 'seal: --name "other" contradicts metadata.name "db" of sealed.json'],
  ])('refuses %s and leaves the file as it was', (_, argv, stdin, message) => {
    initial('sealed.json');
    const before = fs.readFileSync(path.join(dir, 'sealed.json'), 'utf8');
    expectRefused(sealInProcess([...CERT, '--merge-into', 'sealed.json', ...argv], stdin), 1, message);
    expect(fs.readFileSync(path.join(dir, 'sealed.json'), 'utf8')).toBe(before);
  });

  test('a file that is not a SealedSecret, and a missing file, are refused', () => {
    expectRefused(sealInProcess([...CERT, '--merge-into', 'secret.yaml']), 1, 'seal: --merge-into secret.yaml is not a SealedSecret (kind: "Secret")');
    expectRefused(sealInProcess([...CERT, '--merge-into', 'nope.json']), 1, 'seal: --merge-into: cannot read nope.json: ENOENT (no such file or directory)');
  });

  test('a symbolic link as the file is refused (issue 11); its target is unchanged', async () => {
    initial('real.json');
    fs.symlinkSync('real.json', path.join(dir, 'link.json'));
    const before = fs.readFileSync(path.join(dir, 'real.json'), 'utf8');
    expectRefused(await seal([...CERT, '--merge-into', 'link.json'], secret('db', 'payments', 'stringData:\n  a: fake-a\n')), 1,
      'seal: --merge-into: refusing to write link.json: it is a symbolic link');
    expect(fs.readFileSync(path.join(dir, 'real.json'), 'utf8')).toBe(before);
  });

  const LINK_REFUSED = 'kube-secure-secrets seal: --merge-into: refusing to write link.json: it is a symbolic link; give the path of a regular file (a link could send the file anywhere, a terminal or standard output included).';
  test.each<[string, (d: string) => string]>([
    ['a file that is not a SealedSecret (what it holds is never read)', d => {
      fs.writeFileSync(path.join(d, 'other.yaml'), 'apiVersion: v1\nkind: FakeLinkTargetWasRead\nmetadata: {name: db}\n');
      return 'other.yaml';
    }],
    ['/etc/passwd', () => '/etc/passwd'],
    ['a SealedSecret', () => {
      initial('real.json');
      return 'real.json';
    }],
    ['nothing (a dangling link)', () => 'missing.json'],
    ['a directory', d => {
      fs.mkdirSync(path.join(d, 'sub'));
      return 'sub';
    }],
  ])('a symbolic link to %s is refused with the writer\'s message before anything is read through it', (_, setup) => {
    const target = setup(dir);
    fs.symlinkSync(target, path.join(dir, 'link.json'));
    const before = fs.readdirSync(dir).sort();
    const r = sealInProcess([...CERT, '--merge-into', 'link.json'], secret('db', 'payments', 'stringData:\n  a: fake-a\n'));
    expect(r).toEqual({ code: 1, signal: null, stdout: '', stderr: `${LINK_REFUSED}\n` });
    expect(fs.readlinkSync(path.join(dir, 'link.json'))).toBe(target);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('a directory as the file is refused with the writer\'s message, not read', () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    expectRefused(sealInProcess([...CERT, '--merge-into', 'sub']), 1, 'kube-secure-secrets seal: --merge-into: refusing to write sub: it is a directory, not a regular file.');
  });
});

describe('-f/--secret-file and -w/--sealed-secret-file (main.go:88-89)', () => {
  test('-f reads the Secret from a file; -w out.yml writes YAML with mode 0644 and nothing on standard output', async () => {
    const r = await seal([...CERT, '-f', 'secret.yaml', '-w', 'out.yml'], '');
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: '', stderr: '' });
    const text = fs.readFileSync(path.join(dir, 'out.yml'), 'utf8');
    expect(text.startsWith('---\n')).toBe(true);
    // eslint-disable-next-line no-bitwise
    expect(fs.statSync(path.join(dir, 'out.yml')).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(unseal(parse(text).spec.encryptedData.password, KEY, 'payments/db')).toBe(FAKE);
  });
});

describe('"-" is standard input and standard output, as for every command of the tool', () => {
  const CERT_TEXT = fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8');

  test('-f - reads the Secret from standard input, -w - writes to standard output; no file named "-"', () => {
    const before = fs.readdirSync(dir).sort();
    const r = sealInProcess([...CERT, '-f', '-', '-w', '-']);
    expectOk(r);
    const [doc] = jsonStream(r.stdout);
    expect(unseal(doc.spec.encryptedData.password, KEY, 'payments/db')).toBe(FAKE);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });

  test('--raw --from-file - and --from-file KEY=- read the value from standard input', () => {
    for (const spec of ['-', 'password=-']) {
      const r = sealInProcess([...CERT, '--raw', '--name', 'db', '--namespace', 'payments', '--from-file', spec], FAKE);
      expectOk(r);
      expect(unseal(r.stdout, KEY, 'payments/db')).toBe(FAKE);
    }
  });

  test('--cert - reads the certificate from standard input when the Secret comes from -f', () => {
    const r = sealInProcess(['--cert', '-', '-f', 'secret.yaml'], CERT_TEXT);
    expectOk(r);
    expect(unseal(jsonStream(r.stdout)[0].spec.encryptedData.password, KEY, 'payments/db')).toBe(FAKE);
  });

  test.each<[string, string[], string, string]>([
    ['--cert - with the Secret on standard input', ['--cert', '-'], SECRET,
      'kube-secure-secrets seal: --cert - reads the certificate from standard input, which carries the Secret; give the certificate\'s file (or the Secret with -f FILE or --from-literal).'],
    ['--cert - with the --raw value on standard input', ['--cert', '-', '--raw', '--scope', 'cluster-wide'], FAKE,
      'kube-secure-secrets seal: --cert - reads the certificate from standard input, which carries the value to seal; give the certificate\'s file (or the Secret with -f FILE or --from-literal).'],
    ['--merge-into -', [...CERT, '--merge-into', '-'], SECRET,
      'kube-secure-secrets seal: --merge-into rewrites the SealedSecret file it names; - (standard input or output) is not one: give the file\'s path.'],
    ['an empty -w', [...CERT, '-w', ''], SECRET, 'kube-secure-secrets seal: --sealed-secret-file needs a file name (or - for standard output).'],
    ['an empty -f', [...CERT, '-f', ''], SECRET, 'kube-secure-secrets seal: --secret-file needs a file name (or - for standard input).'],
  ])('refuses %s (exit 2), writes nothing', (_, argv, stdin, message) => {
    const before = fs.readdirSync(dir).sort();
    expectRefused(sealInProcess(argv, stdin), 2, message);
    expect(fs.readdirSync(dir).sort()).toEqual(before);
  });
});

describe('what kubeseal does with the cluster: the command to run instead (main.go:184-209)', () => {
  test.each<[string[], string]>([
    [['--fetch-cert', '--controller-name', 'sealed-secrets', '--controller-namespace', 'kube-system'],
      '--fetch-cert needs the cluster, which this tool never contacts; run: kubeseal --fetch-cert --controller-name sealed-secrets --controller-namespace kube-system > pub-cert.pem, then seal with --cert pub-cert.pem.'],
    [['--re-encrypt'], '--re-encrypt is done by the controller (it holds the private key); run: kubeseal --re-encrypt < sealed.json > resealed.json.'],
    [['--rotate'], '--rotate is done by the controller'],
    [['--recovery-unseal', '--recovery-private-key', 'key.pem'], '--recovery-unseal needs the controller\'s private key, which this tool never handles; run: kubeseal --recovery-unseal'],
    [['--validate'], '--validate asks the controller whether it can unseal; run: kubeseal --validate < sealed.json.'],
  ])('%j', (argv, message) => {
    expectRefused(sealInProcess(argv), 2, `kube-secure-secrets seal: ${message}`);
  });

  test('without --cert, the hint names the controller flags given', () => {
    expectRefused(sealInProcess(['--controller-name', 'ss']), 2, '--cert is required: the sealed-secrets controller certificate, a file or an https:// URL (kubeseal --fetch-cert --controller-name ss > pub-cert.pem).');
  });
});

describe('--cert as a URL (kubeseal.go:106-137)', () => {
  test('file:// is a path', () => {
    expectOk(sealInProcess(['--cert', `file://${path.join(dir, 'pub-cert.pem')}`]));
  });

  test('plain http is refused: the certificate could be swapped on the way', () => {
    expectRefused(sealInProcess(['--cert', 'http://127.0.0.1:9/v1/cert.pem']), 1, 'seal: --cert: refusing to fetch http://127.0.0.1:9/v1/cert.pem: only https:// URLs are fetched');
  });

  describe('https, against a local server with its own CA', () => {
    let server: https.Server;
    let url: string;
    let tls: string;
    /** The route fetched, and whether the CLI is given the server's CA. */
    const FETCHES: ReadonlyArray<[string, boolean]> = [['/v1/cert.pem', true], ['/v1/cert.pem', false], ['/nope', true], ['/redirect', true]];
    const fetched = new Map<string, Promise<CliProcessResult>>();
    const fetchedBy = (route: string, trusted: boolean): Promise<CliProcessResult> => fetched.get(`${route} ${trusted}`) as Promise<CliProcessResult>;
    beforeAll(async () => {
      tls = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-tls-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(tls, 'key.pem'), '-out', path.join(tls, 'cert.pem'),
        '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const pub = fs.readFileSync(path.join(FIX, 'test-cert.pem'));
      server = https.createServer({ key: fs.readFileSync(path.join(tls, 'key.pem')), cert: fs.readFileSync(path.join(tls, 'cert.pem')) }, (req, res) => {
        if (req.url === '/v1/cert.pem') {
          res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(pub);
        } else if (req.url === '/redirect') {
          res.writeHead(302, { location: '/v1/cert.pem' }).end();
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
      url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Independent processes against the one server: they run at once, each test asserts its own.
      for (const [route, trusted] of FETCHES) {
        const r = cliProcess(['seal', '--cert', `${url}${route}`], { stdin: SECRET, cwd: tls, env: trusted ? { NODE_EXTRA_CA_CERTS: path.join(tls, 'cert.pem') } : {} });
        r.catch(() => undefined); // awaited (and reported) by the test
        fetched.set(`${route} ${trusted}`, r);
      }
    });
    afterAll(async () => {
      await Promise.allSettled(fetched.values());
      await new Promise(resolve => server.close(resolve));
      fs.rmSync(tls, { recursive: true, force: true });
    });

    test('a trusted server: fetched and sealed with', async () => {
      const r = await fetchedBy('/v1/cert.pem', true);
      expectOk(r);
      expect(unseal(jsonStream(r.stdout)[0].spec.encryptedData.password, KEY, 'payments/db')).toBe(FAKE);
    });

    test.each<[string, string, boolean, string]>([
      ['an untrusted server certificate', '/v1/cert.pem', false, 'SELF_SIGNED'],
      ['a 404', '/nope', true, 'HTTP 404'],
      ['a redirect', '/redirect', true, 'redirect'],
    ])('refuses %s', async (_, route, trusted, cause) => {
      const r = await fetchedBy(route, trusted);
      expectRefused(r, 1, `seal: --cert: cannot fetch ${url}${route}: `);
      expect(r.stderr).toContain(cause);
    });
  });
});

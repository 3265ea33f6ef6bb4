/**
 * `kube-secure-secrets audit`: in-process (`cliInProcess`: the same CLI with the process's own file I/O,
 * the real file system, the test directory as working directory), and as a real process for what only a
 * process shows: the text report and exit code through the real standard streams, and standard input
 * read from a real pipe.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import { CliProcessResult, cliInProcess, cliProcess } from '../helpers/cli';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
const TOKEN = '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'; // fake, secretlint's GitHub token shape

const SECRET = 'apiVersion: v1\nkind: Secret\nmetadata: {name: db, namespace: app}\nstringData: {password: fake-password-123}\n';
const ROLE = [
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: Role',
  'metadata: {name: reader, namespace: app}',
  'rules:',
  '- {apiGroups: [""], resources: [secrets], resourceNames: [db], verbs: [get]}',
  '',
].join('\n');
const SA = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: web, namespace: app}\n';
const CONFIGMAP_JSON = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'app' }, data: { t: TOKEN } }] });

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-audit-cli-'));
  fs.mkdirSync(path.join(dir, 'manifests', 'nested'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'manifests', '.git'));
  fs.writeFileSync(path.join(dir, 'manifests', 'secret.yaml'), SECRET);
  fs.writeFileSync(path.join(dir, 'manifests', 'nested', 'more.yml'), `${ROLE}---\n${SA}`);
  fs.writeFileSync(path.join(dir, 'manifests', 'nested', 'list.json'), CONFIGMAP_JSON);
  fs.writeFileSync(path.join(dir, 'manifests', 'notes.txt'), SECRET); // not a manifest extension: skipped
  fs.writeFileSync(path.join(dir, 'manifests', '.git', 'x.yaml'), SECRET); // hidden directory: skipped
  fs.writeFileSync(path.join(dir, 'clean.yaml'), ROLE);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function expectDirectoryReport(r: CliProcessResult): void {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('ConfigMap app/cfg  (manifests/nested/list.json:1 items[0])\n  HIGH   KSS-PLAIN-003  Credential in a ConfigMap\n');
  expect(r.stdout).toContain('ServiceAccount app/web  (manifests/nested/more.yml:7)\n  LOW    KSS-SA-001');
  expect(r.stdout).toContain('Secret app/db  (manifests/secret.yaml:1)\n  HIGH   KSS-PLAIN-001');
  expect(r.stdout).toMatch(/\n3 findings \(2 high, 0 medium, 1 low\) in 3 of 4 objects\.\n$/);
  expect(r.stdout).not.toContain(TOKEN);
  expect(r.stdout).not.toContain('fake-password-123');
}

function expectStdinReport(r: CliProcessResult): void {
  expect(r.code).toBe(1);
  const json = JSON.parse(r.stdout);
  expect(json.objectCount).toBe(1);
  type F = { ruleId: string; object: { file: string; line: number }; field: string };
  expect(json.findings.map((f: F) => [f.ruleId, f.object.file, f.object.line, f.field]))
    .toEqual([['KSS-PLAIN-001', 'stdin', 1, 'stringData.password']]);
}

const STDIN_ARGV = [['audit', '-', '--format', 'json'], ['audit', '--format', 'json']];

describe('kube-secure-secrets audit, as a real process', () => {
  // Independent processes: they run at once, each test asserts its own.
  let directory: Promise<CliProcessResult>;
  let stdin: Array<Promise<CliProcessResult>>;
  beforeAll(() => {
    directory = cliProcess(['audit', 'manifests'], { cwd: dir });
    stdin = STDIN_ARGV.map(argv => cliProcess(argv, { cwd: dir, stdin: SECRET }));
    [directory, ...stdin].forEach(p => p.catch(() => undefined)); // awaited (and reported) by the tests
  });
  afterAll(async () => {
    await Promise.allSettled([directory, ...stdin]);
  });

  test('a directory: the text report on standard output, exit 1', async () => {
    expectDirectoryReport(await directory);
  });

  test('standard input (a pipe) with "-" and with no path', async () => {
    for (const r of await Promise.all(stdin)) {
      expectStdinReport(r);
    }
  });
});

describe('kube-secure-secrets audit (in-process)', () => {
  test('a directory, recursively: YAML, multi-document YAML, JSON List; text grouped by object; exit 1', () => {
    expectDirectoryReport(cliInProcess(['audit', 'manifests'], { cwd: dir }));
  });

  test('--fail-on decides the exit code; --ignore skips rules', () => {
    expect(cliInProcess(['audit', 'manifests/nested/more.yml'], { cwd: dir }).code).toBe(1);
    expect(cliInProcess(['audit', '--fail-on', 'medium', 'manifests/nested/more.yml'], { cwd: dir }).code).toBe(0);
    const ignored = cliInProcess(['audit', '--ignore', 'KSS-SA-001', 'manifests/nested/more.yml'], { cwd: dir });
    expect([ignored.code, ignored.stdout]).toEqual([0, '0 findings (0 high, 0 medium, 0 low) in 0 of 2 objects.\n']);
    expect(cliInProcess(['audit', 'clean.yaml'], { cwd: dir }).code).toBe(0);
  });

  test('standard input with "-" and with no path', () => {
    for (const argv of STDIN_ARGV) {
      expectStdinReport(cliInProcess(argv, { cwd: dir, stdin: SECRET }));
    }
  });

  test('SARIF 2.1.0 output is valid against the OASIS schema and carries rules, levels and locations', () => {
    const r = cliInProcess(['audit', '--format', 'sarif', 'manifests'], { cwd: dir });
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout);
    const ajv = new Ajv({ strict: false, validateFormats: false });
    const validate = ajv.compile(SCHEMA);
    expect([validate(sarif), validate.errors ?? []]).toEqual([true, []]);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((x: { id: string }) => x.id).sort()).toEqual(['KSS-PLAIN-001', 'KSS-PLAIN-003', 'KSS-SA-001']);
    expect(run.tool.driver.rules.every((x: { properties: Record<string, string> }) => /^\d+\.\d$/.test(x.properties['security-severity']))).toBe(true);
    const secret = run.results.find((x: { ruleId: string }) => x.ruleId === 'KSS-PLAIN-001');
    expect(secret.level).toBe('error');
    expect(secret.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'manifests/secret.yaml' }, region: { startLine: 1 } });
    expect(run.tool.driver.rules[secret.ruleIndex].id).toBe('KSS-PLAIN-001');
    expect(r.stdout).not.toContain(TOKEN);
    // A schema violation is detected (the test can fail).
    expect(validate({ ...sarif, version: '2.0.0' })).toBe(false);
  });

  test('bad usage exits 2 with a hint; a missing file and invalid YAML exit 1 with one line', () => {
    const bad = cliInProcess(['audit', '--format', 'xml', 'clean.yaml'], { cwd: dir });
    expect([bad.code, bad.stderr]).toEqual([2, 'kube-secure-secrets audit: --format must be text, json or sarif; received "xml".\nRun "kube-secure-secrets audit --help" for usage.\n']);
    expect(cliInProcess(['audit', '--fail-on', 'critical', 'clean.yaml'], { cwd: dir }).code).toBe(2);
    const rule = cliInProcess(['audit', '--ignore', 'KSS-NOPE-001', 'clean.yaml'], { cwd: dir });
    expect(rule.code).toBe(2);
    expect(rule.stderr).toContain('--ignore "KSS-NOPE-001" is not a rule id');
    const missing = cliInProcess(['audit', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^kube-secure-secrets audit: cannot read nope\.yaml: ENOENT/);
    const yaml = cliInProcess(['audit', '-'], { cwd: dir, stdin: 'a: [b\npassword: "hunter2' });
    expect(yaml.code).toBe(1);
    expect(yaml.stderr).toMatch(/^kube-secure-secrets audit: stdin is not valid YAML or JSON \(line \d+, column \d+\): [A-Z_]+\.\n$/);
    expect(yaml.stderr).not.toContain('hunter2');
  });

  test('a large input gets progress lines on standard error; stdout stays the report', () => {
    const big = path.join(dir, 'big');
    fs.mkdirSync(big);
    for (let i = 0; i < 120; i++) {
      fs.writeFileSync(path.join(big, `sa-${String(i).padStart(3, '0')}.yaml`), SA.replace('web', `web-${i}`).replace('ServiceAccount', 'ConfigMap'));
    }
    const r = cliInProcess(['audit', 'big'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('kube-secure-secrets audit: read 100 of 120 files\nkube-secure-secrets audit: read 120 of 120 files\nkube-secure-secrets audit: audited 120 objects in 120 files\n');
    expect(r.stdout).toBe('0 findings (0 high, 0 medium, 0 low) in 0 of 120 objects.\n');
  });

  test('the audit command is listed in the main help', () => {
    const r = cliInProcess(['--help'], { cwd: dir });
    expect(r.stdout).toMatch(/\n {2}audit {16}audit any manifests/);
  });
});

describe('kube-secure-secrets audit: paths', () => {
  test('symlinked files are read, symlinked directories are not followed (no loops); absolute paths are file:// URIs in SARIF', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-audit-links-'));
    try {
      fs.mkdirSync(path.join(root, 'm'));
      fs.writeFileSync(path.join(root, 'target.yaml'), SECRET);
      fs.symlinkSync(path.join(root, 'target.yaml'), path.join(root, 'm', 'link.yaml'));
      fs.symlinkSync(root, path.join(root, 'm', 'loop'));
      const r = cliInProcess(['audit', '--format', 'sarif', path.join(root, 'm')], { cwd: root });
      expect(r.code).toBe(1);
      const results = JSON.parse(r.stdout).runs[0].results;
      type R = { locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> };
      expect(results.map((x: R) => x.locations[0].physicalLocation.artifactLocation.uri))
        .toEqual([`file://${path.join(root, 'm', 'link.yaml')}`]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

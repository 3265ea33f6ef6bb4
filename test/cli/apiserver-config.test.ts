import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { processIo, runCli } from '../../src/cli';
import { cli } from '../helpers/cli';

const KMS = ['--kms-name', 'aws-kms', '--kms-endpoint', 'unix:///var/run/kmsplugin/socket.sock'];

describe('kube-secure-secrets encryption-config', () => {
  test('the issue usage: KMS v2 to standard output', () => {
    const r = cli(['encryption-config', ...KMS]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(parse(r.stdout)).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{ resources: ['secrets'], providers: [{ kms: { apiVersion: 'v2', name: 'aws-kms', endpoint: 'unix:///var/run/kmsplugin/socket.sock', timeout: '3s' } }] }],
    });
  });

  test('options: timeout, configmaps, identity fallback (with a warning on stderr), json, --out with mode 0600', () => {
    const r = cli(['encryption-config', ...KMS, '--kms-timeout', '10s', '--include-configmaps', '--identity-fallback', '-o', 'json', '--out', 'enc.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.written['enc.json'].mode).toBe(0o600);
    const config = JSON.parse(r.written['enc.json'].text);
    expect(config.resources[0].resources).toEqual(['secrets', 'configmaps']);
    expect(config.resources[0].providers).toEqual([{ kms: { apiVersion: 'v2', name: 'aws-kms', endpoint: 'unix:///var/run/kmsplugin/socket.sock', timeout: '10s' } }, { identity: {} }]);
    expect(r.stderr).toBe('warning: encryption-config: identity is the last provider; rewrite all Secrets (kubectl get secrets -A -o json | kubectl replace -f -) and then remove it.\nwrote enc.json (mode 0600)\n');
  });

  test('a generated key goes only to the --out file with mode 0600, never to stdout or stderr', () => {
    const r = cli(['encryption-config', '--provider', 'secretbox', '--generate-key', '--key-name', 'key-2026', '--out', '/etc/kubernetes/enc.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const file = r.written['/etc/kubernetes/enc.yaml'];
    expect(file.mode).toBe(0o600);
    const key = parse(file.text).resources[0].providers[0].secretbox.keys[0];
    expect(key.name).toBe('key-2026');
    expect(Buffer.from(key.secret, 'base64')).toHaveLength(32);
    expect(r.stderr).not.toContain(key.secret);
    expect(r.stderr).toContain('wrote /etc/kubernetes/enc.yaml (mode 0600); it holds the encryption key');
  });

  test('usage errors exit 2 with a clear message; refused settings exit 1', () => {
    const cases: Array<[string[], number, string]> = [
      [['encryption-config'], 2, 'kube-secure-secrets encryption-config: --kms-name and --kms-endpoint are required for the kms provider (e.g. --kms-name aws-kms --kms-endpoint unix:///var/run/kmsplugin/socket.sock).\nRun "kube-secure-secrets encryption-config --help" for usage.\n'],
      [['encryption-config', '--provider', 'secretbox', '--generate-key'], 2, 'kube-secure-secrets encryption-config: --out FILE is required with a key: the configuration holds the key and is written only to a file with mode 0600, never to standard output.\nRun "kube-secure-secrets encryption-config --help" for usage.\n'],
      [['encryption-config', '--provider', 'secretbox', '--out', 'x'], 2, 'kube-secure-secrets encryption-config: --provider secretbox needs a key: add --generate-key (written only to the --out file).\nRun "kube-secure-secrets encryption-config --help" for usage.\n'],
      [['encryption-config', '--provider', 'rot13'], 2, 'kube-secure-secrets encryption-config: --provider "rot13" is not a provider; use kms (recommended), secretbox, aesgcm or aescbc.\nRun "kube-secure-secrets encryption-config --help" for usage.\n'],
      [['encryption-config', '--provider', 'aescbc', '--generate-key', '--out', 'x'], 1, 'kube-secure-secrets encryption-config: --provider is aescbc, which upstream rates weak (vulnerable to padding-oracle attacks); use kms (v2) or secretbox, or pass --allow-aescbc.\n'],
      [['encryption-config', '--kms-name', 'aws:kms', '--kms-endpoint', 'unix:///s.sock'], 1, 'kube-secure-secrets encryption-config: --kms-name "aws:kms" is not a KMS v2 provider name; it must be non-empty and contain no ":".\n'],
      [['encryption-config', ...KMS, '--generate-key'], 2, 'kube-secure-secrets encryption-config: --generate-key and --key-name are for secretbox, aesgcm and aescbc; a KMS provider keeps its key in the KMS.\nRun "kube-secure-secrets encryption-config --help" for usage.\n'],
      [['encryption-config', ...KMS, '-o', 'toml'], 2, 'kube-secure-secrets encryption-config: --output "toml" is not supported; use yaml or json.\nRun "kube-secure-secrets encryption-config --help" for usage.\n'],
    ];
    for (const [argv, code, stderr] of cases) {
      const r = cli(argv);
      expect({ argv, code: r.code, stderr: r.stderr, stdout: r.stdout }).toEqual({ argv, code, stderr, stdout: '' });
    }
    const unknown = cli(['encryption-config', '--kms', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown option \'--kms\'');
    const aescbc = cli(['encryption-config', '--provider', 'aescbc', '--generate-key', '--allow-aescbc', '--out', 'x']);
    expect(aescbc.code).toBe(0);
    expect(aescbc.stderr).toContain('warning: encryption-config: aescbc is weak (padding oracle); prefer kms v2 or secretbox.');
  });

  test('--help', () => {
    const r = cli(['encryption-config', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: kube-secure-secrets encryption-config --kms-name NAME --kms-endpoint unix:///PATH [options]');
    expect(r.stdout).toContain('--generate-key');
  });

  test('the real file writer creates the file with mode 0600', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-enc-'));
    const file = path.join(dir, 'enc.yaml');
    const io = { ...processIo(), err: () => undefined };
    expect(runCli(['encryption-config', '--provider', 'secretbox', '--generate-key', '--out', file], io)).toBe(0);
    expect(fs.statSync(file).mode % 0o1000).toBe(0o600);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('kube-secure-secrets audit-policy', () => {
  test('Metadata for secrets first, RequestReceived omitted, to standard output', () => {
    const r = cli(['audit-policy']);
    expect(r.code).toBe(0);
    const policy = parse(r.stdout);
    expect(policy.apiVersion).toBe('audit.k8s.io/v1');
    expect(policy.omitStages).toEqual(['RequestReceived']);
    expect(policy.rules[0]).toEqual({ level: 'Metadata', resources: [{ group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] }, { group: 'authentication.k8s.io', resources: ['tokenreviews'] }] });
  });

  test('options and errors', () => {
    const r = cli(['audit-policy', '--default-level', 'Request', '--keep-system-noise', '--out', 'audit.yaml']);
    expect(r.code).toBe(0);
    expect(r.written['audit.yaml'].mode).toBe(0o644);
    expect(parse(r.written['audit.yaml'].text).rules).toHaveLength(2);
    expect(parse(r.written['audit.yaml'].text).rules[1]).toEqual({ level: 'Request' });
    const refused = cli(['audit-policy', '--secrets-level', 'RequestResponse']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('kube-secure-secrets audit-policy: --secrets-level "RequestResponse" is refused: the API server does not redact Secret bodies, so Request/RequestResponse would write Secret values into the audit log; Secrets, ConfigMaps and TokenReviews are audited at Metadata (who, what, when).\n');
    expect(cli(['audit-policy', '--default-level', 'Loud']).stderr).toBe('kube-secure-secrets audit-policy: --default-level "Loud" is not an audit level; use "None", "Metadata", "Request", "RequestResponse".\n');
    const help = cli(['audit-policy', '-h']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: kube-secure-secrets audit-policy [options]');
    expect(cli(['audit-policy', 'extra']).code).toBe(2);
    expect(cli(['--help']).stdout).toContain('encryption-config    write an API-server EncryptionConfiguration (KMS v2 by default)');
  });
});

/**
 * The GitOpsSecrets plan (issue 13), pure: which block options each input becomes, and the report.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GitOpsEncryption, GitOpsSecretInput, SealingScope, ageKeygen, gitOpsComplianceReport, gitOpsPlan } from '../../../src/core';

const CERT = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'sealed-secrets', 'test-cert.pem'), 'utf8');
const { recipient } = ageKeygen();
const flux = { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository' as const, name: 'platform' } };

describe('gitOpsPlan', () => {
  test('sealed-secrets: SealedSecret options in the namespace, strict by default, Flux without decryption, alerts in the namespace', () => {
    const plan = gitOpsPlan({
      name: 'gitops',
      namespace: 'payments',
      encryption: GitOpsEncryption.sealedSecrets({ certificate: CERT }),
      flux,
      secrets: { db: { encryptedData: { password: 'AgB...' } }, hook: { stringData: { key: 'fake' }, scope: SealingScope.NAMESPACE_WIDE } },
      apps: { api: { files: ['db'], env: ['hook'] } },
    });
    expect(plan.secrets).toEqual([
      { kind: 'sealed-secrets', name: 'db', options: { name: 'db', namespace: 'payments', encryptedData: { password: 'AgB...' } } },
      { kind: 'sealed-secrets', name: 'hook', options: { name: 'hook', namespace: 'payments', stringData: { key: 'fake' }, certificate: CERT, scope: SealingScope.NAMESPACE_WIDE } },
    ]);
    expect(plan.flux).toEqual({ ...flux, name: 'gitops', disableDecryption: true });
    expect(plan.alerts).toEqual({ namespace: 'payments' });
    expect(plan.isolation).toEqual({ namespace: 'payments' });
    expect(plan.apps).toEqual([{ name: 'api', files: [{ secret: 'db', path: '/etc/secrets/db' }], env: ['hook'], envKeys: {} }]);
    expect(plan.sopsConfig).toBeUndefined();
  });

  test('SOPS: SopsSecret options for the recipients, Flux decrypting with the named Secret, .sops.yaml', () => {
    const plan = gitOpsPlan({
      name: 'gitops',
      namespace: 'payments',
      encryption: GitOpsEncryption.sops({ ageRecipients: [recipient], decryptionSecretName: 'payments-age' }),
      flux: { ...flux, name: 'payments' },
      secrets: { hook: { stringData: { key: 'fake' }, immutable: true } },
    });
    expect(plan.secrets).toEqual([{ kind: 'sops', name: 'hook', options: { name: 'hook', namespace: 'payments', immutable: true, ageRecipients: [recipient], stringData: { key: 'fake' } } }]);
    expect(plan.flux).toEqual({ ...flux, name: 'payments', decryptionSecretName: 'payments-age' });
    expect(plan.sopsConfig).toBe(`creation_rules:\n  - encrypted_regex: ^(data|stringData)$\n    age: ${recipient}\n`);
  });

  test('the report: every control, partial where the user has a job, the objects that enforce each', () => {
    const plan = gitOpsPlan({ name: 'gitops', namespace: 'payments', encryption: GitOpsEncryption.sops({ ageRecipients: [recipient] }) });
    const report = gitOpsComplianceReport(plan, {
      secrets: ['Secret payments/hook'], workloads: [], networkPolicies: ['NetworkPolicy payments/default-deny-all'], alerts: ['PrometheusRule payments/secret-access-alerts'],
    });
    expect(report.controls.map(c => [c.id, c.status])).toEqual([
      ['no-plaintext-in-git', 'enforced'],
      ['no-static-cloud-keys', 'user'],
      ['least-privilege-rbac', 'partial'],
      ['rotation-reaches-pods', 'user'],
      ['network-isolation', 'enforced'],
      ['audit-and-alerting', 'partial'],
    ]);
    expect(report.assumes[0]).toMatch(/^Flux kustomize-controller/);
  });

  test.each<[string, () => unknown, string]>([
    ['no encryption', () => gitOpsPlan({ name: 'g', namespace: 'payments', encryption: undefined as unknown as GitOpsEncryption }),
      'GitOpsSecrets: encryption "undefined" is not an encryption; use GitOpsEncryption.sealedSecrets({ certificate }) or GitOpsEncryption.sops({ ageRecipients }).'],
    ['a bad namespace', () => gitOpsPlan({ name: 'g', namespace: 'Payments', encryption: GitOpsEncryption.sealedSecrets() }), 'GitOpsSecrets: namespace "Payments"'],
    ['a bad recipient', () => GitOpsEncryption.sops({ ageRecipients: ['age1nope'] }), 'GitOpsSecrets: encryption.ageRecipients[0]'],
    ['neither values', () => gitOpsPlan({ name: 'g', namespace: 'payments', encryption: GitOpsEncryption.sealedSecrets(), secrets: { db: {} } }),
      'GitOpsSecrets: secrets["db"] needs exactly one of encryptedData (pre-sealed values) and stringData (values encrypted at synth).'],
    ['env twice', () => gitOpsPlan({ name: 'g', namespace: 'payments', encryption: GitOpsEncryption.sealedSecrets(), secrets: { db: { encryptedData: { a: 'AgB' } } }, apps: { api: { files: ['db'], env: ['db'] } } }),
      'GitOpsSecrets: apps["api"].env[0] "db" is consumed twice; give each secret as files or as env, once.'],
  ])('%s is refused', (_, build, message) => {
    expect(build).toThrow(message);
  });

  // A key the Secret will not have synthesizes a pod the kubelet never starts (CreateContainerConfigError).
  test.each<[string, () => GitOpsEncryption, GitOpsSecretInput, string]>([
    ['pre-sealed (encryptedData)', () => GitOpsEncryption.sealedSecrets(), { encryptedData: { password: 'AgB...' } }, '"password"'],
    ['sealed at synth (stringData)', () => GitOpsEncryption.sealedSecrets({ certificate: CERT }), { stringData: { username: 'fake', password: 'fake' } }, '"username", "password"'],
    ['SOPS (stringData)', () => GitOpsEncryption.sops({ ageRecipients: [recipient] }), { stringData: { username: 'fake', password: 'fake' } }, '"username", "password"'],
  ])('%s: envKeys naming a key the secret\'s values do not have is refused; one of its keys is accepted', (_, encryption, db, keys) => {
    const plan = (key: string) => gitOpsPlan({
      name: 'gitops',
      namespace: 'payments',
      encryption: encryption(),
      secrets: { hook: { stringData: { key: 'fake' } }, db },
      apps: { api: { env: ['hook', 'db'], envKeys: { hook: { WEBHOOK_KEY: 'key' }, db: { DB_PASSWORD: key } } } },
    });
    expect(() => plan('pasword')).toThrow(`GitOpsSecrets: apps["api"].envKeys["db"]["DB_PASSWORD"] "pasword" is not a key of secret "db" (its keys: ${keys}); name one of them, or add the key to the secret's values.`);
    expect(plan('password').apps[0].envKeys).toEqual({ hook: { WEBHOOK_KEY: 'key' }, db: { DB_PASSWORD: 'password' } });
  });
});

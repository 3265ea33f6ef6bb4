/**
 * GitOpsSecrets (cdk8s, issue 13): the snippet as written, with both encryptions; the whole output
 * keeps the pattern invariants, sealed values unseal and SOPS values decrypt with the independent helpers,
 * the report is written beside the YAML, and the escape hatches work.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { GitOpsEncryption, GitOpsSecrets, PlaintextSecretGuard, SealingScope, ageKeygen, loadSealingCertificate, sealValue } from '../../../src';
import { only, synthValid } from '../../helpers/cdk8s';
import { independentSopsDecrypt } from '../../helpers/independent-sops';
import { unseal } from '../../helpers/independent-unseal';
import { expectPatternInvariants } from '../../helpers/pattern-invariants';

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'sealed-secrets');
const CERT = fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8');
const KEY = fs.readFileSync(path.join(FIX, 'test-key.pem'), 'utf8');
const FAKE_WEBHOOK_KEY = 'fake-webhook-key-4242';
const FAKE_DB_PASSWORD = 'fake-db-password-presealed';
const presealed = { password: sealValue(loadSealingCertificate(CERT), Buffer.from('payments/database-credentials'), Buffer.from(FAKE_DB_PASSWORD)) };
const { identity, recipient } = ageKeygen();
/** Flux runs in flux-system, isolated by the NetworkPolicies Flux installs there (the report says so). */
const INVARIANTS = { exemptNamespaces: ['flux-system'] };

function payments(app: App = Testing.app()): { chart: Chart; api: kplus.Deployment } {
  const chart = new Chart(app, 'payments', { namespace: 'payments' });
  const api = new kplus.Deployment(chart, 'api', {
    metadata: { name: 'payment-api' },
    securityContext: { fsGroup: 10001, user: 10001, group: 10001 },
    containers: [{ image: 'registry.example.com/payment-api:3.0.0', portNumber: 8080 }],
  });
  return { chart, api };
}

function outdirApp(): App {
  return Testing.app({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-pattern-')) });
}

describe('GitOpsSecrets (cdk8s), sealed-secrets', () => {
  test('the issue snippet: sealed secrets, Flux without SOPS decryption, isolation, alerts, Reloader, the guard', () => {
    const app = outdirApp();
    const { chart, api } = payments(app);
    const gitops = new GitOpsSecrets(chart, 'gitops', {
      encryption: GitOpsEncryption.sealedSecrets({ certificate: CERT }),
      flux: { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' } },
    });
    gitops.addSecret('database-credentials', { encryptedData: presealed });
    gitops.addSecret('webhook-key', { stringData: { key: FAKE_WEBHOOK_KEY } });
    gitops.addApp('payment-api', { workload: api, files: ['database-credentials', 'webhook-key'] });

    const all = synthValid(chart);
    expectPatternInvariants(all, INVARIANTS);
    expect(JSON.stringify(all)).not.toContain(FAKE_WEBHOOK_KEY);
    const db = only(all, 'SealedSecret', 'database-credentials');
    expect(db.spec.encryptedData).toEqual(presealed);
    const hook = only(all, 'SealedSecret', 'webhook-key');
    expect(hook.metadata.namespace).toBe('payments');
    expect(unseal(hook.spec.encryptedData.key, KEY, 'payments/webhook-key')).toBe(FAKE_WEBHOOK_KEY);
    expect(unseal(db.spec.encryptedData.password, KEY, 'payments/database-credentials')).toBe(FAKE_DB_PASSWORD);
    const flux = only(all, 'Kustomization');
    expect(flux.metadata).toEqual({ name: 'gitops', namespace: 'flux-system' });
    expect(flux.spec.decryption).toBeUndefined();
    expect(flux.spec.path).toBe('./clusters/prod/payments');
    const deployment = only(all, 'Deployment');
    expect(deployment.metadata.annotations['secret.reloader.stakater.com/reload']).toBe('database-credentials,webhook-key');
    const mounts = deployment.spec.template.spec.containers[0].volumeMounts;
    expect(mounts).toEqual(expect.arrayContaining([
      expect.objectContaining({ mountPath: '/etc/secrets/database-credentials', readOnly: true }),
      expect.objectContaining({ mountPath: '/etc/secrets/webhook-key', readOnly: true }),
    ]));
    expect(deployment.spec.template.spec.volumes.map((v: any) => v.secret.defaultMode)).toEqual([0o400, 0o400]);
    const rule = only(all, 'PrometheusRule');
    expect(rule.metadata.namespace).toBe('payments');
    const alerts = rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert));
    expect(alerts).toEqual(expect.arrayContaining(['KubernetesSecretGetRateHigh', 'KubernetesSecretListClusterWide', 'SealedSecretUnsealErrors']));
    expect(gitops.sopsConfig).toBeUndefined();

    // The report, beside the YAML.
    app.synth();
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'payments-gitops.compliance.json'), 'utf8'));
    expect(report).toEqual(JSON.parse(JSON.stringify(gitops.report)));
    expect(report.pattern).toBe('GitOpsSecrets');
    const byId = Object.fromEntries(report.controls.map((c: any) => [c.id, c]));
    expect(byId['no-plaintext-in-git']).toMatchObject({ status: 'enforced', enforcedBy: ['SealedSecret payments/database-credentials', 'SealedSecret payments/webhook-key'] });
    expect(byId['rotation-reaches-pods'].enforcedBy).toEqual(['Deployment payments/payment-api']);
    expect(byId['network-isolation'].enforcedBy).toEqual(['NetworkPolicy payments/allow-dns-egress', 'NetworkPolicy payments/default-deny-all']);
    expect(byId['audit-and-alerting'].enforcedBy).toEqual(['PrometheusRule payments/secret-access-alerts']);
    expect(report.assumes).toContain('Bitnami sealed-secrets controller v0.36 (bitnami.com/v1alpha1)');
  });

  test('the guard covers the whole chart: a plaintext Secret beside the pattern fails synth', () => {
    const { chart } = payments();
    new GitOpsSecrets(chart, 'gitops', { encryption: GitOpsEncryption.sealedSecrets({ certificate: CERT }) });
    new kplus.Secret(chart, 'leak', { metadata: { name: 'leak' }, stringData: { password: 'fake-leak' } });
    expect(() => Testing.synth(chart)).toThrow(/PlaintextSecretGuard: Secret "payments\/leak"/);
  });
});

describe('GitOpsSecrets (cdk8s), SOPS', () => {
  test('the snippet with SOPS: SOPS-encrypted Secrets that decrypt, Flux with SOPS decryption, .sops.yaml', () => {
    const app = outdirApp();
    const { chart, api } = payments(app);
    const gitops = new GitOpsSecrets(chart, 'gitops', {
      encryption: GitOpsEncryption.sops({ ageRecipients: [recipient] }),
      flux: { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' } },
      secrets: { 'webhook-key': { stringData: { key: FAKE_WEBHOOK_KEY } } },
      apps: { 'payment-api': { workload: api, files: ['webhook-key'] } },
    });
    const all = synthValid(chart);
    expectPatternInvariants(all, INVARIANTS);
    expect(only(all, 'Kustomization').spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    expect(gitops.sopsConfig).toBe(`creation_rules:\n  - encrypted_regex: ^(data|stringData)$\n    age: ${recipient}\n`);
    app.synth();
    const yaml = fs.readdirSync(app.outdir).filter(f => f.endsWith('.yaml')).map(f => fs.readFileSync(path.join(app.outdir, f), 'utf8')).join('');
    expect(yaml).not.toContain(FAKE_WEBHOOK_KEY);
    const secretDoc = yaml.split(/^---$/m).find(d => /kind: Secret\n/.test(d))!;
    const result = independentSopsDecrypt(secretDoc, identity);
    expect(result.macVerified).toBe(true);
    expect(result.document.stringData).toEqual({ key: FAKE_WEBHOOK_KEY });
    expect(result.document.metadata).toEqual({ name: 'webhook-key', namespace: 'payments' });
  });

  test('refusals: pre-sealed values with SOPS, Flux without decryption, unknown secrets, twice the same name', () => {
    const { chart, api } = payments();
    const sops = GitOpsEncryption.sops({ ageRecipients: [recipient] });
    expect(() => new GitOpsSecrets(chart, 'a', { encryption: sops, flux: { sourceRef: { kind: 'GitRepository', name: 'p' }, disableDecryption: true } }))
      .toThrow('GitOpsSecrets: flux.disableDecryption cannot be set with GitOpsEncryption.sops: Flux must decrypt the SOPS-encrypted Secrets (the API server refuses them encrypted).');
    const gitops = new GitOpsSecrets(chart, 'b', { encryption: sops });
    expect(() => gitops.addSecret('db', { encryptedData: presealed }))
      .toThrow('GitOpsSecrets: secrets["db"].encryptedData holds sealed-secrets ciphertext, which SOPS cannot use; with GitOpsEncryption.sops give stringData (encrypted at synth).');
    gitops.addSecret('db', { stringData: { password: 'fake' } });
    expect(() => gitops.addSecret('db', { stringData: { password: 'fake' } })).toThrow('GitOpsSecrets: secrets["db"] is added twice; give each secret one name.');
    expect(() => gitops.addApp('api', { workload: api, files: ['other'] }))
      .toThrow('GitOpsSecrets: apps["api"].files[0] "other" is not a secret of this pattern; add it with addSecret first (secrets: "db").');
    expect(() => gitops.addApp('api', { workload: api }))
      .toThrow('GitOpsSecrets: apps["api"] consumes no secret; give files (the default way) or env.');
    expect(() => GitOpsEncryption.sops({ ageRecipients: [] }))
      .toThrow('GitOpsSecrets: encryption.ageRecipients is empty; give at least one age recipient (age1...): the cluster\'s Flux key, and a break-glass key kept offline.');
    expect(() => new GitOpsSecrets(chart, 'c', { encryption: { kind: 'sops' } as unknown as GitOpsEncryption }))
      .toThrow('GitOpsSecrets: encryption "object" is not an encryption; use GitOpsEncryption.sealedSecrets({ certificate }) or GitOpsEncryption.sops({ ageRecipients }).');
  });
});

describe('GitOpsSecrets (cdk8s): escape hatches', () => {
  test('reach a part, override a default, loosen with the block\'s own opt-in', () => {
    const { chart, api } = payments();
    const gitops = new GitOpsSecrets(chart, 'gitops', {
      encryption: GitOpsEncryption.sealedSecrets({ certificate: CERT }),
      alerts: { namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } }, // override a part's default
    });
    const db = gitops.addSecret('db', { stringData: { password: 'fake-pw' }, scope: SealingScope.NAMESPACE_WIDE }); // per-secret override
    gitops.addApp('api', { workload: api, files: [db], env: [] });
    // Reach a part and extend it.
    gitops.apps.api.workload.metadata.addLabel('tier', 'backend');
    gitops.isolation.denyAll.metadata.addAnnotation('owner', 'platform');
    // Loosen the guard only with its own opt-in, for one construct, with a reason.
    const fixture = new kplus.Secret(chart, 'fixture', { metadata: { name: 'greeting' }, stringData: { hello: 'world' } });
    PlaintextSecretGuard.allow(fixture, 'a public greeting used by the smoke test, not a secret');
    const all = synthValid(chart);
    expect(only(all, 'PrometheusRule').metadata).toMatchObject({ namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } });
    expect(only(all, 'SealedSecret').metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(only(all, 'Deployment').metadata.labels.tier).toBe('backend');
    expect(only(all, 'NetworkPolicy', 'default-deny-all').metadata.annotations).toEqual({ owner: 'platform' });
    expect(gitops.secrets.db).toBe(db);
    expectPatternInvariants(all.filter(m => m.metadata.name !== 'greeting'), { exemptNamespaces: ['monitoring'] });
  });
});

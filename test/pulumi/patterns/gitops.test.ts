/**
 * GitOpsSecrets (Pulumi, issue 13): the snippet in args form with both encryptions, under mocks;
 * the whole output keeps the pattern invariants, sealed values unseal and SOPS values decrypt with the
 * independent helpers, the guard transform is on the component, the report is an output.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as pulumi from '@pulumi/pulumi';
import { stringify } from 'yaml';
import { ageKeygen, loadSealingCertificate, sealValue } from '../../../src/core';
import * as pl from '../../../src/pulumi';
import { independentSopsDecrypt } from '../../helpers/independent-sops';
import { unseal } from '../../helpers/independent-unseal';
import { expectPatternInvariants } from '../../helpers/pattern-invariants';
import { normaliseManifests } from '../../helpers/pattern-parity';
import { kubernetesManifests, resetRecorded, settle, settled, setupPulumiMocks } from '../../helpers/pulumi';
import { expectValidManifests } from '../../helpers/schema';
import { sortKeys } from '../../helpers/secret-render';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const FIX = path.join(__dirname, '..', '..', 'fixtures', 'sealed-secrets');
const CERT = fs.readFileSync(path.join(FIX, 'test-cert.pem'), 'utf8');
const KEY = fs.readFileSync(path.join(FIX, 'test-key.pem'), 'utf8');
const FAKE_WEBHOOK_KEY = 'fake-webhook-key-4242';
const presealed = { password: sealValue(loadSealingCertificate(CERT), Buffer.from('payments/database-credentials'), Buffer.from('fake-presealed')) };
const { identity, recipient } = ageKeygen();
const INVARIANTS = { exemptNamespaces: ['flux-system'] };

/** A payment API's Deployment args, as a Pulumi user writes them. */
function apiArgs(): pl.WorkloadArgsLike {
  return {
    metadata: { name: 'payment-api', namespace: 'payments' },
    spec: {
      selector: { matchLabels: { app: 'payment-api' } },
      template: {
        metadata: { labels: { app: 'payment-api' } },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true },
          containers: [{ name: 'api', image: 'registry.example.com/payment-api:3.0.0' }],
        },
      },
    },
  };
}

describe('GitOpsSecrets (Pulumi)', () => {
  test('sealed-secrets: the snippet in args form; invariants, unsealing, Reloader, the report', async () => {
    const gitops = new pl.GitOpsSecrets('gitops', {
      namespace: 'payments',
      encryption: pl.GitOpsEncryption.sealedSecrets({ certificate: CERT }),
      flux: { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' } },
      secrets: {
        'database-credentials': { encryptedData: presealed },
        'webhook-key': { stringData: { key: pulumi.secret(FAKE_WEBHOOK_KEY) } },
      },
      apps: { 'payment-api': { workload: apiArgs(), files: ['database-credentials', 'webhook-key'] } },
    });
    await settle(gitops, gitops.apps['payment-api'].workload, ...Object.values(gitops.secrets).map(s => s.resource));
    const all = normaliseManifests(kubernetesManifests());
    expectPatternInvariants(all, INVARIANTS);
    expect(JSON.stringify(all)).not.toContain(FAKE_WEBHOOK_KEY);
    const hook = all.find(m => m.kind === 'SealedSecret' && m.metadata.name === 'webhook-key');
    expect(unseal(hook.spec.encryptedData.key, KEY, 'payments/webhook-key')).toBe(FAKE_WEBHOOK_KEY);
    const deployment = all.find(m => m.kind === 'Deployment');
    expect(deployment.metadata.annotations['secret.reloader.stakater.com/reload']).toBe('database-credentials,webhook-key');
    expect(all.find(m => m.kind === 'Kustomization').spec.decryption).toBeUndefined();
    const report = await settled(gitops.report);
    const byId = Object.fromEntries(report.controls.map(c => [c.id, c]));
    expect(byId['no-plaintext-in-git'].enforcedBy).toEqual(['SealedSecret payments/database-credentials', 'SealedSecret payments/webhook-key']);
    expect(byId['rotation-reaches-pods'].enforcedBy).toEqual(['Deployment payments/payment-api']);
    expect(byId['network-isolation'].enforcedBy).toEqual(['NetworkPolicy payments/allow-dns-egress', 'NetworkPolicy payments/default-deny-all']);
    expect(byId['audit-and-alerting'].enforcedBy).toEqual(['PrometheusRule payments/secret-access-alerts']);
  });

  test('SOPS: Secrets that decrypt as rendered, Flux with SOPS decryption, .sops.yaml', async () => {
    const gitops = new pl.GitOpsSecrets('gitops', {
      namespace: 'payments',
      encryption: pl.GitOpsEncryption.sops({ ageRecipients: [recipient] }),
      flux: { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository', name: 'platform' } },
    });
    gitops.addSecret('webhook-key', { stringData: { key: pulumi.secret(FAKE_WEBHOOK_KEY) } });
    gitops.addApp('payment-api', { workload: apiArgs(), files: ['webhook-key'] });
    await settle(gitops, gitops.apps['payment-api'].workload, gitops.secrets['webhook-key'].resource);
    const all = normaliseManifests(kubernetesManifests());
    // The rendered Secret holds ENC[...] under data (not base64): schemas apply to what Flux applies.
    expectPatternInvariants(all, { ...INVARIANTS, schema: false });
    expect(all.find(m => m.kind === 'Kustomization').spec.decryption).toEqual({ provider: 'sops', secretRef: { name: 'sops-age' } });
    const secret = all.find(m => m.kind === 'Secret');
    const result = independentSopsDecrypt(stringify(sortKeys(secret)), identity);
    expect(result.macVerified).toBe(true);
    expectValidManifests(all.map(m => (m === secret ? result.document : m)));
    expect(result.document.data).toEqual({ key: Buffer.from(FAKE_WEBHOOK_KEY).toString('base64') });
    expect(gitops.sopsConfig).toBe(`creation_rules:\n  - encrypted_regex: ^(data|stringData)$\n    age: ${recipient}\n`);
  });

  test('the guard transform is on the component (so it covers every child), with the allow list given', () => {
    const gitops = new pl.GitOpsSecrets('gitops', {
      namespace: 'payments', encryption: pl.GitOpsEncryption.sealedSecrets(), plaintextAllow: { greeting: 'a public greeting used by the smoke test' },
    });
    const props = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'g' }, stringData: { hello: 'world' } };
    expect(gitops.guard({ type: 'kubernetes:core/v1:Secret', name: 'greeting', props, opts: {}, custom: true })).toBeUndefined();
    expect(() => gitops.guard({ type: 'kubernetes:core/v1:Secret', name: 'leak', props, opts: {}, custom: true }))
      .toThrow(/PlaintextSecretGuard: Secret "g" \(resource "leak"\)/);
    expect(() => new pl.GitOpsSecrets('bad', { namespace: 'payments', encryption: pl.GitOpsEncryption.sealedSecrets(), plaintextAllow: { x: 'short' } }))
      .toThrow('PlaintextSecretGuard: reason "short" is too short');
  });

  test('refusals are ResourceErrors with the core words', () => {
    const gitops = new pl.GitOpsSecrets('g', { namespace: 'payments', encryption: pl.GitOpsEncryption.sops({ ageRecipients: [recipient] }) });
    expect(() => gitops.addSecret('db', { encryptedData: presealed })).toThrow(pulumi.ResourceError);
    expect(() => gitops.addApp('api', { workload: apiArgs(), files: ['db'] }))
      .toThrow('GitOpsSecrets: apps["api"].files[0] "db" is not a secret of this pattern; add it with addSecret first (secrets: none).');
  });

  test('escape hatches: reach a part, override a default, loosen with the block\'s own opt-in', async () => {
    const gitops = new pl.GitOpsSecrets('gitops', {
      namespace: 'payments',
      encryption: pl.GitOpsEncryption.sealedSecrets({ certificate: CERT }),
      alerts: { namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } },
      isolation: { namePrefix: 'payments' },
      plaintextAllow: { 'smoke-greeting': 'a public greeting used by the smoke test, not a secret' },
    });
    const db = gitops.addSecret('db', { encryptedData: presealed, scope: pl.SealingScope.NAMESPACE_WIDE });
    await settle(gitops, db.resource, gitops.alerts.resource, ...gitops.isolation.policies);
    const all = normaliseManifests(kubernetesManifests());
    expect(all.find(m => m.kind === 'PrometheusRule').metadata).toMatchObject({ namespace: 'monitoring', labels: { release: 'kube-prometheus-stack' } });
    expect((await settled(pulumi.all(gitops.isolation.policies.map(p => p.metadata.name)))).sort()).toEqual(['payments-allow-dns-egress', 'payments-default-deny-all']);
    expect(all.find(m => m.kind === 'SealedSecret').metadata.annotations).toEqual({ 'sealedsecrets.bitnami.com/namespace-wide': 'true' });
    expect(gitops.secrets.db).toBe(db);
    const props = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'greeting' }, stringData: { hello: 'world' } };
    expect(gitops.guard({ type: 'kubernetes:core/v1:Secret', name: 'smoke-greeting', props, opts: {}, custom: true })).toBeUndefined();
  });
});

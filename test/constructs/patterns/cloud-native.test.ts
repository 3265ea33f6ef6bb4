/**
 * CloudNativeSecrets (cdk8s): the snippet as written, every part reachable, the whole output
 * keeping the pattern invariants, the compliance report written beside the YAML, escape hatches.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { CloudNativeSecrets, SecretSource } from '../../../src';
import { only, ofKind, synthValid, testChart } from '../../helpers/cdk8s';
import { evaluate } from '../../helpers/iam';
import { expectPatternInvariants } from '../../helpers/pattern-invariants';

const image = 'registry.example.com/payments/api:1.4.2';
const RELOAD = 'secret.reloader.stakater.com/reload';

function workload(chart: Chart, name: string): kplus.Deployment {
  return new kplus.Deployment(chart, name, {
    metadata: { name },
    securityContext: { user: 10001, group: 10001, fsGroup: 10001 },
    containers: [{ name, image, portNumber: 8080 }],
  });
}

function snippet(chart: Chart = testChart()) {
  const api = workload(chart, 'payment-api');
  const ledger = workload(chart, 'ledger');
  const secrets = new CloudNativeSecrets(chart, 'secrets', {
    source: SecretSource.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' }),
  });
  const db = secrets.addSecret('postgres-credentials', {
    remoteKey: 'production/payments/postgres',
    keys: { POSTGRES_USER: 'username', POSTGRES_PASSWORD: 'password' },
  });
  const gw = secrets.addSecret('payment-gateway-key', { remoteKey: 'production/payments/gateway' });
  secrets.addApp('payment-api', { workload: api, files: [db], env: [gw] });
  secrets.addApp('ledger', { workload: ledger, apiRead: [db] });
  return { chart, secrets, db, gw };
}

describe('CloudNativeSecrets (cdk8s)', () => {
  test('the snippet: store, ServiceAccounts, ExternalSecrets, consumption, reader, isolation', () => {
    const { chart } = snippet();
    const m = synthValid(chart);
    expectPatternInvariants(m);
    expect(only(m, 'ServiceAccount', 'secrets-store')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      automountServiceAccountToken: false,
      metadata: expect.objectContaining({ name: 'secrets-store', namespace: 'payments', annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/eso-payments' } }),
    });
    expect(only(m, 'SecretStore').spec).toEqual({
      provider: { aws: { service: 'SecretsManager', region: 'us-east-1', auth: { jwt: { serviceAccountRef: { name: 'secrets-store' } } } } },
    });
    const db = only(m, 'ExternalSecret', 'postgres-credentials');
    expect(db.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { name: 'secrets-store', kind: 'SecretStore' },
      target: { name: 'postgres-credentials', creationPolicy: 'Owner' },
      data: [
        { secretKey: 'POSTGRES_USER', remoteRef: { key: 'production/payments/postgres', property: 'username' } },
        { secretKey: 'POSTGRES_PASSWORD', remoteRef: { key: 'production/payments/postgres', property: 'password' } },
      ],
    });
    expect(only(m, 'ExternalSecret', 'payment-gateway-key').spec.dataFrom).toEqual([{ extract: { key: 'production/payments/gateway' } }]);
    const api = only(m, 'Deployment', 'payment-api');
    expect(api.metadata.annotations[RELOAD]).toBe('payment-gateway-key,postgres-credentials');
    expect(api.spec.template.spec.serviceAccountName).toBe('payment-api');
    expect(api.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(api.spec.template.spec.volumes).toEqual([expect.objectContaining({ secret: expect.objectContaining({ secretName: 'postgres-credentials', defaultMode: 0o400 }) })]);
    expect(api.spec.template.spec.containers[0].volumeMounts).toEqual([expect.objectContaining({ mountPath: '/etc/secrets/postgres-credentials', readOnly: true })]);
    expect(api.spec.template.spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'payment-gateway-key' } }]);
    const ledger = only(m, 'Deployment', 'ledger');
    expect(ledger.metadata.annotations?.[RELOAD]).toBeUndefined();
    expect(ledger.spec.template.spec.serviceAccountName).toBe('ledger');
    expect(only(m, 'Role').rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: ['postgres-credentials'], verbs: ['get'] }]);
    expect(only(m, 'RoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'ledger', namespace: 'payments' }]);
    expect(ofKind(m, 'NetworkPolicy').map(p => p.metadata.name).sort()).toEqual(['allow-dns-egress', 'default-deny-all']);
    expect(ofKind(m, 'ServiceAccount').map(s => s.metadata.name).sort()).toEqual(['ledger', 'payment-api', 'secrets-store']);
  });

  test('every part is a public member', () => {
    const { secrets, db } = snippet();
    expect(secrets.store.name).toBe('secrets-store');
    expect(secrets.storeServiceAccount.name).toBe('secrets-store');
    expect(secrets.externalSecrets['postgres-credentials']).toBe(db);
    expect(secrets.apps['payment-api'].serviceAccount?.name).toBe('payment-api');
    expect(secrets.apps.ledger.reader?.resourceNames).toEqual(['postgres-credentials']);
    expect(secrets.isolation.denyAll.name).toBe('default-deny-all');
    expect(secrets.controllerEgress).toBeUndefined();
  });

  test('iamPolicy reads exactly the added secrets (simulated); trustPolicy names exactly the store ServiceAccount', async () => {
    const { secrets } = snippet();
    const policy = secrets.iamPolicy({ accountId: '111122223333' });
    const arn = (name: string) => `arn:aws:secretsmanager:us-east-1:111122223333:secret:${name}`;
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: arn('production/payments/postgres-AbCdEf') }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: arn('production/payments/gateway-Zz0123') }, [policy])).toBe('Allowed');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: arn('production/payments/postgres-admin-AbCdEf') }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'secretsmanager:GetSecretValue', resource: arn('production/other-AbCdEf') }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'secretsmanager:ListSecrets', resource: '*' }, [policy])).toBe('ImplicitlyDenied');
    expect(await evaluate({ action: 'secretsmanager:PutSecretValue', resource: arn('production/payments/postgres-AbCdEf') }, [policy])).toBe('ImplicitlyDenied');
    const trust = secrets.trustPolicy({ oidcIssuer: 'https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE', accountId: '111122223333' });
    expect(JSON.stringify(trust)).toContain('"oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":"system:serviceaccount:payments:secrets-store"');
  });

  test('the compliance report is written beside the synthesized YAML', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'kss-pattern-'));
    const app = new App({ outdir });
    const chart = new Chart(app, 'payments', { namespace: 'payments' });
    const { secrets } = snippet(chart);
    app.synth();
    const written = JSON.parse(fs.readFileSync(path.join(outdir, 'payments-secrets.compliance.json'), 'utf8'));
    expect(written).toEqual(secrets.report());
    expect(written.pattern).toBe('CloudNativeSecrets');
    expect(written.controls.map((c: any) => [c.id, c.status])).toEqual([
      ['no-plaintext-in-git', 'enforced'], ['no-static-cloud-keys', 'enforced'], ['least-privilege-rbac', 'partial'],
      ['rotation-reaches-pods', 'enforced'], ['network-isolation', 'partial'], ['audit-and-alerting', 'user'],
    ]);
    expect(written.controls[3].enforcedBy).toEqual([
      'Deployment payments/payment-api',
      'ExternalSecret payments/payment-gateway-key', 'ExternalSecret payments/postgres-credentials',
    ]);
  });
});

describe('CloudNativeSecrets escape hatches', () => {
  test('reach a part, override it, loosen a default only with the block\'s opt-in', () => {
    const chart = testChart();
    const api = workload(chart, 'payment-api');
    const secrets = new CloudNativeSecrets(chart, 'secrets', {
      source: SecretSource.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' }),
      store: { controller: 'prod' },
    });
    // Override one ExternalSecret's refresh and mount path per part.
    secrets.addSecret('postgres-credentials', { remoteKey: 'production/payments/postgres', refreshInterval: '15m' });
    // Reach a part: the store's ApiObject, extended with a label.
    secrets.store.apiObject.metadata.addLabel('team', 'payments');
    // Loosening list on Secrets is refused without the SecretReader's opt-in...
    expect(() => secrets.addApp('payment-api', { workload: api, apiRead: ['postgres-credentials'], reader: { verbs: ['get', 'list'] } }))
      .toThrow(/list/);
    // ...and taken with it.
    secrets.addApp('payment-api', {
      workload: api,
      files: ['postgres-credentials'],
      mounts: { 'postgres-credentials': { path: '/run/db' } },
      apiRead: ['postgres-credentials'],
      reader: { verbs: ['get', 'list'], allowListWatch: true },
    });
    const m = synthValid(chart);
    expect(only(m, 'SecretStore').metadata.labels).toEqual({ team: 'payments' });
    expect(only(m, 'SecretStore').spec.controller).toBe('prod');
    expect(only(m, 'ExternalSecret').spec.refreshInterval).toBe('15m');
    expect(only(m, 'Deployment').spec.template.spec.containers[0].volumeMounts[0].mountPath).toBe('/run/db');
    expect(only(m, 'Role').rules[0].verbs).toEqual(['get', 'list']);
  });
});

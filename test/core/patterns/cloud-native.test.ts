/** The CloudNativeSecrets plan: block options from plain options, each checked by its block's builder. */
import { SecretSource, cloudNativeSecretsPlan, cloudNativeSecretsReport, externalSecretsEgressManifest } from '../../../src/core';

const base = {
  name: 'secrets',
  namespace: 'payments',
  source: SecretSource.azureKeyVault({ vaultUrl: 'https://payments-prod.vault.azure.net', clientId: '00000000-0000-0000-0000-000000000001' }),
  secrets: { db: { remoteKey: 'postgres', keys: { PASSWORD: 'password' } }, gw: { remoteKey: 'gateway', refreshInterval: '5m' } },
  apps: { api: { files: ['db'], env: ['gw'] }, ledger: { serviceAccountName: 'ledger-sa', apiRead: ['db'] } },
};

describe('cloudNativeSecretsPlan', () => {
  test('the store, ExternalSecrets (1h default), apps and isolation', () => {
    const plan = cloudNativeSecretsPlan(base);
    expect(plan.store.serviceAccount.name).toBe('secrets-store');
    expect(plan.store.serviceAccount.identity?.annotations).toEqual({ 'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000001' });
    expect(plan.store.storeRef).toEqual({ name: 'secrets-store', kind: 'SecretStore', namespace: 'payments' });
    expect(plan.secrets.map(s => [s.secretName, s.externalSecret.refreshInterval])).toEqual([['db', '1h'], ['gw', '5m']]);
    expect(plan.secrets[0].externalSecret.data).toEqual([{ secretKey: 'PASSWORD', remoteKey: 'postgres', property: 'password' }]);
    expect(plan.secrets[1].externalSecret.dataFrom).toEqual([{ extract: { key: 'gateway' } }]);
    expect(plan.apps[0]).toEqual({
      name: 'api',
      serviceAccountName: 'api',
      serviceAccount: { name: 'api', namespace: 'payments', component: 'CloudNativeSecrets app "api" serviceAccount' },
      files: [{ secret: 'db', mount: { path: '/etc/secrets/db' } }],
      env: ['gw'],
      envKeys: {},
    });
    expect(plan.apps[1].serviceAccount).toBeUndefined();
    expect(plan.apps[1].reader).toEqual(expect.objectContaining({ secrets: ['db'], serviceAccount: 'ledger-sa', name: 'ledger-read-secrets' }));
    expect(plan.isolation).toEqual({ namespace: 'payments' });
    expect(plan.controllerEgress).toBeUndefined();
  });

  test('the report: every control, the user\'s jobs stated', () => {
    const report = cloudNativeSecretsReport(cloudNativeSecretsPlan(base), ['Deployment payments/api']);
    expect(report.controls.map(c => c.status)).toEqual(['enforced', 'enforced', 'partial', 'enforced', 'partial', 'user']);
    expect(report.controls[1].how).toContain('AKS Workload Identity');
    expect(report.controls[2].enforcedBy).toEqual([
      'Role payments/ledger-read-secrets', 'RoleBinding payments/ledger-read-secrets', 'ServiceAccount payments/api', 'ServiceAccount payments/secrets-store',
    ]);
  });

  test('envKeys naming a key the synced Secret will not have is refused; a whole-secret extract (no keys) is not checked', () => {
    const plan = (db: string, gw: string) => cloudNativeSecretsPlan({ ...base, apps: { api: { env: ['db', 'gw'], envKeys: { db: { DB_PASSWORD: db }, gw: { GW_KEY: gw } } } } });
    expect(() => plan('password', 'apiKey')).toThrow('CloudNativeSecrets app "api": envKeys["db"]["DB_PASSWORD"] "password" is not a key of secret "db" (its keys: "PASSWORD"); name one of them (the Kubernetes Secret\'s key, not the remote property).');
    expect(plan('PASSWORD', 'apiKey').apps[0].envKeys).toEqual({ db: { DB_PASSWORD: 'PASSWORD' }, gw: { GW_KEY: 'apiKey' } });
  });
});

describe('cloudNativeSecretsPlan with the ESO controller\'s own Pod Identity', () => {
  const options = {
    name: 'secrets',
    namespace: 'payments',
    source: SecretSource.awsSecretsManager({ region: 'us-east-1' }),
    secrets: { db: { remoteKey: 'production/payments/postgres' } },
    controllerEgress: { apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: ['10.0.128.0/24'] },
  };

  test('the controller egress also admits the EKS Pod Identity agent (169.254.170.23:80, [fd00:ec2::23]:80), by name', () => {
    const plan = cloudNativeSecretsPlan(options, undefined, 'controller');
    expect(plan.store.auth).toBe('controller');
    const egress = externalSecretsEgressManifest(plan.controllerEgress!) as any;
    const blocks = egress.spec.egress.flatMap((r: any) => (r.to ?? []).map((t: any) => t.ipBlock?.cidr)).filter(Boolean);
    expect(blocks).toEqual(expect.arrayContaining(['169.254.170.23/32', 'fd00:ec2::23/128']));
    const agentRule = egress.spec.egress.find((r: any) => r.to?.some((t: any) => t.ipBlock?.cidr === '169.254.170.23/32'));
    expect(agentRule.ports).toEqual([{ protocol: 'TCP', port: 80 }]);
  });

  test('with IRSA (a per-store ServiceAccount token), no agent egress', () => {
    const plan = cloudNativeSecretsPlan({ ...options, source: SecretSource.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' }) });
    const egress = externalSecretsEgressManifest(plan.controllerEgress!) as any;
    const blocks = egress.spec.egress.flatMap((r: any) => (r.to ?? []).map((t: any) => t.ipBlock?.cidr)).filter(Boolean);
    expect(blocks).not.toContain('169.254.170.23/32');
  });
});

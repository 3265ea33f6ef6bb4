/**
 * Parity of the patterns (issue 13): every pattern, every source, rendered by both front-ends from the
 * same core plan, gives the same manifests (the users' own workloads are compared on the pattern's
 * wiring: ServiceAccount, volumes, mounts, env, Reloader annotation). One table: other patterns add rows.
 */
import * as pulumi from '@pulumi/pulumi';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../src';
import { auditManifests } from '../../src/core/audit/audit';
import * as pl from '../../src/pulumi';
import { testChart } from '../helpers/cdk8s';
import { PatternInvariantOptions, expectPatternInvariants } from '../helpers/pattern-invariants';
import { PatternParityCase, PatternRenderings, renderPatternBoth } from '../helpers/pattern-parity';
import { setupPulumiMocks } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);

const image = 'registry.example.com/payments/api:1.4.2';
const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet'];

function cdk8sWorkload(chart: Chart, name: string): kplus.Deployment {
  return new kplus.Deployment(chart, name, {
    metadata: { name }, securityContext: { user: 10001, group: 10001, fsGroup: 10001 }, containers: [{ name, image }],
  });
}

function pulumiWorkload(name: string) {
  return {
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 }, containers: [{ name, image }] },
      },
    },
  };
}

/** One CloudNativeSecrets input given to both front-ends: the seed scenario on a source. */
function cloudNative(
  source: () => cdk8s.SecretSource, extra: Partial<cdk8s.CloudNativeSecretsProps> = {}, invariants?: PatternInvariantOptions,
  envKeys?: Record<string, Record<string, string>>,
): PatternParityCase {
  const secrets = {
    'postgres-credentials': { remoteKey: 'production/payments/postgres', keys: { POSTGRES_USER: 'username', POSTGRES_PASSWORD: 'password' } },
    'payment-gateway-key': { remoteKey: 'production/payments/gateway' },
  };
  const apps = { files: ['postgres-credentials'], env: ['payment-gateway-key'], ...(envKeys ? { envKeys } : {}) };
  return {
    cdk8s: chart => {
      const p = new cdk8s.CloudNativeSecrets(chart, 'secrets', { source: source(), secrets, ...extra });
      p.addApp('payment-api', { workload: cdk8sWorkload(chart, 'payment-api'), ...apps });
      p.addApp('ledger', { workload: cdk8sWorkload(chart, 'ledger'), apiRead: ['postgres-credentials'] });
    },
    pulumi: () => new pl.CloudNativeSecrets('secrets', {
      namespace: 'payments',
      source: source(),
      secrets,
      ...extra,
      apps: { 'payment-api': { workload: pulumiWorkload('payment-api'), ...apps }, 'ledger': { workload: pulumiWorkload('ledger'), apiRead: ['postgres-credentials'] } },
    }) as pulumi.Resource,
    ignoreKinds: WORKLOADS,
    ...(invariants ? { invariants } : {}),
  };
}

const S = cdk8s.SecretSource;
const egress = { apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: ['10.0.128.0/24'] };

/** Every pattern, every source. GitOpsSecrets, EnterpriseVault and Hybrid rows are added by their patterns. */
const CASES: Record<string, PatternParityCase> = {
  'CloudNativeSecrets / AWS Secrets Manager': cloudNative(() => S.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' })),
  'CloudNativeSecrets / AWS Parameter Store': cloudNative(() => S.awsParameterStore({ region: 'eu-west-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' })),
  'CloudNativeSecrets / Google Secret Manager': cloudNative(() => S.gcpSecretManager({
    projectId: 'payments-prod', gcpServiceAccount: 'eso-payments@payments-prod.iam.gserviceaccount.com', clusterLocation: 'europe-west1', clusterName: 'prod',
  })),
  'CloudNativeSecrets / Azure Key Vault': cloudNative(() => S.azureKeyVault({
    vaultUrl: 'https://payments-prod.vault.azure.net', clientId: '00000000-0000-0000-0000-000000000001', tenantId: '00000000-0000-0000-0000-000000000002',
  })),
  'CloudNativeSecrets / AWS with controller egress and a 15m refresh': cloudNative(
    () => S.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' }),
    { controllerEgress: egress, refreshInterval: '15m' },
    // The pattern limits the ESO controller pods' egress in ESO's namespace, not the whole namespace (its
    // webhook needs ingress from the API server); the report says so (network-isolation: partial).
    { exemptNamespaces: ['external-secrets'] }),
  'CloudNativeSecrets / AWS, env with named keys (envKeys)': cloudNative(
    () => S.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' }),
    {}, undefined, { 'payment-gateway-key': { PAYMENT_GATEWAY_KEY: 'apiKey' } }),
};

/** The pattern's wiring of a user's workload (what the pattern decides in it). */
function wiring(manifests: any[]) {
  return manifests.filter(m => WORKLOADS.includes(m.kind)).map(m => ({
    name: m.metadata.name,
    reload: m.metadata.annotations?.['secret.reloader.stakater.com/reload'],
    serviceAccountName: m.spec.template.spec.serviceAccountName,
    volumes: m.spec.template.spec.volumes,
    mounts: m.spec.template.spec.containers.map((c: any) => c.volumeMounts),
    envFrom: m.spec.template.spec.containers.map((c: any) => c.envFrom),
    env: m.spec.template.spec.containers.map((c: any) => c.env),
  })).sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Each row's whole output (no kind ignored), rendered once per file: the rows' own test and the envKeys
 * tests read the same rows. A deep copy per read, so no test sees what another did to its manifests.
 */
const rendered = new Map<string, Promise<PatternRenderings>>();
async function renderAll(name: string): Promise<PatternRenderings> {
  if (!rendered.has(name)) {
    rendered.set(name, renderPatternBoth({ ...CASES[name], ignoreKinds: [] }));
  }
  return structuredClone(await rendered.get(name)!);
}

/** `renderings` without the kinds of `ignoreKinds`, as renderPatternBoth with them would give. */
function without(renderings: PatternRenderings, ignoreKinds: readonly string[] = []): PatternRenderings {
  const keep = (ms: any[]) => ms.filter(m => !ignoreKinds.includes(m?.kind));
  return { cdk8s: keep(renderings.cdk8s), pulumi: keep(renderings.pulumi) };
}

describe('parity: patterns', () => {
  test.each(Object.entries(CASES))('%s: the same manifests in cdk8s and Pulumi, keeping the invariants', async (name, c) => {
    const all = await renderAll(name);
    const both = without(all, c.ignoreKinds);
    expect(both.pulumi).toEqual(both.cdk8s);
    expect(both.cdk8s.length).toBeGreaterThanOrEqual(10);
    expectPatternInvariants(all.cdk8s, c.invariants);
    expectPatternInvariants(all.pulumi, c.invariants);
    expect(wiring(all.pulumi)).toEqual(wiring(all.cdk8s));
  });

  test('envKeys: one variable per named key in both front-ends, no envFrom, so the auditor has no KSS-ENV-002', async () => {
    const all = await renderAll('CloudNativeSecrets / AWS, env with named keys (envKeys)');
    for (const manifests of [all.cdk8s, all.pulumi]) {
      const api = wiring(manifests).find(w => w.name === 'payment-api')!;
      expect(api.envFrom).toEqual([undefined]);
      expect(api.env).toEqual([[{ name: 'PAYMENT_GATEWAY_KEY', valueFrom: { secretKeyRef: { name: 'payment-gateway-key', key: 'apiKey', optional: false } } }]]);
      const ids = auditManifests(manifests).findings.map(f => f.ruleId);
      expect(ids).not.toContain('KSS-ENV-002');
      expect(ids).toContain('KSS-ENV-001');
    }
    const everyKey = await renderAll('CloudNativeSecrets / AWS Secrets Manager');
    expect(auditManifests(everyKey.cdk8s).findings.map(f => f.ruleId)).toContain('KSS-ENV-002');
  });

  // Last in the file: the Pulumi programs it builds register resources asynchronously.
  test('envKeys naming a key the synced Secret will not have is refused, the same in both (the pod would never start)', () => {
    const source = () => S.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' });
    const secrets = { 'postgres-credentials': { remoteKey: 'production/payments/postgres', keys: { POSTGRES_USER: 'username', POSTGRES_PASSWORD: 'password' } } };
    const app = (envKeys: Record<string, Record<string, string>>) => ({ env: ['postgres-credentials'], envKeys });
    const message = 'CloudNativeSecrets app "payment-api": envKeys["postgres-credentials"]["DB"] "password" is not a key of secret "postgres-credentials" (its keys: "POSTGRES_USER", "POSTGRES_PASSWORD"); name one of them (the Kubernetes Secret\'s key, not the remote property).';
    const cdk8sApp = (envKeys: Record<string, Record<string, string>>) => {
      const chart = testChart();
      new cdk8s.CloudNativeSecrets(chart, 'secrets', { source: source(), secrets }).addApp('payment-api', { workload: cdk8sWorkload(chart, 'payment-api'), ...app(envKeys) });
    };
    const pulumiApp = (envKeys: Record<string, Record<string, string>>) => new pl.CloudNativeSecrets('secrets', {
      namespace: 'payments', source: source(), secrets, apps: { 'payment-api': { workload: pulumiWorkload('payment-api'), ...app(envKeys) } },
    });
    expect(() => cdk8sApp({ 'postgres-credentials': { DB: 'password' } })).toThrow(message);
    expect(() => pulumiApp({ 'postgres-credentials': { DB: 'password' } })).toThrow(message);
    expect(() => cdk8sApp({ 'postgres-credentials': { DB: 'POSTGRES_PASSWORD' } })).not.toThrow();
    expect(() => pulumiApp({ 'postgres-credentials': { DB: 'POSTGRES_PASSWORD' } })).not.toThrow();
  });
});

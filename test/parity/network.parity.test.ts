/**
 * Parity of the network constructs (issue 12): for the same input, the cdk8s constructs and the Pulumi
 * components produce the same NetworkPolicies, and refuse bad input with the same message.
 */
import * as cdk8s from '../../src';
import * as pl from '../../src/pulumi';
import { synthValid, testChart } from '../helpers/cdk8s';
import { egressAllowed } from '../helpers/netpol';
import { kubernetesManifests, resetRecorded, settle, setupPulumiMocks } from '../helpers/pulumi';
import { expectValidManifests } from '../helpers/schema';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const key = (m: any) => `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
const policiesOf = (manifests: any[]) => manifests.filter(m => m.kind === 'NetworkPolicy').sort((a, b) => key(a).localeCompare(key(b)));

const aws = () => cdk8s.SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' });
const vault = () => cdk8s.SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'eso' });

/** One input, given to both front-ends (the cdk8s chart's namespace is `payments`). */
interface Case {
  readonly cdk8s: (chart: ReturnType<typeof testChart>) => void;
  readonly pulumi: () => Array<{ policies: pl.NamespaceIsolation['policies'] }>;
}

const CASES: Record<string, Case> = {
  'NamespaceIsolation with custom DNS and a prefix': {
    cdk8s: chart => new cdk8s.NamespaceIsolation(chart, 'iso', { namePrefix: 'payments', dns: { podLabels: { 'k8s-app': 'node-local-dns' } } }),
    pulumi: () => [new pl.NamespaceIsolation('iso', { namespace: 'payments', namePrefix: 'payments', dns: { podLabels: { 'k8s-app': 'node-local-dns' } } })],
  },
  'ApiServerEgressGuard with CIDRs and EgressTargets': {
    cdk8s: chart => new cdk8s.ApiServerEgressGuard(chart, 'guard', {
      podLabels: { app: 'api' },
      apiServerAddresses: ['10.0.1.15', '10.0.64.10'],
      allowedEgress: ['10.0.64.0/20', cdk8s.EgressTarget.eksPodIdentityAgent(), cdk8s.EgressTarget.awsSts(['10.0.128.0/24'])],
    }),
    pulumi: () => [new pl.ApiServerEgressGuard('guard', {
      namespace: 'payments',
      podLabels: { app: 'api' },
      apiServerAddresses: ['10.0.1.15', '10.0.64.10'],
      allowedEgress: ['10.0.64.0/20', pl.EgressTarget.eksPodIdentityAgent(), pl.EgressTarget.awsSts(['10.0.128.0/24'])],
    })],
  },
  'ApiServerEgressGuard with apiServerPorts and every address (opted in)': {
    cdk8s: chart => new cdk8s.ApiServerEgressGuard(chart, 'guard', {
      apiServerAddresses: ['10.0.0.1', 'fd00::1'], apiServerPorts: [443, 6443], allowedEgress: ['0.0.0.0/0', '::/0'], allowAllAddresses: true, name: 'no-api',
    }),
    pulumi: () => [new pl.ApiServerEgressGuard('guard', {
      namespace: 'payments', apiServerAddresses: ['10.0.0.1', 'fd00::1'], apiServerPorts: [443, 6443], allowedEgress: ['0.0.0.0/0', '::/0'], allowAllAddresses: true, name: 'no-api',
    })],
  },
  'ExternalSecretsEgressPolicy for AWS with Pod Identity, and for Vault in and outside the cluster': {
    cdk8s: chart => {
      new cdk8s.ExternalSecretsEgressPolicy(chart, 'eso', {
        providers: [aws()], apiServer: { cidrs: ['10.0.0.0/24'] }, cloudApiCidrs: ['10.0.128.0/24'], additionalEgress: [cdk8s.EgressTarget.eksPodIdentityAgent()],
      });
      new cdk8s.ExternalSecretsEgressPolicy(chart, 'eso-vault', { namespace: 'eso-vault', providers: [vault()], apiServer: { cidrs: ['10.0.0.0/24'] }, inClusterVault: { namespace: 'vault', port: 8300 } });
      new cdk8s.ExternalSecretsEgressPolicy(chart, 'eso-ext', { namespace: 'eso-ext', providers: [vault()], apiServer: { cidrs: ['192.168.0.10'], port: 6443 }, vaultCidrs: ['203.0.113.10'] });
    },
    pulumi: () => [
      new pl.ExternalSecretsEgressPolicy('eso', {
        providers: [aws()], apiServer: { cidrs: ['10.0.0.0/24'] }, cloudApiCidrs: ['10.0.128.0/24'], additionalEgress: [pl.EgressTarget.eksPodIdentityAgent()],
      }),
      new pl.ExternalSecretsEgressPolicy('eso-vault', { namespace: 'eso-vault', providers: [vault()], apiServer: { cidrs: ['10.0.0.0/24'] }, inClusterVault: { namespace: 'vault', port: 8300 } }),
      new pl.ExternalSecretsEgressPolicy('eso-ext', { namespace: 'eso-ext', providers: [vault()], apiServer: { cidrs: ['192.168.0.10'], port: 6443 }, vaultCidrs: ['203.0.113.10'] }),
    ],
  },
};

async function bothFrontEnds(c: Case): Promise<{ fromCdk8s: any[]; fromPulumi: any[] }> {
  const chart = testChart();
  c.cdk8s(chart);
  const fromCdk8s = policiesOf(synthValid(chart));
  resetRecorded();
  const components = c.pulumi();
  await settle(...components.flatMap(x => x.policies));
  const fromPulumi = policiesOf(kubernetesManifests());
  expectValidManifests(fromPulumi);
  return { fromCdk8s, fromPulumi };
}

describe('parity: network constructs produce the same NetworkPolicies', () => {
  test.each(Object.keys(CASES))('%s', async name => {
    const { fromCdk8s, fromPulumi } = await bothFrontEnds(CASES[name]);
    expect(fromCdk8s.length).toBeGreaterThan(0);
    expect(fromPulumi).toEqual(fromCdk8s);
  });

  test('the evaluated behaviour is the same: isolation + guard reach only what was allowed, in both front-ends', async () => {
    const c: Case = {
      cdk8s: chart => {
        new cdk8s.NamespaceIsolation(chart, 'iso');
        new cdk8s.ApiServerEgressGuard(chart, 'guard', { apiServerAddresses: ['10.0.64.10'], allowedEgress: ['10.0.64.0/20', cdk8s.EgressTarget.eksPodIdentityAgent()] });
      },
      pulumi: () => [
        new pl.NamespaceIsolation('iso', { namespace: 'payments' }),
        new pl.ApiServerEgressGuard('guard', { namespace: 'payments', apiServerAddresses: ['10.0.64.10'], allowedEgress: ['10.0.64.0/20', pl.EgressTarget.eksPodIdentityAgent()] }),
      ],
    };
    const { fromCdk8s, fromPulumi } = await bothFrontEnds(c);
    const from = { namespace: 'payments', labels: { app: 'any' } };
    for (const policies of [fromCdk8s, fromPulumi]) {
      expect(egressAllowed(policies, { from, to: { pod: { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } } }, port: 53, protocol: 'UDP' })).toBe(true);
      expect(egressAllowed(policies, { from, to: { ip: '10.0.64.5' }, port: 5432 })).toBe(true);
      expect(egressAllowed(policies, { from, to: { ip: '10.0.64.10' }, port: 443 })).toBe(false);
      expect(egressAllowed(policies, { from, to: { ip: '169.254.170.23' }, port: 80 })).toBe(true);
      expect(egressAllowed(policies, { from, to: { ip: '169.254.169.254' }, port: 80 })).toBe(false);
      expect(egressAllowed(policies, { from, to: { ip: '8.8.8.8' }, port: 443 })).toBe(false);
    }
  });
});

function messageOf(build: () => unknown): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('was accepted');
}

describe('parity: network constructs refuse bad input with the same message', () => {
  const guard = { apiServerAddresses: ['10.0.0.1'], allowedEgress: ['10.0.64.0/20'] };
  const eso = { providers: [aws()], apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: ['10.0.128.0/24'] };
  test.each<[string, (chart: ReturnType<typeof testChart>) => unknown, () => unknown, string]>([
    ['guard without allowedEgress', chart => new cdk8s.ApiServerEgressGuard(chart, 'g', { apiServerAddresses: ['10.0.0.1'] } as any),
      () => new pl.ApiServerEgressGuard('g', { namespace: 'payments', apiServerAddresses: ['10.0.0.1'] } as any), 'ApiServerEgressGuard: allowedEgress is missing;'],
    ['guard with every address and no opt-in', chart => new cdk8s.ApiServerEgressGuard(chart, 'g', { ...guard, allowedEgress: ['0.0.0.0/1', '128.0.0.0/1'] }),
      () => new pl.ApiServerEgressGuard('g', { ...guard, namespace: 'payments', allowedEgress: ['0.0.0.0/1', '128.0.0.0/1'] }), 'ApiServerEgressGuard: allowedEgress covers every IPv4 address'],
    ['guard opt-in as a string', chart => new cdk8s.ApiServerEgressGuard(chart, 'g', { ...guard, allowAllAddresses: 'true' as any }),
      () => new pl.ApiServerEgressGuard('g', { ...guard, namespace: 'payments', allowAllAddresses: 'true' as any }), 'ApiServerEgressGuard: allowAllAddresses must be the boolean true'],
    ['guard allowing only the API server', chart => new cdk8s.ApiServerEgressGuard(chart, 'g', { ...guard, allowedEgress: ['10.0.0.1/32'] }),
      () => new pl.ApiServerEgressGuard('g', { ...guard, namespace: 'payments', allowedEgress: ['10.0.0.1/32'] }), 'ApiServerEgressGuard: allowedEgress[0] "10.0.0.1/32" lies within the API server address'],
    ['guard with null props', chart => new cdk8s.ApiServerEgressGuard(chart, 'g', null as any),
      () => new pl.ApiServerEgressGuard('g', null as any), 'ApiServerEgressGuard: props must be an object; received null.'],
    ['guard with a string for apiServerAddresses', chart => new cdk8s.ApiServerEgressGuard(chart, 'g', { ...guard, apiServerAddresses: '10.0.0.1' as any }),
      () => new pl.ApiServerEgressGuard('g', { ...guard, namespace: 'payments', apiServerAddresses: '10.0.0.1' as any }), 'ApiServerEgressGuard: apiServerAddresses must be a list'],
    ['isolation with a number as namePrefix', chart => new cdk8s.NamespaceIsolation(chart, 'i', { namePrefix: 5 as any }),
      () => new pl.NamespaceIsolation('i', { namespace: 'payments', namePrefix: 5 as any }), 'NamespaceIsolation: namePrefix must be a string; received a number 5.'],
    ['isolation with null dns', chart => new cdk8s.NamespaceIsolation(chart, 'i', { dns: null as any }),
      () => new pl.NamespaceIsolation('i', { namespace: 'payments', dns: null as any }), 'NamespaceIsolation: dns must be an object; received null.'],
    ['ESO without cloudApiCidrs', chart => new cdk8s.ExternalSecretsEgressPolicy(chart, 'e', { ...eso, cloudApiCidrs: undefined }),
      () => new pl.ExternalSecretsEgressPolicy('e', { ...eso, cloudApiCidrs: undefined }), 'ExternalSecretsEgressPolicy: cloudApiCidrs is unset'],
    ['ESO with a string in additionalEgress', chart => new cdk8s.ExternalSecretsEgressPolicy(chart, 'e', { ...eso, additionalEgress: ['169.254.170.23'] as any }),
      () => new pl.ExternalSecretsEgressPolicy('e', { ...eso, additionalEgress: ['169.254.170.23'] as any }), 'ExternalSecretsEgressPolicy: additionalEgress[0] must be an EgressTarget'],
    ['ESO with null apiServer', chart => new cdk8s.ExternalSecretsEgressPolicy(chart, 'e', { ...eso, apiServer: null as any }),
      () => new pl.ExternalSecretsEgressPolicy('e', { ...eso, apiServer: null as any }), 'ExternalSecretsEgressPolicy: apiServer must be an object ({ cidrs, port? }); received null.'],
  ])('%s', (_, withCdk8s, withPulumi, start) => {
    const fromCdk8s = messageOf(() => withCdk8s(testChart()));
    const fromPulumi = messageOf(withPulumi);
    expect(fromCdk8s.startsWith(start)).toBe(true);
    expect(fromPulumi).toBe(fromCdk8s);
  });
});

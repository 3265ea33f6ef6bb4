/**
 * NetworkPolicies add up (issue 10): synthesize NamespaceIsolation together with the other network
 * constructs and prove, by evaluating the policies as Kubernetes does (test/helpers/netpol.ts), that a
 * pod reaches exactly what was allowed and nothing else.
 */
import * as fc from 'fast-check';
import * as ipaddr from 'ipaddr.js';
import { EgressTarget, SecretStoreProvider, apiServerEgressGuardManifest, externalSecretsEgressManifest, namespaceIsolationManifests } from '../../../src/core';
import { Connection, Endpoint, PodRef, connectionAllowed, egressAllowed } from '../../helpers/netpol';
import { expectValidManifests } from '../../helpers/schema';

const APP: PodRef = { namespace: 'payments', labels: { app: 'payment-api' }, ip: '10.0.3.10' };
const KUBE_DNS: PodRef = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, ip: '10.0.2.53' };

function inBlock(ip: string, cidr: string): boolean {
  const a = ipaddr.parse(ip);
  const range = ipaddr.parseCIDR(cidr);
  return a.kind() === range[0].kind() && a.match(range);
}

function to(endpoint: Endpoint, port: number, protocol: Connection['protocol'] = 'TCP'): Connection {
  return { from: APP, to: endpoint, port, protocol };
}

describe('NamespaceIsolation + ApiServerEgressGuard: a pod reaches only what was allowed', () => {
  const API = ['10.0.1.15', '10.0.64.10'];
  const ALLOWED = '10.0.64.0/20';
  const policies = [
    ...namespaceIsolationManifests({ namespace: 'payments' }),
    apiServerEgressGuardManifest({ namespace: 'payments', podLabels: { app: 'payment-api' }, apiServerAddresses: API, allowedEgress: [ALLOWED, EgressTarget.eksPodIdentityAgent()] }),
  ];

  /** What the user asked for: DNS to kube-dns, the allowed block minus the API server, the Pod Identity agent on 80. */
  function expected(ip: string, port: number, protocol: string): boolean {
    if (API.includes(ip)) {
      return false;
    }
    return inBlock(ip, ALLOWED) || ((ip === '169.254.170.23' || ip === 'fd00:ec2::23') && protocol === 'TCP' && port === 80);
  }

  test('the manifests are valid and accepted by the API server', () => {
    expectValidManifests(policies);
  });

  test.each<[string, Connection, boolean]>([
    ['DNS over UDP to kube-dns', to({ pod: KUBE_DNS }, 53, 'UDP'), true],
    ['DNS over TCP to kube-dns', to({ pod: KUBE_DNS }, 53, 'TCP'), true],
    ['kube-dns on another port', to({ pod: KUBE_DNS }, 8080), false],
    ['a DNS-labelled pod in another namespace', to({ pod: { namespace: 'evil', labels: { 'k8s-app': 'kube-dns' }, ip: '10.0.9.53' } }, 53, 'UDP'), false],
    ['an allowed address, any port', to({ ip: '10.0.64.5' }, 5432), true],
    ['the API server inside the allowed block', to({ ip: '10.0.64.10' }, 443), false],
    ['the API server inside the allowed block, another port', to({ ip: '10.0.64.10' }, 6443), false],
    ['the API server outside the allowed block', to({ ip: '10.0.1.15' }, 443), false],
    ['the Pod Identity agent (IPv4) on 80', to({ ip: '169.254.170.23' }, 80), true],
    ['the Pod Identity agent (IPv6) on 80', to({ ip: 'fd00:ec2::23' }, 80), true],
    ['the Pod Identity agent on another port', to({ ip: '169.254.170.23' }, 8080), false],
    ['the instance metadata service', to({ ip: '169.254.169.254' }, 80), false],
    ['the internet', to({ ip: '8.8.8.8' }, 443), false],
    ['a pod of the same namespace', to({ pod: { namespace: 'payments', labels: { app: 'db' }, ip: '10.0.3.11' } }, 5432), false],
    ['a pod of another namespace', to({ pod: { namespace: 'orders', labels: { app: 'api' }, ip: '10.0.7.7' } }, 8080), false],
    ['a pod whose IP lies in the allowed block (CNI matches pod IPs)', to({ pod: { namespace: 'orders', labels: {}, ip: '10.0.65.1' } }, 8080), true],
  ])('%s', (_, connection, allowed) => {
    expect(egressAllowed(policies, connection)).toBe(allowed);
  });

  test('for any address, port and protocol: allowed exactly when the user allowed it', () => {
    const interesting = fc.constantFrom(...API, '10.0.64.0', '10.0.79.255', '10.0.63.255', '10.0.80.0', '169.254.170.23', '169.254.170.22', 'fd00:ec2::23', 'fd00:ec2::24', '0.0.0.0', '255.255.255.255');
    const address = fc.oneof(fc.ipV4(), fc.ipV6().filter(a => !a.includes('.')), interesting);
    fc.assert(fc.property(address, fc.integer({ min: 1, max: 65535 }), fc.constantFrom('TCP', 'UDP', 'SCTP'), (ip, port, protocol) => {
      const connection: Connection = { from: APP, to: { ip }, port, protocol: protocol as Connection['protocol'] };
      expect(egressAllowed(policies, connection)).toBe(expected(ipaddr.parse(ip).toString(), port, protocol));
    }), { numRuns: 2000 });
  });

  test('pods the guard does not select get DNS only; ingress stays denied', () => {
    const other: PodRef = { namespace: 'payments', labels: { app: 'batch' } };
    expect(egressAllowed(policies, { from: other, to: { pod: KUBE_DNS }, port: 53, protocol: 'UDP' })).toBe(true);
    expect(egressAllowed(policies, { from: other, to: { ip: '10.0.64.5' }, port: 443 })).toBe(false);
    expect(connectionAllowed(policies, { from: { namespace: 'orders' }, to: { pod: APP }, port: 8080 })).toBe(false);
  });

  test('the old default, every address, is now only an explicit choice and reaches the internet', () => {
    const wide = [
      ...namespaceIsolationManifests({ namespace: 'payments' }),
      apiServerEgressGuardManifest({ namespace: 'payments', apiServerAddresses: API, allowedEgress: ['0.0.0.0/0', '::/0'], allowAllAddresses: true }),
    ];
    expect(egressAllowed(wide, to({ ip: '8.8.8.8' }, 443))).toBe(true);
    expect(egressAllowed(wide, to({ ip: '10.0.64.10' }, 443))).toBe(false);
    expect(() => apiServerEgressGuardManifest({ namespace: 'payments', apiServerAddresses: API, allowedEgress: ['0.0.0.0/0', '::/0'] })).toThrow('allowAllAddresses: true');
  });

  test('with apiServerPorts: the API server is unreachable on its port only, and only where allowedEgress reaches', () => {
    const ported = [
      ...namespaceIsolationManifests({ namespace: 'payments' }),
      apiServerEgressGuardManifest({ namespace: 'payments', apiServerAddresses: API, apiServerPorts: [443], allowedEgress: [ALLOWED] }),
    ];
    expectValidManifests(ported);
    expect(egressAllowed(ported, to({ ip: '10.0.64.10' }, 443))).toBe(false);
    expect(egressAllowed(ported, to({ ip: '10.0.64.10' }, 8443))).toBe(true);
    expect(egressAllowed(ported, to({ ip: '10.0.64.10' }, 53, 'UDP'))).toBe(true);
    // 10.0.1.15 is outside allowedEgress: its other ports are not re-opened (the guard never widens allowedEgress).
    expect(egressAllowed(ported, to({ ip: '10.0.1.15' }, 8443))).toBe(false);
  });
});

describe('NamespaceIsolation + ExternalSecretsEgressPolicy: the controller reaches only its providers', () => {
  const ESO: PodRef = { namespace: 'external-secrets', labels: { 'app.kubernetes.io/name': 'external-secrets' }, ip: '10.0.3.20' };
  const VAULT: PodRef = { namespace: 'vault', labels: { 'app.kubernetes.io/name': 'vault' }, ip: '10.0.4.10' };
  const policies = [
    ...namespaceIsolationManifests({ namespace: 'external-secrets' }),
    externalSecretsEgressManifest({
      providers: [
        SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' }),
        SecretStoreProvider.vault({ server: 'https://vault.vault.svc:8200', path: 'secret', role: 'eso' }),
      ],
      apiServer: { cidrs: ['10.0.0.0/24'], port: 443 },
      cloudApiCidrs: ['10.0.128.0/24'],
      additionalEgress: [EgressTarget.eksPodIdentityAgent()],
      inClusterVault: { namespace: 'vault' },
    }),
  ];
  const from = (endpoint: Endpoint, port: number, protocol: Connection['protocol'] = 'TCP'): Connection => ({ from: ESO, to: endpoint, port, protocol });

  test('the manifests are valid and accepted by the API server', () => {
    expectValidManifests(policies);
  });

  test.each<[string, Connection, boolean]>([
    ['DNS', from({ pod: KUBE_DNS }, 53, 'UDP'), true],
    ['the API server on 443', from({ ip: '10.0.0.10' }, 443), true],
    ['the API server block on another port', from({ ip: '10.0.0.10' }, 22), false],
    ['Secrets Manager behind its VPC endpoint on 443', from({ ip: '10.0.128.7' }, 443), true],
    ['the VPC endpoint on another port', from({ ip: '10.0.128.7' }, 80), false],
    ['the internet on 443 (no VPC endpoint allowed there)', from({ ip: '52.94.0.1' }, 443), false],
    ['the Pod Identity agent', from({ ip: '169.254.170.23' }, 80), true],
    ['the instance metadata service', from({ ip: '169.254.169.254' }, 80), false],
    ['in-cluster Vault on 8200', from({ pod: VAULT }, 8200), true],
    ['in-cluster Vault on its cluster port', from({ pod: VAULT }, 8201), false],
    ['another pod of the Vault namespace', from({ pod: { namespace: 'vault', labels: { app: 'ui' }, ip: '10.0.4.11' } }, 8200), false],
    ['a Vault-labelled pod in another namespace', from({ pod: { namespace: 'evil', labels: { 'app.kubernetes.io/name': 'vault' }, ip: '10.0.9.9' } }, 8200), false],
  ])('%s', (_, connection, allowed) => {
    expect(egressAllowed(policies, connection)).toBe(allowed);
  });

  test('other pods of the ESO namespace get DNS only', () => {
    const webhook: PodRef = { namespace: 'external-secrets', labels: { 'app.kubernetes.io/name': 'external-secrets-webhook' } };
    expect(egressAllowed(policies, { from: webhook, to: { ip: '10.0.128.7' }, port: 443 })).toBe(false);
    expect(egressAllowed(policies, { from: webhook, to: { pod: KUBE_DNS }, port: 53, protocol: 'UDP' })).toBe(true);
  });
});

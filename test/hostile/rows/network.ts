/**
 * Hostile input for the network domain (issue 11): NamespaceIsolation, ApiServerEgressGuard,
 * ExternalSecretsEgressPolicy and EgressTarget in the core builders, the cdk8s constructs and the Pulumi
 * components, plus the EKS publicAccessCidrs checks.
 */
import * as cdk8s from '../../../src';
import {
  EgressTarget, SecretStoreProvider, apiServerEgressGuardManifest, eksClusterSettings, externalSecretsEgressManifest, namespaceIsolationManifests,
} from '../../../src/core';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { HostileRow } from '../harness';

setupPulumiMocks();

const bad = <T>(value: unknown) => value as T;
const GUARD = { namespace: 'payments', apiServerAddresses: ['10.0.1.15'], allowedEgress: ['10.0.64.0/20'] };
const aws = () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1' });
const ESO = { providers: [aws()], apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: ['10.0.128.0/24'] };
const ISO = 'NamespaceIsolation';
const G = 'ApiServerEgressGuard';
const E = 'ExternalSecretsEgressPolicy';

export const rows: HostileRow[] = [
  // Core: NamespaceIsolation
  { name: 'isolation: props null', run: () => namespaceIsolationManifests(bad(null)), component: ISO, prop: 'props', shows: 'received null' },
  { name: 'isolation: upper-case namespace', run: () => namespaceIsolationManifests({ namespace: 'Payments' }), component: ISO, prop: 'namespace', shows: '"Payments"' },
  { name: 'isolation: namePrefix an object', run: () => namespaceIsolationManifests({ namespace: 'p', namePrefix: bad({}) }), component: ISO, prop: 'namePrefix', shows: 'an object' },
  { name: 'isolation: empty DNS pod labels', run: () => namespaceIsolationManifests({ namespace: 'p', dns: { podLabels: {} } }), component: ISO, prop: 'dns.podLabels', shows: /is empty/ },
  { name: 'isolation: DNS namespace labels null', run: () => namespaceIsolationManifests({ namespace: 'p', dns: { namespaceLabels: bad(null) } }), component: ISO, prop: 'dns.namespaceLabels', shows: /map of label keys/ },
  { name: 'isolation: dns a string', run: () => namespaceIsolationManifests({ namespace: 'p', dns: bad('kube-dns') }), component: ISO, prop: 'dns', shows: 'a string' },

  // Core: ApiServerEgressGuard
  { name: 'guard: allowedEgress missing', run: () => apiServerEgressGuardManifest(bad({ namespace: 'p', apiServerAddresses: ['10.0.0.1'] })), component: G, prop: 'allowedEgress', shows: /no default/ },
  { name: 'guard: allowedEgress a string', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: bad('10.0.0.0/8') }), component: G, prop: 'allowedEgress', shows: '"10.0.0.0/8"' },
  { name: 'guard: allowedEgress with a hole', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: bad([, '10.0.0.0/8']) }), component: G, prop: 'allowedEgress[0]', shows: 'a hole' },
  { name: 'guard: 0.0.0.0/0 without opt-in', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: ['0.0.0.0/0'] }), component: G, prop: 'allowedEgress', shows: '"0.0.0.0/0"' },
  { name: 'guard: ::/1 + 8000::/1 without opt-in', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: ['::/1', '8000::/1'] }), component: G, prop: 'allowedEgress', shows: '"8000::/1"' },
  { name: 'guard: allowAllAddresses "false"', run: () => apiServerEgressGuardManifest({ ...GUARD, allowAllAddresses: bad('false') }), component: G, prop: 'allowAllAddresses', shows: 'a string "false"' },
  { name: 'guard: allowAllAddresses 1', run: () => apiServerEgressGuardManifest({ ...GUARD, allowAllAddresses: bad(1) }), component: G, prop: 'allowAllAddresses', shows: 'a number 1' },
  { name: 'guard: API address with host bits', run: () => apiServerEgressGuardManifest({ ...GUARD, apiServerAddresses: ['10.0.1.15/24'] }), component: G, prop: 'apiServerAddresses[0]', shows: '"10.0.1.15/24"' },
  { name: 'guard: IPv4-mapped API address', run: () => apiServerEgressGuardManifest({ ...GUARD, apiServerAddresses: ['::ffff:10.0.0.1'] }), component: G, prop: 'apiServerAddresses[0]', shows: '"::ffff:10.0.0.1"' },
  { name: 'guard: API address with an IPv6 zone', run: () => apiServerEgressGuardManifest({ ...GUARD, apiServerAddresses: ['fe80::1%eth0'] }), component: G, prop: 'apiServerAddresses[0]', shows: '"fe80::1%eth0"' },
  { name: 'guard: octal allowed block', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: ['010.0.0.0/8'] }), component: G, prop: 'allowedEgress[0]', shows: '"010.0.0.0/8"' },
  { name: 'guard: apiServerPorts as strings', run: () => apiServerEgressGuardManifest({ ...GUARD, apiServerPorts: bad(['443']) }), component: G, prop: 'apiServerPorts[0]', shows: '"443"' },
  { name: 'guard: allowed block inside the API server', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: ['10.0.1.15/32'] }), component: G, prop: 'allowedEgress[0]', shows: '"10.0.1.15/32"' },
  { name: 'guard: podLabels null', run: () => apiServerEgressGuardManifest({ ...GUARD, podLabels: bad(null) }), component: G, prop: 'podLabels', shows: /map of label keys/ },
  { name: 'guard: EgressTarget.cidrs given a string', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: [EgressTarget.cidrs(bad('10.0.0.0/8'))] }), component: G, prop: 'allowedEgress[0].cidrs', shows: '"10.0.0.0/8"' },
  { name: 'guard: EgressTarget port 0', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: [EgressTarget.cidrs(['10.0.0.0/8'], [{ port: 0 }])] }), component: G, prop: 'allowedEgress[0].ports[0].port', shows: '0 is not a TCP port' },
  { name: 'guard: EgressTarget protocol ICMP', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: [EgressTarget.cidrs(['10.0.0.0/8'], [{ port: 1, protocol: bad('ICMP') }])] }), component: G, prop: 'allowedEgress[0].ports[0].protocol', shows: '"ICMP"' },
  { name: 'guard: EgressTarget ports null entry', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: [EgressTarget.cidrs(['10.0.0.0/8'], bad([null]))] }), component: G, prop: 'allowedEgress[0].ports[0]', shows: 'null' },
  { name: 'guard: awsSts without CIDRs', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: [EgressTarget.awsSts([])] }), component: G, prop: 'allowedEgress[0].cidrs', shows: /AWS STS needs at least one address/ },
  { name: 'guard: a plain object in allowedEgress', run: () => apiServerEgressGuardManifest({ ...GUARD, allowedEgress: bad([{ cidr: '10.0.0.0/8' }]) }), component: G, prop: 'allowedEgress[0]', shows: 'an object' },

  // Core: ExternalSecretsEgressPolicy
  { name: 'eso: props null', run: () => externalSecretsEgressManifest(bad(null)), component: E, prop: 'props', shows: 'received null' },
  { name: 'eso: providers a string', run: () => externalSecretsEgressManifest({ ...ESO, providers: bad('aws') }), component: E, prop: 'providers', shows: '"aws"' },
  { name: 'eso: a plain object as provider', run: () => externalSecretsEgressManifest({ ...ESO, providers: bad([{ name: 'aws' }]) }), component: E, prop: 'providers[0]', shows: /SecretStoreProvider/ },
  { name: 'eso: apiServer null', run: () => externalSecretsEgressManifest({ ...ESO, apiServer: bad(null) }), component: E, prop: 'apiServer', shows: 'received null' },
  { name: 'eso: apiServer port a string', run: () => externalSecretsEgressManifest({ ...ESO, apiServer: { cidrs: ['10.0.0.0/16'], port: bad('443') } }), component: E, prop: 'apiServer.port', shows: '"443"' },
  { name: 'eso: cloud provider without cloudApiCidrs', run: () => externalSecretsEgressManifest({ ...ESO, cloudApiCidrs: undefined }), component: E, prop: 'cloudApiCidrs', shows: /is unset/ },
  { name: 'eso: cloudApiCidrs 0.0.0.0/0 without opt-in', run: () => externalSecretsEgressManifest({ ...ESO, cloudApiCidrs: ['0.0.0.0/0'] }), component: E, prop: 'cloudApiCidrs', shows: '"0.0.0.0/0"' },
  { name: 'eso: allowAllAddresses "yes"', run: () => externalSecretsEgressManifest({ ...ESO, allowAllAddresses: bad('yes') }), component: E, prop: 'allowAllAddresses', shows: '"yes"' },
  { name: 'eso: a string in additionalEgress', run: () => externalSecretsEgressManifest({ ...ESO, additionalEgress: bad(['169.254.170.23']) }), component: E, prop: 'additionalEgress[0]', shows: '"169.254.170.23"' },
  {
    name: 'eso: null in vaultCidrs',
    run: () => externalSecretsEgressManifest({ ...ESO, providers: [SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', role: 'eso' })], vaultCidrs: bad([null]) }),
    component: E,
    prop: 'vaultCidrs[0]',
    shows: 'is null',
  },
  {
    name: 'eso: inClusterVault null',
    run: () => externalSecretsEgressManifest({ ...ESO, providers: [SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', role: 'eso' })], inClusterVault: bad(null) }),
    component: E,
    prop: 'inClusterVault',
    shows: 'received null',
  },

  // Core: EKS publicAccessCidrs
  {
    name: 'eks: publicAccessCidrs halves that cover the internet',
    run: () => eksClusterSettings({ subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'] }),
    component: 'KmsEncryptedEksCluster',
    prop: 'publicAccessCidrs',
    shows: '"128.0.0.0/1"',
  },
  {
    name: 'eks: publicAccessCidrs a string',
    run: () => eksClusterSettings({ subnetCount: 2, endpointPublicAccess: true, publicAccessCidrs: bad('203.0.113.0/24') }),
    component: 'KmsEncryptedEksCluster',
    prop: 'publicAccessCidrs',
    shows: '"203.0.113.0/24"',
  },

  // cdk8s constructs
  { name: 'cdk8s isolation: props null', run: () => new cdk8s.NamespaceIsolation(testChart(), 'i', bad(null)), component: ISO, prop: 'props', shows: 'received null' },
  {
    name: 'cdk8s guard: allowAllAddresses "true"',
    run: () => new cdk8s.ApiServerEgressGuard(testChart(), 'g', { apiServerAddresses: ['10.0.0.1'], allowedEgress: ['0.0.0.0/0'], allowAllAddresses: bad('true') }),
    component: G,
    prop: 'allowAllAddresses',
    shows: '"true"',
  },
  {
    name: 'cdk8s guard: EgressTarget with a hole',
    run: () => new cdk8s.ApiServerEgressGuard(testChart(), 'g', { apiServerAddresses: ['10.0.0.1'], allowedEgress: [cdk8s.EgressTarget.cidrs(bad([, '10.0.0.0/8']))] }),
    component: G,
    prop: 'allowedEgress[0].cidrs[0]',
    shows: 'a hole',
  },
  { name: 'cdk8s eso: additionalEgress a string', run: () => new cdk8s.ExternalSecretsEgressPolicy(testChart(), 'e', { ...ESO, additionalEgress: bad('pod-identity') }), component: E, prop: 'additionalEgress', shows: '"pod-identity"' },

  // Pulumi components
  { name: 'pulumi isolation: props null', run: () => new pl.NamespaceIsolation('i', bad(null)), component: ISO, prop: 'props', shows: 'received null' },
  { name: 'pulumi guard: halves without opt-in', run: () => new pl.ApiServerEgressGuard('g', { ...GUARD, allowedEgress: ['0.0.0.0/1', '128.0.0.0/1'] }), component: G, prop: 'allowedEgress', shows: '"0.0.0.0/1"' },
  { name: 'pulumi guard: apiServerPorts with a hole', run: () => new pl.ApiServerEgressGuard('g', { ...GUARD, apiServerPorts: bad([, 443]) }), component: G, prop: 'apiServerPorts[0]', shows: 'a hole' },
  { name: 'pulumi eso: cloudApiCidrs a string', run: () => new pl.ExternalSecretsEgressPolicy('e', { ...ESO, cloudApiCidrs: bad('0.0.0.0/0') }), component: E, prop: 'cloudApiCidrs', shows: '"0.0.0.0/0"' },
];

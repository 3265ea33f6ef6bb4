/**
 * Hostile and careless input for the issue-16 APIs: ESO ClusterExternalSecret, PushSecret and generators,
 * Infisical v1beta1, Vault Secrets Operator, SPIFFE. Core builders, cdk8s constructs and Pulumi components.
 */
import * as cdk8s from '../../../src';
import {
  ClusterExternalSecretOptions, ExternalSecretOptions, PasswordGeneratorOptions, PushSecretOptions,
  InfisicalAuthOptions, InfisicalSecretOptions, InfisicalStaticSecretOptions,
  clusterExternalSecretManifest, ecrAuthorizationTokenManifest, externalSecretManifest, infisicalAuthManifest, infisicalConnectionManifest,
  infisicalSecretManifest, infisicalStaticSecretManifest, passwordGeneratorManifest, pushSecretManifest,
  VaultAuthOptions, VaultConnectionOptions, VaultDynamicSecretOptions, VaultStaticSecretOptions,
  vaultAuthManifest, vaultConnectionManifest, vaultDynamicSecretManifest, vaultOperatorAccess, vaultStaticSecretManifest,
  ClusterSpiffeIdOptions, clusterSpiffeIdForServiceAccount, clusterSpiffeIdManifest,
} from '../../../src/core';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { CANARIES, HostileRow } from '../harness';

setupPulumiMocks();

let n = 0;
const id = () => `hostile-api16-${n++}`;
const css = { name: 'vault', kind: 'ClusterSecretStore' as const };
const data = [{ secretKey: 'a', remoteKey: 'b' }];
const ces = (o: Record<string, unknown>) => () => clusterExternalSecretManifest({ name: 'c', namespaces: ['payments'], externalSecret: { store: css, data }, ...o } as unknown as ClusterExternalSecretOptions);
const push = (o: Record<string, unknown>) => () => pushSecretManifest({ name: 'p', namespace: 'payments', stores: [css], secret: 's', data, deletionPolicy: 'None', ...o } as unknown as PushSecretOptions);
const pw = (o: Record<string, unknown>) => () => passwordGeneratorManifest({ name: 'p', namespace: 'payments', ...o } as unknown as PasswordGeneratorOptions);
const gen = { kind: 'Password' as const, name: 'pw' };
const es = (o: Record<string, unknown>) => () => externalSecretManifest({ name: 'e', namespace: 'payments', dataFrom: [{ generator: gen }], refreshPolicy: 'CreatedOnce', ...o } as unknown as ExternalSecretOptions);

const esoRows: HostileRow[] = [
  { name: 'core: CES allowAllNamespaces "true"', run: ces({ namespaces: undefined, allowAllNamespaces: 'true' }), component: 'ClusterExternalSecret', prop: 'allowAllNamespaces', shows: '"true"' },
  { name: 'core: CES allowKubeSystem 1', run: ces({ allowKubeSystem: 1 }), component: 'ClusterExternalSecret', prop: 'allowKubeSystem', shows: 'a number 1' },
  { name: 'core: CES namespaces as a string', run: ces({ namespaces: 'payments' }), component: 'ClusterExternalSecret', prop: 'namespaces', shows: '"payments"' },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'core: CES a hole in namespaceSelectors', run: ces({ namespaces: undefined, namespaceSelectors: [, { matchLabels: { a: 'b' } }] }), component: 'ClusterExternalSecret', prop: 'namespaceSelectors[0]', shows: 'a hole in the list' },
  { name: 'core: CES empty selector', run: ces({ namespaces: undefined, namespaceSelectors: [{}] }), component: 'ClusterExternalSecret', prop: 'namespaceSelectors[0]', shows: /matches every namespace/ },
  { name: 'core: CES NotIn selector', run: ces({ namespaces: undefined, namespaceSelectors: [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['x'] }] }] }), component: 'ClusterExternalSecret', prop: 'namespaceSelectors[0]', shows: /matches every namespace/ },
  { name: 'core: CES no namespaces', run: ces({ namespaces: undefined }), component: 'ClusterExternalSecret', prop: 'namespaces', shows: /no namespace/ },
  { name: 'core: CES kube-system', run: ces({ namespaces: ['kube-system'] }), component: 'ClusterExternalSecret', prop: 'namespaces[0]', shows: '"kube-system"' },
  { name: 'core: CES null externalSecret', run: ces({ externalSecret: null }), component: 'ClusterExternalSecret', prop: 'externalSecret', shows: 'received null' },
  { name: 'core: PushSecret no deletionPolicy', run: push({ deletionPolicy: undefined }), component: 'PushSecret', prop: 'deletionPolicy', shows: 'is missing' },
  { name: 'core: PushSecret deletionPolicy "Retain"', run: push({ deletionPolicy: 'Retain' }), component: 'PushSecret', prop: 'deletionPolicy', shows: '"Retain"' },
  { name: 'core: PushSecret a selector', run: push({ secret: { selector: {} } }), component: 'PushSecret', prop: 'secret', shows: /is a selector/ },
  { name: 'core: PushSecret stores as an object', run: push({ stores: css }), component: 'PushSecret', prop: 'stores', shows: 'an object' },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'core: PushSecret a hole in data', run: push({ data: [, data[0]] }), component: 'PushSecret', prop: 'data[0]', shows: 'a hole in the list' },
  { name: 'core: PushSecret numeric secret', run: push({ secret: 7 }), component: 'PushSecret', prop: 'secret', shows: 'received number' },
  { name: 'core: Password allowShortPassword "yes"', run: pw({ length: 8, allowShortPassword: 'yes' }), component: 'PasswordGenerator', prop: 'allowShortPassword', shows: '"yes"' },
  { name: 'core: Password length "32"', run: pw({ length: '32' }), component: 'PasswordGenerator', prop: 'length', shows: '"32"' },
  { name: 'core: Password noUpper "false"', run: pw({ noUpper: 'false' }), component: 'PasswordGenerator', prop: 'noUpper', shows: '"false"' },
  { name: 'core: Password secretKeys []', run: pw({ secretKeys: [] }), component: 'PasswordGenerator', prop: 'secretKeys', shows: 'is empty' },
  { name: 'core: ECR default ServiceAccount', run: () => ecrAuthorizationTokenManifest({ name: 'e', namespace: 'payments', region: 'eu-west-1', serviceAccount: 'default' }), component: 'EcrAuthorizationTokenGenerator', prop: 'serviceAccount', shows: '"default"' },
  { name: 'core: ECR allowDefaultServiceAccount "true"', run: () => ecrAuthorizationTokenManifest({ name: 'e', namespace: 'payments', region: 'eu-west-1', serviceAccount: 'default', allowDefaultServiceAccount: 'true' as never }), component: 'EcrAuthorizationTokenGenerator', prop: 'allowDefaultServiceAccount', shows: '"true"' },
  { name: 'core: ECR audiences as a string', run: () => ecrAuthorizationTokenManifest({ name: 'e', namespace: 'payments', region: 'eu-west-1', serviceAccount: 'x', audiences: 'sts' as never }), component: 'EcrAuthorizationTokenGenerator', prop: 'audiences', shows: '"sts"' },
  { name: 'core: ES Password generator Periodic', run: es({ refreshPolicy: undefined }), component: 'ExternalSecret', prop: 'refreshPolicy', shows: '"pw"' },
  { name: 'core: ES allowRegeneratingPassword "true"', run: es({ refreshPolicy: undefined, allowRegeneratingPassword: 'true' }), component: 'ExternalSecret', prop: 'allowRegeneratingPassword', shows: '"true"' },
  { name: 'core: ES null generator', run: es({ dataFrom: [{ generator: null }] }), component: 'ExternalSecret', prop: 'dataFrom[0].generator', shows: 'received null' },
  { name: 'core: ES generator kind Fake', run: es({ dataFrom: [{ generator: { kind: 'Fake', name: 'f' } }] }), component: 'ExternalSecret', prop: 'dataFrom[0].generator.kind', shows: '"Fake"' },
  { name: 'cdk8s: CES match-all selector', run: () => new cdk8s.ClusterExternalSecret(testChart(), id(), { namespaceSelectors: [{ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }], externalSecret: { store: css, data } }), component: 'ClusterExternalSecret', prop: 'namespaceSelectors[0]', shows: /matches every namespace/ },
  { name: 'cdk8s: PushSecret stores "vault"', run: () => new cdk8s.PushSecret(testChart(), id(), { stores: 'vault' as never, secret: 's', data, deletionPolicy: 'None' }), component: 'PushSecret', prop: 'stores', shows: '"vault"' },
  { name: 'cdk8s: Password length 4', run: () => new cdk8s.PasswordGenerator(testChart(), id(), { length: 4 }), component: 'PasswordGenerator', prop: 'length', shows: '4' },
  { name: 'pulumi: CES allowAllNamespaces "false"', run: () => new pl.ClusterExternalSecret(id(), { name: 'c', allowAllNamespaces: 'false' as never, externalSecret: { store: css, data } }), component: 'ClusterExternalSecret', prop: 'allowAllNamespaces', shows: '"false"' },
  { name: 'pulumi: PushSecret selector', run: () => new pl.PushSecret(id(), { name: 'p', namespace: 'payments', stores: [css], secret: { selector: {} } as never, data, deletionPolicy: 'None' }), component: 'PushSecret', prop: 'secret', shows: /is a selector/ },
  { name: 'pulumi: ECR kube-system', run: () => new pl.EcrAuthorizationTokenGenerator(id(), { name: 'e', namespace: 'kube-system', region: 'eu-west-1', serviceAccount: 'ecr' }), component: 'EcrAuthorizationTokenGenerator', prop: 'namespace', shows: '"kube-system"' },
];

const legacy = (o: Record<string, unknown>) => () => infisicalSecretManifest({
  name: 'l', namespace: 'payments', kubernetesAuth: { identityId: 'abc', serviceAccount: 'infisical-auth' }, scope: { projectSlug: 'p', envSlug: 'prod' }, target: { name: 't' }, ...o,
} as unknown as InfisicalSecretOptions);
const iauth = (o: Record<string, unknown>) => () => infisicalAuthManifest({
  name: 'a', namespace: 'payments', connection: { name: 'c' }, kubernetes: { identityIdSecret: { name: 's', key: 'identityId' }, serviceAccount: 'infisical-auth' }, ...o,
} as unknown as InfisicalAuthOptions);
const iss = (o: Record<string, unknown>) => () => infisicalStaticSecretManifest({
  name: 's', namespace: 'payments', auth: { name: 'a' }, sources: [{ projectSlug: 'p', envSlug: 'prod' }], targets: [{ name: 't' }], ...o,
} as unknown as InfisicalStaticSecretOptions);

const infisicalRows: HostileRow[] = [
  { name: 'core: v1alpha1 allowPlaintextHost "true"', run: legacy({ hostAPI: 'http://i/api', allowPlaintextHost: 'true' }), component: 'InfisicalSecret', prop: 'allowPlaintextHost', shows: '"true"' },
  { name: 'core: v1alpha1 allowPlaintextHost 1', run: legacy({ allowPlaintextHost: 1 }), component: 'InfisicalSecret', prop: 'allowPlaintextHost', shows: 'a number 1' },
  { name: 'core: v1alpha1 tokenAudiences a string', run: legacy({ kubernetesAuth: { identityId: 'abc', serviceAccount: 'x', tokenAudiences: 'aud' } }), component: 'InfisicalSecret', prop: 'kubernetesAuth.tokenAudiences', shows: '"aud"' },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'core: v1alpha1 a hole in tokenAudiences', run: legacy({ kubernetesAuth: { identityId: 'abc', serviceAccount: 'x', tokenAudiences: [, 'a'] } }), component: 'InfisicalSecret', prop: 'kubernetesAuth.tokenAudiences[0]', shows: 'a hole in the list' },
  { name: 'core: v1alpha1 null scope', run: legacy({ scope: null }), component: 'InfisicalSecret', prop: 'scope', shows: 'received null' },
  { name: 'core: v1alpha1 null kubernetesAuth', run: legacy({ kubernetesAuth: null, universalAuth: undefined }), component: 'InfisicalSecret', prop: 'kubernetesAuth', shows: 'received null' },
  { name: 'core: v1alpha1 recursive "true"', run: legacy({ scope: { projectSlug: 'p', envSlug: 'prod', recursive: 'true' } }), component: 'InfisicalSecret', prop: 'scope.recursive', shows: '"true"' },
  { name: 'core: v1alpha1 default ServiceAccount', run: legacy({ kubernetesAuth: { identityId: 'abc', serviceAccount: 'default' } }), component: 'InfisicalSecret', prop: 'kubernetesAuth.serviceAccount', shows: '"default"' },
  { name: 'core: v1alpha1 hostAPI with a password', run: legacy({ hostAPI: `https://u:${CANARIES.urlPassword}@infisical/api` }), component: 'InfisicalSecret', prop: 'hostAPI', shows: '<redacted>' },
  { name: 'core: connection address with a password', run: () => infisicalConnectionManifest({ name: 'c', namespace: 'payments', address: `https://admin:${CANARIES.urlPassword}@infisical` }), component: 'InfisicalConnection', prop: 'address', shows: '<redacted>' },
  { name: 'core: connection null caCertificate', run: () => infisicalConnectionManifest({ name: 'c', namespace: 'payments', caCertificate: null as never }), component: 'InfisicalConnection', prop: 'caCertificate', shows: 'received null' },
  { name: 'core: auth both methods', run: iauth({ universal: { credentialsSecret: 'u' } }), component: 'InfisicalAuth', prop: 'kubernetes', shows: /exactly one/ },
  { name: 'core: auth kube-system ServiceAccount', run: iauth({ kubernetes: { identityIdSecret: { name: 's', key: 'k' }, serviceAccount: { serviceAccountName: 'x', serviceAccountNamespace: 'kube-system' } } }), component: 'InfisicalAuth', prop: 'kubernetes.serviceAccount', shows: '"kube-system"' },
  { name: 'core: auth allowKubeSystem "yes"', run: iauth({ allowKubeSystem: 'yes' }), component: 'InfisicalAuth', prop: 'allowKubeSystem', shows: '"yes"' },
  { name: 'core: auth null connection', run: iauth({ connection: null }), component: 'InfisicalAuth', prop: 'connection', shows: 'received null' },
  { name: 'core: static secret ConfigMap target', run: iss({ targets: [{ name: 't', kind: 'ConfigMap' }] }), component: 'InfisicalStaticSecret', prop: 'targets[0].kind', shows: '"ConfigMap"' },
  { name: 'core: static secret allowConfigMapTarget "true"', run: iss({ allowConfigMapTarget: 'true' }), component: 'InfisicalStaticSecret', prop: 'allowConfigMapTarget', shows: '"true"' },
  { name: 'core: static secret sources as an object', run: iss({ sources: { projectSlug: 'p', envSlug: 'prod' } }), component: 'InfisicalStaticSecret', prop: 'sources', shows: 'an object' },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'core: static secret a hole in targets', run: iss({ targets: [, { name: 't' }] }), component: 'InfisicalStaticSecret', prop: 'targets[0]', shows: 'a hole in the list' },
  { name: 'core: static secret tagSlugs a string', run: iss({ sources: [{ projectSlug: 'p', envSlug: 'prod', tagSlugs: 'backend' }] }), component: 'InfisicalStaticSecret', prop: 'sources[0].tagSlugs', shows: '"backend"' },
  { name: 'core: static secret instantUpdates "true"', run: iss({ instantUpdates: 'true' }), component: 'InfisicalStaticSecret', prop: 'instantUpdates', shows: '"true"' },
  { name: 'cdk8s: InfisicalSecret null props', run: () => new cdk8s.InfisicalSecret(testChart(), id(), null as never), component: 'InfisicalSecret', prop: 'props', shows: 'received null' },
  { name: 'cdk8s: static secret duplicate target', run: () => new cdk8s.InfisicalStaticSecret(testChart(), id(), { auth: { name: 'a' }, sources: [{ projectSlug: 'p', envSlug: 'prod' }], targets: [{ name: 't' }, { name: 't' }] }), component: 'InfisicalStaticSecret', prop: 'targets[1].name', shows: '"payments/t"' },
  { name: 'pulumi: InfisicalSecret allowPlaintextHost "false"', run: () => new pl.InfisicalSecret(id(), { name: 'l', namespace: 'payments', kubernetesAuth: { identityId: 'abc', serviceAccount: 'x' }, scope: { projectSlug: 'p', envSlug: 'prod' }, target: { name: 't' }, hostAPI: 'http://i/api', allowPlaintextHost: 'false' as never }), component: 'InfisicalSecret', prop: 'allowPlaintextHost', shows: '"false"' },
  { name: 'pulumi: auth default ServiceAccount', run: () => new pl.InfisicalAuth(id(), { name: 'a', namespace: 'payments', connection: { name: 'c' }, kubernetes: { identityIdSecret: { name: 's', key: 'k' }, serviceAccount: 'default' } }), component: 'InfisicalAuth', prop: 'kubernetes.serviceAccount', shows: '"default"' },
];

const vconn = (o: Record<string, unknown>) => () => vaultConnectionManifest({ name: 'v', namespace: 'payments', address: 'https://vault:8200', ...o } as unknown as VaultConnectionOptions);
const vauth = (o: Record<string, unknown>) => () => vaultAuthManifest({ name: 'a', namespace: 'payments', connection: { name: 'v' }, kubernetes: { role: 'r', serviceAccount: 'vso' }, ...o } as unknown as VaultAuthOptions);
const vss = (o: Record<string, unknown>) => () => vaultStaticSecretManifest({ name: 's', namespace: 'payments', auth: { name: 'a' }, mount: 'secret', path: 'a/b', destination: { name: 'd' }, ...o } as unknown as VaultStaticSecretOptions);
const vds = (o: Record<string, unknown>) => () => vaultDynamicSecretManifest({ name: 's', namespace: 'payments', auth: { name: 'a' }, mount: 'database', path: 'creds/a', destination: { name: 'd' }, ...o } as unknown as VaultDynamicSecretOptions);

const vsoRows: HostileRow[] = [
  { name: 'core: VSO allowInsecureHttp "true"', run: vconn({ address: 'http://vault:8200', allowInsecureHttp: 'true' }), component: 'VaultConnection', prop: 'allowInsecureHttp', shows: '"true"' },
  { name: 'core: VSO allowTlsSkipVerify 1', run: vconn({ skipTlsVerify: true, allowTlsSkipVerify: 1 }), component: 'VaultConnection', prop: 'allowTlsSkipVerify', shows: 'a number 1' },
  { name: 'core: VSO skipTlsVerify "false"', run: vconn({ skipTlsVerify: 'false' }), component: 'VaultConnection', prop: 'skipTlsVerify', shows: '"false"' },
  { name: 'core: VSO address with a password', run: vconn({ address: `https://root:${CANARIES.urlPassword}@vault:8200` }), component: 'VaultConnection', prop: 'address', shows: '<redacted>' },
  { name: 'core: VSO http address', run: vconn({ address: 'http://vault:8200' }), component: 'VaultConnection', prop: 'address', shows: '"http://vault:8200"' },
  { name: 'core: VSO null options', run: () => vaultConnectionManifest(null as never), component: 'VaultConnection', prop: 'options', shows: 'received null' },
  { name: 'core: VaultAuth default ServiceAccount', run: vauth({ kubernetes: { role: 'r', serviceAccount: 'default' } }), component: 'VaultAuth', prop: 'kubernetes.serviceAccount', shows: '"default"' },
  { name: 'core: VaultAuth allowDefaultServiceAccount "true"', run: vauth({ allowDefaultServiceAccount: 'true' }), component: 'VaultAuth', prop: 'allowDefaultServiceAccount', shows: '"true"' },
  { name: 'core: VaultAuth kube-system', run: vauth({ namespace: 'kube-system' }), component: 'VaultAuth', prop: 'namespace', shows: '"kube-system"' },
  { name: 'core: VaultAuth audience with a comma', run: vauth({ kubernetes: { role: 'r', serviceAccount: 'vso', audience: 'a,b' } }), component: 'VaultAuth', prop: 'kubernetes.audience', shows: '"a,b"' },
  { name: 'core: VaultAuth null kubernetes', run: vauth({ kubernetes: null, jwt: undefined }), component: 'VaultAuth', prop: 'kubernetes', shows: 'received null' },
  { name: 'core: VaultAuth wildcard role', run: vauth({ kubernetes: { role: '*', serviceAccount: 'vso' } }), component: 'VaultAuth', prop: 'kubernetes.role', shows: '"*"' },
  { name: 'core: VSS wildcard path', run: vss({ path: 'payments/+' }), component: 'VaultStaticSecret', prop: 'path', shows: '"payments/+"' },
  { name: 'core: VSS path ..', run: vss({ path: 'payments/../admin' }), component: 'VaultStaticSecret', prop: 'path', shows: '"payments/../admin"' },
  { name: 'core: VSS consumers as a string', run: vss({ consumers: 'payment-api' }), component: 'VaultStaticSecret', prop: 'consumers', shows: '"payment-api"' },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'core: VSS a hole in consumers', run: vss({ consumers: [, { kind: 'Deployment', name: 'a' }] }), component: 'VaultStaticSecret', prop: 'consumers[0]', shows: 'a hole in the list' },
  { name: 'core: VSS destination.create "true"', run: vss({ destination: { name: 'd', create: 'true' } }), component: 'VaultStaticSecret', prop: 'destination.create', shows: '"true"' },
  { name: 'core: VSS null destination', run: vss({ destination: null }), component: 'VaultStaticSecret', prop: 'destination', shows: 'received null' },
  { name: 'core: VSS cross-namespace auth', run: vss({ auth: { name: 'a', namespace: 'vault' } }), component: 'VaultStaticSecret', prop: 'auth', shows: '"vault"' },
  { name: 'core: VDS allowStaticCreds "yes"', run: vds({ allowStaticCreds: 'yes' }), component: 'VaultDynamicSecret', prop: 'allowStaticCreds', shows: '"yes"' },
  { name: 'core: VDS revoke "false"', run: vds({ revoke: 'false' }), component: 'VaultDynamicSecret', prop: 'revoke', shows: '"false"' },
  { name: 'core: Vault side secrets as an object', run: () => vaultOperatorAccess({ auth: { method: 'kubernetes', mount: 'kubernetes', role: 'r', serviceAccountName: 's', namespace: 'payments', audience: 'vault' }, secrets: {} as never }), component: 'vaultOperatorAccess', prop: 'secrets', shows: 'an object' },
  { name: 'cdk8s: VaultConnection http', run: () => new cdk8s.VaultConnection(testChart(), id(), { address: 'http://vault' }), component: 'VaultConnection', prop: 'address', shows: '"http://vault"' },
  { name: 'cdk8s: VaultStaticSecret null props', run: () => new cdk8s.VaultStaticSecret(testChart(), id(), null as never), component: 'VaultStaticSecret', prop: 'props', shows: 'received null' },
  { name: 'pulumi: VaultAuth allowKubeSystem "true"', run: () => new pl.VaultAuth(id(), { name: 'a', namespace: 'payments', connection: { name: 'v' }, kubernetes: { role: 'r', serviceAccount: 'vso' }, allowKubeSystem: 'true' as never }), component: 'VaultAuth', prop: 'allowKubeSystem', shows: '"true"' },
  { name: 'pulumi: VaultDynamicSecret renewalPercent 0', run: () => new pl.VaultDynamicSecret(id(), { name: 's', namespace: 'payments', auth: { name: 'a' }, mount: 'database', path: 'creds/a', destination: { name: 'd' }, renewalPercent: 0 }), component: 'VaultDynamicSecret', prop: 'renewalPercent', shows: '0' },
];

const sid = (o: Record<string, unknown>) => () => clusterSpiffeIdManifest({ name: 'i', trustDomain: 'example.org', podSelector: { matchLabels: { app: 'a' } }, namespaces: ['payments'], ...o } as unknown as ClusterSpiffeIdOptions);

const spiffeRows: HostileRow[] = [
  { name: 'core: SPIFFE allowAllNamespaces "true"', run: sid({ namespaces: undefined, allowAllNamespaces: 'true' }), component: 'ClusterSPIFFEID', prop: 'allowAllNamespaces', shows: '"true"' },
  { name: 'core: SPIFFE allowSharedIdentity 1', run: sid({ spiffeIdPath: '/shared', allowSharedIdentity: 1 }), component: 'ClusterSPIFFEID', prop: 'allowSharedIdentity', shows: 'a number 1' },
  { name: 'core: SPIFFE empty podSelector', run: sid({ podSelector: {} }), component: 'ClusterSPIFFEID', prop: 'podSelector', shows: '{}' },
  { name: 'core: SPIFFE DoesNotExist podSelector', run: sid({ podSelector: { matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] } }), component: 'ClusterSPIFFEID', prop: 'podSelector', shows: /without labels/ },
  { name: 'core: SPIFFE null podSelector', run: sid({ podSelector: null }), component: 'ClusterSPIFFEID', prop: 'podSelector', shows: 'received null' },
  { name: 'core: SPIFFE namespaces a string', run: sid({ namespaces: 'payments' }), component: 'ClusterSPIFFEID', prop: 'namespaces', shows: '"payments"' },
  // eslint-disable-next-line no-sparse-arrays
  { name: 'core: SPIFFE a hole in federatesWith', run: sid({ federatesWith: [, 'a.example'] }), component: 'ClusterSPIFFEID', prop: 'federatesWith[0]', shows: 'a hole in the list' },
  { name: 'core: SPIFFE federatesWith a URL', run: sid({ federatesWith: ['spiffe://a.example'] }), component: 'ClusterSPIFFEID', prop: 'federatesWith[0]', shows: '"spiffe://a.example"' },
  { name: 'core: SPIFFE ttl 0s', run: sid({ ttl: '0s' }), component: 'ClusterSPIFFEID', prop: 'ttl', shows: '"0s"' },
  { name: 'core: SPIFFE ttl a number', run: sid({ ttl: 3600 }), component: 'ClusterSPIFFEID', prop: 'ttl', shows: '3600' },
  { name: 'core: SPIFFE kube-system selector', run: sid({ namespaces: undefined, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }), component: 'ClusterSPIFFEID', prop: 'namespaceSelector', shows: '"kube-system"' },
  { name: 'core: SPIFFE trust domain upper case', run: sid({ trustDomain: 'Example.org' }), component: 'ClusterSPIFFEID', prop: 'trustDomain', shows: '"Example.org"' },
  { name: 'core: SPIFFE selector template without type', run: sid({ workloadSelectorTemplates: ['payment-api'] }), component: 'ClusterSPIFFEID', prop: 'workloadSelectorTemplates[0]', shows: '"payment-api"' },
  { name: 'core: SPIFFE from the default ServiceAccount', run: () => clusterSpiffeIdForServiceAccount({ serviceAccountName: 'default', serviceAccountNamespace: 'payments' }, { trustDomain: 'example.org', podSelector: { matchLabels: { a: 'b' } } }), component: 'clusterSpiffeIdForServiceAccount', prop: 'serviceAccount', shows: '"default"' },
  { name: 'cdk8s: SPIFFE no namespaces', run: () => new cdk8s.ClusterSPIFFEID(testChart(), id(), { trustDomain: 'example.org', podSelector: { matchLabels: { a: 'b' } } }), component: 'ClusterSPIFFEID', prop: 'namespaces', shows: /every namespace/ },
  { name: 'pulumi: SPIFFE jwtTtl 24h', run: () => new pl.ClusterSPIFFEID(id(), { name: 'i', trustDomain: 'example.org', podSelector: { matchLabels: { a: 'b' } }, namespaces: ['payments'], jwtTtl: '24h' }), component: 'ClusterSPIFFEID', prop: 'jwtTtl', shows: '"24h"' },
];

export const rows: HostileRow[] = [...esoRows, ...infisicalRows, ...vsoRows, ...spiffeRows];

/**
 * Hostile and careless input for the workload domain: the Vault agent injection, Vault access policy,
 * Secret consumption (mountSecret, envFromSecret, Reloader), ServiceAccounts and the SecretReader RBAC,
 * across the core builders, the cdk8s constructs and the Pulumi components.
 */
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../../src';
import {
  VaultAgentInjectionOptions, secretReaderManifests, secureServiceAccountManifest, vaultAccessManifest, vaultAgentInjection, vaultAgentPodPlan,
} from '../../../src/core';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { CANARIES, HostileRow } from '../harness';

setupPulumiMocks();

/** Lets a row pass a value of the wrong type on purpose. */
const bad = <T>(value: unknown): T => value as T;

const image = 'registry.example.com/app:1.0.0';
const vaultBase: VaultAgentInjectionOptions = {
  role: 'api', serviceAccountName: 'api', namespace: 'payments', secrets: [{ name: 'db', path: 'secret/data/payments/db' }],
};
const vault = (override: Record<string, unknown>) => () => vaultAgentInjection({ ...vaultBase, ...override } as VaultAgentInjectionOptions);
const plan = (options: Record<string, unknown>, pod: Record<string, unknown>) => () => {
  const o = { ...vaultBase, ...options } as VaultAgentInjectionOptions;
  return vaultAgentPodPlan(o, vaultAgentInjection(o), { kind: 'Deployment', users: { containers: [{ name: 'app' }] }, volumeNames: [], ...pod });
};
const readerBase = { namespace: 'payments', serviceAccount: 'api', secrets: ['db'] };
type ReaderOptions = Parameters<typeof secretReaderManifests>[0];
const reader = (override: Record<string, unknown>) => () => secretReaderManifests({ ...readerBase, ...override } as ReaderOptions);

function deployment(securityContext: kplus.PodSecurityContextProps = { user: 10001, fsGroup: 10001 }) {
  const chart = testChart();
  const d = new kplus.Deployment(chart, 'app', { securityContext, containers: [{ name: 'app', image }] });
  return { chart, d };
}

const plArgs = (podSecurity: Record<string, unknown> = { runAsUser: 10001, fsGroup: 10001 }, restartPolicy?: string) => ({
  metadata: { name: 'app', namespace: 'payments' },
  spec: {
    selector: { matchLabels: { app: 'app' } },
    template: { metadata: { labels: { app: 'app' } }, spec: { ...(restartPolicy ? { restartPolicy } : {}), securityContext: podSecurity, containers: [{ name: 'app', image }] } },
  },
});
const plVault = (extra: Record<string, unknown> = {}) => new pl.VaultAgentInjection({
  role: 'api', serviceAccount: 'api', namespace: 'payments', secrets: [{ name: 'db', path: 'secret/data/payments/db' }], ...extra,
});

export const rows: HostileRow[] = [
  // core: vaultAgentInjection
  { name: 'vault: allowTlsSkipVerify as the string "true"', run: vault({ tlsSkipVerify: true, allowTlsSkipVerify: 'true' }), component: 'VaultAgentInjection', prop: 'allowTlsSkipVerify', shows: '"true"' },
  { name: 'vault: tlsSkipVerify as the string "false"', run: vault({ tlsSkipVerify: 'false' }), component: 'VaultAgentInjection', prop: 'tlsSkipVerify', shows: '"false"' },
  { name: 'vault: allowPlaintextVaultAddress as 1', run: vault({ vaultAddress: 'http://vault:8200', allowPlaintextVaultAddress: 1 }), component: 'VaultAgentInjection', prop: 'allowPlaintextVaultAddress', shows: 'a number 1' },
  { name: 'vault: secrets with a hole', run: vault({ secrets: [, { name: 'db', path: 'kv/db' }] }), component: 'VaultAgentInjection', prop: 'secrets[0]', shows: 'a hole in the list' },
  { name: 'vault: secrets as a string', run: vault({ secrets: 'kv/db' }), component: 'VaultAgentInjection', prop: 'secrets', shows: '"kv/db"' },
  { name: 'vault: a null secret', run: vault({ secrets: [null] }), component: 'VaultAgentInjection', prop: 'secrets[0]', shows: 'null' },
  { name: 'vault: a secret without a path', run: vault({ secrets: [{ name: 'db' }] }), component: 'VaultAgentInjection', prop: 'secrets[0].path', shows: 'undefined' },
  { name: 'vault: tokenVolume null', run: vault({ tokenVolume: null }), component: 'VaultAgentInjection', prop: 'tokenVolume', shows: 'null' },
  { name: 'vault: the default ServiceAccount', run: vault({ serviceAccountName: 'default' }), component: 'VaultAgentInjection', prop: 'serviceAccount', shows: '"default"' },
  { name: 'vault: kube-system without the opt-in', run: vault({ namespace: 'kube-system' }), component: 'VaultAgentInjection', prop: 'namespace', shows: '"kube-system"' },
  { name: 'vault: allowKubeSystem as "yes"', run: vault({ namespace: 'kube-system', allowKubeSystem: 'yes' }), component: 'VaultAgentInjection', prop: 'allowKubeSystem', shows: '"yes"' },
  {
    name: 'vault: an address with a password in it',
    run: vault({ vaultAddress: `https://admin:${CANARIES.urlPassword}@vault.example.com:8200` }),
    component: 'VaultAgentInjection',
    prop: 'vaultAddress',
    shows: '<redacted>',
  },
  { name: 'vault: runAsSameUser as "true"', run: vault({ runAsSameUser: 'true' }), component: 'VaultAgentInjection', prop: 'runAsSameUser', shows: '"true"' },
  { name: 'vault: world-readable perms', run: vault({ secrets: [{ name: 'db', path: 'kv/db', perms: '0644' }] }), component: 'VaultAgentInjection', prop: 'secrets[0].perms', shows: '"0644"' },
  { name: 'vault: a template that holds a literal secret', run: vault({ secrets: [{ name: 'db', path: 'kv/*', template: CANARIES.value }] }), component: 'VaultAgentInjection', prop: 'secrets[0].path', shows: '"kv/*"' },
  // core: vaultAgentPodPlan
  { name: 'vault plan: 0400 written by the injector\'s default user', run: plan({ secrets: [{ name: 'db', path: 'kv/db', perms: '0400' }] }, { users: { fsGroup: 1000, containers: [{ name: 'app' }] } }), component: 'VaultAgentInjection', prop: 'secrets[0].perms', shows: 'uid 100' },
  { name: 'vault plan: prePopulateOnly false on a Job', run: plan({ prePopulateOnly: false }, { kind: 'Job', users: { runAsUser: 1000, containers: [{ name: 'app' }] } }), component: 'VaultAgentInjection', prop: 'prePopulateOnly', shows: 'Job' },
  { name: 'vault plan: no user and no fsGroup', run: plan({}, {}), component: 'VaultAgentInjection', prop: 'workload', shows: '"app" sets no runAsUser' },
  { name: 'vault plan: an unknown target container', run: plan({ containers: ['web'] }, { users: { runAsUser: 1000, containers: [{ name: 'app' }] } }), component: 'VaultAgentInjection', prop: 'containers[0]', shows: '"web"' },
  // core: vaultAccessManifest
  { name: 'vault access: no clients', run: () => vaultAccessManifest({ clients: [] }), component: 'VaultAccessPolicy', prop: 'clients', shows: 'is empty' },
  { name: 'vault access: a null client', run: () => vaultAccessManifest({ clients: bad([null]) }), component: 'VaultAccessPolicy', prop: 'clients[0]', shows: 'null' },
  { name: 'vault access: a client without labels', run: () => vaultAccessManifest({ clients: bad([{ namespace: 'payments' }]) }), component: 'VaultAccessPolicy', prop: 'clients[0].podLabels', shows: 'missing' },
  { name: 'vault access: clientNamespaces with a hole', run: () => vaultAccessManifest({ clientNamespaces: bad([, 'payments']) }), component: 'VaultAccessPolicy', prop: 'clientNamespaces[0]', shows: 'a hole in the list' },
  { name: 'vault access: null options', run: () => vaultAccessManifest(bad(null)), component: 'VaultAccessPolicy', prop: 'options', shows: 'null' },
  // core: secretReaderManifests
  { name: 'reader: allowListWatch as the string "false"', run: reader({ allowListWatch: 'false', verbs: ['get', 'list'] }), component: 'SecretReader', prop: 'allowListWatch', shows: '"false"' },
  { name: 'reader: secrets [, ]', run: reader({ secrets: [,] }), component: 'SecretReader', prop: 'secrets[0]', shows: 'a hole in the list' },
  { name: 'reader: allowCrossNamespaceSubject as {}', run: reader({ serviceAccountNamespace: 'ops', allowCrossNamespaceSubject: {} }), component: 'SecretReader', prop: 'allowCrossNamespaceSubject', shows: 'an object {}' },
  { name: 'reader: the default ServiceAccount', run: reader({ serviceAccount: 'default' }), component: 'SecretReader', prop: 'serviceAccount', shows: '"default"' },
  { name: 'reader: a ServiceAccount in kube-system', run: reader({ serviceAccountNamespace: 'kube-system', allowCrossNamespaceSubject: true }), component: 'SecretReader', prop: 'serviceAccountNamespace', shows: '"kube-system"' },
  { name: 'reader: allowDefaultServiceAccount as "true"', run: reader({ serviceAccount: 'default', allowDefaultServiceAccount: 'true' }), component: 'SecretReader', prop: 'allowDefaultServiceAccount', shows: '"true"' },
  { name: 'reader: verbs as a string', run: reader({ verbs: 'get' }), component: 'SecretReader', prop: 'verbs', shows: '"get"' },
  { name: 'reader: name null', run: reader({ name: null }), component: 'SecretReader', prop: 'name', shows: 'null' },
  // core: secureServiceAccountManifest
  { name: 'service account: automountToken as "true"', run: () => secureServiceAccountManifest(bad({ name: 'a', automountToken: 'true' })), component: 'SecureServiceAccount', prop: 'automountToken', shows: '"true"' },
  { name: 'service account: identity null', run: () => secureServiceAccountManifest(bad({ name: 'a', identity: null })), component: 'SecureServiceAccount', prop: 'identity', shows: 'null' },
  { name: 'service account: labels null', run: () => secureServiceAccountManifest(bad({ name: 'a', labels: null })), component: 'SecureServiceAccount', prop: 'labels', shows: 'must be a map' },
  // cdk8s constructs
  { name: 'cdk8s vault: workload null', run: () => new cdk8s.VaultAgentInjection(testChart(), 'v', bad({ workload: null, role: 'api', serviceAccount: 'api', secrets: [] })), component: 'VaultAgentInjection', prop: 'workload', shows: 'null' },
  {
    name: 'cdk8s vault: 0400 with runAsUser of another user',
    run: () => new cdk8s.VaultAgentInjection(testChart(), 'v', { workload: deployment().d, serviceAccount: 'api', role: 'api', runAsUser: 1234, secrets: [{ name: 'db', path: 'kv/db', perms: '0400' }] }),
    component: 'VaultAgentInjection',
    prop: 'secrets[0].perms',
    shows: 'uid 1234',
  },
  { name: 'cdk8s vault: a pod with no user and no fsGroup', run: () => new cdk8s.VaultAgentInjection(testChart(), 'v', { workload: deployment({}).d, serviceAccount: 'api', role: 'api', secrets: [{ name: 'db', path: 'kv/db' }] }), component: 'VaultAgentInjection', prop: 'workload', shows: 'fsGroup' },
  { name: 'cdk8s reader: secrets [, ]', run: () => new cdk8s.SecretReader(testChart(), 'r', { serviceAccount: 'api', secrets: bad([,]) }), component: 'SecretReader', prop: 'secrets[0]', shows: 'a hole in the list' },
  { name: 'cdk8s reader: serviceAccount null', run: () => new cdk8s.SecretReader(testChart(), 'r', { serviceAccount: bad(null), secrets: ['db'] }), component: 'SecretReader', prop: 'serviceAccount', shows: 'null' },
  { name: 'cdk8s service account: automountToken as 1', run: () => new cdk8s.SecureServiceAccount(testChart(), 'sa', { name: 'a', automountToken: bad(1) }), component: 'SecureServiceAccount', prop: 'automountToken', shows: 'a number 1' },
  { name: 'cdk8s mountSecret: null options', run: () => cdk8s.mountSecret(deployment().d, 'db', bad(null)), component: 'mountSecret', prop: 'options', shows: 'null' },
  { name: 'cdk8s mountSecret: reload as "false"', run: () => cdk8s.mountSecret(deployment().d, 'db', { path: '/etc/secrets/db', reload: bad('false') }), component: 'mountSecret', prop: 'reload', shows: '"false"' },
  { name: 'cdk8s mountSecret: no workload', run: () => cdk8s.mountSecret(bad<cdk8s.Cdk8sPlusWorkload>(undefined), 'db', { path: '/etc/secrets/db' }), component: 'mountSecret', prop: 'workload', shows: 'undefined' },
  { name: 'cdk8s envFromSecret: keys null', run: () => cdk8s.envFromSecret(deployment().d, 'db', { keys: bad(null) }), component: 'envFromSecret', prop: 'keys', shows: 'null' },
  { name: 'cdk8s reloadOnSecretChange: workload null', run: () => cdk8s.reloadOnSecretChange(bad(null), 'db'), component: 'reloadOnSecretChange', prop: 'workload', shows: 'null' },
  { name: 'cdk8s VaultAccessPolicy: clients as a string', run: () => new cdk8s.VaultAccessPolicy(testChart(), 'p', { clients: bad('payments') }), component: 'VaultAccessPolicy', prop: 'clients', shows: '"payments"' },
  // Pulumi components
  { name: 'pulumi vault: applyTo(null)', run: () => plVault().applyTo(bad(null)), component: 'VaultAgentInjection', prop: 'args', shows: 'null' },
  { name: 'pulumi vault: kind "Pod"', run: () => plVault().applyTo(plArgs(), { kind: bad('Pod') }), component: 'VaultAgentInjection', prop: 'kind', shows: '"Pod"' },
  { name: 'pulumi vault: prePopulateOnly false on a Job', run: () => plVault({ prePopulateOnly: false }).applyTo(plArgs({ runAsUser: 1000 }, 'Never')), component: 'VaultAgentInjection', prop: 'prePopulateOnly', shows: 'Job' },
  { name: 'pulumi vault: a ServiceAccount that is a plain object', run: () => plVault({ serviceAccount: {} }), component: 'VaultAgentInjection', prop: 'serviceAccount', shows: '{}' },
  { name: 'pulumi reader: allowListWatch as "false"', run: () => new pl.SecretReader('r', { namespace: 'payments', serviceAccount: 'api', secrets: ['db'], verbs: ['get', 'list'], allowListWatch: bad('false') }), component: 'SecretReader', prop: 'allowListWatch', shows: '"false"' },
  { name: 'pulumi reader: secrets [null]', run: () => new pl.SecretReader('r', { namespace: 'payments', serviceAccount: 'api', secrets: bad([null]) }), component: 'SecretReader', prop: 'secrets[0]', shows: 'null' },
  { name: 'pulumi reader: serviceAccount undefined', run: () => new pl.SecretReader('r', { namespace: 'payments', serviceAccount: bad(undefined), secrets: ['db'] }), component: 'SecretReader', prop: 'serviceAccount', shows: 'undefined' },
  { name: 'pulumi service account: automountToken as "false"', run: () => new pl.SecureServiceAccount('sa', { name: 'a', namespace: 'payments', automountToken: bad('false') }), component: 'SecureServiceAccount', prop: 'automountToken', shows: '"false"' },
  { name: 'pulumi service account: null args', run: () => new pl.SecureServiceAccount('sa-null', bad(null)), component: 'SecureServiceAccount', prop: 'args', shows: 'null' },
  { name: 'pulumi reader: null args', run: () => new pl.SecretReader('r-null', bad(null)), component: 'SecretReader', prop: 'args', shows: 'null' },
  { name: 'pulumi mountSecret: reload as "no"', run: () => pl.mountSecret(plArgs(), 'db', { path: '/etc/secrets/db', reload: bad('no') }), component: 'mountSecret', prop: 'reload', shows: '"no"' },
  { name: 'pulumi envFromSecret: optional as "true"', run: () => pl.envFromSecret(plArgs(), 'db', { keys: { DB: 'password' }, optional: bad('true') }), component: 'envFromSecret', prop: 'optional', shows: '"true"' },
  { name: 'pulumi VaultAccessPolicy: no clients', run: () => new pl.VaultAccessPolicy('p', { clients: [] }), component: 'VaultAccessPolicy', prop: 'clients', shows: 'is empty' },
];

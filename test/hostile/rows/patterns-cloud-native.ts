/**
 * Hostile input for CloudNativeSecrets (issue 13): the core plan, the cdk8s pattern and the Pulumi
 * pattern. Every refusal comes from the pattern's own checks or from a block's core builder, naming the
 * pattern's part.
 */
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../../src';
import { SecretSource, cloudNativeSecretsPlan } from '../../../src/core';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { CANARIES, HostileRow } from '../harness';

setupPulumiMocks();

const bad = <T>(value: unknown) => value as T;
const P = 'CloudNativeSecrets';
const aws = () => SecretSource.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' });
const base = { name: 'secrets', namespace: 'payments', source: aws() };
const db = { 'postgres-credentials': { remoteKey: 'production/payments/postgres' } };
const podIdentity = (side: Record<string, unknown>) => new pl.CloudNativeSecrets('p', {
  namespace: 'payments', source: SecretSource.awsSecretsManager({ region: 'us-east-1' }), secrets: db, aws: bad({ clusterName: 'prod', ...side }),
});

function withApp(app: Record<string, unknown>) {
  const chart = testChart();
  const w = new kplus.Deployment(chart, 'api', { metadata: { name: 'api' }, containers: [{ image: 'registry.example.com/api:1' }], securityContext: { user: 10001, group: 10001, fsGroup: 10001 } });
  const p = new cdk8s.CloudNativeSecrets(chart, 'secrets', { source: aws(), secrets: db });
  return p.addApp('api', { workload: w, ...app });
}

export const rows: HostileRow[] = [
  { name: 'source a plain object', run: () => cloudNativeSecretsPlan({ ...base, source: bad({ kind: 'awsSecretsManager' }) }), component: P, prop: 'source', shows: 'an object' },
  { name: 'AWS source region upper-case', run: () => SecretSource.awsSecretsManager({ region: 'US-EAST-1' }), component: 'SecretSource.awsSecretsManager', prop: 'region', shows: '"US-EAST-1"' },
  { name: 'AWS source roleArn not a role', run: () => SecretSource.awsParameterStore({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:user/eso' }), component: 'WorkloadIdentity', prop: 'WorkloadIdentity.awsIrsa roleArn', shows: '"arn:aws:iam::111122223333:user/eso"' },
  { name: 'AWS source without roleArn in cdk8s', run: () => new cdk8s.CloudNativeSecrets(testChart(), 'p', { source: SecretSource.awsSecretsManager({ region: 'us-east-1' }) }), component: P, prop: 'source.roleArn', shows: /is missing/ },
  { name: 'GCP source options null', run: () => SecretSource.gcpSecretManager(bad(null)), component: 'SecretSource.gcpSecretManager', prop: 'options', shows: 'received null' },
  { name: 'namespace upper-case', run: () => cloudNativeSecretsPlan({ ...base, namespace: 'Payments' }), component: P, prop: 'namespace', shows: '"Payments"' },
  { name: 'secret remoteKey missing', run: () => cloudNativeSecretsPlan({ ...base, secrets: { db: bad({}) } }), component: `${P} secret "db"`, prop: 'remoteKey', shows: /missing|received/ },
  { name: 'secret keys empty', run: () => cloudNativeSecretsPlan({ ...base, secrets: { db: { remoteKey: 'k', keys: {} } } }), component: `${P} secret "db"`, prop: 'keys', shows: /is empty/ },
  { name: 'secret key not a Secret key', run: () => cloudNativeSecretsPlan({ ...base, secrets: { db: { remoteKey: 'k', keys: { 'bad key': 'password' } } } }), component: `${P} secret "db"`, prop: 'keys["bad key"]', shows: '"bad key"' },
  { name: 'secret refreshInterval not a duration', run: () => cloudNativeSecretsPlan({ ...base, secrets: { db: { remoteKey: 'k', refreshInterval: '1 hour' } } }), component: `${P} secret "db"`, prop: 'refreshInterval', shows: '"1 hour"' },
  { name: 'secret name invalid', run: () => cloudNativeSecretsPlan({ ...base, secrets: { DB_Creds: { remoteKey: 'k' } } }), component: P, prop: 'addSecret name', shows: '"DB_Creds"' },
  { name: 'app consumes an unknown secret', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { files: ['postgres'] } } }), component: `${P} app "api"`, prop: 'files[0]', shows: '"postgres"' },
  { name: 'app consumes nothing', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: {} } }), component: `${P} app "api"`, prop: 'files', shows: /all empty/ },
  { name: 'app files a string', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { files: bad('postgres-credentials') } } }), component: `${P} app "api"`, prop: 'files', shows: '"postgres-credentials"' },
  { name: 'app reader list without opt-in', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { apiRead: ['postgres-credentials'], reader: { verbs: ['get', 'list'] } } } }), component: `${P} app "api" reader`, prop: 'verbs', shows: /list/ },
  { name: 'app reader allowListWatch "true"', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { apiRead: ['postgres-credentials'], reader: { verbs: ['get', 'list'], allowListWatch: bad('true') } } } }), component: `${P} app "api" reader`, prop: 'allowListWatch', shows: 'a string "true"' },
  { name: 'envKeys for a secret not in env', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { files: ['postgres-credentials'], envKeys: { 'postgres-credentials': { DB: 'password' } } } } }), component: `${P} app "api"`, prop: 'envKeys["postgres-credentials"]', shows: /is not in env \(none\); envKeys names the variables/ },
  { name: 'envKeys with a variable name that is not one', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { env: ['postgres-credentials'], envKeys: { 'postgres-credentials': { 'DB PASSWORD': 'password' } } } } }), component: `${P} app "api"`, prop: 'envKeys["postgres-credentials"]["DB PASSWORD"]', shows: /is not a valid environment variable name/ },
  { name: 'envKeys with no keys', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { env: ['postgres-credentials'], envKeys: { 'postgres-credentials': {} } } } }), component: `${P} app "api"`, prop: 'envKeys["postgres-credentials"]', shows: /is empty; name at least one variable, or remove the entry/ },
  { name: 'envKeys entry undefined', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { env: ['postgres-credentials'], envKeys: { 'postgres-credentials': bad(undefined) } } } }), component: `${P} app "api"`, prop: 'envKeys["postgres-credentials"]', shows: /must be a map of environment variable name to Secret key/ },
  { name: 'envKeys: one variable from two secrets', run: () => cloudNativeSecretsPlan({ ...base, secrets: { ...db, 'api-token': { remoteKey: 'production/payments/api' } }, apps: { api: { env: ['postgres-credentials', 'api-token'], envKeys: { 'postgres-credentials': { TOKEN: 'password' }, 'api-token': { TOKEN: 'token' } } } } }), component: `${P} app "api"`, prop: 'envKeys["api-token"]["TOKEN"]', shows: /is also set from secret "postgres-credentials"; each variable comes from one secret/ },
  { name: 'envKeys naming a key the synced Secret will not have', run: () => cloudNativeSecretsPlan({ ...base, secrets: { 'postgres-credentials': { remoteKey: 'production/payments/postgres', keys: { POSTGRES_PASSWORD: 'password' } } }, apps: { api: { env: ['postgres-credentials'], envKeys: { 'postgres-credentials': { DB: 'password' } } } } }), component: `${P} app "api"`, prop: 'envKeys["postgres-credentials"]["DB"]', shows: /"password" is not a key of secret "postgres-credentials" \(its keys: "POSTGRES_PASSWORD"\)/ },
  { name: 'envKeys as a list', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { env: ['postgres-credentials'], envKeys: bad(['postgres-credentials']) } } }), component: `${P} app "api"`, prop: 'envKeys', shows: /a map \{ secretName: \{ ENV_VAR: secretKey \} \}/ },
  { name: 'app mount options for a secret not mounted', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { api: { env: ['postgres-credentials'], mounts: { 'postgres-credentials': { path: '/x' } } } } }), component: `${P} app "api"`, prop: 'mounts["postgres-credentials"]', shows: /not in files/ },
  { name: 'app named like the store ServiceAccount', run: () => cloudNativeSecretsPlan({ ...base, secrets: db, apps: { 'secrets-store': { files: ['postgres-credentials'] } } }), component: `${P} app "secrets-store"`, prop: 'serviceAccountName', shows: '"secrets-store"' },
  { name: 'store ServiceAccount automount "true"', run: () => cloudNativeSecretsPlan({ ...base, storeServiceAccount: { automountToken: bad('true') } }), component: `${P} storeServiceAccount`, prop: 'automountToken', shows: 'a string "true"' },
  { name: 'controller egress to every address without opt-in', run: () => cloudNativeSecretsPlan({ ...base, controllerEgress: { apiServer: { cidrs: ['10.0.0.0/16'] }, cloudApiCidrs: ['0.0.0.0/0'] } }), component: 'ExternalSecretsEgressPolicy', prop: 'cloudApiCidrs', shows: '"0.0.0.0/0"' },
  { name: 'cdk8s: workload not a cdk8s-plus workload', run: () => withApp({ workload: undefined, files: ['postgres-credentials'] }), component: `${P} app "api"`, prop: 'workload', shows: /received/ },
  { name: 'cdk8s: a world-readable mount', run: () => withApp({ files: ['postgres-credentials'], mounts: { 'postgres-credentials': { defaultMode: 0o444 } } }), component: 'mountSecret', prop: 'defaultMode', shows: /444|292/ },
  { name: 'cdk8s: iamPolicy account id not 12 digits', run: () => new cdk8s.CloudNativeSecrets(testChart(), 'p', { source: aws(), secrets: db }).iamPolicy({ accountId: '1111' }), component: `${P}.iamPolicy`, prop: 'accountId', shows: '"1111"' },
  { name: 'cdk8s: iamPolicy on a GCP source', run: () => new cdk8s.CloudNativeSecrets(testChart(), 'p', { secrets: db, source: SecretSource.gcpSecretManager({ projectId: 'payments-prod', gcpServiceAccount: 'eso-payments@payments-prod.iam.gserviceaccount.com', clusterLocation: 'europe-west1', clusterName: 'prod' }) }).iamPolicy({ accountId: '111122223333' }), component: `${P}.iamPolicy`, prop: 'source', shows: /gcpSecretManager/ },
  { name: 'Pulumi: a workload without a pod template', run: () => new pl.CloudNativeSecrets('p', { namespace: 'payments', source: aws(), secrets: db, apps: { api: { workload: { metadata: { name: 'api' } }, files: ['postgres-credentials'] } } }), component: `${P} app "api"`, prop: 'args.spec', shows: /is missing/ },
  { name: 'Pulumi: a secret value in the declaration without aws', run: () => new pl.CloudNativeSecrets('p', { namespace: 'payments', source: aws(), secrets: { db: bad({ remoteKey: CANARIES.value, keys: { 'bad key': 'x' } }) } }), component: `${P} secret "db"`, prop: 'keys["bad key"]', shows: '"bad key"' },
  { name: 'Pulumi: Pod Identity without the controller opt-in', run: () => podIdentity({ identity: 'podIdentity' }), component: P, prop: 'aws.identity', shows: /"podIdentity" is refused without allowControllerPodIdentity: true/ },
  { name: 'Pulumi: allowControllerPodIdentity "true"', run: () => podIdentity({ identity: 'podIdentity', allowControllerPodIdentity: 'true' }), component: P, prop: 'aws.allowControllerPodIdentity', shows: 'a string "true"' },
  { name: 'Pulumi: an unknown identity', run: () => podIdentity({ identity: 'pod-identity' }), component: P, prop: 'aws.identity', shows: '"pod-identity"' },
  { name: 'Pulumi: controller ServiceAccount namespace upper-case', run: () => podIdentity({ identity: 'podIdentity', allowControllerPodIdentity: true, controllerServiceAccount: { namespace: 'External-Secrets' } }), component: P, prop: 'aws.controllerServiceAccount.namespace', shows: '"External-Secrets"' },
  { name: 'Pulumi: the controller opt-in with IRSA', run: () => podIdentity({ allowControllerPodIdentity: true }), component: P, prop: 'aws.allowControllerPodIdentity', shows: /apply to identity: "podIdentity" only/ },
];

import { parse } from 'yaml';
import { InfisicalSecretOptions, SecretProviderClassOptions, infisicalSecretManifest, secretProviderClassManifest } from '../../../src/core';
import { secretProviderClassMount } from '../../../src/core/csi/secret-provider-class';
import { checkInfisicalInterval } from '../../../src/core/infisical/infisical-secret';
import { expectValidManifests } from '../../helpers/schema';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('secretProviderClassManifest (AWS provider)', () => {
  const base: SecretProviderClassOptions = {
    name: 'payments-db',
    namespace: 'payments',
    region: 'us-east-1',
    objects: [
      { objectName: 'prod/payments/postgres', objectType: 'secretsmanager', objectAlias: 'postgres', jmesPath: [{ path: 'username', objectAlias: 'db-user' }, { path: 'password', objectAlias: 'db-password' }] },
      { objectName: 'arn:aws:ssm:us-east-1:111122223333:parameter/prod/payments/feature-flags', objectAlias: 'flags' },
    ],
  };

  test('secrets-store.csi.x-k8s.io/v1, provider aws, objects as a YAML string the provider parses', () => {
    const spc = secretProviderClassManifest(base);
    expectValidManifests([spc]);
    expect(spc.apiVersion).toBe('secrets-store.csi.x-k8s.io/v1');
    expect(spc.kind).toBe('SecretProviderClass');
    const spec = spc.spec as any;
    expect(spec.provider).toBe('aws');
    expect(Object.keys(spec.parameters).sort()).toEqual(['objects', 'region']);
    expect(typeof spec.parameters.objects).toBe('string');
    expect(parse(spec.parameters.objects)).toEqual([
      { objectName: 'prod/payments/postgres', objectType: 'secretsmanager', objectAlias: 'postgres', jmesPath: [{ path: 'username', objectAlias: 'db-user' }, { path: 'password', objectAlias: 'db-password' }] },
      { objectName: 'arn:aws:ssm:us-east-1:111122223333:parameter/prod/payments/feature-flags', objectType: 'ssmparameter', objectAlias: 'flags' },
    ]);
    expect(spec.secretObjects).toBeUndefined();
  });

  test('Pod Identity, failover region, version label and the opt-in sync to a Kubernetes Secret', () => {
    const spc = secretProviderClassManifest({
      ...base,
      usePodIdentity: true,
      failoverRegion: 'us-west-2',
      objects: [{ ...base.objects[0], objectVersionLabel: 'AWSCURRENT' }],
      syncToSecrets: [{ secretName: 'postgres-credentials', data: [{ objectName: 'db-password', key: 'password' }], labels: { app: 'payments' } }],
    });
    expectValidManifests([spc]);
    const spec = spc.spec as any;
    expect(spec.parameters.usePodIdentity).toBe('true');
    expect(spec.parameters.failoverRegion).toBe('us-west-2');
    expect(parse(spec.parameters.objects)[0].objectVersionLabel).toBe('AWSCURRENT');
    expect(spec.secretObjects).toEqual([{ secretName: 'postgres-credentials', type: 'Opaque', data: [{ objectName: 'db-password', key: 'password' }], labels: { app: 'payments' } }]);
  });

  test('bad input: exact messages', () => {
    const obj = (o: any) => secretProviderClassManifest({ ...base, objects: [o] });
    expect(messageOf(() => obj({ objectName: 'prod/*', objectType: 'secretsmanager', objectAlias: 'x' }))).toBe('SecretProviderClass: objects[0].objectName "prod/*" must name one secret or parameter exactly (no wildcards).');
    expect(messageOf(() => obj({ objectName: 'db' }))).toBe('SecretProviderClass: objects[0].objectType undefined must be "secretsmanager" or "ssmparameter" (required unless objectName is an ARN).');
    expect(messageOf(() => obj({ objectName: 'prod/db', objectType: 'secretsmanager' }))).toBe('SecretProviderClass: objects[0].objectAlias is required for "prod/db": an ARN or a name with "/" is not a usable file name; set objectAlias, e.g. "postgres".');
    expect(messageOf(() => obj({ objectName: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf', objectType: 'ssmparameter', objectAlias: 'db' })))
      .toBe('SecretProviderClass: objects[0].objectType "ssmparameter" does not match the ARN, which is a secretsmanager object.');
    expect(messageOf(() => obj({ objectName: 'db', objectType: 'secretsmanager', objectAlias: '../db' }))).toBe('SecretProviderClass: objects[0].objectAlias "../db" is not a safe file name: use letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit.');
    expect(messageOf(() => secretProviderClassManifest({ ...base, objects: [{ objectName: 'a', objectType: 'secretsmanager', objectAlias: 'x' }, { objectName: 'b', objectType: 'secretsmanager', objectAlias: 'x' }] })))
      .toBe('SecretProviderClass: objects[1].objectAlias "x" is used twice as a file name; give each object (and jmesPath key) its own objectAlias.');
    expect(messageOf(() => obj({ objectName: 'db', objectType: 'secretsmanager', jmesPath: [{ path: '*', objectAlias: 'all' }] }))).toBe('SecretProviderClass: objects[0].jmesPath[0].path "*" must select one key, e.g. "password" (no wildcard projections).');
    expect(messageOf(() => obj({ objectName: 'db', objectType: 'ssmparameter', objectVersionLabel: 'AWSCURRENT' }))).toBe('SecretProviderClass: objects[0].objectVersionLabel "AWSCURRENT" must be a Secrets Manager version stage such as "AWSCURRENT" (Secrets Manager objects only).');
    expect(messageOf(() => secretProviderClassManifest({ ...base, objects: [] }))).toBe('SecretProviderClass: objects is empty; list the secrets to mount, e.g. [{ objectName: "prod/payments/postgres", objectType: "secretsmanager" }].');
    expect(messageOf(() => secretProviderClassManifest({ ...base, region: 'Virginia' }))).toBe('SecretProviderClass: region "Virginia" is not an AWS region such as "us-east-1".');
    expect(messageOf(() => secretProviderClassManifest({ ...base, failoverRegion: 'us-east-1' }))).toBe('SecretProviderClass: failoverRegion "us-east-1" is the same as region; pick another region or remove it.');
    expect(messageOf(() => secretProviderClassManifest({ ...base, syncToSecrets: [{ secretName: 'db', data: [{ objectName: 'nope', key: 'k' }] }] })))
      .toBe('SecretProviderClass: syncToSecrets[0].data[0].objectName "nope" is not a mounted file; use one of "postgres", "db-user", "db-password", "flags".');
  });

  test('the pod volume: CSI driver, read-only, the class name', () => {
    expect(secretProviderClassMount('mount', 'payments-db', { path: '/mnt/secrets' })).toEqual({
      volume: {
        name: 'spc-payments-db', csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'payments-db' } },
      },
      path: '/mnt/secrets',
      reload: true,
    });
    expect(secretProviderClassMount('mount', 'db', { path: '/mnt/s', reload: false }).reload).toBe(false);
    expect(messageOf(() => secretProviderClassMount('mount', 'x', { path: 'mnt' }))).toBe('mount: path "mnt" must be an absolute directory other than "/", e.g. "/mnt/secrets".');
  });
});

describe('infisicalSecretManifest', () => {
  const base: InfisicalSecretOptions = {
    name: 'payments-config',
    namespace: 'payments',
    kubernetesAuth: { identityId: '00000000-0000-4000-8000-000000000000', serviceAccount: 'infisical-auth' },
    scope: { projectSlug: 'payments', envSlug: 'prod', secretsPath: '/api' },
    target: { name: 'payments-api-config' },
  };

  test('v1alpha1 with Kubernetes auth (short-lived tokens), https host, owned managed Secret, resync interval', () => {
    const m = infisicalSecretManifest(base);
    expectValidManifests([m]);
    expect(m).toEqual({
      apiVersion: 'secrets.infisical.com/v1alpha1',
      kind: 'InfisicalSecret',
      metadata: { name: 'payments-config', namespace: 'payments' },
      spec: {
        hostAPI: 'https://app.infisical.com/api',
        syncConfig: { resyncInterval: '1m' },
        authentication: {
          kubernetesAuth: {
            identityId: '00000000-0000-4000-8000-000000000000',
            serviceAccountRef: { name: 'infisical-auth', namespace: 'payments' },
            autoCreateServiceAccountToken: true,
            secretsScope: { projectSlug: 'payments', envSlug: 'prod', secretsPath: '/api' },
          },
        },
        managedKubeSecretReferences: [{ secretName: 'payments-api-config', secretNamespace: 'payments', secretType: 'Opaque', creationPolicy: 'Owner' }],
      },
    });
  });

  test('universal auth with a credentials Secret reference; self-hosted host; audiences; recursive', () => {
    const m = infisicalSecretManifest({
      ...base,
      kubernetesAuth: undefined,
      universalAuth: { credentialsSecret: 'infisical-universal-auth', credentialsNamespace: 'infisical' },
      scope: { projectId: 'b1c2d3', envSlug: 'staging', recursive: true },
      target: { name: 'cfg', creationPolicy: 'Orphan', type: 'Opaque' },
      hostAPI: 'https://infisical.internal.example.com/api',
      resyncInterval: '30s',
    });
    expectValidManifests([m]);
    const spec = m.spec as any;
    expect(spec.authentication).toEqual({
      universalAuth: {
        credentialsRef: { secretName: 'infisical-universal-auth', secretNamespace: 'infisical' },
        secretsScope: { projectId: 'b1c2d3', envSlug: 'staging', secretsPath: '/', recursive: true },
      },
    });
    expect(spec.managedKubeSecretReferences[0].creationPolicy).toBe('Orphan');
    expect(spec.syncConfig.resyncInterval).toBe('30s');
    const aud = infisicalSecretManifest({ ...base, kubernetesAuth: { ...base.kubernetesAuth!, tokenAudiences: ['infisical'], serviceAccountNamespace: 'infisical' } });
    expectValidManifests([aud]);
    expect((aud.spec as any).authentication.kubernetesAuth.serviceAccountTokenAudiences).toEqual(['infisical']);
    expect((aud.spec as any).authentication.kubernetesAuth.serviceAccountRef).toEqual({ name: 'infisical-auth', namespace: 'infisical' });
  });

  test('bad input: exact messages', () => {
    expect(messageOf(() => infisicalSecretManifest({ ...base, universalAuth: { credentialsSecret: 'x' } }))).toBe('InfisicalSecret: kubernetesAuth and universalAuth: set exactly one (kubernetesAuth is recommended: it stores no credential in the cluster).');
    expect(messageOf(() => infisicalSecretManifest({ ...base, hostAPI: 'http://infisical.infisical.svc:8080/api' })))
      .toBe('InfisicalSecret: hostAPI "http://infisical.infisical.svc:8080/api" is plain http: the operator\'s credentials and every secret value would cross the network unencrypted. Use https://, or set allowPlaintextHost: true for a local test instance.');
    expect((infisicalSecretManifest({ ...base, hostAPI: 'http://localhost:8080/api', allowPlaintextHost: true }).spec as any).hostAPI).toBe('http://localhost:8080/api');
    expect(messageOf(() => infisicalSecretManifest({ ...base, scope: { envSlug: 'prod' } }))).toBe('InfisicalSecret: scope must set exactly one of projectSlug and projectId.');
    expect(messageOf(() => infisicalSecretManifest({ ...base, scope: { projectSlug: 'p', envSlug: 'prod', secretsPath: 'api/*' } })))
      .toBe('InfisicalSecret: scope.secretsPath "api/*" must be a folder path starting with "/", e.g. "/payments" (no wildcards, no trailing "/").');
    expect(messageOf(() => infisicalSecretManifest({ ...base, resyncInterval: '1s' }))).toBe('InfisicalSecret: resyncInterval "1s" is not an Infisical interval: a number and one unit of s, m, h, d or w, at least "5s" (e.g. "1m").');
    expect(messageOf(() => infisicalSecretManifest({ ...base, target: { name: 'cfg', creationPolicy: 'Merge' as any } }))).toBe('InfisicalSecret: target.creationPolicy "Merge" must be "Owner" or "Orphan".');
    expect(messageOf(() => infisicalSecretManifest({ ...base, kubernetesAuth: { ...base.kubernetesAuth!, identityId: 'not an id' } }))).toBe('InfisicalSecret: kubernetesAuth.identityId "not an id" is not a machine identity ID.');
    expect(checkInfisicalInterval('x', 'i', '2w')).toBe('2w');
    expect(messageOf(() => checkInfisicalInterval('x', 'i', '1h30m'))).toBe('x: i "1h30m" is not an Infisical interval: a number and one unit of s, m, h, d or w, at least "5s" (e.g. "1m").');
  });
});

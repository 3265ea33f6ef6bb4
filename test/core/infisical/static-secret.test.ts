/**
 * Infisical v1beta1 (InfisicalConnection, InfisicalAuth, InfisicalStaticSecret) and the issue-11
 * hardening of v1alpha1 InfisicalSecret. Every manifest validates against the operator's v0.11.5 CRDs.
 */
import {
  InfisicalSecretOptions, infisicalAuthManifest, infisicalConnectionManifest, infisicalSecretManifest, infisicalStaticSecretManifest,
} from '../../../src/core';
import { expectValidManifests } from '../../helpers/schema';

const identityIdSecret = { name: 'infisical-identity', key: 'identityId' };
const sources = [{ projectSlug: 'payments', envSlug: 'prod', secretsPath: '/api' }];

describe('InfisicalConnection', () => {
  test('https by default, address always written, CA by Secret key', () => {
    const m = infisicalConnectionManifest({ name: 'infisical', namespace: 'payments', address: 'https://infisical.internal.example.com', caCertificate: { name: 'infisical-ca', key: 'ca.crt' } });
    expectValidManifests([m, infisicalConnectionManifest({ name: 'cloud', namespace: 'payments' })]);
    expect(m.spec).toEqual({ address: 'https://infisical.internal.example.com', tls: { caCertificate: { name: 'infisical-ca', namespace: 'payments', key: 'ca.crt' } } });
    expect(infisicalConnectionManifest({ name: 'cloud', namespace: 'payments' }).spec).toEqual({ address: 'https://app.infisical.com' });
  });

  test('http only with the boolean opt-in; no credentials in the URL', () => {
    expect(() => infisicalConnectionManifest({ name: 'i', namespace: 'payments', address: 'http://infisical:8080' }))
      .toThrow('InfisicalConnection: address "http://infisical:8080" is plain http: the operator\'s credentials and every secret value would cross the network unencrypted. Use https://, or set allowPlaintextHost: true for a local test instance.');
    expect(() => infisicalConnectionManifest({ name: 'i', namespace: 'payments', address: 'http://infisical:8080', allowPlaintextHost: 'true' as never }))
      .toThrow('InfisicalConnection: allowPlaintextHost must be the boolean true to opt in, or false or unset; received a string "true".');
    expect(infisicalConnectionManifest({ name: 'i', namespace: 'payments', address: 'http://infisical:8080', allowPlaintextHost: true }).spec.address).toBe('http://infisical:8080');
    expect(() => infisicalConnectionManifest({ name: 'i', namespace: 'payments', address: 'https://u:canary-pw@infisical' }))
      .toThrow('InfisicalConnection: address "https://<redacted>@infisical" is not an Infisical URL such as "https://app.infisical.com" (credentials do not belong in the URL).');
  });
});

describe('InfisicalAuth', () => {
  test('Kubernetes auth: identity ID from a Secret key, its own ServiceAccount, audiences', () => {
    const m = infisicalAuthManifest({ name: 'auth', namespace: 'payments', connection: { name: 'infisical' }, kubernetes: { identityIdSecret, serviceAccount: 'infisical-auth', audiences: ['infisical'] } });
    expectValidManifests([m]);
    expect(m.spec).toEqual({
      infisicalConnectionRef: { name: 'infisical', namespace: 'payments' },
      method: 'kubernetes',
      kubernetes: {
        identityIdRef: { name: 'infisical-identity', namespace: 'payments', key: 'identityId' },
        serviceAccountRef: { name: 'infisical-auth', namespace: 'payments' },
        serviceAccountTokenAudiences: ['infisical'],
      },
    });
  });

  test('universal auth reads both keys from one Secret', () => {
    const m = infisicalAuthManifest({ name: 'auth', namespace: 'payments', connection: { name: 'infisical' }, universal: { credentialsSecret: 'infisical-universal' } });
    expectValidManifests([m]);
    expect(m.spec.universal).toEqual({
      clientIdRef: { name: 'infisical-universal', namespace: 'payments', key: 'clientId' },
      clientSecretRef: { name: 'infisical-universal', namespace: 'payments', key: 'clientSecret' },
    });
  });

  test('refusals', () => {
    const base = { name: 'auth', namespace: 'payments', connection: { name: 'infisical' } };
    expect(() => infisicalAuthManifest({ ...base }))
      .toThrow('InfisicalAuth: kubernetes and universal: set exactly one (kubernetes is recommended: it stores no long-lived credential in the cluster).');
    expect(() => infisicalAuthManifest({ ...base, kubernetes: { identityIdSecret, serviceAccount: 'default' } }))
      .toThrow('InfisicalAuth: kubernetes.serviceAccount "default" is the ServiceAccount of every pod in its namespace that names none');
    expect(() => infisicalAuthManifest({ ...base, kubernetes: { identityIdSecret, serviceAccount: 'x', audiences: [] } }))
      .toThrow('InfisicalAuth: kubernetes.audiences is empty; leave it out for the default audience, or list the audiences.');
    expect(() => infisicalAuthManifest({ ...base, kubernetes: { identityIdSecret: { name: 's' } as never, serviceAccount: 'x' } }))
      .toThrow('InfisicalAuth: kubernetes.identityIdSecret.key ');
  });
});

describe('InfisicalStaticSecret', () => {
  const base = { name: 'cfg', namespace: 'payments', auth: { name: 'auth' }, sources, targets: [{ name: 'payments-api-config' }] };
  test('the defaults: an owned Opaque Secret, 1m', () => {
    const m = infisicalStaticSecretManifest(base);
    expectValidManifests([m]);
    expect(m.apiVersion).toBe('secrets.infisical.com/v1beta1');
    expect(m.spec).toEqual({
      infisicalAuthRef: { name: 'auth', namespace: 'payments' },
      syncOptions: { refreshInterval: '1m' },
      sources: [{ projectSlug: 'payments', environmentSlug: 'prod', secretPath: '/api' }],
      targets: [{ name: 'payments-api-config', namespace: 'payments', kind: 'Secret', secretType: 'Opaque', creationPolicy: 'Owner' }],
    });
  });

  test('the operator\'s Validate rules and the library\'s', () => {
    expect(() => infisicalStaticSecretManifest({ ...base, sources: [] }))
      .toThrow('InfisicalStaticSecret: sources is empty; the operator needs at least one source ("at least one source is required").');
    expect(() => infisicalStaticSecretManifest({ ...base, targets: [{ name: 'a' }, { name: 'a', namespace: 'payments' }] }))
      .toThrow('InfisicalStaticSecret: targets[1].name "payments/a" is already written by targets[0]; the operator refuses duplicate targets.');
    expect(() => infisicalStaticSecretManifest({ ...base, sources: [{ projectSlug: 'p', projectId: 'x', envSlug: 'prod' }] }))
      .toThrow('InfisicalStaticSecret: sources[0] must set exactly one of projectSlug and projectId.');
    expect(() => infisicalStaticSecretManifest({ ...base, targets: [{ name: 'cfg', kind: 'ConfigMap' }] }))
      .toThrow('InfisicalStaticSecret: targets[0].kind "ConfigMap" would write secret values into a ConfigMap: readable wherever configuration is, not encrypted at rest, not treated as secret by tooling. Use "Secret", or set allowConfigMapTarget: true for values that are not secret.');
    const cm = infisicalStaticSecretManifest({ ...base, allowConfigMapTarget: true, targets: [{ name: 'cfg', kind: 'ConfigMap' }] });
    expectValidManifests([cm]);
    expect(cm.spec.targets[0]).toEqual({ name: 'cfg', namespace: 'payments', kind: 'ConfigMap', creationPolicy: 'Owner' });
    expect(() => infisicalStaticSecretManifest({ ...base, allowConfigMapTarget: true, targets: [{ name: 'cfg', kind: 'ConfigMap', secretType: 'Opaque' }] }))
      .toThrow('InfisicalStaticSecret: targets[0].secretType is only valid for Secret targets (the operator refuses it on a ConfigMap).');
    expect(() => infisicalStaticSecretManifest({ ...base, refreshInterval: '3s' }))
      .toThrow('InfisicalStaticSecret: refreshInterval "3s" is not an Infisical interval: a number and one unit of s, m, h, d or w, at least "5s" (e.g. "1m").');
    expect(() => infisicalStaticSecretManifest({ ...base, sources: [{ ...sources[0], secretsPath: '/api/*' }] }))
      .toThrow('InfisicalStaticSecret: sources[0].secretsPath "/api/*" must be a folder path starting with "/"');
  });
});

describe('InfisicalSecret (v1alpha1, deprecated): issue-11 hardening', () => {
  const base: InfisicalSecretOptions = {
    name: 'cfg',
    namespace: 'payments',
    kubernetesAuth: { identityId: '00000000-0000-4000-8000-000000000000', serviceAccount: 'infisical-auth' },
    scope: { projectSlug: 'payments', envSlug: 'prod' },
    target: { name: 'cfg' },
  };
  test('managedKubeSecretReferences, not the deprecated singular field', () => {
    const m = infisicalSecretManifest(base);
    expectValidManifests([m]);
    expect(m.spec.managedKubeSecretReferences).toEqual([{ secretName: 'cfg', secretNamespace: 'payments', secretType: 'Opaque', creationPolicy: 'Owner' }]);
    expect(m.spec).not.toHaveProperty('managedSecretReference');
  });

  test('opt-ins only for true; shapes; default ServiceAccount and kube-system', () => {
    expect(() => infisicalSecretManifest({ ...base, hostAPI: 'http://infisical/api', allowPlaintextHost: 'false' as never }))
      .toThrow('InfisicalSecret: allowPlaintextHost must be the boolean true to opt in, or false or unset; received a string "false".');
    expect(() => infisicalSecretManifest({ ...base, kubernetesAuth: { ...base.kubernetesAuth!, tokenAudiences: 'infisical' as never } }))
      .toThrow('InfisicalSecret: kubernetesAuth.tokenAudiences must be a list of audiences (non-empty strings); received a string "infisical" (wrap a single value in [ ]).');
    // eslint-disable-next-line no-sparse-arrays
    expect(() => infisicalSecretManifest({ ...base, kubernetesAuth: { ...base.kubernetesAuth!, tokenAudiences: [, 'a'] as never } }))
      .toThrow('InfisicalSecret: kubernetesAuth.tokenAudiences[0] is a hole in the list');
    expect(() => infisicalSecretManifest({ ...base, scope: null as never }))
      .toThrow('InfisicalSecret: scope must be the scope { projectSlug | projectId, envSlug, secretsPath? }; received null.');
    expect(() => infisicalSecretManifest({ ...base, target: null as never }))
      .toThrow('InfisicalSecret: target must be the Kubernetes Secret the operator writes { name, namespace?, type?, creationPolicy? }; received null.');
    expect(() => infisicalSecretManifest({ ...base, scope: { ...base.scope, recursive: 'yes' as never } }))
      .toThrow('InfisicalSecret: scope.recursive must be true or false; received a string "yes".');
    expect(() => infisicalSecretManifest({ ...base, kubernetesAuth: { ...base.kubernetesAuth!, serviceAccount: 'default' } }))
      .toThrow('InfisicalSecret: kubernetesAuth.serviceAccount "default" is the ServiceAccount of every pod');
    expect(() => infisicalSecretManifest({ ...base, kubernetesAuth: { ...base.kubernetesAuth!, serviceAccountNamespace: 'kube-system' } }))
      .toThrow('InfisicalSecret: kubernetesAuth.serviceAccountNamespace "kube-system" is the namespace of the cluster\'s own controllers');
    expect(infisicalSecretManifest({ ...base, kubernetesAuth: { ...base.kubernetesAuth!, serviceAccount: 'default' }, allowDefaultServiceAccount: true })
      .spec.authentication.kubernetesAuth!.serviceAccountRef.name).toBe('default');
    expect(() => infisicalSecretManifest(null as never)).toThrow('InfisicalSecret: options must be the InfisicalSecret options');
  });
});

/**
 * ESO ClusterExternalSecret, PushSecret and the Password / ECRAuthorizationToken generators wired into
 * ExternalSecret `dataFrom[].sourceRef.generatorRef` (issue 16). Every manifest is validated strictly
 * against the vendored v2.9.0 CRDs.
 */
import {
  ExternalSecretRefresh, ExternalSecretTemplate, clusterExternalSecretManifest, ecrAuthorizationTokenManifest,
  externalSecretManifest, passwordGeneratorManifest, pushSecretManifest,
} from '../../../src/core';
import { expectValidManifests } from '../../helpers/schema';

const css = { name: 'vault', kind: 'ClusterSecretStore' as const };
const data = [{ secretKey: 'password', remoteKey: 'prod/db', property: 'password' }];

describe('Password generator', () => {
  test('the default policy is strong and written explicitly', () => {
    const m = passwordGeneratorManifest({ name: 'db-password', namespace: 'payments' });
    expectValidManifests([m]);
    expect(m.apiVersion).toBe('generators.external-secrets.io/v1alpha1');
    expect(m.spec).toEqual({ length: 32, digits: 8, symbols: 8, noUpper: false, allowRepeat: true, secretKeys: ['password'], encoding: 'raw' });
  });

  test('refusals', () => {
    expect(() => passwordGeneratorManifest({ name: 'p', namespace: 'payments', length: 12 }))
      .toThrow('PasswordGenerator: length 12 is shorter than 20 characters; a generated password costs nothing to make long. Use 32 (the default), or set allowShortPassword: true for a system that cannot take more.');
    expect(() => passwordGeneratorManifest({ name: 'p', namespace: 'payments', length: 12, allowShortPassword: 'true' as never }))
      .toThrow('PasswordGenerator: allowShortPassword must be the boolean true to opt in');
    expect(passwordGeneratorManifest({ name: 'p', namespace: 'payments', length: 12, allowShortPassword: true }).spec.length).toBe(12);
    expect(() => passwordGeneratorManifest({ name: 'p', namespace: 'payments', length: 24, digits: 20, symbols: 10 }))
      .toThrow('PasswordGenerator: symbols 10 symbols and 20 digits exceed the length 24; go-password would fail to generate (ErrExceedsTotalLength).');
    expect(() => passwordGeneratorManifest({ name: 'p', namespace: 'payments', length: 64, digits: 12, allowRepeat: false }))
      .toThrow('PasswordGenerator: allowRepeat is false, but 12 digits exceed the 10 available without repetition; go-password would fail. Leave allowRepeat at true (the default).');
    expect(() => passwordGeneratorManifest({ name: 'p', namespace: 'payments', secretKeys: ['a', 'a'] }))
      .toThrow('PasswordGenerator: secretKeys names "a" twice; ESO refuses duplicate keys ("secretKeys must be non-empty and unique").');
    expect(() => passwordGeneratorManifest({ name: 'p', namespace: 'payments', symbolCharacters: '!!' }))
      .toThrow('PasswordGenerator: symbolCharacters "!!" must be at least 8 distinct symbol characters (no letters, digits or spaces).');
  });
});

describe('ECRAuthorizationToken generator (IRSA)', () => {
  test('JWT auth with the ServiceAccount of its namespace, no stored key', () => {
    const m = ecrAuthorizationTokenManifest({ name: 'ecr', namespace: 'payments', region: 'eu-west-1', serviceAccount: { serviceAccountName: 'ecr-pull', serviceAccountNamespace: 'payments' } });
    expectValidManifests([m]);
    expect(m.spec).toEqual({ region: 'eu-west-1', auth: { jwt: { serviceAccountRef: { name: 'ecr-pull' } } } });
  });

  test('refusals', () => {
    expect(() => ecrAuthorizationTokenManifest({ name: 'ecr', namespace: 'payments', region: 'eu-west-1', serviceAccount: 'default' }))
      .toThrow('EcrAuthorizationTokenGenerator: serviceAccount "default" is the ServiceAccount of every pod');
    expect(() => ecrAuthorizationTokenManifest({ name: 'ecr', namespace: 'payments', region: 'eu-west-1', serviceAccount: { serviceAccountName: 'x', serviceAccountNamespace: 'ops' } }))
      .toThrow('EcrAuthorizationTokenGenerator: serviceAccount "x" is in namespace "ops" but the generator is in "payments"; ESO uses a ServiceAccount of the generator\'s own namespace.');
    expect(() => ecrAuthorizationTokenManifest({ name: 'ecr', namespace: 'payments', region: 'eu-west-1', serviceAccount: 'x', role: 'admin' }))
      .toThrow('EcrAuthorizationTokenGenerator: role "admin" is not an IAM role ARN');
  });
});

describe('ExternalSecret with generators and refresh presets', () => {
  const pw = { kind: 'Password' as const, name: 'db-password', namespace: 'payments' };
  test('a Password generator with CreatedOnce needs no store', () => {
    const m = externalSecretManifest({ name: 'db', namespace: 'payments', dataFrom: [{ generator: pw }], ...ExternalSecretRefresh.createdOnce() });
    expectValidManifests([m]);
    expect(m.spec.secretStoreRef).toBeUndefined();
    expect(m.spec.refreshPolicy).toBe('CreatedOnce');
    expect(m.spec.dataFrom).toEqual([{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: 'db-password' } } }]);
  });

  test('a Password generator refreshed periodically is refused unless opted in', () => {
    expect(() => externalSecretManifest({ name: 'db', namespace: 'payments', dataFrom: [{ generator: pw }] }))
      .toThrow('ExternalSecret: refreshPolicy is Periodic (every 1h) with Password generator "db-password": ESO would generate a new password at every refresh, breaking whatever still uses the old one. Use ...ExternalSecretRefresh.createdOnce() (or onChange()), or set allowRegeneratingPassword: true.');
    expect(() => externalSecretManifest({ name: 'db', namespace: 'payments', dataFrom: [{ generator: pw }], allowRegeneratingPassword: 1 as never }))
      .toThrow('ExternalSecret: allowRegeneratingPassword must be the boolean true');
    expect(externalSecretManifest({ name: 'db', namespace: 'payments', dataFrom: [{ generator: pw }], allowRegeneratingPassword: true }).spec.refreshInterval).toBe('1h');
  });

  test('an ECR token must be refreshed within its 12 hours', () => {
    const ecr = { generatorRef: { kind: 'ECRAuthorizationToken' as const, name: 'ecr' } };
    const template = ExternalSecretTemplate.dockerConfigJson({ registry: '111122223333.dkr.ecr.eu-west-1.amazonaws.com', usernameKey: 'username', passwordKey: 'password' });
    const ok = externalSecretManifest({ name: 'pull', namespace: 'payments', dataFrom: [{ generator: ecr }], target: { template }, ...ExternalSecretRefresh.periodic('1h') });
    expectValidManifests([ok]);
    expect(() => externalSecretManifest({ name: 'pull', namespace: 'payments', dataFrom: [{ generator: ecr }], ...ExternalSecretRefresh.createdOnce() }))
      .toThrow('ExternalSecret: refreshInterval refreshPolicy "CreatedOnce" would let the token of ECRAuthorizationToken "ecr" expire: ECR tokens last 12 hours.');
    expect(() => externalSecretManifest({ name: 'pull', namespace: 'payments', dataFrom: [{ generator: ecr }], refreshInterval: '12h' }))
      .toThrow('ExternalSecret: refreshInterval "12h" would let the token');
  });

  test('generator, extract and find are exclusive; generators resolve in the ExternalSecret\'s namespace', () => {
    expect(() => externalSecretManifest({ name: 'db', namespace: 'payments', store: css, dataFrom: [{ generator: pw, extract: { key: 'a' } }] }))
      .toThrow('ExternalSecret: dataFrom[0] must have exactly one of extract, find and generator (ESO: "extract, find, or generatorRef cannot be set at the same time").');
    expect(() => externalSecretManifest({ name: 'db', namespace: 'orders', dataFrom: [{ generator: pw }], ...ExternalSecretRefresh.createdOnce() }))
      .toThrow('ExternalSecret: dataFrom[0].generator Password "db-password" is in namespace "payments" but the ExternalSecret is in "orders"');
    expect(() => externalSecretManifest({ name: 'db', namespace: 'payments', data, dataFrom: [{ generator: pw }] }))
      .toThrow('ExternalSecret: store is missing');
    expect(() => externalSecretManifest({ name: 'db', namespace: 'payments', dataFrom: [{ generator: { kind: 'Webhook', name: 'w' } as never }] }))
      .toThrow('ExternalSecret: dataFrom[0].generator.kind "Webhook" is not a generator kind this library writes');
  });

  test('presets', () => {
    expect(ExternalSecretRefresh.periodic('30m')).toEqual({ refreshPolicy: 'Periodic', refreshInterval: '30m' });
    expect(ExternalSecretRefresh.onChange()).toEqual({ refreshPolicy: 'OnChange', refreshInterval: '0s' });
    expect(() => ExternalSecretRefresh.periodic('0s')).toThrow('ExternalSecretRefresh.periodic: interval "0s" never refreshes');
  });
});

describe('ClusterExternalSecret', () => {
  const externalSecret = { store: css, data };
  test('namespaces by name and by a label you set', () => {
    const m = clusterExternalSecretManifest({ name: 'db', namespaces: ['payments'], namespaceSelectors: [{ matchLabels: { 'secrets.example.com/db': 'true' } }], externalSecret, refreshTime: '5m' });
    expectValidManifests([m]);
    expect(m.metadata).toEqual({ name: 'db' });
    expect(m.spec.namespaces).toEqual(['payments']);
    expect(m.spec.namespaceSelectors).toEqual([{ matchLabels: { 'secrets.example.com/db': 'true' } }]);
    expect(m.spec.externalSecretSpec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
    expect(m.spec.externalSecretSpec.target).toEqual({ name: 'db', creationPolicy: 'Owner' });
    expect(m.spec).not.toHaveProperty('namespaceSelector');
  });

  test('every namespace only with allowAllNamespaces: true', () => {
    expect(() => clusterExternalSecretManifest({ name: 'db', externalSecret }))
      .toThrow('ClusterExternalSecret: namespaces and namespaceSelectors are both empty: ESO would create the ExternalSecret in no namespace. Name the namespaces, select them by a label you set, or set allowAllNamespaces: true.');
    expect(() => clusterExternalSecretManifest({ name: 'db', namespaceSelectors: [{}], externalSecret }))
      .toThrow('ClusterExternalSecret: namespaceSelectors[0] {} matches every namespace');
    expect(() => clusterExternalSecretManifest({ name: 'db', namespaceSelectors: [{ matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }], externalSecret }))
      .toThrow('ClusterExternalSecret: namespaceSelectors[0] {"matchExpressions":[{"key":"team","operator":"DoesNotExist"}]} matches every namespace');
    expect(() => clusterExternalSecretManifest({ name: 'db', allowAllNamespaces: 'false' as never, externalSecret }))
      .toThrow('ClusterExternalSecret: allowAllNamespaces must be the boolean true to opt in, or false or unset; received a string "false".');
    const all = clusterExternalSecretManifest({ name: 'db', allowAllNamespaces: true, externalSecret });
    expectValidManifests([all]);
    expect(all.spec.namespaceSelectors).toEqual([{}]);
  });

  test('kube-system, namespaced stores and namespaced generators are refused', () => {
    expect(() => clusterExternalSecretManifest({ name: 'db', namespaces: ['payments', 'kube-system'], externalSecret }))
      .toThrow('ClusterExternalSecret: namespaces[1] "kube-system" is the namespace of the cluster\'s own controllers and add-ons');
    expect(() => clusterExternalSecretManifest({ name: 'db', namespaceSelectors: [{ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['kube-system'] }] }], externalSecret }))
      .toThrow('ClusterExternalSecret: namespaceSelectors[0] {"matchExpressions":[{"key":"kubernetes.io/metadata.name","operator":"In","values":["kube-system"]}]} matches "kube-system"');
    expect(() => clusterExternalSecretManifest({ name: 'db', namespaces: ['payments'], externalSecret: { store: { name: 's', kind: 'SecretStore', namespace: 'payments' }, data } }))
      .toThrow('ClusterExternalSecret: externalSecret.store SecretStore "s" is in namespace "payments"');
    expect(() => clusterExternalSecretManifest({ name: 'db', namespaces: ['payments'], externalSecret: { dataFrom: [{ generator: { kind: 'Password', name: 'p', namespace: 'payments' } }], refreshPolicy: 'CreatedOnce' } }))
      .toThrow('ClusterExternalSecret: externalSecret.dataFrom[0].generator Password "p" is namespaced (in "payments")');
  });

  test('the ExternalSecret rules apply (the same builder)', () => {
    expect(() => clusterExternalSecretManifest({ name: 'db', namespaces: ['payments'], externalSecret: { store: css, dataFrom: [{ find: { nameRegexp: '.*' } }] } }))
      .toThrow('ClusterExternalSecret: dataFrom[0].find.nameRegexp ".*" matches every secret name');
  });
});

describe('PushSecret', () => {
  const base = { name: 'push-db', namespace: 'payments', stores: [css], secret: 'db-credentials', data: [{ secretKey: 'password', remoteKey: 'payments/db', property: 'password' }], deletionPolicy: 'None' as const };
  test('one named Secret, named stores, explicit deletionPolicy', () => {
    const m = pushSecretManifest(base);
    expectValidManifests([m]);
    expect(m.apiVersion).toBe('external-secrets.io/v1alpha1');
    expect(m.spec).toEqual({
      refreshInterval: '1h',
      updatePolicy: 'Replace',
      deletionPolicy: 'None',
      secretStoreRefs: [{ name: 'vault', kind: 'ClusterSecretStore' }],
      selector: { secret: { name: 'db-credentials' } },
      data: [{ match: { secretKey: 'password', remoteRef: { remoteKey: 'payments/db', property: 'password' } } }],
    });
  });

  test('refusals', () => {
    expect(() => pushSecretManifest({ ...base, deletionPolicy: undefined as never }))
      .toThrow('PushSecret: deletionPolicy is missing; say what happens to the provider secrets when the PushSecret is deleted: "Delete" (remove them) or "None" (leave them).');
    expect(() => pushSecretManifest({ ...base, secret: { selector: { matchLabels: { a: 'b' } } } as never }))
      .toThrow('PushSecret: secret is a selector; a PushSecret here pushes exactly one Secret, named');
    expect(() => pushSecretManifest({ ...base, secret: { secretName: 'x', secretNamespace: 'ops' } }))
      .toThrow('PushSecret: secret "x" is in namespace "ops" but the PushSecret is in "payments"');
    expect(() => pushSecretManifest({ ...base, stores: [] }))
      .toThrow('PushSecret: stores is empty; name the store(s) to push to.');
    expect(() => pushSecretManifest({ ...base, data: [base.data[0], { secretKey: 'other', remoteKey: 'payments/db', property: 'password' }] }))
      .toThrow('PushSecret: data[1].remoteKey "payments/db" property "password" is already written by data[0]; two keys pushed to one place overwrite each other.');
    expect(() => pushSecretManifest({ ...base, stores: [{ name: 's', kind: 'SecretStore', namespace: 'ops' }] }))
      .toThrow('PushSecret: stores[0] SecretStore "s" is in namespace "ops" but the PushSecret is in "payments"');
  });
});

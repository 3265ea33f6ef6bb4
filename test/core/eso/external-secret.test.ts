import { ExternalSecretOptions, ExternalSecretTemplate, externalSecretManifest } from '../../../src/core';
import { checkGoDuration } from '../../../src/core/validate/duration';
import { expectValidManifests } from '../../helpers/schema';

const store = { name: 'aws-secrets-manager', kind: 'SecretStore' as const, namespace: 'payments' };
const base: ExternalSecretOptions = {
  name: 'postgres-credentials-sync',
  namespace: 'payments',
  store,
  target: { name: 'postgres-credentials' },
  data: [
    { secretKey: 'POSTGRES_USER', remoteKey: 'production/payments/postgres', property: 'username' },
    { secretKey: 'POSTGRES_PASSWORD', remoteKey: 'production/payments/postgres', property: 'password' },
  ],
};

describe('externalSecretManifest', () => {
  test('v1, store reference, refreshInterval 1h by default, target owned, data by property', () => {
    const es = externalSecretManifest(base);
    expect(es).toEqual({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'postgres-credentials-sync', namespace: 'payments' },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { name: 'aws-secrets-manager', kind: 'SecretStore' },
        target: { name: 'postgres-credentials', creationPolicy: 'Owner' },
        data: [
          { secretKey: 'POSTGRES_USER', remoteRef: { key: 'production/payments/postgres', property: 'username' } },
          { secretKey: 'POSTGRES_PASSWORD', remoteRef: { key: 'production/payments/postgres', property: 'password' } },
        ],
      },
    });
    expectValidManifests([es]);
  });

  test('target defaults to the ExternalSecret name; store objects with storeRef; all optional fields', () => {
    const es = externalSecretManifest({
      name: 'db',
      namespace: 'payments',
      store: { storeRef: { name: 'vault', kind: 'ClusterSecretStore' } },
      refreshInterval: '1h30m',
      refreshPolicy: 'OnChange',
      target: { deletionPolicy: 'Retain', creationPolicy: 'Merge', immutable: false, type: 'kubernetes.io/basic-auth' },
      data: [{ secretKey: 'username', remoteKey: 'db', property: 'user', version: 'AWSCURRENT', decodingStrategy: 'None' }],
      labels: { team: 'payments' },
    });
    expect(es.metadata.labels).toEqual({ team: 'payments' });
    expect(es.spec).toEqual({
      refreshInterval: '1h30m',
      refreshPolicy: 'OnChange',
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      target: { name: 'db', creationPolicy: 'Merge', deletionPolicy: 'Retain', immutable: false, template: { engineVersion: 'v2', type: 'kubernetes.io/basic-auth' } },
      data: [{ secretKey: 'username', remoteRef: { key: 'db', property: 'user', version: 'AWSCURRENT', decodingStrategy: 'None' } }],
    });
    expectValidManifests([es]);
  });

  test('dataFrom extract and a narrowed find', () => {
    const es = externalSecretManifest({
      name: 'bulk',
      namespace: 'payments',
      store,
      dataFrom: [
        { extract: { key: 'production/payments/config', decodingStrategy: 'Auto' } },
        { find: { path: 'production/payments/', nameRegexp: '^feature-', tags: { team: 'payments' } } },
      ],
    });
    expect((es.spec as any).dataFrom).toEqual([
      { extract: { key: 'production/payments/config', decodingStrategy: 'Auto' } },
      { find: { name: { regexp: '^feature-' }, path: 'production/payments/', tags: { team: 'payments' } } },
    ]);
    expect((es.spec as any).data).toBeUndefined();
    expectValidManifests([es]);
  });

  test.each<[string, ExternalSecretTemplate, any[], any]>([
    ['dockerconfigjson', ExternalSecretTemplate.dockerConfigJson({ registry: 'registry.example.com', usernameKey: 'user', passwordKey: 'token' }),
      [{ secretKey: 'user', remoteKey: 'r', property: 'u' }, { secretKey: 'token', remoteKey: 'r', property: 't' }],
      {
        engineVersion: 'v2',
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': '{"auths":{"registry.example.com":{"username":{{ .user | toJson }},"password":{{ .token | toJson }},"auth":{{ printf "%s:%s" .user .token | b64enc | toJson }}}}}' },
      }],
    ['tls with ca and a key that needs index', ExternalSecretTemplate.tls({ certKey: 'tls-cert', keyKey: 'key', caKey: 'ca' }),
      [{ secretKey: 'tls-cert', remoteKey: 'c' }, { secretKey: 'key', remoteKey: 'k' }, { secretKey: 'ca', remoteKey: 'ca' }],
      { engineVersion: 'v2', type: 'kubernetes.io/tls', data: { 'tls.crt': '{{ (index . "tls-cert") }}', 'tls.key': '{{ .key }}', 'ca.crt': '{{ .ca }}' } }],
    ['basic-auth with metadata', ExternalSecretTemplate.basicAuth({ usernameKey: 'u', passwordKey: 'p', labels: { app: 'x' }, annotations: { note: 'managed' } }),
      [{ secretKey: 'u', remoteKey: 'r' }, { secretKey: 'p', remoteKey: 'r2' }],
      { engineVersion: 'v2', type: 'kubernetes.io/basic-auth', data: { username: '{{ .u }}', password: '{{ .p }}' }, metadata: { labels: { app: 'x' }, annotations: { note: 'managed' } } }],
    ['opaque with a rendered key', ExternalSecretTemplate.opaque({ DATABASE_URL: 'postgres://{{ .u }}:{{ .p }}@db/app' }),
      [{ secretKey: 'u', remoteKey: 'r' }, { secretKey: 'p', remoteKey: 'r2' }],
      { engineVersion: 'v2', type: 'Opaque', data: { DATABASE_URL: 'postgres://{{ .u }}:{{ .p }}@db/app' } }],
  ])('typed template: %s', (_, template, data, expected) => {
    const es = externalSecretManifest({ name: 't', namespace: 'payments', store, target: { template }, data });
    expect((es.spec as any).target.template).toEqual(expected);
    expectValidManifests([es]);
  });

  test('Go durations', () => {
    for (const ok of ['0', '0s', '1h', '15m', '1h30m', '1.5h', '300ms', '10s']) {
      expect(checkGoDuration('X', 'refreshInterval', ok)).toBe(ok);
    }
    for (const bad of ['1 hour', '1d', '-1h', '', 'h', '1H', '60']) {
      expect(() => checkGoDuration('X', 'refreshInterval', bad)).toThrow(`X: refreshInterval ${JSON.stringify(bad)} is not a Go duration; use e.g. "1h", "15m", "1h30m" or "0s" (read once).`);
    }
  });

  test.each<[string, Partial<ExternalSecretOptions>, string]>([
    ['an invalid duration', { refreshInterval: '1 day' },
      'ExternalSecret: refreshInterval "1 day" is not a Go duration; use e.g. "1h", "15m", "1h30m" or "0s" (read once).'],
    ['a bad secretKey', { data: [{ secretKey: 'POSTGRES USER', remoteKey: 'r' }] },
      'ExternalSecret: data[0].secretKey "POSTGRES USER" is not a valid Secret key; use letters, digits, \'-\', \'_\' and \'.\' only (^[-._a-zA-Z0-9]+$, at most 253 characters).'],
    ['a duplicate secretKey', { data: [{ secretKey: 'A', remoteKey: 'r' }, { secretKey: 'B', remoteKey: 'r' }, { secretKey: 'A', remoteKey: 's' }] },
      'ExternalSecret: data[2].secretKey "A" is already used by data[0]; each key of the target Secret must be fetched once.'],
    ['a namespaced store in another namespace', { store: { name: 'aws', kind: 'SecretStore', namespace: 'orders' } },
      'ExternalSecret: store SecretStore "aws" is in namespace "orders" but the ExternalSecret is in "payments"; a SecretStore serves only its own namespace. Create a SecretStore in "payments" or use a ClusterSecretStore that allows it.'],
    ['neither data nor dataFrom', { data: [], dataFrom: undefined },
      'ExternalSecret: data and dataFrom are both empty; list the keys to fetch in data (or dataFrom for bulk extract/find).'],
    ['an unrestricted find', { data: undefined, dataFrom: [{ find: {} }] },
      'ExternalSecret: dataFrom[0].find matches every secret the store can read; narrow it with nameRegexp, path or tags.'],
    ['extract and find together', { data: undefined, dataFrom: [{ extract: { key: 'a' }, find: { path: 'b' } }] },
      'ExternalSecret: dataFrom[0] must have exactly one of extract, find and generator (ESO: "extract, find, or generatorRef cannot be set at the same time").'],
    ['a missing remoteKey', { data: [{ secretKey: 'A', remoteKey: '' }] },
      'ExternalSecret: data[0].remoteKey "" must be a non-empty string.'],
    ['a bad store kind', { store: { name: 'x', kind: 'Vault' as any } },
      'ExternalSecret: store.kind "Vault" is not a store kind; use "SecretStore" or "ClusterSecretStore".'],
    ['a bad refreshPolicy', { refreshPolicy: 'Always' as any },
      'ExternalSecret: refreshPolicy "Always" is not valid; use "Periodic", "OnChange" or "CreatedOnce".'],
    ['a bad creationPolicy', { target: { creationPolicy: 'Create' as any } },
      'ExternalSecret: target.creationPolicy "Create" is not valid; use "Owner", "Orphan", "Merge", "None" or "CreateOrMerge".'],
    ['a template reading a key that is not fetched', { target: { template: ExternalSecretTemplate.basicAuth({ usernameKey: 'POSTGRES_USER', passwordKey: 'PASSWORD' }) } },
      'ExternalSecret: target.template uses key "PASSWORD", which no data[] entry fetches (fetched: "POSTGRES_USER", "POSTGRES_PASSWORD").'],
    ['a type contradicting the template', { target: { type: 'Opaque', template: ExternalSecretTemplate.tls({ certKey: 'POSTGRES_USER', keyKey: 'POSTGRES_PASSWORD' }) } },
      'ExternalSecret: target.type "Opaque" contradicts the template\'s type "kubernetes.io/tls"; set one of them.'],
    ['an invalid decodingStrategy', { data: [{ secretKey: 'A', remoteKey: 'r', decodingStrategy: 'Hex' as any }] },
      'ExternalSecret: data[0].decodingStrategy "Hex" is not valid; use one of "Auto", "Base64", "Base64URL", "None".'],
    ['an invalid target name', { target: { name: 'Postgres_Credentials' } },
      'ExternalSecret: target.name "Postgres_Credentials" is not a valid Secret name: use a DNS-1123 subdomain (lower-case letters, digits, \'-\' and \'.\', starting and ending with a letter or digit, at most 253 characters).'],
  ])('refuses %s', (_, override, message) => {
    expect(() => externalSecretManifest({ ...base, ...override })).toThrow(message);
  });

  test.each<[string, () => unknown, string]>([
    ['a registry with quotes', () => ExternalSecretTemplate.dockerConfigJson({ registry: 'a"b', usernameKey: 'u', passwordKey: 'p' }),
      'ExternalSecretTemplate.dockerConfigJson: registry "a\\"b" is not a registry host; expected e.g. "registry.example.com".'],
    ['a template key that is not a Secret key', () => ExternalSecretTemplate.opaque({ 'my key': '{{ .a }}' }),
      'ExternalSecretTemplate: data["my key"] "my key" is not a valid Secret key; use letters, digits, \'-\', \'_\' and \'.\' only (^[-._a-zA-Z0-9]+$, at most 253 characters).'],
  ])('templates refuse %s', (_, build, message) => {
    expect(build).toThrow(message);
  });
});

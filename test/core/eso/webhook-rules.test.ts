/**
 * What ESO v2.9's admission webhook (and, since v2.9, its controller) refuses in an ExternalSecret,
 * ported from external-secrets/external-secrets `apis/externalsecrets/v1/externalsecret_validator.go`
 * (tag v2.9.0, 378bdb622ed9712ef4a58370f6a17af033b7d343): `validatePolicies`, `validatePrivilegedTemplate`
 * (also called by `ValidateSecretTemplate` from `pkg/controllers/externalsecret/externalsecret_controller_template.go`),
 * plus what the API server refuses for the Secret ESO would write (kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go`, `ValidateSecret`).
 */
import { ExternalSecretOptions, ExternalSecretTarget, ExternalSecretTemplate, externalSecretManifest } from '../../../src/core';
import { expectValidManifests } from '../../helpers/schema';

const base: ExternalSecretOptions = {
  name: 'db',
  namespace: 'payments',
  store: { name: 'aws', kind: 'SecretStore' },
  data: [{ secretKey: 'password', remoteKey: 'prod/db', property: 'password' }],
};
const withTarget = (target: ExternalSecretTarget, extra: Partial<ExternalSecretOptions> = {}) =>
  externalSecretManifest({ ...base, ...extra, target });

type Creation = NonNullable<ExternalSecretTarget['creationPolicy']>;
type Deletion = NonNullable<ExternalSecretTarget['deletionPolicy']>;
const CREATION: Creation[] = ['Owner', 'Orphan', 'Merge', 'None', 'CreateOrMerge'];
const DELETION: Deletion[] = ['Delete', 'Merge', 'Retain'];

/** validatePolicies, as written in the Go source. */
function webhookRefuses(creation: Creation, deletion: Deletion): boolean {
  if (deletion === 'Delete' && (creation === 'Merge' || creation === 'None' || creation === 'CreateOrMerge')) {
    return true;
  }
  return deletion === 'Merge' && creation === 'None';
}

describe('creationPolicy x deletionPolicy (validatePolicies)', () => {
  const pairs = CREATION.flatMap(c => DELETION.map(d => [c, d] as const));
  test.each(pairs)('%s / %s: refused exactly when the webhook refuses it', (creationPolicy, deletionPolicy) => {
    const build = () => withTarget({ creationPolicy, deletionPolicy });
    if (webhookRefuses(creationPolicy, deletionPolicy)) {
      expect(build).toThrow('ExternalSecret: target.deletionPolicy ');
    } else {
      const es = build();
      expect(es.spec.target).toEqual({ name: 'db', creationPolicy, deletionPolicy });
      expectValidManifests([es]);
    }
  });

  test('the messages', () => {
    expect(() => withTarget({ creationPolicy: 'Merge', deletionPolicy: 'Delete' })).toThrow('ExternalSecret: target.deletionPolicy "Delete" needs a Secret that ESO owns, but creationPolicy is "Merge"; ESO\'s webhook refuses this pair (deletionPolicy=Delete must not be used when the controller doesn\'t own the secret). Use creationPolicy "Owner", or deletionPolicy "Retain" or "Merge".');
    expect(() => withTarget({ creationPolicy: 'None', deletionPolicy: 'Delete' })).toThrow('ExternalSecret: target.deletionPolicy "Delete" needs a Secret that ESO owns, but creationPolicy is "None"; ESO\'s webhook refuses this pair (deletionPolicy=Delete must not be used when the controller doesn\'t own the secret). Use creationPolicy "Owner", or deletionPolicy "Retain".');
    expect(() => withTarget({ creationPolicy: 'CreateOrMerge', deletionPolicy: 'Delete' })).toThrow('but creationPolicy is "CreateOrMerge"');
    expect(() => withTarget({ creationPolicy: 'None', deletionPolicy: 'Merge' })).toThrow('ExternalSecret: target.deletionPolicy "Merge" cannot be used with creationPolicy "None": there is no Secret to merge with, and ESO\'s webhook refuses this pair. Use deletionPolicy "Retain", or a creationPolicy that writes a Secret.');
  });

  test('CreateOrMerge is served by the v2.9 CRD and accepted (Owner stays the default)', () => {
    const es = withTarget({ creationPolicy: 'CreateOrMerge' });
    expect(es.spec.target.creationPolicy).toBe('CreateOrMerge');
    expectValidManifests([es]);
    expect(externalSecretManifest(base).spec.target.creationPolicy).toBe('Owner');
    // Delete with the default creationPolicy (Owner) is fine.
    expect(withTarget({ deletionPolicy: 'Delete' }).spec.target).toEqual({ name: 'db', creationPolicy: 'Owner', deletionPolicy: 'Delete' });
  });
});

describe('Secret types (validatePrivilegedTemplate and the API server)', () => {
  test('kubernetes.io/bootstrap-token is refused', () => {
    expect(() => withTarget({ type: 'kubernetes.io/bootstrap-token' })).toThrow('ExternalSecret: target.type "kubernetes.io/bootstrap-token" is refused by ESO\'s webhook (template.type "kubernetes.io/bootstrap-token" is not allowed): a bootstrap token lets its reader join nodes to the cluster, beyond the RBAC of whoever writes the ExternalSecret. Create bootstrap tokens with kubeadm instead.');
  });

  test('kubernetes.io/service-account-token can never be written: webhook refuses the annotation, API server requires it', () => {
    expect(() => withTarget({ type: 'kubernetes.io/service-account-token' })).toThrow('ExternalSecret: target.type "kubernetes.io/service-account-token" cannot be written: the API server requires the annotation "kubernetes.io/service-account.name" on such a Secret, and ESO\'s webhook refuses a template that sets it (a long-lived token beyond the ServiceAccount\'s RBAC). Use an Opaque Secret, or a TokenRequest (projected token) for ServiceAccount tokens.');
  });

  test.each<[string, string[], string]>([
    ['kubernetes.io/tls', ['tls.crt'], 'needs the keys "tls.crt" and "tls.key" in the Secret (the API server refuses it otherwise), but the Secret would have "tls.crt"'],
    ['kubernetes.io/basic-auth', ['user'], 'needs the key "username" or "password" in the Secret (the API server refuses it otherwise), but the Secret would have "user"'],
    ['kubernetes.io/ssh-auth', ['key'], 'needs the key "ssh-privatekey" in the Secret'],
    ['kubernetes.io/dockerconfigjson', ['config.json'], 'needs the key ".dockerconfigjson" in the Secret'],
    ['kubernetes.io/dockercfg', ['cfg'], 'needs the key ".dockercfg" in the Secret'],
  ])('%s without its required keys is refused', (type, keys, detail) => {
    const data = keys.map(secretKey => ({ secretKey, remoteKey: 'r' }));
    expect(() => withTarget({ type }, { data })).toThrow(`ExternalSecret: target.type ${JSON.stringify(type)} ${detail}`);
  });

  test('the required keys present, or unknown (dataFrom), or a custom type: accepted', () => {
    const tls = withTarget({ type: 'kubernetes.io/tls' }, { data: [{ secretKey: 'tls.crt', remoteKey: 'c' }, { secretKey: 'tls.key', remoteKey: 'k' }] });
    expect(tls.spec.target.template).toEqual({ engineVersion: 'v2', type: 'kubernetes.io/tls' });
    const unknown = withTarget({ type: 'kubernetes.io/tls' }, { data: undefined, dataFrom: [{ extract: { key: 'app/tls' } }] });
    const custom = withTarget({ type: 'example.com/custom' });
    expectValidManifests([tls, unknown, custom]);
  });

  test('a template\'s own keys count, not the fetched ones', () => {
    const template = ExternalSecretTemplate.tls({ certKey: 'crt', keyKey: 'key' });
    const es = withTarget({ template }, { data: [{ secretKey: 'crt', remoteKey: 'c' }, { secretKey: 'key', remoteKey: 'k' }] });
    expect(Object.keys(es.spec.target.template!.data!)).toEqual(['tls.crt', 'tls.key']);
  });
});

describe('the rest of validateExternalSecret', () => {
  test('either data or dataFrom, duplicate keys, extract and find at once', () => {
    expect(() => externalSecretManifest({ ...base, data: [] })).toThrow('ExternalSecret: data and dataFrom are both empty');
    expect(() => externalSecretManifest({ ...base, data: [{ secretKey: 'a', remoteKey: 'x' }, { secretKey: 'a', remoteKey: 'y' }] })).toThrow('ExternalSecret: data[1].secretKey "a" is already used by data[0]');
    expect(() => externalSecretManifest({ ...base, data: undefined, dataFrom: [{ extract: { key: 'a' }, find: { path: 'b' } }] })).toThrow('ExternalSecret: dataFrom[0] must have exactly one of extract, find and generator (ESO: "extract, find, or generatorRef cannot be set at the same time").');
  });
});

import {
  AuditRule, EncryptionConfigurationOptions, auditPolicy, encryptionConfiguration, encryptionConfigurationHasKeys, generateEncryptionKey,
} from '../../../src/core';
import { auditBodyLeaks } from '../../../src/core/cluster/apiserver-config';

const KMS = { name: 'aws-kms', endpoint: 'unix:///var/run/kmsplugin/socket.sock' };
const FAKE_KEY = Buffer.alloc(32, 7).toString('base64'); // obviously fake key material
const quiet = { onWarning: () => undefined };

function refuses(options: EncryptionConfigurationOptions, message: string): void {
  expect(() => encryptionConfiguration({ ...quiet, ...options })).toThrow(message);
  try {
    encryptionConfiguration({ ...quiet, ...options });
  } catch (e) {
    expect((e as Error).message).toBe(message);
  }
}

describe('encryptionConfiguration', () => {
  test('the issue usage: KMS v2 first with apiVersion v2 written explicitly, secrets only, no cachesize', () => {
    const enc = encryptionConfiguration({ kms: KMS });
    expect(enc).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{
        resources: ['secrets'],
        providers: [{ kms: { apiVersion: 'v2', name: 'aws-kms', endpoint: 'unix:///var/run/kmsplugin/socket.sock', timeout: '3s' } }],
      }],
    });
    expect(Object.keys(enc.resources[0].providers[0])).toEqual(['kms']);
    expect(encryptionConfigurationHasKeys(enc)).toBe(false);
  });

  test('configmaps opt-in, custom timeout, several KMS providers (key rotation between plugins)', () => {
    const enc = encryptionConfiguration({
      providers: [{ kms: { ...KMS, timeout: '10s' } }, { kms: { name: 'aws-kms-old', endpoint: 'unix:///var/run/kmsplugin/old.sock' } }],
      includeConfigMaps: true,
    });
    expect(enc.resources[0].resources).toEqual(['secrets', 'configmaps']);
    expect(enc.resources[0].providers.map(p => (p.kms as any).name)).toEqual(['aws-kms', 'aws-kms-old']);
    expect((enc.resources[0].providers[0].kms as any).timeout).toBe('10s');
  });

  test('identity first is refused, even with the migration opt-in', () => {
    const message = 'encryptionConfiguration: providers[0] is identity first, which writes every Secret unencrypted; put an encrypting provider (kms v2) first. identity may only be the last provider (to read data written before encryption), with allowIdentityForMigration: true.';
    refuses({ providers: [{ identity: {} }, { kms: KMS }], allowIdentityForMigration: true }, message);
    refuses({ providers: [{ identity: {} }], allowIdentityForMigration: true }, message);
  });

  test('identity in the middle is refused', () => {
    refuses(
      { providers: [{ kms: KMS }, { identity: {} }, { secretbox: { keys: [{ name: 'key1', secret: FAKE_KEY }] } }], allowIdentityForMigration: true },
      'encryptionConfiguration: providers[1] is identity in the middle of the list; identity may only be the last provider (to read data written before encryption), with allowIdentityForMigration: true.',
    );
  });

  test('identity last needs the migration opt-in, and then warns', () => {
    refuses(
      { providers: [{ kms: KMS }, { identity: {} }] },
      'encryptionConfiguration: providers[1] is identity, which reads unencrypted data; it is only for migrating existing Secrets: set allowIdentityForMigration: true, rewrite all Secrets, then remove it.',
    );
    const warnings: string[] = [];
    const onWarning = (w: string) => warnings.push(w);
    const enc = encryptionConfiguration({ providers: [{ kms: KMS }, { identity: {} }], allowIdentityForMigration: true, onWarning });
    expect(enc.resources[0].providers).toEqual([expect.objectContaining({ kms: expect.objectContaining({ apiVersion: 'v2' }) }), { identity: {} }]);
    expect(warnings).toEqual(['encryptionConfiguration: identity is the last provider; rewrite all Secrets (kubectl get secrets -A -o json | kubectl replace -f -) and then remove it.']);
  });

  test('KMS v2 rules: name without ":", unique names, unix endpoint, no cachesize; errors name option and value', () => {
    refuses({ kms: { ...KMS, name: 'aws:kms' } }, 'encryptionConfiguration: kms.name "aws:kms" is not a KMS v2 provider name; it must be non-empty and contain no ":".');
    refuses({ kms: { ...KMS, name: '' } }, 'encryptionConfiguration: kms.name "" is not a KMS v2 provider name; it must be non-empty and contain no ":".');
    refuses({ providers: [{ kms: KMS }, { kms: { ...KMS, endpoint: 'unix:///other.sock' } }] }, 'encryptionConfiguration: providers[1].kms.name "aws-kms" is used twice; KMS v2 provider names must be unique.');
    refuses({ kms: { ...KMS, endpoint: 'tcp://10.0.0.1:8080' } }, 'encryptionConfiguration: kms.endpoint "tcp://10.0.0.1:8080" is not a unix socket endpoint; expected e.g. "unix:///var/run/kmsplugin/socket.sock".');
    refuses({ kms: { ...KMS, cachesize: 1000 } as any }, 'encryptionConfiguration: kms.cachesize 1000 is not allowed with KMS v2 (the API server rejects any cachesize); remove it.');
    refuses({ kms: { ...KMS, timeout: 'soon' } }, 'encryptionConfiguration: kms.timeout "soon" is not a Go duration; use e.g. "3s" or "10s".');
    refuses({}, 'encryptionConfiguration: providers is empty; give a KMS v2 provider (kms: { name, endpoint: "unix:///..." }), the recommended option.');
    refuses({ kms: KMS, providers: [{ kms: KMS }] }, 'encryptionConfiguration: kms and providers are both set; put the KMS provider into providers.');
    refuses({ providers: [{ kms: KMS, secretbox: { keys: [] } }] }, 'encryptionConfiguration: providers[0] must set exactly one of kms, secretbox, aesgcm, aescbc, identity (found kms, secretbox).');
  });

  test('secretbox and aesgcm with their upstream warnings; aescbc only with the opt-in', () => {
    const warnings: string[] = [];
    const onWarning = (w: string) => warnings.push(w);
    const box = encryptionConfiguration({ providers: [{ secretbox: { keys: [{ name: 'key1', secret: FAKE_KEY }] } }], onWarning });
    expect(box.resources[0].providers).toEqual([{ secretbox: { keys: [{ name: 'key1', secret: FAKE_KEY }] } }]);
    expect(encryptionConfigurationHasKeys(box)).toBe(true);
    encryptionConfiguration({ providers: [{ aesgcm: { keys: [{ name: 'key1', secret: FAKE_KEY }] } }], onWarning });
    expect(warnings).toEqual([
      'encryptionConfiguration: secretbox keeps the key on the control-plane disk, next to the data; kms v2 keeps it in an external KMS.',
      'encryptionConfiguration: aesgcm is only safe with automated key rotation (nonces repeat after about 2^32 writes with one key); prefer kms v2 or secretbox.',
    ]);
    refuses(
      { providers: [{ aescbc: { keys: [{ name: 'key1', secret: FAKE_KEY }] } }] },
      'encryptionConfiguration: providers[0] is aescbc, which upstream rates weak (vulnerable to padding-oracle attacks); use kms (v2) or secretbox, or set allowAescbc: true.',
    );
    warnings.length = 0;
    const cbc = encryptionConfiguration({ providers: [{ kms: KMS }, { aescbc: { keys: [{ name: 'old', secret: FAKE_KEY }] } }], allowAescbc: true, onWarning });
    expect(Object.keys(cbc.resources[0].providers[1])).toEqual(['aescbc']);
    expect(warnings).toEqual(['encryptionConfiguration: aescbc is weak (padding oracle); prefer kms v2 or secretbox.']);
  });

  test('key checks never echo the key', () => {
    const short = Buffer.alloc(16, 1).toString('base64');
    refuses({ providers: [{ secretbox: { keys: [{ name: 'key1', secret: short }] } }] }, 'encryptionConfiguration: providers[0].secretbox.keys[0].secret is not base64 of 32 bytes (the value is not echoed); generate one with generateEncryptionKey().');
    expect(() => encryptionConfiguration({ ...quiet, providers: [{ aesgcm: { keys: [{ name: 'key1', secret: short }] } }] })).not.toThrow();
    refuses({ providers: [{ secretbox: { keys: [] } }] }, 'encryptionConfiguration: providers[0].secretbox.keys is empty; secretbox needs at least one key (generateEncryptionKey(), or the CLI\'s --generate-key).');
    refuses(
      { providers: [{ secretbox: { keys: [{ name: 'k', secret: FAKE_KEY }, { name: 'k', secret: FAKE_KEY }] } }] },
      'encryptionConfiguration: providers[0].secretbox.keys[1].name "k" must be a unique name of letters, digits, \'.\', \'_\' or \'-\'.',
    );
  });

  test('opt-ins only for the boolean true; lists and objects checked (issue 11)', () => {
    refuses({ providers: [{ aescbc: { keys: [{ name: 'key1', secret: FAKE_KEY }] } }], allowAescbc: 'false' as unknown as boolean },
      'encryptionConfiguration: allowAescbc must be the boolean true to opt in, or false or unset; received a string "false". Loosening options are never read from other types (a string "false" from a config file would otherwise turn them on): convert the value to a boolean first.');
    refuses({ providers: [{ kms: KMS }, { identity: {} }], allowIdentityForMigration: 1 as unknown as boolean },
      'encryptionConfiguration: allowIdentityForMigration must be the boolean true to opt in, or false or unset; received a number 1. Loosening options are never read from other types (a string "false" from a config file would otherwise turn them on): convert the value to a boolean first.');
    refuses({ kms: KMS, includeConfigMaps: 'yes' as unknown as boolean }, 'encryptionConfiguration: includeConfigMaps must be true or false; received a string "yes".');
    refuses({ providers: { kms: KMS } as unknown as [] }, 'encryptionConfiguration: providers must be a list of an encryption provider ({ kms } or { secretbox }, ...); received an object.');
    // eslint-disable-next-line no-sparse-arrays
    refuses({ providers: [, { kms: KMS }] as unknown as [] }, 'encryptionConfiguration: providers[0] is a hole in the list; every entry of providers must be an encryption provider ({ kms } or { secretbox }, ...).');
    refuses({ providers: [{ secretbox: { keys: 'key1' as unknown as [] } }] }, 'encryptionConfiguration: providers[0].secretbox.keys must be a list of a key ({ name, secret }); received a string "key1" (wrap a single value in [ ]).');
    refuses({ kms: 'aws-kms' as unknown as typeof KMS }, 'encryptionConfiguration: kms must be a KMS v2 provider ({ name, endpoint, timeout? }); received a string.');
    expect(() => encryptionConfiguration({ kms: KMS, onWarning: 'log' as unknown as () => void })).toThrow('encryptionConfiguration: onWarning must be a function that receives each warning; received a string.');
  });

  test('generateEncryptionKey: 32 random bytes from node:crypto, base64', () => {
    const a = generateEncryptionKey();
    const b = generateEncryptionKey();
    expect(Buffer.from(a, 'base64')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  test('the default warning goes to process.emitWarning', () => {
    const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      encryptionConfiguration({ providers: [{ aesgcm: { keys: [{ name: 'key1', secret: FAKE_KEY }] } }] });
      expect(spy).toHaveBeenCalledWith(expect.stringContaining('aesgcm is only safe with automated key rotation'), 'KubeSecureSecretsWarning');
    } finally {
      spy.mockRestore();
    }
  });
});

describe('auditPolicy', () => {
  test('the issue usage: secrets, configmaps, TokenRequests and tokenreviews at Metadata first, RequestReceived omitted, catch-all last', () => {
    const policy = auditPolicy({});
    expect(policy.apiVersion).toBe('audit.k8s.io/v1');
    expect(policy.kind).toBe('Policy');
    expect(policy.omitStages).toEqual(['RequestReceived']);
    // Issue 10: serviceaccounts/token joins the Metadata rule (TokenRequest responses carry bearer tokens),
    // as in the upstream policy (kubernetes/kubernetes cluster/gce/gci/configure-helper.sh).
    expect(policy.rules[0]).toEqual({
      level: 'Metadata',
      resources: [{ group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] }, { group: 'authentication.k8s.io', resources: ['tokenreviews'] }],
    });
    expect(policy.rules[policy.rules.length - 1]).toEqual({ level: 'Metadata' });
  });

  test('no rule before the Secrets rule matches secrets, and no rule anywhere records bodies of sensitive resources', () => {
    const policy = auditPolicy({ defaultLevel: 'RequestResponse', extraRules: [{ level: 'Request', resources: [{ group: 'apps', resources: ['deployments'] }] }] });
    const firstSecretsRule = policy.rules.findIndex(r => (r.resources as any[] | undefined)?.some(g => g.group === '' && (g.resources === undefined || g.resources.includes('secrets'))) || r.resources === undefined);
    expect(firstSecretsRule).toBe(0);
    expect(policy.rules[0].level).toBe('Metadata');
    // The catch-all is broader; it comes after.
    expect(policy.rules.at(-1)).toEqual({ level: 'RequestResponse' });
  });

  test('read-only system noise at None (kube-proxy watches, node gets, health checks, events)', () => {
    const policy = auditPolicy();
    const none = policy.rules.filter(r => r.level === 'None');
    expect(none).toContainEqual({ level: 'None', nonResourceURLs: ['/healthz*', '/livez*', '/readyz*', '/version', '/metrics'] });
    expect(none).toContainEqual({ level: 'None', users: ['system:kube-proxy'], verbs: ['watch'], resources: [{ group: '', resources: ['endpoints', 'services', 'services/status'] }, { group: 'discovery.k8s.io', resources: ['endpointslices'] }] });
    expect(none.every(r => r.verbs === undefined || (r.verbs as string[]).every(v => ['get', 'watch', 'update'].includes(v)))).toBe(true);
    expect(auditPolicy({ keepSystemNoise: true }).rules).toEqual([policy.rules[0], { level: 'Metadata' }]);
  });

  test('RequestResponse (or Request, or None) for secrets is refused', () => {
    expect(() => auditPolicy({ secretsLevel: 'RequestResponse' })).toThrow(
      'auditPolicy: secretsLevel "RequestResponse" is refused: the API server does not redact Secret bodies, so Request/RequestResponse would write Secret values into the audit log; Secrets, ConfigMaps and TokenReviews are audited at Metadata (who, what, when).',
    );
    expect(() => auditPolicy({ secretsLevel: 'Request' })).toThrow('auditPolicy: secretsLevel "Request" is refused');
    expect(() => auditPolicy({ secretsLevel: 'None' })).toThrow('auditPolicy: secretsLevel "None" is refused: None would leave Secret access unaudited; Secrets, ConfigMaps and TokenReviews are audited at Metadata (who, what, when).');
    expect(() => auditPolicy({ secretsLevel: 'Verbose' as any })).toThrow('auditPolicy: secretsLevel "Verbose" is not an audit level; Secrets, ConfigMaps and TokenReviews are audited at "Metadata".');
  });

  test('extra rules asking for bodies of secrets are refused; other extra rules go before the catch-all', () => {
    const refused = 'auditPolicy: extraRules[0] asks for RequestResponse on Secrets, ConfigMaps or TokenReviews; that would write their values into the audit log (the API server does not redact them), so it is refused. Those resources stay at Metadata.';
    expect(() => auditPolicy({ extraRules: [{ level: 'RequestResponse', resources: [{ group: '', resources: ['secrets'] }] }] })).toThrow(refused);
    expect(() => auditPolicy({ extraRules: [{ level: 'RequestResponse', resources: [{ group: '' }] }] })).toThrow(refused);
    expect(() => auditPolicy({ extraRules: [{ level: 'Request', resources: [{ group: 'authentication.k8s.io' }] }] })).toThrow('auditPolicy: extraRules[0] asks for Request on Secrets');
    expect(() => auditPolicy({ extraRules: [{ level: 'Loud' as any }] })).toThrow('auditPolicy: extraRules[0].level "Loud" is not an audit level; use "None", "Metadata", "Request", "RequestResponse".');
    expect(() => auditPolicy({ defaultLevel: 'Loud' as any })).toThrow('auditPolicy: defaultLevel "Loud" is not an audit level; use "None", "Metadata", "Request", "RequestResponse".');
    const policy = auditPolicy({ extraRules: [{ level: 'RequestResponse', verbs: ['create', 'update', 'patch', 'delete'], resources: [{ group: 'rbac.authorization.k8s.io' }] }] });
    expect(policy.rules.at(-2)).toEqual({ level: 'RequestResponse', verbs: ['create', 'update', 'patch', 'delete'], resources: [{ group: 'rbac.authorization.k8s.io' }] });
  });

  describe('evaluated as the API server does (port of k8s.io/apiserver v0.36 pkg/audit/policy/checker.go)', () => {
    const LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const;
    test.each(LEVELS)('defaultLevel %s: no request to secrets, configmaps, serviceaccounts/token or tokenreviews is recorded with its body', level => {
      for (const keepSystemNoise of [false, true]) {
        const policy = auditPolicy({
          defaultLevel: level,
          keepSystemNoise,
          extraRules: [
            { level: 'RequestResponse', users: ['alice'] },
            { level: 'RequestResponse', resources: [{ group: '', resources: ['serviceaccounts', 'pods'] }] },
          ],
        });
        expect(auditBodyLeaks(policy.rules)).toEqual([]);
      }
    });

    test('the old first rule (without serviceaccounts/token) let a Request catch-all log every TokenRequest', () => {
      const old: AuditRule[] = [
        { level: 'Metadata', resources: [{ group: '', resources: ['secrets', 'configmaps'] }, { group: 'authentication.k8s.io', resources: ['tokenreviews'] }] },
        { level: 'RequestResponse' },
      ];
      expect(auditBodyLeaks(old)).toEqual([{ ruleIndex: 1, level: 'RequestResponse', resource: 'serviceaccounts/token', verb: 'create' }]);
    });

    test('checker semantics: a subresource matches only by its combined name, "*", "*/sub" or "resource/*"; restricted rules do not shadow', () => {
      const leaks = (rules: AuditRule[]) => auditBodyLeaks(rules).map(l => `${l.ruleIndex}:${l.resource}:${l.verb}`);
      // "serviceaccounts" does not match the token subresource; "serviceaccounts/*" and "*/token" do.
      expect(leaks([{ level: 'RequestResponse', resources: [{ group: '', resources: ['serviceaccounts'] }] }])).toEqual([]);
      expect(leaks([{ level: 'Request', resources: [{ group: '', resources: ['serviceaccounts/*'] }] }])).toEqual(['0:serviceaccounts/token:create']);
      expect(leaks([{ level: 'Request', resources: [{ group: '*', resources: ['*/token'] }] }])).toEqual(['0:serviceaccounts/token:create']);
      // A group without resources matches its subresources too.
      expect(leaks([{ level: 'Request', resources: [{ group: 'authentication.k8s.io' }] }])).toEqual(['0:tokenreviews:create']);
      // A Metadata rule for one user or one namespace or one name shadows nothing for the others.
      for (const restricted of [{ users: ['alice'] }, { namespaces: ['payments'] }]) {
        expect(leaks([{ level: 'Metadata', ...restricted, resources: [{ group: '', resources: ['secrets'] }] }, { level: 'Request', resources: [{ group: '', resources: ['secrets'] }] }]))
          .toContain('1:secrets:get');
      }
      expect(leaks([{ level: 'Metadata', resources: [{ group: '', resources: ['secrets'], resourceNames: ['a'] }] }, { level: 'Request', resources: [{ group: '', resources: ['secrets'] }] }]))
        .toContain('1:secrets:get');
      // Verbs narrow: a Metadata rule for get leaves list to the next rule.
      expect(leaks([{ level: 'Metadata', verbs: ['get'], resources: [{ group: '', resources: ['secrets'] }] }, { level: 'Request', resources: [{ group: '', resources: ['secrets'] }] }]))
        .toEqual(['1:secrets:list', '1:secrets:watch', '1:secrets:create', '1:secrets:update', '1:secrets:patch', '1:secrets:delete', '1:secrets:deletecollection']);
      // Non-resource rules never match resource requests; no rule at all means None.
      expect(leaks([{ level: 'RequestResponse', nonResourceURLs: ['*'] }])).toEqual([]);
      expect(leaks([])).toEqual([]);
    });

    test('extra rules naming TokenRequests at Request/RequestResponse are refused, in every spelling the checker matches', () => {
      const token = 'auditPolicy: extraRules[0] asks for Request on serviceaccounts/token (TokenRequest); the API server would log the request body and, with RequestResponse, the bearer token it returns, so it is refused. TokenRequests stay at Metadata.';
      expect(() => auditPolicy({ extraRules: [{ level: 'Request', resources: [{ group: '', resources: ['serviceaccounts/token'] }] }] })).toThrow(token);
      expect(() => auditPolicy({ extraRules: [{ level: 'Request', resources: [{ group: '', resources: ['serviceaccounts/*'] }] }] })).toThrow(token);
      expect(() => auditPolicy({ extraRules: [{ level: 'Request', resources: [{ group: '', resources: ['*/token'] }] }] })).toThrow(token);
      expect(() => auditPolicy({ extraRules: [{ level: 'RequestResponse', resources: [{ group: '*', resources: ['*'] }] }] }))
        .toThrow('auditPolicy: extraRules[0] asks for RequestResponse on Secrets, ConfigMaps or TokenReviews');
      expect(auditPolicy({ extraRules: [{ level: 'RequestResponse', resources: [{ group: '', resources: ['serviceaccounts'] }] }] }).rules.at(-2))
        .toEqual({ level: 'RequestResponse', resources: [{ group: '', resources: ['serviceaccounts'] }] });
    });

    test('shapes: only booleans, real lists, rule objects', () => {
      expect(() => auditPolicy({ keepSystemNoise: 'false' as unknown as boolean })).toThrow('auditPolicy: keepSystemNoise must be true or false; received a string "false".');
      expect(() => auditPolicy({ extraRules: { level: 'None' } as unknown as AuditRule[] })).toThrow('auditPolicy: extraRules must be a list of an audit rule; received an object.');
      // eslint-disable-next-line no-sparse-arrays
      expect(() => auditPolicy({ extraRules: [, { level: 'None' }] as unknown as AuditRule[] })).toThrow('auditPolicy: extraRules[0] is a hole in the list; every entry of extraRules must be an audit rule.');
      expect(() => auditPolicy({ extraRules: [{ level: 'None', users: 'alice' as unknown as string[] }] }))
        .toThrow('auditPolicy: extraRules[0].users must be a list of a string; received a string "alice" (wrap a single value in [ ]).');
      expect(() => auditPolicy({ extraRules: [{ level: 'None', resources: [{ group: 5 as unknown as string }] }] }))
        .toThrow('auditPolicy: extraRules[0].resources[0].group must be a string (an API group, "" for the core group); received a number.');
    });
  });
});

/**
 * SecretStoreProvider is a final class (issue 12): a subclass does not compile, cannot run, and the
 * stores accept only what the factories built. Provider options are checked for shape (issue 11), and
 * settings that may be deferred (the AWS `role`) carry the check the resolving front-end runs.
 */
import { SecretStoreProvider, secretStoreManifest } from '../../../src/core';
import { ProviderSpec } from '../../../src/core/eso/common';

const aws = () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1' });

describe('SecretStoreProvider cannot be subclassed or imitated', () => {
  test('a subclass is a compile error (private constructor) and a run-time error', () => {
    // @ts-expect-error TS2675: the constructor of SecretStoreProvider is private, so the class cannot be extended.
    class Custom extends SecretStoreProvider {}
    const spec: ProviderSpec = { name: 'aws', endpoint: { type: 'https-any', port: 443 }, deferred: [], render: () => ({}) };
    const Ctor = Custom as unknown as new (s: ProviderSpec) => SecretStoreProvider;
    expect(() => new Ctor(spec)).toThrow('SecretStoreProvider: constructor cannot be subclassed; build providers with the static factories (awsSecretsManager, awsParameterStore, vault, gcpSecretManager, azureKeyVault).');
  });

  test('the instance check accepts only what the factories built', () => {
    const real = aws();
    expect(SecretStoreProvider.isProvider(real)).toBe(true);
    const lookAlike = Object.create(SecretStoreProvider.prototype) as SecretStoreProvider;
    expect(lookAlike instanceof SecretStoreProvider).toBe(true);
    for (const fake of [lookAlike, { name: 'aws', endpoint: real.endpoint }, null, 'aws']) {
      expect(SecretStoreProvider.isProvider(fake)).toBe(false);
      expect(() => secretStoreManifest({ name: 's', namespace: 'payments', provider: fake as SecretStoreProvider }))
        .toThrow('SecretStore: provider must be built with SecretStoreProvider (awsSecretsManager, awsParameterStore, vault, gcpSecretManager or azureKeyVault).');
    }
  });
});

describe('provider options', () => {
  test.each<[string, () => unknown, string]>([
    ['null AWS options', () => SecretStoreProvider.awsSecretsManager(null as never),
      'SecretStoreProvider.awsSecretsManager: options must be the provider options { region, serviceAccount?, role? }; received null.'],
    ['a string as Vault options', () => SecretStoreProvider.vault('https://vault' as never),
      'SecretStoreProvider.vault: options must be the provider options { server, path, role, ... }; received a string.'],
    ['null GCP options', () => SecretStoreProvider.gcpSecretManager(null as never),
      'SecretStoreProvider.gcpSecretManager: options must be the provider options { projectId, serviceAccount, clusterLocation, clusterName }; received null.'],
    ['undefined Azure options', () => SecretStoreProvider.azureKeyVault(undefined as never),
      'SecretStoreProvider.azureKeyVault: options must be the provider options { vaultUrl, serviceAccount, tenantId? }; received undefined.'],
    ['allowInsecureHttp as a string', () => SecretStoreProvider.vault({ server: 'http://vault:8200', path: 'secret', role: 'eso', allowInsecureHttp: 'false' as never }),
      'SecretStoreProvider.vault: allowInsecureHttp must be the boolean true to opt in, or false or unset; received a string "false".'],
    ['a Vault URL with credentials', () => SecretStoreProvider.vault({ server: 'https://admin:s3cret-pw@vault:8200', path: 'secret', role: 'eso' }),
      'SecretStoreProvider.vault: server "https://<redacted>@vault:8200" carries credentials in the URL, which would be written into the manifest; give the address only (ESO authenticates with the Kubernetes auth method).'],
    ['a Key Vault URL with credentials', () => SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://u:p@kv.vault.azure.net', serviceAccount: 'sa' }),
      'SecretStoreProvider.azureKeyVault: vaultUrl "https://<redacted>@kv.vault.azure.net" is not a Key Vault URL; expected https://<vault-name>.vault.azure.net.'],
    ['a null caProvider', () => SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: 'eso', caProvider: null as never }),
      'SecretStoreProvider.vault: caProvider must be a CA reference { type, name, key, namespace? }; received null.'],
    ['a numeric vaultNamespace', () => SecretStoreProvider.vault({ server: 'https://vault', path: 'secret', role: 'eso', vaultNamespace: 7 as never }),
      'SecretStoreProvider.vault: vaultNamespace must be a string; received a number; give the Vault Enterprise namespace, e.g. "team-a".'],
    ['a numeric role', () => SecretStoreProvider.awsSecretsManager({ region: 'us-east-1', role: 42 as never }),
      'SecretStoreProvider.awsSecretsManager: role 42 is not an IAM role ARN; expected arn:<partition>:iam::<12-digit account>:role/<name>.'],
    ['a Vault Azure URL that is not a string', () => SecretStoreProvider.azureKeyVault({ vaultUrl: 5 as never, serviceAccount: 'sa' }),
      'SecretStoreProvider.azureKeyVault: vaultUrl 5 is not a Key Vault URL; expected https://<vault-name>.vault.azure.net.'],
  ])('refuses %s', (_, build, message) => {
    expect(build).toThrow(message);
  });

  test('a deferred role is passed through and carries the plain-value check', () => {
    const role = { apply: () => undefined };
    const provider = SecretStoreProvider.awsParameterStore({ region: 'us-east-1', role: role as never });
    const store = secretStoreManifest({ name: 's', namespace: 'payments', provider });
    expect(store.spec.provider.aws!.role).toBe(role);
    const checks = provider._deferredChecks();
    expect(checks.map(c => c.prop)).toEqual(['role']);
    expect(checks[0].value).toBe(role);
    expect(() => checks[0].check('admin')).toThrow('SecretStoreProvider.awsParameterStore: role "admin" is not an IAM role ARN; expected arn:<partition>:iam::<12-digit account>:role/<name>.');
    expect(() => checks[0].check('arn:aws:iam::111122223333:role/reader')).not.toThrow();
    expect(aws()._deferredChecks()).toEqual([]);
  });
});

import { ValidationError } from '../errors';
import { DeferredCheck, ProviderEndpoint, ProviderRenderContext, ProviderSpec, SecretStoreProviderSpec } from './common';
import { AwsProviderOptions, awsProvider } from './providers/aws';
import { AzureProviderOptions, azureProvider } from './providers/azure';
import { GcpProviderOptions, gcpProvider } from './providers/gcp';
import { VaultProviderOptions, vaultProvider } from './providers/vault';

/** The providers built by the factories below: the one proof that an object is a real provider. */
const BUILT = new WeakSet<object>();

/**
 * The secret backend of a {@link SecretStore} or {@link ClusterSecretStore}: AWS Secrets Manager or
 * Parameter Store, HashiCorp Vault, Google Secret Manager or Azure Key Vault, each authenticated with a
 * workload identity instead of static keys. Built only by the static factories: the constructor is
 * private (a subclass does not compile) and refuses to run for a subclass at run time, and the stores
 * accept only objects the factories built ({@link SecretStoreProvider.isProvider}).
 *
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
export class SecretStoreProvider {
  /**
   * AWS Secrets Manager. With `serviceAccount`, ESO authenticates with that ServiceAccount's IRSA token
   * (`auth.jwt.serviceAccountRef`); without, with the controller's own identity (IRSA or EKS Pod
   * Identity on the ESO controller).
   */
  public static awsSecretsManager(options: AwsProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider(awsProvider('SecretsManager', options));
  }

  /** AWS Systems Manager Parameter Store; authentication as {@link SecretStoreProvider.awsSecretsManager}. */
  public static awsParameterStore(options: AwsProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider(awsProvider('ParameterStore', options));
  }

  /**
   * HashiCorp Vault KV (v2 by default) with the Kubernetes auth method. `server` must be https unless
   * `allowInsecureHttp` is set.
   * @see https://external-secrets.io/latest/provider/hashicorp-vault/
   */
  public static vault(options: VaultProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider(vaultProvider(options));
  }

  /**
   * Google Secret Manager with GKE Workload Identity.
   * @see https://external-secrets.io/latest/provider/google-secrets-manager/
   */
  public static gcpSecretManager(options: GcpProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider(gcpProvider(options));
  }

  /**
   * Azure Key Vault with AKS Workload Identity.
   * @see https://external-secrets.io/latest/provider/azure-key-vault/
   */
  public static azureKeyVault(options: AzureProviderOptions): SecretStoreProvider {
    return new SecretStoreProvider(azureProvider(options));
  }

  /**
   * Whether `value` was built by one of the factories (not a look-alike object, not a subclass).
   */
  public static isProvider(value: unknown): value is SecretStoreProvider {
    return typeof value === 'object' && value !== null && BUILT.has(value);
  }

  /** The `spec.provider` key: `aws`, `vault`, `gcpsm` or `azurekv`. */
  public readonly name: string;
  /** Where the ESO controller connects to reach this provider. */
  public readonly endpoint: ProviderEndpoint;
  private readonly spec: ProviderSpec;

  // Private: providers are made by the factories above only (a subclass could not render itself). The
  // check on new.target also stops a subclass that a plain-JavaScript caller (or a cast) gets past the
  // compiler.
  private constructor(spec: ProviderSpec) {
    if (new.target !== SecretStoreProvider) {
      throw new ValidationError('SecretStoreProvider', 'constructor', 'cannot be subclassed; build providers with the static factories (awsSecretsManager, awsParameterStore, vault, gcpSecretManager, azureKeyVault).');
    }
    this.spec = spec;
    this.name = spec.name;
    this.endpoint = spec.endpoint;
    BUILT.add(this);
  }

  /**
   * Render `spec.provider` for a store.
   * @internal
   */
  public _render(ctx: ProviderRenderContext): SecretStoreProviderSpec {
    return this.spec.render(ctx);
  }

  /**
   * The deferred settings (Pulumi Outputs) still to check once they resolve.
   * @internal
   */
  public _deferredChecks(): readonly DeferredCheck[] {
    return this.spec.deferred;
  }
}

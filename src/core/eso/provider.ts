import { ProviderEndpoint, ProviderRenderContext, ProviderSpec } from './common';
import { AwsProviderOptions, awsProvider } from './providers/aws';
import { AzureProviderOptions, azureProvider } from './providers/azure';
import { GcpProviderOptions, gcpProvider } from './providers/gcp';
import { VaultProviderOptions, vaultProvider } from './providers/vault';

/**
 * The secret backend of a {@link SecretStore} or {@link ClusterSecretStore}: AWS Secrets Manager or
 * Parameter Store, HashiCorp Vault, Google Secret Manager or Azure Key Vault, each authenticated with a
 * workload identity instead of static keys. Built only by the static factories (the class cannot be
 * subclassed).
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

  /** The `spec.provider` key: `aws`, `vault`, `gcpsm` or `azurekv`. */
  public readonly name: string;
  /** Where the ESO controller connects to reach this provider. */
  public readonly endpoint: ProviderEndpoint;
  private readonly spec: ProviderSpec;

  // Private: providers are made by the factories above only (a subclass could not render itself).
  private constructor(spec: ProviderSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.endpoint = spec.endpoint;
  }

  /**
   * Render `spec.provider` for a store.
   * @internal
   */
  public _render(ctx: ProviderRenderContext): Record<string, unknown> {
    return this.spec.render(ctx);
  }
}

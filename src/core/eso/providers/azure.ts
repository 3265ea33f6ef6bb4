import { ValidationError, q } from '../../errors';
import { ServiceAccountReference } from '../../identity/service-account-ref';
import { checkObject } from '../../validate/values';
import { ProviderRenderContext, ProviderSpec, ServiceAccountRefSpec, serviceAccountRef } from '../common';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Options of {@link SecretStoreProvider.azureKeyVault}. */
export interface AzureProviderOptions {
  /** The Key Vault URL, e.g. `https://payments-kv.vault.azure.net`. */
  readonly vaultUrl: string;
  /** The ServiceAccount annotated with `WorkloadIdentity.azure(clientId)`. */
  readonly serviceAccount: ServiceAccountReference;
  /**
   * Namespace of `serviceAccount` when it is given by name to a ClusterSecretStore.
   * @default - the namespace carried by `serviceAccount`
   */
  readonly serviceAccountNamespace?: string;
  /**
   * The Microsoft Entra tenant id.
   * @default - the tenant from the ServiceAccount annotation or the webhook
   */
  readonly tenantId?: string;
}

/** `spec.provider.azurekv` as written by the library. */
export interface AzureKeyVaultProviderSpec {
  /** The Key Vault URL. */
  readonly vaultUrl: string;
  /** Always `WorkloadIdentity`. */
  readonly authType: 'WorkloadIdentity';
  /**
   * The ServiceAccount annotated with the workload identity client id.
   * @default - always set by the library (the provider requires a ServiceAccount)
   */
  readonly serviceAccountRef?: ServiceAccountRefSpec;
  /**
   * The Microsoft Entra tenant id.
   * @default - from the ServiceAccount annotation or the webhook
   */
  readonly tenantId?: string;
}

/**
 * The Azure Key Vault provider (`spec.provider.azurekv`, AKS Workload Identity).
 * @internal
 */
export function azureProvider(raw: AzureProviderOptions): ProviderSpec {
  const component = 'SecretStoreProvider.azureKeyVault';
  const options = checkObject(component, 'options', raw, 'the provider options { vaultUrl, serviceAccount, tenantId? }') as unknown as AzureProviderOptions;
  let url: URL | undefined;
  try {
    url = typeof options.vaultUrl === 'string' ? new URL(options.vaultUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || url.pathname.replace(/\/$/, '') !== '' || url.username !== '' || url.password !== '') {
    throw new ValidationError(component, 'vaultUrl', `${q(options.vaultUrl)} is not a Key Vault URL; expected https://<vault-name>.vault.azure.net.`);
  }
  if (options.tenantId !== undefined && (typeof options.tenantId !== 'string' || !GUID.test(options.tenantId))) {
    throw new ValidationError(component, 'tenantId', `${q(options.tenantId)} is not a GUID; expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.`);
  }
  if (options.serviceAccount === undefined) {
    throw new ValidationError(component, 'serviceAccount', 'is missing; Workload Identity needs the ServiceAccount annotated with WorkloadIdentity.azure(clientId).');
  }
  return {
    name: 'azurekv',
    endpoint: { type: 'https-any', port: 443 },
    deferred: [],
    render: (ctx: ProviderRenderContext) => ({
      azurekv: {
        vaultUrl: options.vaultUrl,
        authType: 'WorkloadIdentity',
        serviceAccountRef: serviceAccountRef(ctx, 'provider.serviceAccount', options.serviceAccount, options.serviceAccountNamespace),
        ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
      },
    }),
  };
}

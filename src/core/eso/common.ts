import { DeferredValue } from '../deferred';
import { ValidationError, q } from '../errors';
import { ServiceAccountReference, resolveServiceAccount } from '../identity/service-account-ref';
import { ManifestMetadata } from '../manifest';
import { checkNamespace } from '../validate/names';
import type { AwsProviderSpec } from './providers/aws';
import type { AzureKeyVaultProviderSpec } from './providers/azure';
import type { GcpProviderSpec } from './providers/gcp';
import type { VaultProviderSpec } from './providers/vault';

/** API version of the External Secrets Operator objects (the only one ESO 0.17+ serves). */
export const ESO_API_VERSION = 'external-secrets.io/v1';

/** The two kinds of External Secrets store. */
export enum SecretStoreKind {
  /** A namespaced store, usable only by ExternalSecrets in its namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-scoped store, usable from the namespaces its conditions allow. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** A reference to a store, as an ExternalSecret's `secretStoreRef`. */
export interface StoreReference {
  /** The store's name. */
  readonly name: string;
  /** The store's kind. */
  readonly kind: SecretStoreKind | 'SecretStore' | 'ClusterSecretStore';
  /**
   * The namespace of a `SecretStore` (used to refuse an ExternalSecret in another namespace).
   * @default - unknown
   */
  readonly namespace?: string;
}

/** Where the ESO controller has to connect to reach a provider (used by the egress NetworkPolicy). */
export interface ProviderEndpoint {
  /** `https-any` for cloud APIs without fixed addresses, `url` for a server such as Vault. */
  readonly type: 'https-any' | 'url';
  /**
   * The server's host, for `url`.
   * @default - none
   */
  readonly host?: string;
  /** The TCP port. */
  readonly port: number;
}

/** What the provider needs to know about the store it is rendered into. */
export interface ProviderRenderContext {
  /** The component name for error messages. */
  readonly component: string;
  /** The kind of store. */
  readonly storeKind: SecretStoreKind;
  /**
   * The namespace of a `SecretStore`.
   * @default - none (ClusterSecretStore)
   */
  readonly storeNamespace?: string;
}

/** Metadata of a namespaced object: the namespace is always set. */
export interface NamespacedMetadata extends ManifestMetadata {
  /** The object's namespace. */
  readonly namespace: string;
}

/** A ServiceAccount reference as written into a provider block (`serviceAccountRef`). */
export interface ServiceAccountRefSpec {
  /** The ServiceAccount name. */
  readonly name: string;
  /**
   * Its namespace (ClusterSecretStore only; a SecretStore uses its own namespace).
   * @default - the store's namespace
   */
  readonly namespace?: string;
}

/** `spec.provider` of a store: exactly one provider block. */
export interface SecretStoreProviderSpec {
  /**
   * AWS Secrets Manager or Parameter Store.
   * @default - not this provider
   */
  readonly aws?: AwsProviderSpec;
  /**
   * HashiCorp Vault.
   * @default - not this provider
   */
  readonly vault?: VaultProviderSpec;
  /**
   * Google Secret Manager.
   * @default - not this provider
   */
  readonly gcpsm?: GcpProviderSpec;
  /**
   * Azure Key Vault.
   * @default - not this provider
   */
  readonly azurekv?: AzureKeyVaultProviderSpec;
}

/**
 * A provider setting that may be deferred (a Pulumi Output) and can only be checked once it resolves:
 * the front-end that resolves it runs `check` on the resolved value (the same rule as for a plain value)
 * and fails the deployment with its ValidationError.
 * @internal
 */
export interface DeferredCheck {
  /** The provider option, e.g. `role`. */
  readonly prop: string;
  /** The deferred value, as placed into the rendered provider block. */
  readonly value: DeferredValue<unknown>;
  /** Throws the ValidationError a plain value would get. */
  readonly check: (resolved: unknown) => void;
}

/**
 * What a provider factory builds: the `spec.provider` key, where the controller connects, how to
 * render the provider block for a store, and the deferred settings still to check.
 * @internal
 */
export interface ProviderSpec {
  /** The `spec.provider` key. */
  readonly name: string;
  /** Where the ESO controller connects. */
  readonly endpoint: ProviderEndpoint;
  /** Render `spec.provider` for a store. */
  readonly render: (ctx: ProviderRenderContext) => SecretStoreProviderSpec;
  /** Deferred settings to check once they resolve. */
  readonly deferred: readonly DeferredCheck[];
}

/**
 * Resolve a provider's ServiceAccount reference for a store: a SecretStore may only use a ServiceAccount of
 * its own namespace (and names it without namespace), a ClusterSecretStore must name the namespace.
 * @internal
 */
export function serviceAccountRef(
  ctx: ProviderRenderContext, prop: string, ref: ServiceAccountReference | undefined, explicitNamespace: string | undefined,
): ServiceAccountRefSpec | undefined {
  const sa = resolveServiceAccount(ctx.component, prop, ref);
  if (!sa) {
    return undefined;
  }
  const namespace = explicitNamespace === undefined ? sa.namespace : checkNamespace(ctx.component, `${prop}Namespace`, explicitNamespace);
  if (ctx.storeKind === SecretStoreKind.SECRET_STORE) {
    if (namespace !== undefined && namespace !== ctx.storeNamespace) {
      throw new ValidationError(ctx.component, prop, `${q(sa.name)} is in namespace ${q(namespace)} but the SecretStore is in ${q(ctx.storeNamespace)}; a SecretStore can only use a ServiceAccount of its own namespace (use a ClusterSecretStore, or a ServiceAccount in ${q(ctx.storeNamespace)}).`);
    }
    return { name: sa.name };
  }
  if (namespace === undefined) {
    throw new ValidationError(ctx.component, prop, `${q(sa.name)} has no namespace; a ClusterSecretStore must say which namespace its ServiceAccount is in: pass a SecureServiceAccount or set serviceAccountNamespace.`);
  }
  return { name: sa.name, namespace };
}

/**
 * A required non-empty string setting of a provider.
 * @internal
 */
export function requireText(component: string, prop: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(component, prop, `${value === undefined ? 'is missing' : `${q(value)} is not valid`}; ${what}.`);
  }
  return value;
}

import { ValidationError, q } from '../errors';
import { KubeManifest, ManifestMetadata, objectMetadata } from '../manifest';
import { ESO_API_VERSION, NamespacedMetadata, SecretStoreKind, SecretStoreProviderSpec } from './common';
import { ClusterSecretStoreCondition, ClusterSecretStoreConditionSpec, checkConditions } from './conditions';
import { SecretStoreProvider } from './provider';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkObject, checkText, optIn } from '../validate/values';

/** Options of the pure builders behind the store front-ends. */
export interface SecretStoreOptions {
  /** The store's name. */
  readonly name: string;
  /** The backend, built with `SecretStoreProvider` (AWS, Vault, GCP, Azure). */
  readonly provider: SecretStoreProvider;
  /**
   * The namespace (SecretStore only); only ExternalSecrets of this namespace can use the store.
   * @default - required for a SecretStore
   */
  readonly namespace?: string;
  /**
   * ClusterSecretStore only: the namespaces whose ExternalSecrets may use this store (by name, label
   * selector or anchored Go regex). Required unless `allowAllNamespaces` is set. Conditions that admit
   * every namespace, alone or together, are refused (see {@link ClusterSecretStoreCondition}).
   * @default - none
   */
  readonly conditions?: ClusterSecretStoreCondition[];
  /**
   * ClusterSecretStore only: let ExternalSecrets in every namespace use this store. Whoever can create
   * an ExternalSecret in any namespace can then copy every secret the store's identity can read into
   * that namespace; restrict the store with `conditions` instead unless the backend holds nothing
   * namespace-specific. Only the boolean `true` opts in (a string such as `"false"` is refused).
   * @default false
   */
  readonly allowAllNamespaces?: boolean;
  /**
   * The ESO controller class that reconciles this store (`spec.controller`).
   * @default - any controller
   */
  readonly controller?: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * The component name used in error messages.
   * @default "SecretStore" or "ClusterSecretStore"
   */
  readonly component?: string;
}

/** `spec` of a SecretStore. */
export interface SecretStoreSpec {
  /**
   * The controller class that reconciles the store.
   * @default - any controller
   */
  readonly controller?: string;
  /** The backend: exactly one provider block. */
  readonly provider: SecretStoreProviderSpec;
}

/** `spec` of a ClusterSecretStore. */
export interface ClusterSecretStoreSpec extends SecretStoreSpec {
  /**
   * The namespaces that may use the store.
   * @default - every namespace (only with allowAllNamespaces: true)
   */
  readonly conditions?: ClusterSecretStoreConditionSpec[];
}

/** A `SecretStore` manifest as built by {@link secretStoreManifest}. */
export interface SecretStoreManifest extends KubeManifest {
  /** `external-secrets.io/v1`. */
  readonly apiVersion: typeof ESO_API_VERSION;
  /** `SecretStore`. */
  readonly kind: SecretStoreKind.SECRET_STORE;
  /** Name and namespace. */
  readonly metadata: NamespacedMetadata;
  /** Provider and controller. */
  readonly spec: SecretStoreSpec;
}

/** A `ClusterSecretStore` manifest as built by {@link clusterSecretStoreManifest}. */
export interface ClusterSecretStoreManifest extends KubeManifest {
  /** `external-secrets.io/v1`. */
  readonly apiVersion: typeof ESO_API_VERSION;
  /** `ClusterSecretStore`. */
  readonly kind: SecretStoreKind.CLUSTER_SECRET_STORE;
  /** Name (cluster-scoped: no namespace). */
  readonly metadata: ManifestMetadata;
  /** Provider, controller and conditions. */
  readonly spec: ClusterSecretStoreSpec;
}

function checkOptions(component: string, options: unknown): SecretStoreOptions {
  return checkObject(component, 'options', options, 'the store options { name, provider, ... }') as unknown as SecretStoreOptions;
}

function checkController(component: string, controller: unknown): { controller?: string } {
  return controller === undefined ? {} : { controller: checkText(component, 'controller', controller, 'give the controller class, e.g. "prod"') };
}

/**
 * Build a namespaced `SecretStore` (`external-secrets.io/v1`).
 * @see https://external-secrets.io/latest/api/secretstore/
 */
export function secretStoreManifest(raw: SecretStoreOptions): SecretStoreManifest {
  const options = checkOptions(raw?.component ?? 'SecretStore', raw);
  const component = options.component ?? 'SecretStore';
  const name = checkObjectName(component, 'name', options.name, 'SecretStore name');
  if (options.namespace === undefined) {
    throw new ValidationError(component, 'namespace', 'is missing; a SecretStore is namespaced and serves only ExternalSecrets of its namespace: set namespace (in cdk8s, or the chart namespace).');
  }
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  if (options.conditions !== undefined || options.allowAllNamespaces !== undefined) {
    throw new ValidationError(component, options.conditions !== undefined ? 'conditions' : 'allowAllNamespaces', 'applies to ClusterSecretStore only; a SecretStore already serves only its own namespace.');
  }
  const provider = checkProvider(component, options.provider);
  return {
    apiVersion: ESO_API_VERSION,
    kind: SecretStoreKind.SECRET_STORE,
    metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
    spec: {
      ...checkController(component, options.controller),
      provider: provider._render({ component, storeKind: SecretStoreKind.SECRET_STORE, storeNamespace: namespace }),
    },
  };
}

/**
 * Build a cluster-scoped `ClusterSecretStore` (`external-secrets.io/v1`), restricted to the namespaces of
 * its `conditions` unless `allowAllNamespaces` is set explicitly.
 * @see https://external-secrets.io/latest/api/clustersecretstore/
 */
export function clusterSecretStoreManifest(raw: SecretStoreOptions): ClusterSecretStoreManifest {
  const options = checkOptions(raw?.component ?? 'ClusterSecretStore', raw);
  const component = options.component ?? 'ClusterSecretStore';
  const name = checkObjectName(component, 'name', options.name, 'ClusterSecretStore name');
  if (options.namespace !== undefined) {
    throw new ValidationError(component, 'namespace', `${q(options.namespace)} is set, but a ClusterSecretStore is cluster-scoped; restrict the namespaces that may use it with conditions instead.`);
  }
  let conditions: ClusterSecretStoreConditionSpec[] | undefined;
  if (optIn(component, 'allowAllNamespaces', options.allowAllNamespaces)) {
    if (options.conditions !== undefined) {
      throw new ValidationError(component, 'allowAllNamespaces', 'and conditions are both set; choose one.');
    }
  } else if (options.conditions === undefined) {
    throw new ValidationError(component, 'conditions', 'is missing; an unrestricted ClusterSecretStore lets an ExternalSecret in any namespace read every secret its identity can read. List the namespaces that may use it (conditions: [{ namespaces: [...] }]) or opt in with allowAllNamespaces: true.');
  } else {
    conditions = checkConditions(component, options.conditions);
  }
  const provider = checkProvider(component, options.provider);
  return {
    apiVersion: ESO_API_VERSION,
    kind: SecretStoreKind.CLUSTER_SECRET_STORE,
    metadata: objectMetadata(component, name, undefined, options.labels),
    spec: {
      ...checkController(component, options.controller),
      ...(conditions ? { conditions } : {}),
      provider: provider._render({ component, storeKind: SecretStoreKind.CLUSTER_SECRET_STORE }),
    },
  };
}

function checkProvider(component: string, provider: unknown): SecretStoreProvider {
  if (!SecretStoreProvider.isProvider(provider)) {
    throw new ValidationError(component, 'provider', 'must be built with SecretStoreProvider (awsSecretsManager, awsParameterStore, vault, gcpSecretManager or azureKeyVault).');
  }
  return provider;
}

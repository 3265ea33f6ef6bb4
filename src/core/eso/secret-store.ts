import { ValidationError, q } from '../errors';
import { KubeManifest, objectMetadata } from '../manifest';
import { ESO_API_VERSION, SecretStoreKind } from './common';
import { SecretStoreProvider } from './provider';
import { checkNamespace, checkObjectName, checkStringMap } from '../validate/names';

/** One requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label is matched. */
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /**
   * The values, for `In` and `NotIn`.
   * @default - none
   */
  readonly values?: string[];
}

/** A Kubernetes label selector. */
export interface LabelSelector {
  /**
   * Labels that must all match.
   * @default - none
   */
  readonly matchLabels?: Record<string, string>;
  /**
   * Requirements that must all hold.
   * @default - none
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
}

/** A namespace condition of a ClusterSecretStore: which namespaces may use it. */
export interface ClusterSecretStoreCondition {
  /**
   * Namespaces allowed by name.
   * @default - none
   */
  readonly namespaces?: string[];
  /**
   * Namespaces allowed by label.
   * @default - none
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * Namespaces allowed by regular expression (Go RE2 syntax).
   * @default - none
   */
  readonly namespaceRegexes?: string[];
}

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
   * selector or regex). Required unless `allowAllNamespaces` is set.
   * @default - none
   */
  readonly conditions?: ClusterSecretStoreCondition[];
  /**
   * ClusterSecretStore only: let ExternalSecrets in every namespace use this store. Whoever can create
   * an ExternalSecret in any namespace can then copy every secret the store's identity can read into
   * that namespace; restrict the store with `conditions` instead unless the backend holds nothing
   * namespace-specific.
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

function checkConditions(component: string, conditions: ClusterSecretStoreCondition[]): ClusterSecretStoreCondition[] {
  if (!Array.isArray(conditions) || conditions.length === 0) {
    throw new ValidationError(component, 'conditions', 'is empty; list the namespaces that may use this store, or set allowAllNamespaces: true.');
  }
  return conditions.map((c, i) => {
    const prop = `conditions[${i}]`;
    const hasNames = (c.namespaces?.length ?? 0) > 0;
    const selector = c.namespaceSelector;
    const hasSelector = selector !== undefined
      && (Object.keys(selector.matchLabels ?? {}).length > 0 || (selector.matchExpressions?.length ?? 0) > 0);
    const hasRegexes = (c.namespaceRegexes?.length ?? 0) > 0;
    if (!hasNames && !hasSelector && !hasRegexes) {
      throw new ValidationError(component, prop, 'matches every namespace (no namespaces, selector or regexes); name the namespaces, or set allowAllNamespaces: true instead of conditions.');
    }
    c.namespaces?.forEach((ns, j) => checkNamespace(component, `${prop}.namespaces[${j}]`, ns));
    c.namespaceRegexes?.forEach((re, j) => {
      if (typeof re !== 'string' || re === '' || re === '.*' || re === '^.*$' || re === '.+') {
        throw new ValidationError(component, `${prop}.namespaceRegexes[${j}]`, `${q(re)} matches every namespace; use allowAllNamespaces: true if that is intended, or a narrower expression.`);
      }
      try {
        new RegExp(re);
      } catch {
        throw new ValidationError(component, `${prop}.namespaceRegexes[${j}]`, `${q(re)} is not a valid regular expression.`);
      }
    });
    if (c.namespaceSelector?.matchLabels) {
      checkStringMap(component, `${prop}.namespaceSelector.matchLabels`, c.namespaceSelector.matchLabels, 'label');
    }
    return {
      ...(hasNames ? { namespaces: [...c.namespaces!] } : {}),
      ...(hasSelector ? { namespaceSelector: c.namespaceSelector } : {}),
      ...(hasRegexes ? { namespaceRegexes: [...c.namespaceRegexes!] } : {}),
    };
  });
}

/**
 * Build a namespaced `SecretStore` (`external-secrets.io/v1`).
 * @see https://external-secrets.io/latest/api/secretstore/
 */
export function secretStoreManifest(options: SecretStoreOptions): KubeManifest {
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
    metadata: objectMetadata(component, name, namespace, options.labels),
    spec: {
      ...(options.controller !== undefined ? { controller: options.controller } : {}),
      provider: provider._render({ component, storeKind: SecretStoreKind.SECRET_STORE, storeNamespace: namespace }),
    },
  };
}

/**
 * Build a cluster-scoped `ClusterSecretStore` (`external-secrets.io/v1`), restricted to the namespaces of
 * its `conditions` unless `allowAllNamespaces` is set explicitly.
 * @see https://external-secrets.io/latest/api/clustersecretstore/
 */
export function clusterSecretStoreManifest(options: SecretStoreOptions): KubeManifest {
  const component = options.component ?? 'ClusterSecretStore';
  const name = checkObjectName(component, 'name', options.name, 'ClusterSecretStore name');
  if (options.namespace !== undefined) {
    throw new ValidationError(component, 'namespace', `${q(options.namespace)} is set, but a ClusterSecretStore is cluster-scoped; restrict the namespaces that may use it with conditions instead.`);
  }
  let conditions: ClusterSecretStoreCondition[] | undefined;
  if (options.allowAllNamespaces) {
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
      ...(options.controller !== undefined ? { controller: options.controller } : {}),
      ...(conditions ? { conditions } : {}),
      provider: provider._render({ component, storeKind: SecretStoreKind.CLUSTER_SECRET_STORE }),
    },
  };
}

function checkProvider(component: string, provider: unknown): SecretStoreProvider {
  if (!(provider instanceof SecretStoreProvider)) {
    throw new ValidationError(component, 'provider', 'must be built with SecretStoreProvider (awsSecretsManager, awsParameterStore, vault, gcpSecretManager or azureKeyVault).');
  }
  return provider;
}

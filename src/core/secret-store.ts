import { ValidationError, q } from './errors';
import { KubeManifest, objectMetadata } from './manifest';
import { StringOrDeferred, checkNamespace, checkObjectName, checkStringMap, isDeferred } from './names';
import { ServiceAccountReference, resolveServiceAccount } from './service-account-ref';
import { checkIdentityAnnotation, IRSA_ROLE_ARN_ANNOTATION } from './workload-identity';

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

/** Options shared by the AWS providers. */
export interface AwsProviderOptions {
  /** The AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * The ServiceAccount whose IRSA token ESO uses (`auth.jwt.serviceAccountRef`): its name, a
   * `SecureServiceAccount` or a cdk8s-plus `IServiceAccount`. Give it the IAM role with
   * `WorkloadIdentity.awsIrsa(...)`; an `IrsaRole` scoped to the exact secret ARNs is the matching
   * AWS side.
   * @default - none: the ESO controller's own identity (IRSA or EKS Pod Identity on the controller)
   */
  readonly serviceAccount?: ServiceAccountReference;
  /**
   * Namespace of `serviceAccount` when it is given by name to a ClusterSecretStore.
   * @default - the namespace carried by `serviceAccount`
   */
  readonly serviceAccountNamespace?: string;
  /**
   * An IAM role ARN for ESO to assume after authenticating (cross-account access).
   * @default - none
   */
  readonly role?: StringOrDeferred;
}

/** Options of {@link SecretStoreProvider.vault}. */
export interface VaultProviderOptions {
  /** The Vault address, e.g. `https://vault.vault.svc:8200`. Must be https unless `allowInsecureHttp`. */
  readonly server: string;
  /** The KV secrets engine mount path, e.g. `secret`. */
  readonly path: string;
  /**
   * The KV engine version.
   * @default "v2"
   */
  readonly version?: 'v1' | 'v2';
  /** The Vault role of the Kubernetes auth method, bound to the ServiceAccount. */
  readonly role: string;
  /**
   * The mount path of the Kubernetes auth method.
   * @default "kubernetes"
   */
  readonly mountPath?: string;
  /**
   * The ServiceAccount whose token ESO presents to Vault (`auth.kubernetes.serviceAccountRef`).
   * @default - the ESO controller's own ServiceAccount token
   */
  readonly serviceAccount?: ServiceAccountReference;
  /**
   * Namespace of `serviceAccount` when it is given by name to a ClusterSecretStore.
   * @default - the namespace carried by `serviceAccount`
   */
  readonly serviceAccountNamespace?: string;
  /**
   * The CA certificate(s) that sign Vault's TLS certificate, as PEM (written base64-encoded as ESO expects).
   * Mutually exclusive with `caProvider`.
   * @default - the controller's system trust store
   */
  readonly caBundle?: string;
  /**
   * Where to read the CA bundle from instead: a Secret or ConfigMap key.
   * @default - the controller's system trust store
   */
  readonly caProvider?: VaultCaProvider;
  /**
   * Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
  /**
   * Allow an `http://` server. Tokens and secret values then cross the network in clear text.
   * @default false
   */
  readonly allowInsecureHttp?: boolean;
}

/** A Secret or ConfigMap key holding Vault's CA bundle. */
export interface VaultCaProvider {
  /** `Secret` or `ConfigMap`. */
  readonly type: 'Secret' | 'ConfigMap';
  /** The object name. */
  readonly name: string;
  /** The key holding the PEM bundle. */
  readonly key: string;
  /**
   * The object's namespace (ClusterSecretStore only).
   * @default - the ExternalSecret's namespace
   */
  readonly namespace?: string;
}

/** Options of {@link SecretStoreProvider.gcpSecretManager}. */
export interface GcpProviderOptions {
  /** The Google Cloud project that holds the secrets. */
  readonly projectId: string;
  /** The ServiceAccount annotated with `WorkloadIdentity.gcp(gsaEmail)`. */
  readonly serviceAccount: ServiceAccountReference;
  /**
   * Namespace of `serviceAccount` when it is given by name to a ClusterSecretStore.
   * @default - the namespace carried by `serviceAccount`
   */
  readonly serviceAccountNamespace?: string;
  /** The GKE cluster's location (region or zone). */
  readonly clusterLocation: string;
  /** The GKE cluster's name. */
  readonly clusterName: string;
  /**
   * The project of the GKE cluster, when it differs from `projectId`.
   * @default - `projectId`
   */
  readonly clusterProjectId?: string;
}

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

const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

function serviceAccountRef(
  ctx: ProviderRenderContext, prop: string, ref: ServiceAccountReference | undefined, explicitNamespace: string | undefined,
): Record<string, string> | undefined {
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

function requireText(component: string, prop: string, value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(component, prop, `${value === undefined ? 'is missing' : `${q(value)} is not valid`}; ${what}.`);
  }
  return value;
}

/**
 * The secret backend of a {@link SecretStore} or {@link ClusterSecretStore}: AWS Secrets Manager or
 * Parameter Store, HashiCorp Vault, Google Secret Manager or Azure Key Vault, each authenticated with a
 * workload identity instead of static keys.
 *
 * @see https://external-secrets.io/latest/provider/aws-secrets-manager/
 */
export abstract class SecretStoreProvider {
  /**
   * AWS Secrets Manager. With `serviceAccount`, ESO authenticates with that ServiceAccount's IRSA token
   * (`auth.jwt.serviceAccountRef`); without, with the controller's own identity (IRSA or EKS Pod
   * Identity on the ESO controller).
   */
  public static awsSecretsManager(options: AwsProviderOptions): SecretStoreProvider {
    return new AwsProvider('SecretsManager', options);
  }

  /** AWS Systems Manager Parameter Store; authentication as {@link SecretStoreProvider.awsSecretsManager}. */
  public static awsParameterStore(options: AwsProviderOptions): SecretStoreProvider {
    return new AwsProvider('ParameterStore', options);
  }

  /**
   * HashiCorp Vault KV (v2 by default) with the Kubernetes auth method. `server` must be https unless
   * `allowInsecureHttp` is set.
   * @see https://external-secrets.io/latest/provider/hashicorp-vault/
   */
  public static vault(options: VaultProviderOptions): SecretStoreProvider {
    return new VaultProvider(options);
  }

  /**
   * Google Secret Manager with GKE Workload Identity.
   * @see https://external-secrets.io/latest/provider/google-secrets-manager/
   */
  public static gcpSecretManager(options: GcpProviderOptions): SecretStoreProvider {
    return new GcpProvider(options);
  }

  /**
   * Azure Key Vault with AKS Workload Identity.
   * @see https://external-secrets.io/latest/provider/azure-key-vault/
   */
  public static azureKeyVault(options: AzureProviderOptions): SecretStoreProvider {
    return new AzureProvider(options);
  }

  /** The `spec.provider` key: `aws`, `vault`, `gcpsm` or `azurekv`. */
  public abstract readonly name: string;
  /** Where the ESO controller connects to reach this provider. */
  public abstract readonly endpoint: ProviderEndpoint;

  /**
   * Render `spec.provider` for a store.
   * @internal
   */
  public abstract _render(ctx: ProviderRenderContext): Record<string, unknown>;
}

class AwsProvider extends SecretStoreProvider {
  public readonly name = 'aws';
  public readonly endpoint: ProviderEndpoint = { type: 'https-any', port: 443 };

  public constructor(private readonly service: 'SecretsManager' | 'ParameterStore', private readonly options: AwsProviderOptions) {
    super();
    const component = `SecretStoreProvider.aws${service}`;
    if (typeof options.region !== 'string' || !AWS_REGION.test(options.region)) {
      throw new ValidationError(component, 'region', `${q(options.region)} is not an AWS region; expected e.g. "us-east-1".`);
    }
    if (options.role !== undefined && !isDeferred(options.role)) {
      try {
        checkIdentityAnnotation(IRSA_ROLE_ARN_ANNOTATION, options.role);
      } catch {
        throw new ValidationError(component, 'role', `${q(options.role)} is not an IAM role ARN; expected arn:<partition>:iam::<12-digit account>:role/<name>.`);
      }
    }
  }

  public _render(ctx: ProviderRenderContext): Record<string, unknown> {
    const ref = serviceAccountRef(ctx, 'provider.serviceAccount', this.options.serviceAccount, this.options.serviceAccountNamespace);
    return {
      aws: {
        service: this.service,
        region: this.options.region,
        ...(this.options.role !== undefined ? { role: this.options.role } : {}),
        ...(ref ? { auth: { jwt: { serviceAccountRef: ref } } } : {}),
      },
    };
  }
}

class VaultProvider extends SecretStoreProvider {
  public readonly name = 'vault';
  public readonly endpoint: ProviderEndpoint;
  private readonly caBundle?: string;

  public constructor(private readonly options: VaultProviderOptions) {
    super();
    const component = 'SecretStoreProvider.vault';
    let url: URL;
    try {
      url = new URL(requireText(component, 'server', options.server, 'give the Vault address, e.g. "https://vault.vault.svc:8200"'));
    } catch (e) {
      if (e instanceof ValidationError) {
        throw e;
      }
      throw new ValidationError(component, 'server', `${q(options.server)} is not a URL; expected e.g. "https://vault.vault.svc:8200".`);
    }
    if (url.protocol === 'http:' && !options.allowInsecureHttp) {
      throw new ValidationError(component, 'server', `${q(options.server)} uses http; Vault tokens and secret values would cross the network in clear text. Use https (with caBundle or caProvider for a private CA), or set allowInsecureHttp: true for a local test setup.`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ValidationError(component, 'server', `${q(options.server)} must be an https:// URL.`);
    }
    this.endpoint = { type: 'url', host: url.hostname, port: url.port ? Number(url.port) : (url.protocol === 'https:' ? 443 : 80) };
    const path = requireText(component, 'path', options.path, 'give the KV mount path, e.g. "secret"');
    if (path.startsWith('/') || path.endsWith('/')) {
      throw new ValidationError(component, 'path', `${q(path)} must be the mount path without leading or trailing "/", e.g. "secret".`);
    }
    if (options.version !== undefined && options.version !== 'v1' && options.version !== 'v2') {
      throw new ValidationError(component, 'version', `${q(options.version)} is not a KV version; use "v1" or "v2".`);
    }
    requireText(component, 'role', options.role, 'give the Vault Kubernetes-auth role bound to the ServiceAccount');
    if (options.mountPath !== undefined) {
      requireText(component, 'mountPath', options.mountPath, 'give the Kubernetes auth mount path, e.g. "kubernetes"');
    }
    if (options.caBundle !== undefined && options.caProvider !== undefined) {
      throw new ValidationError(component, 'caBundle', 'and caProvider are both set; give the CA either inline (caBundle) or by reference (caProvider).');
    }
    if (options.caBundle !== undefined) {
      this.caBundle = encodeCaBundle(component, options.caBundle);
    }
    if (options.caProvider !== undefined) {
      const p = options.caProvider;
      if (p.type !== 'Secret' && p.type !== 'ConfigMap') {
        throw new ValidationError(component, 'caProvider.type', `${q(p.type)} is not valid; use "Secret" or "ConfigMap".`);
      }
      checkObjectName(component, 'caProvider.name', p.name, `${p.type} name`);
      checkSecretKey(component, 'caProvider.key', p.key);
      if (p.namespace !== undefined) {
        checkNamespace(component, 'caProvider.namespace', p.namespace);
      }
    }
  }

  public _render(ctx: ProviderRenderContext): Record<string, unknown> {
    const o = this.options;
    const ref = serviceAccountRef(ctx, 'provider.serviceAccount', o.serviceAccount, o.serviceAccountNamespace);
    if (o.caProvider?.namespace !== undefined && ctx.storeKind === SecretStoreKind.SECRET_STORE) {
      throw new ValidationError(ctx.component, 'provider.caProvider.namespace', 'is only allowed on a ClusterSecretStore; a SecretStore reads the CA from its own namespace.');
    }
    return {
      vault: {
        server: o.server,
        path: o.path,
        version: o.version ?? 'v2',
        ...(o.vaultNamespace !== undefined ? { namespace: o.vaultNamespace } : {}),
        ...(this.caBundle !== undefined ? { caBundle: this.caBundle } : {}),
        ...(o.caProvider !== undefined ? { caProvider: { ...o.caProvider } } : {}),
        auth: {
          kubernetes: {
            mountPath: o.mountPath ?? 'kubernetes',
            role: o.role,
            ...(ref ? { serviceAccountRef: ref } : {}),
          },
        },
      },
    };
  }
}

class GcpProvider extends SecretStoreProvider {
  public readonly name = 'gcpsm';
  public readonly endpoint: ProviderEndpoint = { type: 'https-any', port: 443 };

  public constructor(private readonly options: GcpProviderOptions) {
    super();
    const component = 'SecretStoreProvider.gcpSecretManager';
    for (const prop of ['projectId', 'clusterProjectId'] as const) {
      const v = options[prop];
      if ((prop === 'projectId' || v !== undefined) && (typeof v !== 'string' || !GCP_PROJECT.test(v))) {
        throw new ValidationError(component, prop, `${q(v)} is not a Google Cloud project id (6-30 lower-case letters, digits and '-', starting with a letter).`);
      }
    }
    requireText(component, 'clusterLocation', options.clusterLocation, 'give the GKE cluster location, e.g. "europe-west1"');
    requireText(component, 'clusterName', options.clusterName, 'give the GKE cluster name');
    if (options.serviceAccount === undefined) {
      throw new ValidationError(component, 'serviceAccount', 'is missing; Workload Identity needs the ServiceAccount annotated with WorkloadIdentity.gcp(gsaEmail).');
    }
  }

  public _render(ctx: ProviderRenderContext): Record<string, unknown> {
    const o = this.options;
    return {
      gcpsm: {
        projectID: o.projectId,
        auth: {
          workloadIdentity: {
            serviceAccountRef: serviceAccountRef(ctx, 'provider.serviceAccount', o.serviceAccount, o.serviceAccountNamespace),
            clusterLocation: o.clusterLocation,
            clusterName: o.clusterName,
            clusterProjectID: o.clusterProjectId ?? o.projectId,
          },
        },
      },
    };
  }
}

class AzureProvider extends SecretStoreProvider {
  public readonly name = 'azurekv';
  public readonly endpoint: ProviderEndpoint = { type: 'https-any', port: 443 };

  public constructor(private readonly options: AzureProviderOptions) {
    super();
    const component = 'SecretStoreProvider.azureKeyVault';
    let url: URL | undefined;
    try {
      url = new URL(options.vaultUrl);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:' || url.pathname.replace(/\/$/, '') !== '') {
      throw new ValidationError(component, 'vaultUrl', `${q(options.vaultUrl)} is not a Key Vault URL; expected https://<vault-name>.vault.azure.net.`);
    }
    if (options.tenantId !== undefined && (typeof options.tenantId !== 'string' || !GUID.test(options.tenantId))) {
      throw new ValidationError(component, 'tenantId', `${q(options.tenantId)} is not a GUID; expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx.`);
    }
    if (options.serviceAccount === undefined) {
      throw new ValidationError(component, 'serviceAccount', 'is missing; Workload Identity needs the ServiceAccount annotated with WorkloadIdentity.azure(clientId).');
    }
  }

  public _render(ctx: ProviderRenderContext): Record<string, unknown> {
    const o = this.options;
    return {
      azurekv: {
        vaultUrl: o.vaultUrl,
        authType: 'WorkloadIdentity',
        serviceAccountRef: serviceAccountRef(ctx, 'provider.serviceAccount', o.serviceAccount, o.serviceAccountNamespace),
        ...(o.tenantId !== undefined ? { tenantId: o.tenantId } : {}),
      },
    };
  }
}

/**
 * ESO's `caBundle` is base64 of the PEM; accept PEM (the common case) or that base64, nothing else.
 * @internal
 */
function encodeCaBundle(component: string, value: string): string {
  if (typeof value !== 'string') {
    throw new ValidationError(component, 'caBundle', 'must be a PEM string.');
  }
  if (PEM_CERT.test(value)) {
    return Buffer.from(value, 'utf8').toString('base64');
  }
  const decoded = /^[A-Za-z0-9+/=\s]+$/.test(value) ? Buffer.from(value, 'base64').toString('utf8') : '';
  if (PEM_CERT.test(decoded)) {
    return value.replace(/\s/g, '');
  }
  throw new ValidationError(component, 'caBundle', 'is neither a PEM certificate bundle nor its base64; pass the PEM text ("-----BEGIN CERTIFICATE-----...").');
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Check a key of a Secret's data (`^[-._a-zA-Z0-9]+$`, at most 253).
 * @internal
 */
export function checkSecretKey(component: string, prop: string, key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 253 || !SECRET_KEY.test(key)) {
    throw new ValidationError(component, prop, `${q(key)} is not a valid Secret key; use letters, digits, '-', '_' and '.' only (^[-._a-zA-Z0-9]+$, at most 253 characters).`);
  }
  return key;
}

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

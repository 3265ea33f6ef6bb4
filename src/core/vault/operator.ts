/**
 * Vault Secrets Operator (`secrets.hashicorp.com/v1beta1`): `VaultConnection`, `VaultAuth`,
 * `VaultStaticSecret`, `VaultDynamicSecret`, and the Vault side (a policy with exactly the secrets' paths,
 * an auth role bound to exactly the VaultAuth's ServiceAccount) as data and a script. Field semantics
 * follow hashicorp/vault-secrets-operator `api/v1beta1/*_types.go` and `credentials/vault/kubernetes.go`
 * (tag v1.4.1; VSO is BUSL-1.1, only its CRD schemas are vendored for the tests).
 */
import { checkVaultPath, policyHcl, shellQuote } from './agent';
import { ValidationError, q } from '../errors';
import { ServiceAccountReference, checkSecretGrantee, resolveServiceAccount } from '../identity/service-account-ref';
import { KubeManifest, ManifestMetadata, objectMetadata } from '../manifest';
import { checkGoDuration, parseGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName, checkStringMap } from '../validate/names';
import { checkBoolean, checkList, checkObject, optIn } from '../validate/values';

/** API version of the Vault Secrets Operator objects. */
export const VSO_API_VERSION = 'secrets.hashicorp.com/v1beta1';

/** Metadata of a VSO object (always namespaced). */
export interface VsoMetadata extends ManifestMetadata {
  /** The namespace. */
  readonly namespace: string;
}

/** A reference to a VSO object in the same namespace: a handle or `{ name, namespace? }`. */
export interface VsoObjectReference {
  /** Name. */
  readonly name: string;
  /**
   * Namespace (must be the referencing object's).
   * @default - the referencing object's namespace
   */
  readonly namespace?: string;
}

const ROLE = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/;
const VSO_DURATION = /^([0-9]+(\.[0-9]+)?(s|m|h))$/;

function sameNamespaceRef(component: string, prop: string, raw: unknown, namespace: string, what: string): string {
  const r = checkObject(component, prop, raw, `${what} (a handle or { name, namespace? })`);
  const ref = (r.ref !== undefined ? checkObject(component, prop, r.ref, what) : r) as Record<string, unknown>;
  const name = checkObjectName(component, `${prop}.name`, ref.name, `${what} name`);
  if (ref.namespace !== undefined && checkNamespace(component, `${prop}.namespace`, ref.namespace) !== namespace) {
    throw new ValidationError(component, prop, `${what} ${q(name)} is in namespace ${q(ref.namespace)} but this object is in ${q(namespace)}; keep them in one namespace, so the Vault role stays bound to exactly one ServiceAccount and namespace.`);
  }
  return name;
}

function vsoDuration(component: string, prop: string, value: unknown, fallback: string | undefined): string | undefined {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'string' || !VSO_DURATION.test(value)) {
    throw new ValidationError(component, prop, `${q(value)} is not a duration VSO accepts: a number and one unit of s, m or h (e.g. "30s", "1h").`);
  }
  return value;
}

/** Options of {@link vaultConnectionManifest}. */
export interface VaultConnectionOptions {
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** The Vault address, e.g. `https://vault.vault.svc:8200` (https unless `allowInsecureHttp`). */
  readonly address: string;
  /**
   * A Secret (in this namespace) with the CA chain as `ca.crt`.
   * @default - the system roots
   */
  readonly caCertSecret?: string;
  /**
   * The SNI host name.
   * @default - the address's host
   */
  readonly tlsServerName?: string;
  /**
   * Request timeout (`30s`, `1m`).
   * @default - the Vault client's default
   */
  readonly timeout?: string;
  /**
   * Allow an `http://` address (the operator's Vault token and every secret would cross the network in clear).
   * @default false
   */
  readonly allowInsecureHttp?: boolean;
  /**
   * Skip verifying Vault's certificate: only with `allowTlsSkipVerify`.
   * @default false
   */
  readonly skipTlsVerify?: boolean;
  /**
   * Accept `skipTlsVerify: true`.
   * @default false
   */
  readonly allowTlsSkipVerify?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** A `VaultConnection` manifest. */
export interface VaultConnectionManifest extends KubeManifest {
  /** `secrets.hashicorp.com/v1beta1`. */
  readonly apiVersion: typeof VSO_API_VERSION;
  /** `VaultConnection`. */
  readonly kind: 'VaultConnection';
  /** Name and namespace. */
  readonly metadata: VsoMetadata;
  /** Address and TLS. */
  readonly spec: {
    /** Address. */
    readonly address: string;
    /** Always written. */
    readonly skipTLSVerify: boolean;
    /**
     * CA Secret.
     * @default - system roots
     */
    readonly caCertSecretRef?: string;
    /**
     * SNI.
     * @default - the host
     */
    readonly tlsServerName?: string;
    /**
     * Timeout.
     * @default - client default
     */
    readonly timeout?: string;
  };
}

/**
 * Build a `VaultConnection`: https only unless `allowInsecureHttp: true`, no credentials in the address,
 * certificate verification on unless `skipTlsVerify` with `allowTlsSkipVerify`; the CA by Secret.
 */
export function vaultConnectionManifest(raw: VaultConnectionOptions): VaultConnectionManifest {
  const component = 'VaultConnection';
  const options = checkObject(component, 'options', raw, 'the VaultConnection options { name, namespace, address }') as unknown as VaultConnectionOptions;
  const name = checkObjectName(component, 'name', options.name, 'VaultConnection name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const allowHttp = optIn(component, 'allowInsecureHttp', options.allowInsecureHttp);
  const allowSkip = optIn(component, 'allowTlsSkipVerify', options.allowTlsSkipVerify);
  let url: URL | undefined;
  try {
    url = typeof options.address === 'string' ? new URL(options.address) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.pathname.replace(/\/$/, '') !== '') {
    throw new ValidationError(component, 'address', `${q(options.address)} is not a Vault address such as "https://vault.vault.svc:8200" (scheme, host and port only).`);
  }
  if (url.protocol === 'http:' && !allowHttp) {
    throw new ValidationError(component, 'address', `${q(options.address)} is plain http: the operator's Vault token and every secret would cross the network unencrypted. Use https:// (with caCertSecret for a private CA), or set allowInsecureHttp: true for a dev server.`);
  }
  const skip = checkBoolean(component, 'skipTlsVerify', options.skipTlsVerify, false);
  if (skip && !allowSkip) {
    throw new ValidationError(component, 'skipTlsVerify', 'is true, which lets anyone on the network path impersonate Vault and collect the operator\'s token and secrets. Give the CA instead (caCertSecret), or set allowTlsSkipVerify: true for a throw-away test cluster.');
  }
  const ca = options.caCertSecret === undefined ? undefined : checkObjectName(component, 'caCertSecret', options.caCertSecret, 'Secret name');
  if (options.tlsServerName !== undefined && (typeof options.tlsServerName !== 'string' || !/^[A-Za-z0-9.-]+$/.test(options.tlsServerName))) {
    throw new ValidationError(component, 'tlsServerName', `${q(options.tlsServerName)} is not a host name.`);
  }
  const timeout = vsoDuration(component, 'timeout', options.timeout, undefined);
  return {
    apiVersion: VSO_API_VERSION,
    kind: 'VaultConnection',
    metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
    spec: {
      address: options.address.replace(/\/$/, ''),
      skipTLSVerify: skip,
      ...(ca !== undefined ? { caCertSecretRef: ca } : {}),
      ...(options.tlsServerName !== undefined ? { tlsServerName: options.tlsServerName } : {}),
      ...(timeout !== undefined ? { timeout } : {}),
    },
  };
}

/** Kubernetes or JWT auth: VSO requests a token of the VaultAuth's own ServiceAccount. */
export interface VaultAuthServiceAccountOptions {
  /** The Vault role. */
  readonly role: string;
  /** The ServiceAccount (in the VaultAuth's namespace; never `default` without the opt-in). */
  readonly serviceAccount: ServiceAccountReference;
  /**
   * The token audience (one: the Vault role checks exactly this).
   * @default "vault"
   */
  readonly audience?: string;
  /**
   * Token lifetime in seconds (600 to 86400).
   * @default 600
   */
  readonly tokenExpirationSeconds?: number;
}

/** Options of {@link vaultAuthManifest}. */
export interface VaultAuthOptions {
  /** Name. */
  readonly name: string;
  /** Namespace (of the ServiceAccount and of the secrets that use this auth). */
  readonly namespace: string;
  /** The VaultConnection (same namespace): a handle or `{ name }`. Always written (an empty one means the operator's default). */
  readonly connection: VsoObjectReference | { readonly ref: VsoObjectReference };
  /**
   * Kubernetes auth (recommended). Give exactly one of kubernetes and jwt.
   * @default - jwt
   */
  readonly kubernetes?: VaultAuthServiceAccountOptions;
  /**
   * JWT auth with a ServiceAccount token (Vault's JWT/OIDC method validating the cluster's issuer).
   * @default - kubernetes
   */
  readonly jwt?: VaultAuthServiceAccountOptions;
  /**
   * The auth mount.
   * @default "kubernetes" or "jwt"
   */
  readonly mount?: string;
  /**
   * A Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
  /**
   * Accept the namespace's `default` ServiceAccount.
   * @default false
   */
  readonly allowDefaultServiceAccount?: boolean;
  /**
   * Accept `kube-system`.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** What the Vault side needs to know about a VaultAuth. */
export interface VaultAuthBinding {
  /** `kubernetes` or `jwt`. */
  readonly method: 'kubernetes' | 'jwt';
  /** The auth mount. */
  readonly mount: string;
  /** The Vault role. */
  readonly role: string;
  /** The ServiceAccount. */
  readonly serviceAccountName: string;
  /** Its namespace. */
  readonly namespace: string;
  /** The token audience. */
  readonly audience: string;
}

/** `spec` of a VaultAuth as written. */
export interface VaultAuthSpec {
  /** The connection. */
  readonly vaultConnectionRef: string;
  /** The method. */
  readonly method: 'kubernetes' | 'jwt';
  /** The mount. */
  readonly mount: string;
  /**
   * Vault namespace.
   * @default - none
   */
  readonly namespace?: string;
  /**
   * Kubernetes auth.
   * @default - none
   */
  readonly kubernetes?: VaultAuthServiceAccountSpec;
  /**
   * JWT auth.
   * @default - none
   */
  readonly jwt?: VaultAuthServiceAccountSpec;
}

/** The ServiceAccount part of a VaultAuth method as written. */
export interface VaultAuthServiceAccountSpec {
  /** Role. */
  readonly role: string;
  /** ServiceAccount name. */
  readonly serviceAccount: string;
  /** Audiences (one). */
  readonly audiences: string[];
  /** Token lifetime. */
  readonly tokenExpirationSeconds: number;
}

/** A `VaultAuth` manifest. */
export interface VaultAuthManifest extends KubeManifest {
  /** `secrets.hashicorp.com/v1beta1`. */
  readonly apiVersion: typeof VSO_API_VERSION;
  /** `VaultAuth`. */
  readonly kind: 'VaultAuth';
  /** Name and namespace. */
  readonly metadata: VsoMetadata;
  /** Connection and method. */
  readonly spec: VaultAuthSpec;
}

/** What {@link vaultAuthManifest} returns: the manifest and what the Vault role must bind. */
export interface VaultAuthResult {
  /** The VaultAuth. */
  readonly manifest: VaultAuthManifest;
  /** The binding for {@link vaultOperatorAccess}. */
  readonly binding: VaultAuthBinding;
}

/**
 * Build a `VaultAuth` with Kubernetes or JWT auth and its own ServiceAccount (VSO requests that
 * ServiceAccount's token in the consumer's namespace: `credentials/vault/kubernetes.go`, so the VaultAuth,
 * its ServiceAccount and its secrets share one namespace here). The connection is always named (an empty
 * `vaultConnectionRef` would use the operator's default connection), and `allowedNamespaces` is left
 * unset (only this namespace may use it).
 */
export function vaultAuthManifest(raw: VaultAuthOptions): VaultAuthResult {
  const component = 'VaultAuth';
  const options = checkObject(component, 'options', raw, 'the VaultAuth options { name, namespace, connection, kubernetes | jwt }') as unknown as VaultAuthOptions;
  const name = checkObjectName(component, 'name', options.name, 'VaultAuth name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const vaultConnectionRef = sameNamespaceRef(component, 'connection', options.connection, namespace, 'VaultConnection');
  if ((options.kubernetes === undefined) === (options.jwt === undefined)) {
    throw new ValidationError(component, 'kubernetes', 'and jwt: set exactly one (kubernetes is recommended).');
  }
  const method = options.kubernetes !== undefined ? 'kubernetes' : 'jwt';
  const c = checkObject(component, method, options[method], `${method} auth { role, serviceAccount, audience?, tokenExpirationSeconds? }`);
  if (typeof c.role !== 'string' || !ROLE.test(c.role)) {
    throw new ValidationError(component, `${method}.role`, `${q(c.role)} is not a Vault role name: letters, digits, '_', '-' and '.'.`);
  }
  const sa = resolveServiceAccount(component, `${method}.serviceAccount`, c.serviceAccount as ServiceAccountReference | undefined);
  if (!sa) {
    throw new ValidationError(component, `${method}.serviceAccount`, 'is required: the ServiceAccount whose token VSO presents to Vault (give it its own, e.g. a SecureServiceAccount).');
  }
  if (sa.namespace !== undefined && sa.namespace !== namespace) {
    throw new ValidationError(component, `${method}.serviceAccount`, `${q(sa.name)} is in namespace ${q(sa.namespace)} but the VaultAuth is in ${q(namespace)}; VSO requests the token in the consumer's namespace, so use a ServiceAccount of ${q(namespace)}.`);
  }
  checkSecretGrantee(component, { name: sa.name, prop: `${method}.serviceAccount` }, { name: namespace, prop: 'namespace' }, options);
  const audience = c.audience ?? 'vault';
  if (typeof audience !== 'string' || audience === '' || /[\s,]/.test(audience)) {
    throw new ValidationError(component, `${method}.audience`, `${q(audience)} must be one non-empty audience without spaces or commas.`);
  }
  const ttl = c.tokenExpirationSeconds ?? 600;
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 600 || ttl > 86400) {
    throw new ValidationError(component, `${method}.tokenExpirationSeconds`, `${q(ttl)} must be a whole number of seconds from 600 (VSO's minimum) to 86400.`);
  }
  const mount = options.mount === undefined ? method : checkVaultPath(component, 'mount', options.mount, 'auth mount path');
  const vaultNamespace = options.vaultNamespace === undefined ? undefined : checkVaultPath(component, 'vaultNamespace', options.vaultNamespace, 'Vault namespace');
  const methodSpec: VaultAuthServiceAccountSpec = { role: c.role, serviceAccount: sa.name, audiences: [audience], tokenExpirationSeconds: ttl };
  return {
    manifest: {
      apiVersion: VSO_API_VERSION,
      kind: 'VaultAuth',
      metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
      spec: { vaultConnectionRef, method, mount, ...(vaultNamespace ? { namespace: vaultNamespace } : {}), [method]: methodSpec },
    },
    binding: { method, mount, role: c.role, serviceAccountName: sa.name, namespace, audience },
  };
}

/** A workload that consumes the destination Secret and is restarted when it changes. */
export interface VsoRolloutTarget {
  /** `Deployment`, `StatefulSet`, `DaemonSet` or `argo.Rollout`. */
  readonly kind: string;
  /** Its name. */
  readonly name: string;
  /**
   * Its namespace (must be the secret's: VSO restarts workloads of its own namespace).
   * @default - the secret's namespace
   */
  readonly namespace?: string;
}

/** The Secret VSO writes. */
export interface VsoDestination {
  /** The Secret's name. */
  readonly name: string;
  /**
   * Create the Secret (owned by VSO).
   * @default true
   */
  readonly create?: boolean;
  /**
   * Overwrite a Secret that exists and VSO does not own.
   * @default false
   */
  readonly overwrite?: boolean;
  /**
   * Secret type.
   * @default "Opaque"
   */
  readonly type?: string;
  /**
   * Labels of the Secret.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Options common to VaultStaticSecret and VaultDynamicSecret. */
export interface VsoSecretOptions {
  /** Name. */
  readonly name: string;
  /** Namespace (the VaultAuth's). */
  readonly namespace: string;
  /** The VaultAuth (same namespace): a handle or `{ name }`. Always written (empty means the operator's default). */
  readonly auth: VsoObjectReference | { readonly ref: VsoObjectReference };
  /** The secrets engine mount, e.g. `secret` or `database`. */
  readonly mount: string;
  /** The path under the mount, e.g. `payments/postgres` or `creds/payments-api`. */
  readonly path: string;
  /** The Secret to write. */
  readonly destination: VsoDestination;
  /**
   * The workloads that consume the Secret: VSO restarts them when it changes
   * (`rolloutRestartTargets`), so Reloader is not needed as well (do not add both).
   * @default - none
   */
  readonly consumers?: VsoRolloutTarget[];
  /**
   * A Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Options of {@link vaultStaticSecretManifest}. */
export interface VaultStaticSecretOptions extends VsoSecretOptions {
  /**
   * The KV engine version.
   * @default "kv-v2"
   */
  readonly type?: 'kv-v1' | 'kv-v2';
  /**
   * A KV v2 version to pin.
   * @default - the latest
   */
  readonly version?: number;
  /**
   * How often VSO re-reads the secret (`30s`, `1h`).
   * @default "1h"
   */
  readonly refreshAfter?: string;
  /**
   * Sync on Vault event notifications as well (Vault Enterprise 1.16+).
   * @default false
   */
  readonly instantUpdates?: boolean;
}

/** Options of {@link vaultDynamicSecretManifest}. */
export interface VaultDynamicSecretOptions extends VsoSecretOptions {
  /**
   * Renew the lease when this percentage of its TTL has passed (1 to 90).
   * @default 67
   */
  readonly renewalPercent?: number;
  /**
   * Revoke the lease when the VaultDynamicSecret is deleted.
   * @default true
   */
  readonly revoke?: boolean;
  /**
   * Sync static-role credentials (`database/static-creds/...`), rotated by Vault.
   * @default false
   */
  readonly allowStaticCreds?: boolean;
  /**
   * For leases without a TTL: re-read after this duration.
   * @default - none
   */
  readonly refreshAfter?: string;
}

/** `destination` as written. */
export interface VsoDestinationSpec {
  /** Name. */
  readonly name: string;
  /** Create. */
  readonly create: boolean;
  /** Overwrite. */
  readonly overwrite: boolean;
  /** Type. */
  readonly type: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** A rollout restart target as written. */
export interface VsoRolloutTargetSpec {
  /** Kind. */
  readonly kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'argo.Rollout';
  /** Name. */
  readonly name: string;
}

/** `spec` of a VaultStaticSecret as written. */
export interface VaultStaticSecretSpec {
  /** The VaultAuth. */
  readonly vaultAuthRef: string;
  /** Mount. */
  readonly mount: string;
  /** Path. */
  readonly path: string;
  /** KV version. */
  readonly type: 'kv-v1' | 'kv-v2';
  /**
   * Pinned version.
   * @default - latest
   */
  readonly version?: number;
  /** Refresh. */
  readonly refreshAfter: string;
  /** HMAC of the data in status (no plaintext digest). */
  readonly hmacSecretData: boolean;
  /** The Secret. */
  readonly destination: VsoDestinationSpec;
  /**
   * Consumers restarted on change.
   * @default - none
   */
  readonly rolloutRestartTargets?: VsoRolloutTargetSpec[];
  /**
   * Vault namespace.
   * @default - none
   */
  readonly namespace?: string;
  /**
   * Event-driven sync.
   * @default - none
   */
  readonly syncConfig?: {
    /** Instant updates. */
    readonly instantUpdates: boolean;
  };
}

/** A `VaultStaticSecret` manifest. */
export interface VaultStaticSecretManifest extends KubeManifest {
  /** `secrets.hashicorp.com/v1beta1`. */
  readonly apiVersion: typeof VSO_API_VERSION;
  /** `VaultStaticSecret`. */
  readonly kind: 'VaultStaticSecret';
  /** Name and namespace. */
  readonly metadata: VsoMetadata;
  /** Source, refresh, destination. */
  readonly spec: VaultStaticSecretSpec;
}

/** `spec` of a VaultDynamicSecret as written. */
export interface VaultDynamicSecretSpec {
  /** The VaultAuth. */
  readonly vaultAuthRef: string;
  /** Mount. */
  readonly mount: string;
  /** Path. */
  readonly path: string;
  /** Renewal point. */
  readonly renewalPercent: number;
  /** Revoke on delete. */
  readonly revoke: boolean;
  /**
   * Static creds.
   * @default false
   */
  readonly allowStaticCreds?: boolean;
  /**
   * Refresh for leases without TTL.
   * @default - none
   */
  readonly refreshAfter?: string;
  /** The Secret. */
  readonly destination: VsoDestinationSpec;
  /**
   * Consumers restarted on rotation.
   * @default - none
   */
  readonly rolloutRestartTargets?: VsoRolloutTargetSpec[];
  /**
   * Vault namespace.
   * @default - none
   */
  readonly namespace?: string;
}

/** A `VaultDynamicSecret` manifest. */
export interface VaultDynamicSecretManifest extends KubeManifest {
  /** `secrets.hashicorp.com/v1beta1`. */
  readonly apiVersion: typeof VSO_API_VERSION;
  /** `VaultDynamicSecret`. */
  readonly kind: 'VaultDynamicSecret';
  /** Name and namespace. */
  readonly metadata: VsoMetadata;
  /** Source, lease handling, destination. */
  readonly spec: VaultDynamicSecretSpec;
}

/** A VSO secret manifest and the Vault paths its policy must allow. */
export interface VsoSecretResult<M> {
  /** The manifest. */
  readonly manifest: M;
  /** The Vault API paths VSO reads (for {@link vaultOperatorAccess}). */
  readonly policyPaths: string[];
}

const ROLLOUT_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'argo.Rollout'] as const;

interface CommonSpec {
  readonly vaultAuthRef: string;
  readonly mount: string;
  readonly path: string;
  readonly destination: VsoDestinationSpec;
  readonly rolloutRestartTargets?: VsoRolloutTargetSpec[];
  readonly namespace?: string;
}

function common(component: string, options: VsoSecretOptions, namespace: string): CommonSpec {
  const vaultAuthRef = sameNamespaceRef(component, 'auth', options.auth, namespace, 'VaultAuth');
  const mount = checkVaultPath(component, 'mount', options.mount, 'secrets engine mount');
  const path = checkVaultPath(component, 'path', options.path, 'secret path');
  const d = checkObject(component, 'destination', options.destination, 'the Secret to write { name, create?, overwrite?, type?, labels? }');
  const labels = checkStringMap(component, 'destination.labels', d.labels as Record<string, unknown> | undefined, 'label');
  const type = d.type ?? 'Opaque';
  if (typeof type !== 'string' || type === '' || type === 'kubernetes.io/service-account-token') {
    throw new ValidationError(component, 'destination.type', `${q(type)} is not a Secret type VSO can write.`);
  }
  const destination: VsoDestinationSpec = {
    name: checkObjectName(component, 'destination.name', d.name, 'Secret name'),
    create: checkBoolean(component, 'destination.create', d.create, true),
    overwrite: checkBoolean(component, 'destination.overwrite', d.overwrite, false),
    type,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
  };
  const seen = new Set<string>();
  const targets = options.consumers === undefined ? [] : checkList(component, 'consumers', options.consumers, 'workloads { kind, name }').map((raw, i) => {
    const t = checkObject(component, `consumers[${i}]`, raw, 'a workload { kind, name }');
    if (!ROLLOUT_KINDS.includes(t.kind as VsoRolloutTargetSpec['kind'])) {
      throw new ValidationError(component, `consumers[${i}].kind`, `${q(t.kind)} cannot be restarted by VSO; it restarts Deployments, StatefulSets, DaemonSets and Argo Rollouts (kind "argo.Rollout").`);
    }
    const tName = checkObjectName(component, `consumers[${i}].name`, t.name, `${String(t.kind)} name`);
    if (t.namespace !== undefined && t.namespace !== namespace) {
      throw new ValidationError(component, `consumers[${i}]`, `${t.kind} ${q(tName)} is in namespace ${q(t.namespace)} but the secret is in ${q(namespace)}; VSO restarts workloads of its own namespace only, and a Secret is only usable there.`);
    }
    const k = `${String(t.kind)}/${tName}`;
    if (seen.has(k)) {
      return undefined;
    }
    seen.add(k);
    return { kind: t.kind as VsoRolloutTargetSpec['kind'], name: tName };
  }).filter((t): t is VsoRolloutTargetSpec => t !== undefined);
  const vaultNamespace = options.vaultNamespace === undefined ? undefined : checkVaultPath(component, 'vaultNamespace', options.vaultNamespace, 'Vault namespace');
  return {
    vaultAuthRef,
    mount,
    path,
    destination,
    ...(targets.length > 0 ? { rolloutRestartTargets: targets } : {}),
    ...(vaultNamespace ? { namespace: vaultNamespace } : {}),
  };
}

/**
 * Build a `VaultStaticSecret`: a KV v1/v2 secret synced into a Secret, re-read every `refreshAfter` (1h),
 * the consumers restarted on change, `hmacSecretData` on. Its policy path is `<mount>/data/<path>` for
 * KV v2 and `<mount>/<path>` for KV v1.
 */
export function vaultStaticSecretManifest(raw: VaultStaticSecretOptions): VsoSecretResult<VaultStaticSecretManifest> {
  const component = 'VaultStaticSecret';
  const options = checkObject(component, 'options', raw, 'the VaultStaticSecret options { name, namespace, auth, mount, path, destination }') as unknown as VaultStaticSecretOptions;
  const name = checkObjectName(component, 'name', options.name, 'VaultStaticSecret name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const base = common(component, options, namespace);
  const type = options.type ?? 'kv-v2';
  if (type !== 'kv-v1' && type !== 'kv-v2') {
    throw new ValidationError(component, 'type', `${q(type)} is not valid; use "kv-v2" or "kv-v1".`);
  }
  if (type === 'kv-v2' && /^data\//.test(base.path)) {
    throw new ValidationError(component, 'path', `${q(base.path)} starts with "data/": VSO adds it for KV v2 (give the path as "vault kv get" takes it, e.g. "payments/postgres").`);
  }
  if (options.version !== undefined && (type !== 'kv-v2' || !Number.isInteger(options.version) || options.version < 1)) {
    throw new ValidationError(component, 'version', `${q(options.version)} must be a KV v2 version number (1 or more) and needs type "kv-v2".`);
  }
  const refreshAfter = vsoDuration(component, 'refreshAfter', options.refreshAfter, '1h')!;
  const instant = checkBoolean(component, 'instantUpdates', options.instantUpdates, false);
  return {
    manifest: {
      apiVersion: VSO_API_VERSION,
      kind: 'VaultStaticSecret',
      metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
      spec: {
        ...base,
        type,
        ...(options.version !== undefined ? { version: options.version } : {}),
        refreshAfter,
        hmacSecretData: true,
        ...(instant ? { syncConfig: { instantUpdates: true } } : {}),
      },
    },
    policyPaths: [type === 'kv-v2' ? `${base.mount}/data/${base.path}` : `${base.mount}/${base.path}`],
  };
}

/**
 * Build a `VaultDynamicSecret` (database credentials and the like): leases renewed at 67% of their TTL,
 * revoked when the object is deleted, the consumers restarted when the credentials rotate. Its policy
 * path is `<mount>/<path>` (e.g. `database/creds/payments-api`), read only.
 */
export function vaultDynamicSecretManifest(raw: VaultDynamicSecretOptions): VsoSecretResult<VaultDynamicSecretManifest> {
  const component = 'VaultDynamicSecret';
  const options = checkObject(component, 'options', raw, 'the VaultDynamicSecret options { name, namespace, auth, mount, path, destination }') as unknown as VaultDynamicSecretOptions;
  const name = checkObjectName(component, 'name', options.name, 'VaultDynamicSecret name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const base = common(component, options, namespace);
  const renewalPercent = options.renewalPercent ?? 67;
  if (typeof renewalPercent !== 'number' || !Number.isInteger(renewalPercent) || renewalPercent < 1 || renewalPercent > 90) {
    throw new ValidationError(component, 'renewalPercent', `${q(renewalPercent)} must be a whole percentage from 1 to 90 (renewing later risks using expired credentials).`);
  }
  const allowStatic = optIn(component, 'allowStaticCreds', options.allowStaticCreds);
  if (/(^|\/)static-creds\//.test(base.path) && !allowStatic) {
    throw new ValidationError(component, 'path', `${q(base.path)} reads static-role credentials, which Vault rotates without a lease; set allowStaticCreds: true so VSO syncs them on rotation.`);
  }
  const refreshAfter = vsoDuration(component, 'refreshAfter', options.refreshAfter, undefined);
  if (refreshAfter !== undefined && (parseGoDuration(checkGoDuration(component, 'refreshAfter', refreshAfter)) ?? 0) === 0) {
    throw new ValidationError(component, 'refreshAfter', `${q(refreshAfter)} never refreshes; leave it out or give a duration above 0.`);
  }
  return {
    manifest: {
      apiVersion: VSO_API_VERSION,
      kind: 'VaultDynamicSecret',
      metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
      spec: {
        ...base,
        renewalPercent,
        revoke: checkBoolean(component, 'revoke', options.revoke, true),
        ...(allowStatic ? { allowStaticCreds: true } : {}),
        ...(refreshAfter !== undefined ? { refreshAfter } : {}),
      },
    },
    policyPaths: [`${base.mount}/${base.path}`],
  };
}

/** Options of {@link vaultOperatorAccess}. */
export interface VaultOperatorAccessOptions {
  /** The VaultAuth's binding (`VaultAuth.binding`, or a handle with `binding`). */
  readonly auth: VaultAuthBinding | { readonly binding: VaultAuthBinding };
  /** The secrets that use it (handles with `policyPaths`). */
  readonly secrets: Array<{ readonly policyPaths: readonly string[] }>;
  /**
   * The policy name.
   * @default "<role>-read"
   */
  readonly policyName?: string;
  /**
   * Token TTL of the role (a Go duration).
   * @default "1h"
   */
  readonly tokenTtl?: string;
}

/** The Vault side of a VaultAuth and its secrets. */
export interface VaultOperatorAccess {
  /** The policy name. */
  readonly policyName: string;
  /** `read` on exactly the secrets' paths. */
  readonly policyHcl: string;
  /** The auth role: its API path and parameters (`vault write` / Terraform / Pulumi Vault provider). */
  readonly authRole: {
    /** e.g. `auth/kubernetes/role/payments`. */
    readonly path: string;
    /** The parameters. */
    readonly parameters: Record<string, string | string[]>;
  };
  /** The shell commands (no secret values in them). */
  readonly vaultCommands: string[];
}

/**
 * The Vault side of a VaultAuth: a policy with `read` on exactly the paths its secrets read, and a role
 * bound to exactly its ServiceAccount and namespace (Kubernetes auth: `bound_service_account_names`,
 * `bound_service_account_namespaces` and `audience`; JWT: `bound_subject`
 * `system:serviceaccount:<ns>:<sa>` and `bound_audiences`).
 */
export function vaultOperatorAccess(raw: VaultOperatorAccessOptions): VaultOperatorAccess {
  const component = 'vaultOperatorAccess';
  const options = checkObject(component, 'options', raw, 'the options { auth, secrets }') as unknown as VaultOperatorAccessOptions;
  const a = checkObject(component, 'auth', options.auth, 'a VaultAuth (or its binding)');
  const binding = (a.binding !== undefined ? a.binding : a) as VaultAuthBinding;
  if (binding.method !== 'kubernetes' && binding.method !== 'jwt') {
    throw new ValidationError(component, 'auth', 'must be a VaultAuth or its binding.');
  }
  const secrets = checkList(component, 'secrets', options.secrets, 'VaultStaticSecrets or VaultDynamicSecrets');
  if (secrets.length === 0) {
    throw new ValidationError(component, 'secrets', 'is empty; a policy for no path would be useless: list the secrets that use this VaultAuth.');
  }
  const paths = secrets.flatMap((s, i) => {
    const p = checkObject(component, `secrets[${i}]`, s, 'a VaultStaticSecret or VaultDynamicSecret').policyPaths;
    return checkList(component, `secrets[${i}].policyPaths`, p, 'Vault paths').map(x => checkVaultPath(component, `secrets[${i}].policyPaths`, x, 'Vault path'));
  });
  const policyName = options.policyName ?? `${binding.role}-read`;
  if (typeof policyName !== 'string' || !ROLE.test(policyName)) {
    throw new ValidationError(component, 'policyName', `${q(policyName)} is not a Vault policy name: use letters, digits, '_', '-' and '.'.`);
  }
  const tokenTtl = checkGoDuration(component, 'tokenTtl', options.tokenTtl ?? '1h', '"1h" or "20m"');
  const parameters: Record<string, string | string[]> = binding.method === 'kubernetes'
    ? {
      bound_service_account_names: [binding.serviceAccountName],
      bound_service_account_namespaces: [binding.namespace],
      audience: binding.audience,
      token_policies: [policyName],
      token_ttl: tokenTtl,
    }
    : {
      role_type: 'jwt',
      user_claim: 'sub',
      bound_subject: `system:serviceaccount:${binding.namespace}:${binding.serviceAccountName}`,
      bound_audiences: [binding.audience],
      token_policies: [policyName],
      token_ttl: tokenTtl,
    };
  const path = `auth/${binding.mount}/role/${binding.role}`;
  const args = Object.entries(parameters).map(([k, v]) => `${k}=${shellQuote(Array.isArray(v) ? v.join(',') : v)}`);
  return {
    policyName,
    policyHcl: policyHcl(policyName, binding.role, paths),
    authRole: { path, parameters },
    vaultCommands: [
      `vault policy write ${shellQuote(policyName)} ${shellQuote(`${policyName}.hcl`)}`,
      `vault write ${shellQuote(path)} ${args.join(' ')}`,
    ],
  };
}

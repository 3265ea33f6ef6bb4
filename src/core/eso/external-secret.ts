import { ValidationError, q } from '../errors';
import { KubeManifest, objectMetadata } from '../manifest';
import { ESO_API_VERSION, NamespacedMetadata, SecretStoreKind, StoreReference } from './common';
import { ESO_GENERATORS_API_VERSION, GeneratorReference, GeneratorRefSpec, checkGeneratorReference } from './generators';
import { secretNameProbes } from './probes';
import { ExternalSecretTemplate, ExternalSecretTemplateSpec } from './template';
import { checkGoDuration, parseGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName, checkSecretKey } from '../validate/names';
import { GoRegex, compileGoRegex } from '../validate/re2';
import { checkBoolean, checkList, checkObject, optIn } from '../validate/values';

/** How ESO decodes a fetched value before writing it. */
export type DecodingStrategy = 'Auto' | 'Base64' | 'Base64URL' | 'None';

/** One key of the target Secret, fetched from one remote secret (`spec.data[]`). */
export interface ExternalSecretData {
  /** The key in the target Secret (`^[-._a-zA-Z0-9]+$`). */
  readonly secretKey: string;
  /** The remote secret's name or path, e.g. `production/payments/postgres`. */
  readonly remoteKey: string;
  /**
   * A JSON property of the remote value, e.g. `password`.
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * The remote version (e.g. an AWS version stage such as `AWSCURRENT`).
   * @default - the provider's current version
   */
  readonly version?: string;
  /**
   * How to decode the value.
   * @default - none (ESO's default, "None")
   */
  readonly decodingStrategy?: DecodingStrategy;
}

/** Copy every JSON property of one remote secret into the target (`dataFrom[].extract`). */
export interface ExternalSecretExtract {
  /** The remote secret's name or path. */
  readonly key: string;
  /**
   * A JSON property whose value (an object) is extracted instead of the whole secret.
   * @default - the whole secret
   */
  readonly property?: string;
  /**
   * The remote version.
   * @default - the provider's current version
   */
  readonly version?: string;
  /**
   * How to decode the values.
   * @default - none (ESO's default, "None")
   */
  readonly decodingStrategy?: DecodingStrategy;
}

/**
 * Copy every remote secret that matches into the target (`dataFrom[].find`). Needs list permissions
 * on the provider (AWS `secretsmanager:ListSecrets` on `*`), so prefer `data` or `extract`. The filters
 * given must all hold (ESO ANDs them), and each must narrow the match: a name expression or path that
 * matches every secret is refused.
 */
export interface ExternalSecretFind {
  /**
   * A Go (RE2) regular expression the remote secret names must match. ESO matches it anywhere in the
   * name (`regexp.MatchString` in external-secrets `runtime/find/find.go`): anchor it (`^payments/`) to
   * match a prefix only. One that matches every name (`.*`, `.`, `^`) is refused.
   * @default - any name (then path or tags must narrow the match)
   */
  readonly nameRegexp?: string;
  /**
   * A path prefix the remote secrets must be under, e.g. `production/payments`. A path without any
   * segment (`/`) is the root of the store and is refused.
   * @default - any path
   */
  readonly path?: string;
  /**
   * Tags the remote secrets must carry (provider tags, e.g. AWS tag keys such as `Cost Center`).
   * @default - no tag filter
   */
  readonly tags?: Record<string, string>;
  /**
   * How to decode the values.
   * @default - none (ESO's default, "None")
   */
  readonly decodingStrategy?: DecodingStrategy;
}

/** One `dataFrom` entry: exactly one of `extract`, `find` and `generator`. */
export interface ExternalSecretDataFrom {
  /**
   * Copy all properties of one remote secret.
   * @default - none
   */
  readonly extract?: ExternalSecretExtract;
  /**
   * Copy all matching remote secrets.
   * @default - none
   */
  readonly find?: ExternalSecretFind;
  /**
   * Generate the values with an ESO generator (`sourceRef.generatorRef`): a `PasswordGenerator`, an
   * `EcrAuthorizationTokenGenerator` or `{ kind, name }`. A Password generator needs `refreshPolicy`
   * `CreatedOnce` or `OnChange` (a periodic refresh would replace the password at every interval);
   * an ECR token (valid 12 hours) needs `Periodic` with an interval under 12 hours.
   * @default - none
   */
  readonly generator?: GeneratorReference | { readonly generatorRef: GeneratorReference };
}

/** The Secret an ExternalSecret writes. */
export interface ExternalSecretTarget {
  /**
   * The target Secret's name.
   * @default - the ExternalSecret's name
   */
  readonly name?: string;
  /**
   * Who owns the target Secret. `Owner` (ESO creates it and deletes it with the ExternalSecret) keeps
   * one source of truth; `Merge` writes into an existing Secret; `CreateOrMerge` creates it when missing
   * and merges into it otherwise, without owning it; `Orphan` leaves it behind; `None` only renders.
   * @default "Owner"
   */
  readonly creationPolicy?: 'Owner' | 'Orphan' | 'Merge' | 'None' | 'CreateOrMerge';
  /**
   * What ESO does to the target when the remote secret disappears. ESO's webhook refuses `Delete`
   * unless ESO owns the Secret (`creationPolicy` `Owner` or `Orphan`), and `Merge` with
   * `creationPolicy: None`; so does this library.
   * @default - ESO's default ("Retain")
   */
  readonly deletionPolicy?: 'Delete' | 'Merge' | 'Retain';
  /**
   * The target Secret's type, without templating the keys (e.g. `kubernetes.io/tls` when the remote
   * keys are already `tls.crt` and `tls.key`). Use `template` to map keys. The keys that the API server
   * requires for the type must be fetched (`tls.crt` and `tls.key` for `kubernetes.io/tls`, ...);
   * `kubernetes.io/bootstrap-token` and `kubernetes.io/service-account-token` are refused.
   * @default - Opaque
   */
  readonly type?: string;
  /**
   * The shape of the target Secret.
   * @default - the fetched keys as they are, type Opaque
   */
  readonly template?: ExternalSecretTemplate;
  /**
   * Make the target Secret immutable (it cannot be rotated in place then).
   * @default false
   */
  readonly immutable?: boolean;
}

/** Options of the pure builder behind both `ExternalSecret` front-ends. */
export interface ExternalSecretOptions {
  /** The ExternalSecret's name. */
  readonly name: string;
  /** Its namespace (the target Secret's namespace). */
  readonly namespace: string;
  /**
   * The store to read from. Required unless every `dataFrom` entry is a `generator`.
   * @default - none (only with generators)
   */
  readonly store?: StoreReference | { readonly storeRef: StoreReference };
  /**
   * How often ESO re-reads the remote value, as a Go duration (`1h`, `15m`, `1h30m`); `0s` reads once.
   * Rotated values reach the Secret within this interval; Reloader then restarts the consumers.
   * @default "1h"
   */
  readonly refreshInterval?: string;
  /**
   * When ESO refreshes: `Periodic` (every refreshInterval), `OnChange` (only when the ExternalSecret's
   * spec or metadata changes) or `CreatedOnce` (once, never again). See {@link ExternalSecretRefresh}
   * for the presets and their surprises.
   * @default - ESO's default (Periodic)
   */
  readonly refreshPolicy?: 'CreatedOnce' | 'Periodic' | 'OnChange';
  /**
   * Let a Password generator be refreshed periodically (a new password at every interval, which
   * breaks every consumer that has not picked it up yet).
   * @default false
   */
  readonly allowRegeneratingPassword?: boolean;
  /**
   * The Secret to write: name (default: the ExternalSecret's), `creationPolicy` (default `Owner`),
   * `deletionPolicy`, `type`, `template` (see `ExternalSecretTemplate`).
   * @default - a Secret named like the ExternalSecret, creationPolicy Owner
   */
  readonly target?: ExternalSecretTarget;
  /**
   * Keys fetched one by one: `{ secretKey, remoteKey, property?, version? }`.
   * @default - none (then dataFrom is required)
   */
  readonly data?: ExternalSecretData[];
  /**
   * Keys fetched in bulk: `{ extract: { key } }` or `{ find: { path | nameRegexp | tags } }`.
   * @default - none (then data is required)
   */
  readonly dataFrom?: ExternalSecretDataFrom[];
  /**
   * Labels of the ExternalSecret.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * The component name used in error messages.
   * @default "ExternalSecret"
   */
  readonly component?: string;
}


/** `remoteRef` of a `spec.data[]` entry, and `dataFrom[].extract`. */
export interface ExternalSecretRemoteRefSpec {
  /** The remote secret's name or path. */
  readonly key: string;
  /**
   * A JSON property of the remote value.
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * The remote version.
   * @default - the current version
   */
  readonly version?: string;
  /**
   * How ESO decodes the value.
   * @default - None
   */
  readonly decodingStrategy?: DecodingStrategy;
}

/** A `spec.data[]` entry. */
export interface ExternalSecretDataSpec {
  /** The key in the target Secret. */
  readonly secretKey: string;
  /** Where the value comes from. */
  readonly remoteRef: ExternalSecretRemoteRefSpec;
}

/** `dataFrom[].find` as written into the manifest. */
export interface ExternalSecretFindSpec {
  /**
   * The name expression.
   * @default - any name
   */
  readonly name?: {
    /** A Go regular expression, matched anywhere in the name. */
    readonly regexp: string;
  };
  /**
   * The path prefix.
   * @default - any path
   */
  readonly path?: string;
  /**
   * The tags the secrets must carry.
   * @default - no tag filter
   */
  readonly tags?: Record<string, string>;
  /**
   * How ESO decodes the values.
   * @default - None
   */
  readonly decodingStrategy?: DecodingStrategy;
}

/** A `spec.dataFrom[]` entry: exactly one of `extract` and `find`. */
export interface ExternalSecretDataFromSpec {
  /**
   * Every property of one remote secret.
   * @default - none
   */
  readonly extract?: ExternalSecretRemoteRefSpec;
  /**
   * Every matching remote secret.
   * @default - none
   */
  readonly find?: ExternalSecretFindSpec;
  /**
   * Values made by a generator.
   * @default - none
   */
  readonly sourceRef?: {
    /** The generator. */
    readonly generatorRef: GeneratorRefSpec;
  };
}

/** `spec.target` as written by the library. */
export interface ExternalSecretTargetSpec {
  /** The target Secret's name. */
  readonly name: string;
  /** Who owns the target Secret. */
  readonly creationPolicy: NonNullable<ExternalSecretTarget['creationPolicy']>;
  /**
   * What happens when the remote secret disappears.
   * @default - Retain
   */
  readonly deletionPolicy?: NonNullable<ExternalSecretTarget['deletionPolicy']>;
  /**
   * Whether the target Secret is immutable.
   * @default false
   */
  readonly immutable?: boolean;
  /**
   * The template of the target Secret.
   * @default - the fetched keys as they are
   */
  readonly template?: ExternalSecretTemplateSpec;
}

/** `spec` of an ExternalSecret as written by the library. */
export interface ExternalSecretSpec {
  /** A Go duration. */
  readonly refreshInterval: string;
  /**
   * When ESO refreshes.
   * @default - Periodic
   */
  readonly refreshPolicy?: NonNullable<ExternalSecretOptions['refreshPolicy']>;
  /**
   * The store to read from.
   * @default - none (generators only)
   */
  readonly secretStoreRef?: {
    /** The store's name. */
    readonly name: string;
    /** `SecretStore` or `ClusterSecretStore`. */
    readonly kind: StoreReference['kind'];
  };
  /** The Secret ESO writes. */
  readonly target: ExternalSecretTargetSpec;
  /**
   * Keys fetched one by one.
   * @default - none
   */
  readonly data?: ExternalSecretDataSpec[];
  /**
   * Keys fetched in bulk.
   * @default - none
   */
  readonly dataFrom?: ExternalSecretDataFromSpec[];
}

/** An `ExternalSecret` manifest as built by {@link externalSecretManifest}. */
export interface ExternalSecretManifest extends KubeManifest {
  /** `external-secrets.io/v1`. */
  readonly apiVersion: typeof ESO_API_VERSION;
  /** `ExternalSecret`. */
  readonly kind: 'ExternalSecret';
  /** Name and namespace. */
  readonly metadata: NamespacedMetadata;
  /** Store, target and keys. */
  readonly spec: ExternalSecretSpec;
}

const DECODING: DecodingStrategy[] = ['Auto', 'Base64', 'Base64URL', 'None'];
const CREATION_POLICIES = ['Owner', 'Orphan', 'Merge', 'None', 'CreateOrMerge'] as const;
const DELETION_POLICIES = ['Delete', 'Merge', 'Retain'] as const;

function optionalText(component: string, prop: string, value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || value === '') {
    throw new ValidationError(component, prop, `${q(value)} must be a non-empty string.`);
  }
  return value;
}

function decoding(component: string, prop: string, value: unknown): { decodingStrategy?: DecodingStrategy } {
  if (value === undefined) {
    return {};
  }
  if (!DECODING.includes(value as DecodingStrategy)) {
    throw new ValidationError(component, prop, `${q(value)} is not valid; use one of ${DECODING.map(d => q(d)).join(', ')}.`);
  }
  return { decodingStrategy: value as DecodingStrategy };
}

/**
 * Resolve a store or store reference.
 * @internal
 */
export function storeReferenceOf(component: string, store: ExternalSecretOptions['store']): StoreReference {
  const ref = store && typeof store === 'object' && 'storeRef' in store ? store.storeRef : store as StoreReference;
  if (!ref || typeof ref !== 'object') {
    throw new ValidationError(component, 'store', 'is missing; pass a SecretStore, a ClusterSecretStore or { name, kind }.');
  }
  if (ref.kind !== SecretStoreKind.SECRET_STORE && ref.kind !== SecretStoreKind.CLUSTER_SECRET_STORE) {
    throw new ValidationError(component, 'store.kind', `${q(ref.kind)} is not a store kind; use "SecretStore" or "ClusterSecretStore".`);
  }
  checkObjectName(component, 'store.name', ref.name, `${ref.kind} name`);
  if (ref.namespace !== undefined) {
    checkNamespace(component, 'store.namespace', ref.namespace);
  }
  return ref;
}

function remoteRef(component: string, prop: string, raw: unknown, what: string, keyProp: string): ExternalSecretRemoteRefSpec {
  const r = checkObject(component, prop, raw, what);
  const key = optionalText(component, `${prop}.${keyProp}`, r[keyProp]);
  if (key === undefined) {
    throw new ValidationError(component, `${prop}.${keyProp}`, 'is missing; give the remote secret name or path.');
  }
  const property = optionalText(component, `${prop}.property`, r.property);
  const version = optionalText(component, `${prop}.version`, r.version);
  return {
    key,
    ...(property !== undefined ? { property } : {}),
    ...(version !== undefined ? { version } : {}),
    ...decoding(component, `${prop}.decodingStrategy`, r.decodingStrategy),
  };
}

/**
 * Check a `dataFrom[].find`: every filter given must narrow the match. A name expression is evaluated
 * as ESO runs it (Go `regexp.MatchString`, unanchored; external-secrets `runtime/find/find.go`) against
 * {@link secretNameProbes}; a path is the root of the store when it names no segment (AWS Parameter
 * Store lists `/` recursively, Vault lists `<path>/`, Secrets Manager and Google filter by the prefix).
 * Also read by the auditor (KSS-ESO-004).
 * @internal
 */
export function checkFind(component: string, prop: string, raw: unknown): ExternalSecretFindSpec {
  const f = checkObject(component, prop, raw, 'a filter { nameRegexp?, path?, tags? }');
  let nameRegexp: GoRegex | undefined;
  if (f.nameRegexp !== undefined) {
    nameRegexp = compileGoRegex(component, `${prop}.nameRegexp`, f.nameRegexp);
    if (secretNameProbes().every(name => nameRegexp!.find(name))) {
      throw new ValidationError(component, `${prop}.nameRegexp`, `${q(nameRegexp.source)} matches every secret name (ESO matches it anywhere in the name); narrow it (e.g. "^payments/"), or drop it and narrow find with path or tags.`);
    }
  }
  const path = optionalText(component, `${prop}.path`, f.path);
  if (path !== undefined && path.split('/').every(segment => segment.trim() === '')) {
    throw new ValidationError(component, `${prop}.path`, `${q(path)} names no path segment: it is the root of the store and matches every secret; give the path the secrets are under, e.g. "production/payments".`);
  }
  let tags: Record<string, string> | undefined;
  if (f.tags !== undefined) {
    const t = checkObject(component, `${prop}.tags`, f.tags, 'a map of tag keys to values');
    tags = {};
    for (const [key, value] of Object.entries(t)) {
      if (key.trim() === '' || typeof value !== 'string') {
        throw new ValidationError(component, `${prop}.tags[${q(key)}]`, key.trim() === '' ? 'is an empty tag key; give the tag key.' : `must be a string; received ${q(value)}.`);
      }
      tags[key] = value;
    }
  }
  if (nameRegexp === undefined && path === undefined && (tags === undefined || Object.keys(tags).length === 0)) {
    throw new ValidationError(component, prop, 'matches every secret the store can read; narrow it with nameRegexp, path or tags.');
  }
  return {
    ...(nameRegexp !== undefined ? { name: { regexp: nameRegexp.source } } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(tags !== undefined ? { tags } : {}),
    ...decoding(component, `${prop}.decodingStrategy`, f.decodingStrategy),
  };
}

/**
 * The keys the API server requires in a Secret of a given type (kubernetes/kubernetes
 * `pkg/apis/core/validation/validation.go`, `ValidateSecret`): all of `all`, or one of `any`.
 */
const REQUIRED_KEYS: Record<string, { readonly all?: readonly string[]; readonly any?: readonly string[] }> = {
  'kubernetes.io/tls': { all: ['tls.crt', 'tls.key'] },
  'kubernetes.io/basic-auth': { any: ['username', 'password'] },
  'kubernetes.io/ssh-auth': { all: ['ssh-privatekey'] },
  'kubernetes.io/dockercfg': { all: ['.dockercfg'] },
  'kubernetes.io/dockerconfigjson': { all: ['.dockerconfigjson'] },
};

/**
 * Refuse Secret types that ESO or the API server would refuse for the target.
 * - `kubernetes.io/bootstrap-token`: refused by ESO's webhook and controller
 *   (external-secrets `apis/externalsecrets/v1/externalsecret_validator.go`, `validatePrivilegedTemplate`,
 *   tag v2.9.0), as it would mint a credential beyond the RBAC of whoever writes the ExternalSecret.
 * - `kubernetes.io/service-account-token`: ESO refuses the template when it sets the annotation
 *   `kubernetes.io/service-account.name` (same function), and the API server refuses the Secret without
 *   it (`ValidateSecret`): it can never be written.
 * - the keys a type requires (`REQUIRED_KEYS`), when the Secret's keys are known.
 */
function checkSecretType(component: string, prop: string, type: string, keys: readonly string[] | undefined): void {
  if (type === 'kubernetes.io/bootstrap-token') {
    throw new ValidationError(component, prop, `${q(type)} is refused by ESO's webhook (template.type "kubernetes.io/bootstrap-token" is not allowed): a bootstrap token lets its reader join nodes to the cluster, beyond the RBAC of whoever writes the ExternalSecret. Create bootstrap tokens with kubeadm instead.`);
  }
  if (type === 'kubernetes.io/service-account-token') {
    throw new ValidationError(component, prop, `${q(type)} cannot be written: the API server requires the annotation "kubernetes.io/service-account.name" on such a Secret, and ESO's webhook refuses a template that sets it (a long-lived token beyond the ServiceAccount's RBAC). Use an Opaque Secret, or a TokenRequest (projected token) for ServiceAccount tokens.`);
  }
  const rule = REQUIRED_KEYS[type];
  if (rule === undefined || keys === undefined) {
    return;
  }
  const missing = (rule.all ?? []).filter(k => !keys.includes(k));
  const none = rule.any !== undefined && !rule.any.some(k => keys.includes(k));
  if (missing.length > 0 || none) {
    const needed = rule.all !== undefined
      ? `the ${rule.all.length === 1 ? 'key' : 'keys'} ${rule.all.map(k => q(k)).join(' and ')}`
      : `the key ${rule.any!.map(k => q(k)).join(' or ')}`;
    throw new ValidationError(component, prop, `${q(type)} needs ${needed} in the Secret (the API server refuses it otherwise), but the Secret would have ${keys.map(k => q(k)).join(', ')}; fetch them under those names (data[].secretKey) or use the matching ExternalSecretTemplate.`);
  }
}

/**
 * Check the target's creation and deletion policies as ESO's webhook does (external-secrets
 * `apis/externalsecrets/v1/externalsecret_validator.go`, `validatePolicies`, tag v2.9.0): `Delete` only
 * when ESO owns the Secret (not with `Merge`, `None` or `CreateOrMerge`), and deletion `Merge` not with
 * creation `None`. `CreateOrMerge` is served by the v2.9 CRD (`+kubebuilder:validation:Enum`).
 * Also read by the auditor (KSS-ESO-006).
 * @internal
 */
export function checkPolicies(component: string, target: Record<string, unknown>): Pick<ExternalSecretTargetSpec, 'creationPolicy' | 'deletionPolicy'> {
  const creationPolicy = (target.creationPolicy ?? 'Owner') as ExternalSecretTargetSpec['creationPolicy'];
  if (!CREATION_POLICIES.includes(creationPolicy)) {
    throw new ValidationError(component, 'target.creationPolicy', `${q(creationPolicy)} is not valid; use "Owner", "Orphan", "Merge", "None" or "CreateOrMerge".`);
  }
  const deletionPolicy = target.deletionPolicy as ExternalSecretTargetSpec['deletionPolicy'];
  if (deletionPolicy !== undefined && !DELETION_POLICIES.includes(deletionPolicy)) {
    throw new ValidationError(component, 'target.deletionPolicy', `${q(deletionPolicy)} is not valid; use "Delete", "Merge" or "Retain".`);
  }
  if (deletionPolicy === 'Delete' && (creationPolicy === 'Merge' || creationPolicy === 'None' || creationPolicy === 'CreateOrMerge')) {
    throw new ValidationError(component, 'target.deletionPolicy', `"Delete" needs a Secret that ESO owns, but creationPolicy is ${q(creationPolicy)}; ESO's webhook refuses this pair (deletionPolicy=Delete must not be used when the controller doesn't own the secret). `
      + `Use creationPolicy "Owner", or deletionPolicy ${creationPolicy === 'None' ? '"Retain"' : '"Retain" or "Merge"'}.`);
  }
  if (deletionPolicy === 'Merge' && creationPolicy === 'None') {
    throw new ValidationError(component, 'target.deletionPolicy', '"Merge" cannot be used with creationPolicy "None": there is no Secret to merge with, and ESO\'s webhook refuses this pair. Use deletionPolicy "Retain", or a creationPolicy that writes a Secret.');
  }
  return { creationPolicy, ...(deletionPolicy !== undefined ? { deletionPolicy } : {}) };
}

/** A refresh preset: spread it into ExternalSecret options (`...ExternalSecretRefresh.createdOnce()`). */
export interface ExternalSecretRefreshSettings {
  /** When ESO refreshes. */
  readonly refreshPolicy: NonNullable<ExternalSecretOptions['refreshPolicy']>;
  /** The refresh interval (written, but only `Periodic` reads it). */
  readonly refreshInterval: string;
}

/**
 * The three `refreshPolicy` presets and when to use each (ESO `pkg/controllers/externalsecret/
 * externalsecret_controller.go`, `shouldRefresh`, tag v2.9.0):
 * - `periodic(interval)`: re-read every interval. Rotation reaches the Secret within the interval.
 *   Surprise: with a generator, every refresh generates a NEW value (a Password generator would change
 *   the password every interval), and `0s` means never.
 * - `createdOnce()`: read once, when the ExternalSecret is created; later changes in the provider (or of
 *   the ExternalSecret) never reach the Secret. Right for generated passwords; wrong for rotated ones.
 * - `onChange()`: read when the ExternalSecret's spec or metadata changes (a new resourceVersion /
 *   generation), never on a timer. Surprise: rotation in the provider is not picked up until someone
 *   edits the ExternalSecret (e.g. bumps an annotation).
 */
export class ExternalSecretRefresh {
  /** Re-read every `interval` (a Go duration above 0s, e.g. `1h`). */
  public static periodic(interval: string): ExternalSecretRefreshSettings {
    const refreshInterval = checkGoDuration('ExternalSecretRefresh.periodic', 'interval', interval);
    if (parseGoDuration(refreshInterval) === 0) {
      throw new ValidationError('ExternalSecretRefresh.periodic', 'interval', '"0s" never refreshes; use ExternalSecretRefresh.createdOnce() for that, or an interval such as "1h".');
    }
    return { refreshPolicy: 'Periodic', refreshInterval };
  }

  /** Read once at creation, never again (generated passwords). */
  public static createdOnce(): ExternalSecretRefreshSettings {
    return { refreshPolicy: 'CreatedOnce', refreshInterval: '0s' };
  }

  /** Read when the ExternalSecret changes, never on a timer. */
  public static onChange(): ExternalSecretRefreshSettings {
    return { refreshPolicy: 'OnChange', refreshInterval: '0s' };
  }

  private constructor() {}
}

/** ECR authorization tokens last 12 hours (AWS `GetAuthorizationToken`). */
const ECR_TOKEN_LIFETIME_MS = 12 * 3600 * 1000;

/**
 * Refresh rules for generated values: a Password generator is not regenerated on a timer unless opted in;
 * an ECR token is refreshed on a timer shorter than its 12-hour lifetime.
 */
function checkGeneratorRefresh(
  component: string, options: ExternalSecretOptions, refreshInterval: string, generators: readonly GeneratorReference[],
): void {
  const policy = options.refreshPolicy ?? 'Periodic';
  const allowRegenerating = optIn(component, 'allowRegeneratingPassword', options.allowRegeneratingPassword);
  const interval = parseGoDuration(refreshInterval) ?? 0;
  for (const g of generators) {
    if (g.kind === 'Password' && policy === 'Periodic' && interval > 0 && !allowRegenerating) {
      throw new ValidationError(component, 'refreshPolicy', `is Periodic (every ${refreshInterval}) with Password generator ${q(g.name)}: ESO would generate a new password at every refresh, breaking whatever still uses the old one. Use ...ExternalSecretRefresh.createdOnce() (or onChange()), or set allowRegeneratingPassword: true.`);
    }
    if (g.kind === 'ECRAuthorizationToken' && (policy !== 'Periodic' || interval === 0 || interval >= ECR_TOKEN_LIFETIME_MS)) {
      throw new ValidationError(component, 'refreshInterval', `${policy !== 'Periodic' ? `refreshPolicy ${q(policy)}` : q(refreshInterval)} would let the token of ECRAuthorizationToken ${q(g.name)} expire: ECR tokens last 12 hours. Use ...ExternalSecretRefresh.periodic('1h') (any interval under 12h).`);
    }
  }
}

/**
 * Build an `ExternalSecret` (`external-secrets.io/v1`): where the values live, never what they are.
 * Refuses what ESO's webhook refuses (external-secrets `apis/externalsecrets/v1/externalsecret_validator.go`,
 * v2.9.0): no data and no dataFrom, duplicate secret keys, the policy pairs and privileged template types.
 * @see https://external-secrets.io/latest/api/externalsecret/
 */
export function externalSecretManifest(raw: ExternalSecretOptions): ExternalSecretManifest {
  const options = checkObject(raw?.component ?? 'ExternalSecret', 'options', raw, 'the ExternalSecret options { name, namespace, store, data | dataFrom, ... }') as unknown as ExternalSecretOptions;
  const component = options.component ?? 'ExternalSecret';
  const name = checkObjectName(component, 'name', options.name, 'ExternalSecret name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const rawDataFrom = Array.isArray(options.dataFrom) ? options.dataFrom : [];
  const generatorsOnly = options.data === undefined && rawDataFrom.length > 0
    && rawDataFrom.every(d => d !== null && typeof d === 'object' && (d as ExternalSecretDataFrom).generator !== undefined);
  const store = options.store === undefined && generatorsOnly ? undefined : storeReferenceOf(component, options.store);
  if (store && store.kind === SecretStoreKind.SECRET_STORE && store.namespace !== undefined && store.namespace !== namespace) {
    throw new ValidationError(component, 'store', `SecretStore ${q(store.name)} is in namespace ${q(store.namespace)} but the ExternalSecret is in ${q(namespace)}; a SecretStore serves only its own namespace. Create a SecretStore in ${q(namespace)} or use a ClusterSecretStore that allows it.`);
  }
  const refreshInterval = checkGoDuration(component, 'refreshInterval', options.refreshInterval ?? '1h');
  if (options.refreshPolicy !== undefined && !['CreatedOnce', 'Periodic', 'OnChange'].includes(options.refreshPolicy)) {
    throw new ValidationError(component, 'refreshPolicy', `${q(options.refreshPolicy)} is not valid; use "Periodic", "OnChange" or "CreatedOnce".`);
  }

  const dataEntries = options.data === undefined ? [] : checkList(component, 'data', options.data, 'entries { secretKey, remoteKey, property?, version? }');
  const dataFromEntries = options.dataFrom === undefined ? [] : checkList(component, 'dataFrom', options.dataFrom, 'entries { extract } or { find }');
  const hasData = dataEntries.length > 0;
  const hasDataFrom = dataFromEntries.length > 0;
  if (!hasData && !hasDataFrom) {
    throw new ValidationError(component, 'data', 'and dataFrom are both empty; list the keys to fetch in data (or dataFrom for bulk extract/find).');
  }
  const seen = new Map<string, number>();
  const data = dataEntries.map((entry, i): ExternalSecretDataSpec => {
    const prop = `data[${i}]`;
    const d = checkObject(component, prop, entry, 'an entry { secretKey, remoteKey, property?, version? }');
    const secretKey = checkSecretKey(component, `${prop}.secretKey`, d.secretKey);
    if (seen.has(secretKey)) {
      throw new ValidationError(component, `${prop}.secretKey`, `${q(secretKey)} is already used by data[${seen.get(secretKey)}]; each key of the target Secret must be fetched once.`);
    }
    seen.set(secretKey, i);
    return { secretKey, remoteRef: remoteRef(component, prop, d, 'an entry { secretKey, remoteKey, property?, version? }', 'remoteKey') };
  });
  const generators: GeneratorReference[] = [];
  const dataFrom = dataFromEntries.map((entry, i): ExternalSecretDataFromSpec => {
    const prop = `dataFrom[${i}]`;
    const d = checkObject(component, prop, entry, 'an entry { extract }, { find } or { generator }');
    if ([d.extract, d.find, d.generator].filter(x => x !== undefined).length !== 1) {
      throw new ValidationError(component, prop, 'must have exactly one of extract, find and generator (ESO: "extract, find, or generatorRef cannot be set at the same time").');
    }
    if (d.generator !== undefined) {
      const ref = checkGeneratorReference(component, `${prop}.generator`, d.generator);
      if (ref.kind !== 'ClusterGenerator' && ref.namespace !== undefined && ref.namespace !== namespace) {
        throw new ValidationError(component, `${prop}.generator`, `${ref.kind} ${q(ref.name)} is in namespace ${q(ref.namespace)} but the ExternalSecret is in ${q(namespace)}; ESO looks the generator up in the ExternalSecret's namespace. Create it there, or use a ClusterGenerator.`);
      }
      generators.push(ref);
      return { sourceRef: { generatorRef: { apiVersion: ESO_GENERATORS_API_VERSION, kind: ref.kind, name: ref.name } } };
    }
    if (d.extract !== undefined) {
      return { extract: remoteRef(component, `${prop}.extract`, d.extract, 'a remote secret { key, property?, version? }', 'key') };
    }
    return { find: checkFind(component, `${prop}.find`, d.find) };
  });
  checkGeneratorRefresh(component, options, refreshInterval, generators);

  const target = options.target === undefined ? {} : checkObject(component, 'target', options.target, 'the target { name?, creationPolicy?, deletionPolicy?, type?, template?, immutable? }');
  const targetName = checkObjectName(component, 'target.name', target.name ?? name, 'Secret name');
  const policies = checkPolicies(component, target);
  const immutable = target.immutable === undefined ? undefined : checkBoolean(component, 'target.immutable', target.immutable, false);
  let template: ExternalSecretTemplateSpec | undefined;
  const fetchedKeys = hasDataFrom ? undefined : [...seen.keys()];
  if (target.template !== undefined) {
    if (!(target.template instanceof ExternalSecretTemplate)) {
      throw new ValidationError(component, 'target.template', 'must be built with ExternalSecretTemplate (opaque, dockerConfigJson, tls or basicAuth).');
    }
    const tpl = target.template;
    if (target.type !== undefined && target.type !== tpl.type) {
      throw new ValidationError(component, 'target.type', `${q(target.type)} contradicts the template's type ${q(tpl.type)}; set one of them.`);
    }
    if (!hasDataFrom) {
      tpl.referencedKeys.forEach(key => {
        if (!seen.has(key)) {
          throw new ValidationError(component, 'target.template', `uses key ${q(key)}, which no data[] entry fetches (fetched: ${[...seen.keys()].map(k => q(k)).join(', ')}).`);
        }
      });
    }
    checkSecretType(component, 'target.template', tpl.type, tpl.secretKeys ?? fetchedKeys);
    template = tpl._render(component);
  } else if (target.type !== undefined) {
    if (typeof target.type !== 'string' || target.type === '') {
      throw new ValidationError(component, 'target.type', `${q(target.type)} is not a Secret type.`);
    }
    checkSecretType(component, 'target.type', target.type, fetchedKeys);
    template = { engineVersion: 'v2', type: target.type };
  }

  return {
    apiVersion: ESO_API_VERSION,
    kind: 'ExternalSecret',
    metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
    spec: {
      refreshInterval,
      ...(options.refreshPolicy !== undefined ? { refreshPolicy: options.refreshPolicy } : {}),
      ...(store ? { secretStoreRef: { name: store.name, kind: store.kind } } : {}),
      target: {
        name: targetName,
        ...policies,
        ...(immutable !== undefined ? { immutable } : {}),
        ...(template !== undefined ? { template } : {}),
      },
      ...(hasData ? { data } : {}),
      ...(hasDataFrom ? { dataFrom } : {}),
    },
  };
}

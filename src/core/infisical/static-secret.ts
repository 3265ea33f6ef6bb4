/**
 * The Infisical operator's v1beta1 API (`secrets.infisical.com/v1beta1`): `InfisicalConnection` (where
 * Infisical is), `InfisicalAuth` (how the operator logs in) and `InfisicalStaticSecret` (what to sync
 * where). Field names and the operator's own checks follow Infisical/kubernetes-operator
 * `api/v1beta1/*_types.go` and `internal/services/infisicalstaticsecret/reconciler.go` (`Validate`), tag
 * infisical-k8-operator/v0.11.5.
 */
import { ValidationError, q } from '../errors';
import { ServiceAccountReference, checkSecretGrantee, resolveServiceAccount } from '../identity/service-account-ref';
import { KubeManifest, ManifestMetadata, objectMetadata } from '../manifest';
import { InfisicalSecretsScope, checkAudiences, checkInfisicalInterval, checkInfisicalScope, checkInfisicalUrl } from './infisical-secret';
import { checkNamespace, checkObjectName, checkSecretKey } from '../validate/names';
import { checkBoolean, checkList, checkObject, optIn } from '../validate/values';

/** API version of the Infisical operator's v1beta1 objects. */
export const INFISICAL_V1BETA1_API_VERSION = 'secrets.infisical.com/v1beta1';

/** Metadata of a namespaced Infisical object. */
export interface InfisicalObjectMetadata extends ManifestMetadata {
  /** The namespace. */
  readonly namespace: string;
}

/** A `{ name, namespace }` reference as the v1beta1 API writes it. */
export interface InfisicalNamespacedName {
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
}

/** A key of a Kubernetes Secret, as the v1beta1 API references it. */
export interface InfisicalSecretKeyRef {
  /** The Secret's name. */
  readonly name: string;
  /** The key. */
  readonly key: string;
  /**
   * The Secret's namespace.
   * @default - the referencing object's namespace
   */
  readonly namespace?: string;
}

/** A reference to an InfisicalConnection or InfisicalAuth: a handle (construct/component) or `{ name, namespace? }`. */
export interface InfisicalObjectReference {
  /** Name. */
  readonly name: string;
  /**
   * Namespace.
   * @default - the referencing object's namespace
   */
  readonly namespace?: string;
}

function objectRef(component: string, prop: string, raw: unknown, namespace: string, what: string): InfisicalNamespacedName {
  const r = checkObject(component, prop, raw, `${what} (a handle or { name, namespace? })`);
  const ref = (r.ref !== undefined ? checkObject(component, prop, r.ref, what) : r) as Record<string, unknown>;
  return {
    name: checkObjectName(component, `${prop}.name`, ref.name, `${what} name`),
    namespace: ref.namespace === undefined ? namespace : checkNamespace(component, `${prop}.namespace`, ref.namespace),
  };
}

function secretKeyRef(component: string, prop: string, raw: unknown, namespace: string): InfisicalNamespacedName & { key: string } {
  const r = checkObject(component, prop, raw, 'a Secret key { name, key, namespace? }');
  return {
    name: checkObjectName(component, `${prop}.name`, r.name, 'Secret name'),
    namespace: r.namespace === undefined ? namespace : checkNamespace(component, `${prop}.namespace`, r.namespace),
    key: checkSecretKey(component, `${prop}.key`, r.key),
  };
}

/** Options of {@link infisicalConnectionManifest}. */
export interface InfisicalConnectionOptions {
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /**
   * The Infisical instance (https unless `allowPlaintextHost`). Always written: an empty address would
   * fall back to the operator's `INFISICAL_HOST_API` environment variable.
   * @default "https://app.infisical.com"
   */
  readonly address?: string;
  /**
   * A Secret key holding the CA certificate of a self-hosted instance.
   * @default - the system roots
   */
  readonly caCertificate?: InfisicalSecretKeyRef;
  /**
   * Allow an `http://` address.
   * @default false
   */
  readonly allowPlaintextHost?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** An `InfisicalConnection` manifest. */
export interface InfisicalConnectionManifest extends KubeManifest {
  /** `secrets.infisical.com/v1beta1`. */
  readonly apiVersion: typeof INFISICAL_V1BETA1_API_VERSION;
  /** `InfisicalConnection`. */
  readonly kind: 'InfisicalConnection';
  /** Name and namespace. */
  readonly metadata: InfisicalObjectMetadata;
  /** Address and TLS. */
  readonly spec: {
    /** The instance. */
    readonly address: string;
    /**
     * TLS.
     * @default - system roots
     */
    readonly tls?: {
      /** The CA certificate's Secret key. */
      readonly caCertificate: InfisicalNamespacedName & {
        /** The key. */
        readonly key: string;
      };
    };
  };
}

/**
 * Build an `InfisicalConnection`: where the operator reaches Infisical. https only unless
 * `allowPlaintextHost: true`; no credentials in the URL; the address is always written.
 */
export function infisicalConnectionManifest(raw: InfisicalConnectionOptions): InfisicalConnectionManifest {
  const component = 'InfisicalConnection';
  const options = checkObject(component, 'options', raw, 'the InfisicalConnection options { name, namespace, address? }') as unknown as InfisicalConnectionOptions;
  const name = checkObjectName(component, 'name', options.name, 'InfisicalConnection name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const allowPlaintext = optIn(component, 'allowPlaintextHost', options.allowPlaintextHost);
  const address = checkInfisicalUrl(component, 'address', options.address ?? 'https://app.infisical.com', allowPlaintext, 'https://app.infisical.com');
  const ca = options.caCertificate === undefined ? undefined : secretKeyRef(component, 'caCertificate', options.caCertificate, namespace);
  return {
    apiVersion: INFISICAL_V1BETA1_API_VERSION,
    kind: 'InfisicalConnection',
    metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
    spec: { address, ...(ca ? { tls: { caCertificate: ca } } : {}) },
  };
}

/** Kubernetes auth of an InfisicalAuth (recommended: nothing long-lived stored). */
export interface InfisicalAuthKubernetes {
  /** The Secret key holding the machine identity ID (the v1beta1 API reads it from a Secret). */
  readonly identityIdSecret: InfisicalSecretKeyRef;
  /** The ServiceAccount whose token the operator presents (never `default` without the opt-in). */
  readonly serviceAccount: ServiceAccountReference;
  /**
   * Audiences of the token (the identity's allowed audiences must match).
   * @default - the API server's default audience
   */
  readonly audiences?: string[];
}

/** Universal auth of an InfisicalAuth: client ID and secret in a Kubernetes Secret. */
export interface InfisicalAuthUniversal {
  /** The Secret with the credentials. */
  readonly credentialsSecret: string;
  /**
   * Its namespace.
   * @default - the InfisicalAuth's namespace
   */
  readonly credentialsNamespace?: string;
  /**
   * The key of the client ID.
   * @default "clientId"
   */
  readonly clientIdKey?: string;
  /**
   * The key of the client secret.
   * @default "clientSecret"
   */
  readonly clientSecretKey?: string;
}

/** Options of {@link infisicalAuthManifest}. */
export interface InfisicalAuthOptions {
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** The InfisicalConnection: a handle or `{ name, namespace? }`. */
  readonly connection: InfisicalObjectReference | { readonly ref: InfisicalObjectReference };
  /**
   * Kubernetes auth. Give exactly one of kubernetes and universal.
   * @default - universal
   */
  readonly kubernetes?: InfisicalAuthKubernetes;
  /**
   * Universal auth.
   * @default - kubernetes
   */
  readonly universal?: InfisicalAuthUniversal;
  /**
   * Accept the namespace's `default` ServiceAccount for Kubernetes auth.
   * @default false
   */
  readonly allowDefaultServiceAccount?: boolean;
  /**
   * Accept a ServiceAccount in `kube-system`.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** `spec` of an InfisicalAuth as written. */
export interface InfisicalAuthSpec {
  /** The connection. */
  readonly infisicalConnectionRef: InfisicalNamespacedName;
  /** `kubernetes` or `universal`. */
  readonly method: 'kubernetes' | 'universal';
  /**
   * Kubernetes auth.
   * @default - none
   */
  readonly kubernetes?: {
    /** The identity ID's Secret key. */
    readonly identityIdRef: InfisicalNamespacedName & {
      /** Key. */
      readonly key: string;
    };
    /** The ServiceAccount. */
    readonly serviceAccountRef: InfisicalNamespacedName;
    /**
     * Audiences.
     * @default - default audience
     */
    readonly serviceAccountTokenAudiences?: string[];
  };
  /**
   * Universal auth.
   * @default - none
   */
  readonly universal?: {
    /** Client ID. */
    readonly clientIdRef: InfisicalNamespacedName & {
      /** Key. */
      readonly key: string;
    };
    /** Client secret. */
    readonly clientSecretRef: InfisicalNamespacedName & {
      /** Key. */
      readonly key: string;
    };
  };
}

/** An `InfisicalAuth` manifest. */
export interface InfisicalAuthManifest extends KubeManifest {
  /** `secrets.infisical.com/v1beta1`. */
  readonly apiVersion: typeof INFISICAL_V1BETA1_API_VERSION;
  /** `InfisicalAuth`. */
  readonly kind: 'InfisicalAuth';
  /** Name and namespace. */
  readonly metadata: InfisicalObjectMetadata;
  /** Connection and method. */
  readonly spec: InfisicalAuthSpec;
}

/**
 * Build an `InfisicalAuth`: how the operator logs in. Kubernetes auth (a ServiceAccount token, the
 * identity ID read from a Secret key) is recommended; universal auth reads a client ID and secret from a
 * Secret. The `default` ServiceAccount and `kube-system` need their opt-ins.
 */
export function infisicalAuthManifest(raw: InfisicalAuthOptions): InfisicalAuthManifest {
  const component = 'InfisicalAuth';
  const options = checkObject(component, 'options', raw, 'the InfisicalAuth options { name, namespace, connection, kubernetes | universal }') as unknown as InfisicalAuthOptions;
  const name = checkObjectName(component, 'name', options.name, 'InfisicalAuth name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const infisicalConnectionRef = objectRef(component, 'connection', options.connection, namespace, 'InfisicalConnection');
  if ((options.kubernetes === undefined) === (options.universal === undefined)) {
    throw new ValidationError(component, 'kubernetes', 'and universal: set exactly one (kubernetes is recommended: it stores no long-lived credential in the cluster).');
  }
  let spec: InfisicalAuthSpec;
  if (options.kubernetes !== undefined) {
    const k = checkObject(component, 'kubernetes', options.kubernetes, 'Kubernetes auth { identityIdSecret, serviceAccount, audiences? }');
    const identityIdRef = secretKeyRef(component, 'kubernetes.identityIdSecret', k.identityIdSecret, namespace);
    const sa = resolveServiceAccount(component, 'kubernetes.serviceAccount', k.serviceAccount as ServiceAccountReference | undefined);
    if (!sa) {
      throw new ValidationError(component, 'kubernetes.serviceAccount', 'is required: the ServiceAccount bound to the machine identity.');
    }
    const saNamespace = sa.namespace ?? namespace;
    checkSecretGrantee(component, { name: sa.name, prop: 'kubernetes.serviceAccount' }, { name: saNamespace, prop: 'kubernetes.serviceAccount' }, options);
    const audiences = checkAudiences(component, 'kubernetes.audiences', k.audiences);
    spec = {
      infisicalConnectionRef,
      method: 'kubernetes',
      kubernetes: {
        identityIdRef,
        serviceAccountRef: { name: sa.name, namespace: saNamespace },
        ...(audiences ? { serviceAccountTokenAudiences: audiences } : {}),
      },
    };
  } else {
    const u = checkObject(component, 'universal', options.universal, 'universal auth { credentialsSecret, credentialsNamespace?, clientIdKey?, clientSecretKey? }');
    const secret = checkObjectName(component, 'universal.credentialsSecret', u.credentialsSecret, 'Secret name');
    const secretNamespace = u.credentialsNamespace === undefined ? namespace : checkNamespace(component, 'universal.credentialsNamespace', u.credentialsNamespace);
    spec = {
      infisicalConnectionRef,
      method: 'universal',
      universal: {
        clientIdRef: { name: secret, namespace: secretNamespace, key: checkSecretKey(component, 'universal.clientIdKey', u.clientIdKey ?? 'clientId') },
        clientSecretRef: { name: secret, namespace: secretNamespace, key: checkSecretKey(component, 'universal.clientSecretKey', u.clientSecretKey ?? 'clientSecret') },
      },
    };
  }
  return {
    apiVersion: INFISICAL_V1BETA1_API_VERSION,
    kind: 'InfisicalAuth',
    metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
    spec,
  };
}

/** One source of an InfisicalStaticSecret: the v1alpha1 scope, plus tags. */
export interface InfisicalStaticSecretSource extends InfisicalSecretsScope {
  /**
   * Only secrets with these tag slugs.
   * @default - no tag filter
   */
  readonly tagSlugs?: string[];
}

/** One target of an InfisicalStaticSecret. */
export interface InfisicalStaticSecretTarget {
  /** The Secret's name. */
  readonly name: string;
  /**
   * Its namespace.
   * @default - the InfisicalStaticSecret's namespace
   */
  readonly namespace?: string;
  /**
   * `Secret`, or `ConfigMap` (only with `allowConfigMapTarget`: a ConfigMap is readable by anyone who
   * may read the namespace's configuration, and is not encrypted at rest).
   * @default "Secret"
   */
  readonly kind?: 'Secret' | 'ConfigMap';
  /**
   * The Secret type (Secret targets only).
   * @default "Opaque"
   */
  readonly secretType?: string;
  /**
   * `Owner` deletes it with the InfisicalStaticSecret; `Orphan` leaves it.
   * @default "Owner"
   */
  readonly creationPolicy?: 'Owner' | 'Orphan';
}

/** Options of {@link infisicalStaticSecretManifest}. */
export interface InfisicalStaticSecretOptions {
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** The InfisicalAuth: a handle or `{ name, namespace? }`. */
  readonly auth: InfisicalObjectReference | { readonly ref: InfisicalObjectReference };
  /** What to sync (project, environment, folder; at least one). */
  readonly sources: InfisicalStaticSecretSource[];
  /** Where to write (at least one; each namespace/name once). */
  readonly targets: InfisicalStaticSecretTarget[];
  /**
   * How often to sync: a number and one unit of s, m, h, d, w (at least 5s).
   * @default "1m"
   */
  readonly refreshInterval?: string;
  /**
   * Sync on change events as well.
   * @default false
   */
  readonly instantUpdates?: boolean;
  /**
   * Allow ConfigMap targets.
   * @default false
   */
  readonly allowConfigMapTarget?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** A source as written. */
export interface InfisicalStaticSecretSourceSpec {
  /**
   * Project ID.
   * @default - projectSlug
   */
  readonly projectId?: string;
  /**
   * Project slug.
   * @default - projectId
   */
  readonly projectSlug?: string;
  /** Environment. */
  readonly environmentSlug: string;
  /** Folder. */
  readonly secretPath: string;
  /**
   * Sub-folders.
   * @default false
   */
  readonly recursive?: boolean;
  /**
   * Tags.
   * @default - none
   */
  readonly tagSlugs?: string[];
}

/** A target as written. */
export interface InfisicalStaticSecretTargetSpec {
  /** Name. */
  readonly name: string;
  /** Namespace. */
  readonly namespace: string;
  /** Kind. */
  readonly kind: 'Secret' | 'ConfigMap';
  /**
   * Secret type.
   * @default - none (ConfigMap)
   */
  readonly secretType?: string;
  /** Creation policy. */
  readonly creationPolicy: 'Owner' | 'Orphan';
}

/** An `InfisicalStaticSecret` manifest. */
export interface InfisicalStaticSecretManifest extends KubeManifest {
  /** `secrets.infisical.com/v1beta1`. */
  readonly apiVersion: typeof INFISICAL_V1BETA1_API_VERSION;
  /** `InfisicalStaticSecret`. */
  readonly kind: 'InfisicalStaticSecret';
  /** Name and namespace. */
  readonly metadata: InfisicalObjectMetadata;
  /** Auth, sources, targets. */
  readonly spec: {
    /** The auth. */
    readonly infisicalAuthRef: InfisicalNamespacedName;
    /** Sync options. */
    readonly syncOptions: {
      /** Interval. */
      readonly refreshInterval: string;
      /**
       * Instant updates.
       * @default false
       */
      readonly instantUpdates?: boolean;
    };
    /** Sources. */
    readonly sources: InfisicalStaticSecretSourceSpec[];
    /** Targets. */
    readonly targets: InfisicalStaticSecretTargetSpec[];
  };
}

/**
 * Build an `InfisicalStaticSecret` (v1beta1, the operator's current API): sync Infisical folders into
 * Secrets. Refuses what the operator's `Validate` refuses (no source or target, both or neither of
 * projectId and projectSlug, a duplicate target, a secretType on a ConfigMap), the v1alpha1 scope rules
 * (slugs, folder paths), an interval the operator cannot parse, and ConfigMap targets without
 * `allowConfigMapTarget: true`.
 * @see https://infisical.com/docs/integrations/platforms/kubernetes/overview
 */
export function infisicalStaticSecretManifest(raw: InfisicalStaticSecretOptions): InfisicalStaticSecretManifest {
  const component = 'InfisicalStaticSecret';
  const options = checkObject(component, 'options', raw, 'the InfisicalStaticSecret options { name, namespace, auth, sources, targets }') as unknown as InfisicalStaticSecretOptions;
  const name = checkObjectName(component, 'name', options.name, 'InfisicalStaticSecret name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const infisicalAuthRef = objectRef(component, 'auth', options.auth, namespace, 'InfisicalAuth');
  const allowConfigMap = optIn(component, 'allowConfigMapTarget', options.allowConfigMapTarget);
  const sources = checkList(component, 'sources', options.sources, 'sources { projectSlug | projectId, envSlug, secretsPath }');
  if (sources.length === 0) {
    throw new ValidationError(component, 'sources', 'is empty; the operator needs at least one source ("at least one source is required").');
  }
  const sourceSpecs = sources.map((entry, i): InfisicalStaticSecretSourceSpec => {
    const prop = `sources[${i}]`;
    const scope = checkInfisicalScope(component, prop, entry);
    const s = entry as InfisicalStaticSecretSource;
    const tags = s.tagSlugs === undefined ? undefined : checkList(component, `${prop}.tagSlugs`, s.tagSlugs, 'tag slugs').map((t, j) => {
      if (typeof t !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(t)) {
        throw new ValidationError(component, `${prop}.tagSlugs[${j}]`, `${q(t)} is not a tag slug (lower-case letters, digits and "-").`);
      }
      return t;
    });
    return {
      ...(scope.projectId !== undefined ? { projectId: scope.projectId } : { projectSlug: scope.projectSlug }),
      environmentSlug: scope.envSlug,
      secretPath: scope.secretsPath,
      ...(scope.recursive ? { recursive: true } : {}),
      ...(tags && tags.length > 0 ? { tagSlugs: tags } : {}),
    };
  });
  const targets = checkList(component, 'targets', options.targets, 'targets { name, namespace?, kind?, creationPolicy? }');
  if (targets.length === 0) {
    throw new ValidationError(component, 'targets', 'is empty; name the Secret the operator writes ("at least one target is required").');
  }
  const seen = new Map<string, number>();
  const targetSpecs = targets.map((entry, i): InfisicalStaticSecretTargetSpec => {
    const prop = `targets[${i}]`;
    const t = checkObject(component, prop, entry, 'a target { name, namespace?, kind?, secretType?, creationPolicy? }');
    const tName = checkObjectName(component, `${prop}.name`, t.name, 'Secret name');
    const tNamespace = t.namespace === undefined ? namespace : checkNamespace(component, `${prop}.namespace`, t.namespace);
    const kind = (t.kind ?? 'Secret') as 'Secret' | 'ConfigMap';
    if (kind !== 'Secret' && kind !== 'ConfigMap') {
      throw new ValidationError(component, `${prop}.kind`, `${q(t.kind)} must be "Secret" or "ConfigMap".`);
    }
    if (kind === 'ConfigMap' && !allowConfigMap) {
      throw new ValidationError(component, `${prop}.kind`, '"ConfigMap" would write secret values into a ConfigMap: readable wherever configuration is, not encrypted at rest, not treated as secret by tooling. Use "Secret", or set allowConfigMapTarget: true for values that are not secret.');
    }
    if (t.secretType !== undefined && kind !== 'Secret') {
      throw new ValidationError(component, `${prop}.secretType`, 'is only valid for Secret targets (the operator refuses it on a ConfigMap).');
    }
    const secretType = kind === 'Secret' ? (t.secretType ?? 'Opaque') : undefined;
    if (secretType !== undefined && (typeof secretType !== 'string' || secretType === '')) {
      throw new ValidationError(component, `${prop}.secretType`, `${q(secretType)} is not a Secret type.`);
    }
    const creationPolicy = (t.creationPolicy ?? 'Owner') as 'Owner' | 'Orphan';
    if (creationPolicy !== 'Owner' && creationPolicy !== 'Orphan') {
      throw new ValidationError(component, `${prop}.creationPolicy`, `${q(creationPolicy)} must be "Owner" or "Orphan".`);
    }
    const key = `${tNamespace}/${tName}`;
    if (seen.has(key)) {
      throw new ValidationError(component, `${prop}.name`, `${q(key)} is already written by targets[${seen.get(key)}]; the operator refuses duplicate targets.`);
    }
    seen.set(key, i);
    return { name: tName, namespace: tNamespace, kind, ...(secretType !== undefined ? { secretType } : {}), creationPolicy };
  });
  const instantUpdates = checkBoolean(component, 'instantUpdates', options.instantUpdates, false);
  return {
    apiVersion: INFISICAL_V1BETA1_API_VERSION,
    kind: 'InfisicalStaticSecret',
    metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
    spec: {
      infisicalAuthRef,
      syncOptions: { refreshInterval: checkInfisicalInterval(component, 'refreshInterval', options.refreshInterval ?? '1m'), ...(instantUpdates ? { instantUpdates } : {}) },
      sources: sourceSpecs,
      targets: targetSpecs,
    },
  };
}

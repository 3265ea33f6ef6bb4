import { ValidationError, q } from '../errors';
import { ServiceAccountReference, checkSecretGrantee, resolveServiceAccount } from '../identity/service-account-ref';
import { KubeManifest, ManifestMetadata, objectMetadata } from '../manifest';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkBoolean, checkList, checkObject, optIn } from '../validate/values';

/** API version of the Infisical operator's InfisicalSecret. */
export const INFISICAL_SECRET_API_VERSION = 'secrets.infisical.com/v1alpha1';
/** The workload annotation that makes the Infisical operator restart it when the managed Secret changes. */
export const INFISICAL_AUTO_RELOAD_ANNOTATION = 'secrets.infisical.com/auto-reload';

/** Which Infisical secrets to sync. */
export interface InfisicalSecretsScope {
  /**
   * The project slug (or give projectId).
   * @default - projectId
   */
  readonly projectSlug?: string;
  /**
   * The project ID (or give projectSlug).
   * @default - projectSlug
   */
  readonly projectId?: string;
  /** The environment slug, e.g. `prod`. */
  readonly envSlug: string;
  /**
   * The folder, starting with `/`.
   * @default "/"
   */
  readonly secretsPath?: string;
  /**
   * Also sync the secrets of every sub-folder (broader than needed in most cases).
   * @default false
   */
  readonly recursive?: boolean;
}

/** Kubernetes auth: the operator logs in with a token of a ServiceAccount bound to a machine identity. */
export interface InfisicalKubernetesAuth {
  /** The machine identity ID. */
  readonly identityId: string;
  /** The ServiceAccount whose token the operator presents. */
  readonly serviceAccount: ServiceAccountReference;
  /**
   * The ServiceAccount's namespace.
   * @default - the reference's namespace, else the InfisicalSecret's
   */
  readonly serviceAccountNamespace?: string;
  /**
   * Let the operator request short-lived tokens for the ServiceAccount (TokenRequest) instead of
   * reading a long-lived token Secret.
   * @default true
   */
  readonly autoCreateServiceAccountToken?: boolean;
  /**
   * Audiences of the requested tokens (the identity's allowed audiences must match).
   * @default - the API server's default audience
   */
  readonly tokenAudiences?: string[];
}

/** Universal auth: a client ID and secret kept in a Kubernetes Secret (keys `clientId`, `clientSecret`). */
export interface InfisicalUniversalAuth {
  /** The Secret holding the machine identity's credentials. */
  readonly credentialsSecret: string;
  /**
   * Its namespace.
   * @default - the InfisicalSecret's namespace
   */
  readonly credentialsNamespace?: string;
}

/**
 * Options of {@link infisicalSecretManifest}.
 * @deprecated `InfisicalSecret` (v1alpha1) is the Infisical operator's legacy API; use
 * {@link InfisicalStaticSecretOptions} (v1beta1 `InfisicalStaticSecret` with `InfisicalAuth` and
 * `InfisicalConnection`). Migration: `hostAPI` becomes the connection's `address` (without `/api`);
 * `kubernetesAuth.identityId` moves into a Secret key referenced by the auth's `identityIdSecret`;
 * `kubernetesAuth.serviceAccount` and `tokenAudiences` move to the auth; `scope` becomes a `sources`
 * entry (`envSlug`, `secretsPath` unchanged); `target` becomes a `targets` entry; `resyncInterval`
 * becomes `refreshInterval`.
 */
export interface InfisicalSecretOptions {
  /** The InfisicalSecret name. */
  readonly name: string;
  /** Its namespace (and the managed Secret's, unless target.namespace says otherwise). */
  readonly namespace: string;
  /**
   * Kubernetes auth (recommended: no long-lived credential in the cluster). Give exactly one of
   * kubernetesAuth and universalAuth.
   * @default - universalAuth
   */
  readonly kubernetesAuth?: InfisicalKubernetesAuth;
  /**
   * Universal auth (a client secret stored in a Kubernetes Secret).
   * @default - kubernetesAuth
   */
  readonly universalAuth?: InfisicalUniversalAuth;
  /** The secrets to sync. */
  readonly scope: InfisicalSecretsScope;
  /** The Kubernetes Secret the operator writes. */
  readonly target: {
    /** Its name. */
    readonly name: string;
    /**
     * Its namespace.
     * @default - the InfisicalSecret's namespace
     */
    readonly namespace?: string;
    /**
     * Its type.
     * @default "Opaque"
     */
    readonly type?: string;
    /**
     * `Owner` deletes the Secret with the InfisicalSecret; `Orphan` leaves the values behind.
     * @default "Owner"
     */
    readonly creationPolicy?: 'Owner' | 'Orphan';
  };
  /**
   * How often to re-sync: a number and one unit of s, m, h, d, w (at least 5s).
   * @default "1m"
   */
  readonly resyncInterval?: string;
  /**
   * The Infisical API. Must be https unless `allowPlaintextHost`.
   * @default "https://app.infisical.com/api"
   */
  readonly hostAPI?: string;
  /**
   * Allow an `http://` hostAPI (credentials and values would cross the network in clear text).
   * @default false
   */
  readonly allowPlaintextHost?: boolean;
  /**
   * Accept the namespace's `default` ServiceAccount for Kubernetes auth (every pod that names no
   * ServiceAccount could then log in as the machine identity).
   * @default false
   */
  readonly allowDefaultServiceAccount?: boolean;
  /**
   * Accept a Kubernetes-auth ServiceAccount in `kube-system`.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** A `secretsScope` as written into an InfisicalSecret. */
export interface InfisicalSecretsScopeSpec {
  /**
   * The project slug.
   * @default - projectId
   */
  readonly projectSlug?: string;
  /**
   * The project ID.
   * @default - projectSlug
   */
  readonly projectId?: string;
  /** The environment slug. */
  readonly envSlug: string;
  /** The folder. */
  readonly secretsPath: string;
  /**
   * Sub-folders too.
   * @default false
   */
  readonly recursive?: boolean;
}

/** `spec.authentication` of an InfisicalSecret as written: exactly one method. */
export interface InfisicalSecretAuthenticationSpec {
  /**
   * Kubernetes auth.
   * @default - universalAuth
   */
  readonly kubernetesAuth?: {
    /** The machine identity. */
    readonly identityId: string;
    /** The ServiceAccount. */
    readonly serviceAccountRef: {
      /** Name. */
      readonly name: string;
      /** Namespace. */
      readonly namespace: string;
    };
    /** TokenRequest instead of a token Secret. */
    readonly autoCreateServiceAccountToken: boolean;
    /**
     * Audiences.
     * @default - the API server's default
     */
    readonly serviceAccountTokenAudiences?: string[];
    /** What to sync. */
    readonly secretsScope: InfisicalSecretsScopeSpec;
  };
  /**
   * Universal auth.
   * @default - kubernetesAuth
   */
  readonly universalAuth?: {
    /** The credentials Secret. */
    readonly credentialsRef: {
      /** Name. */
      readonly secretName: string;
      /** Namespace. */
      readonly secretNamespace: string;
    };
    /** What to sync. */
    readonly secretsScope: InfisicalSecretsScopeSpec;
  };
}

/** One entry of `spec.managedKubeSecretReferences`. */
export interface InfisicalManagedSecretReferenceSpec {
  /** The Secret's name. */
  readonly secretName: string;
  /** Its namespace. */
  readonly secretNamespace: string;
  /** Its type. */
  readonly secretType: string;
  /** Owner or Orphan. */
  readonly creationPolicy: 'Owner' | 'Orphan';
}

/** `spec` of an InfisicalSecret as written by the library. */
export interface InfisicalSecretSpec {
  /** The Infisical API. */
  readonly hostAPI: string;
  /** The resync interval. */
  readonly syncConfig: {
    /** `<n>s|m|h|d|w`. */
    readonly resyncInterval: string;
  };
  /** The auth method. */
  readonly authentication: InfisicalSecretAuthenticationSpec;
  /** The managed Secret (the list form; the operator deprecates the singular `managedSecretReference`). */
  readonly managedKubeSecretReferences: InfisicalManagedSecretReferenceSpec[];
}

/**
 * An `InfisicalSecret` manifest as built by {@link infisicalSecretManifest}.
 * @deprecated v1alpha1; see {@link InfisicalStaticSecretManifest}.
 */
export interface InfisicalSecretManifest extends KubeManifest {
  /** `secrets.infisical.com/v1alpha1`. */
  readonly apiVersion: typeof INFISICAL_SECRET_API_VERSION;
  /** `InfisicalSecret`. */
  readonly kind: 'InfisicalSecret';
  /** Name and namespace. */
  readonly metadata: ManifestMetadata & {
    /** The namespace. */
    readonly namespace: string;
  };
  /** What to sync, how to log in, where to write. */
  readonly spec: InfisicalSecretSpec;
}

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const IDENTITY = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

/**
 * Check an Infisical scope (project, environment, folder), as both operator APIs read it.
 * @internal
 */
export function checkInfisicalScope(component: string, prop: string, raw: unknown): InfisicalSecretsScopeSpec {
  if (raw === undefined) {
    throw new ValidationError(component, prop, 'is required: { projectSlug, envSlug, secretsPath }.');
  }
  const s = checkObject(component, prop, raw, 'the scope { projectSlug | projectId, envSlug, secretsPath? }') as unknown as InfisicalSecretsScope;
  if ((s.projectSlug === undefined) === (s.projectId === undefined)) {
    throw new ValidationError(component, prop, 'must set exactly one of projectSlug and projectId.');
  }
  if (s.projectSlug !== undefined && (typeof s.projectSlug !== 'string' || !SLUG.test(s.projectSlug))) {
    throw new ValidationError(component, `${prop}.projectSlug`, `${q(s.projectSlug)} is not a project slug (letters, digits, '-' and '_').`);
  }
  if (s.projectId !== undefined && (typeof s.projectId !== 'string' || !IDENTITY.test(s.projectId))) {
    throw new ValidationError(component, `${prop}.projectId`, `${q(s.projectId)} is not a project ID.`);
  }
  if (typeof s.envSlug !== 'string' || !SLUG.test(s.envSlug)) {
    throw new ValidationError(component, `${prop}.envSlug`, `${q(s.envSlug)} is not an environment slug such as "prod".`);
  }
  const secretsPath = s.secretsPath ?? '/';
  if (typeof secretsPath !== 'string' || !/^\/([A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*)?$/.test(secretsPath) || secretsPath.split('/').some(p => p === '..' || p === '.')) {
    throw new ValidationError(component, `${prop}.secretsPath`, `${q(secretsPath)} must be a folder path starting with "/", e.g. "/payments" (no wildcards, no trailing "/").`);
  }
  return {
    ...(s.projectSlug !== undefined ? { projectSlug: s.projectSlug } : { projectId: s.projectId }),
    envSlug: s.envSlug,
    secretsPath,
    ...(checkBoolean(component, `${prop}.recursive`, s.recursive, false) ? { recursive: true } : {}),
  };
}

/**
 * Check an Infisical resync interval (`<n>s|m|h|d|w`, at least 5 seconds), as the operator parses it.
 * @internal
 */
export function checkInfisicalInterval(component: string, prop: string, value: unknown): string {
  const m = typeof value === 'string' ? /^([0-9]+)([smhdw])$/.exec(value) : null;
  if (!m || Number(m[1]) === 0 || (m[2] === 's' && Number(m[1]) < 5)) {
    throw new ValidationError(component, prop, `${q(value)} is not an Infisical interval: a number and one unit of s, m, h, d or w, at least "5s" (e.g. "1m").`);
  }
  return value as string;
}

/**
 * Check an Infisical API URL: https (http only with the opt-in), no credentials in it.
 * @internal
 */
export function checkInfisicalUrl(component: string, prop: string, value: unknown, allowPlaintext: boolean, example: string): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    throw new ValidationError(component, prop, `${q(value)} is not an Infisical URL such as ${q(example)}${url && (url.username || url.password) ? ' (credentials do not belong in the URL)' : ''}.`);
  }
  if (url.protocol === 'http:' && !allowPlaintext) {
    throw new ValidationError(component, prop, `${q(value)} is plain http: the operator's credentials and every secret value would cross the network unencrypted. Use https://, or set allowPlaintextHost: true for a local test instance.`);
  }
  return value as string;
}

/**
 * Check a list of ServiceAccount token audiences: a real list of non-empty strings, not empty.
 * @internal
 */
export function checkAudiences(component: string, prop: string, value: unknown): string[] | undefined {
  if (value === undefined) {
    return undefined;
  }
  const list = checkList(component, prop, value, 'audiences (non-empty strings)').map((a, i) => {
    if (typeof a !== 'string' || a.trim() === '') {
      throw new ValidationError(component, `${prop}[${i}]`, `${q(a)} is not an audience; give a non-empty string.`);
    }
    return a;
  });
  if (list.length === 0) {
    throw new ValidationError(component, prop, 'is empty; leave it out for the default audience, or list the audiences.');
  }
  return list;
}

/**
 * Build an InfisicalSecret (`secrets.infisical.com/v1alpha1`): the Infisical operator syncs one
 * project/environment/folder into a Kubernetes Secret. Kubernetes auth (short-lived ServiceAccount
 * tokens, no stored credential) or universal auth (a client secret in a Secret); https only by default;
 * the managed Secret is owned (deleted with the InfisicalSecret) by default, written as
 * `managedKubeSecretReferences` (the operator logs that the singular `managedSecretReference` is being
 * deprecated: Infisical/kubernetes-operator `internal/controller/infisicalsecret_controller.go`,
 * infisical-k8-operator/v0.11.5).
 * @deprecated v1alpha1 is the operator's legacy API: use {@link infisicalStaticSecretManifest} (v1beta1)
 * with {@link infisicalAuthManifest} and {@link infisicalConnectionManifest}; see
 * {@link InfisicalSecretOptions} for the field-by-field migration.
 * @see https://infisical.com/docs/integrations/platforms/kubernetes/infisical-secret-crd
 */
export function infisicalSecretManifest(raw: InfisicalSecretOptions, component = 'InfisicalSecret'): InfisicalSecretManifest {
  const options = checkObject(component, 'options', raw, 'the InfisicalSecret options { name, namespace, kubernetesAuth | universalAuth, scope, target }') as unknown as InfisicalSecretOptions;
  const name = checkObjectName(component, 'name', options.name, 'InfisicalSecret name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  if ((options.kubernetesAuth === undefined) === (options.universalAuth === undefined)) {
    throw new ValidationError(component, 'kubernetesAuth', 'and universalAuth: set exactly one (kubernetesAuth is recommended: it stores no credential in the cluster).');
  }
  const allowPlaintext = optIn(component, 'allowPlaintextHost', options.allowPlaintextHost);
  const secretsScope = checkInfisicalScope(component, 'scope', options.scope);
  let authentication: InfisicalSecretAuthenticationSpec;
  if (options.kubernetesAuth !== undefined) {
    const k = checkObject(component, 'kubernetesAuth', options.kubernetesAuth, 'Kubernetes auth { identityId, serviceAccount }') as unknown as InfisicalKubernetesAuth;
    if (typeof k.identityId !== 'string' || !IDENTITY.test(k.identityId)) {
      throw new ValidationError(component, 'kubernetesAuth.identityId', `${q(k.identityId)} is not a machine identity ID.`);
    }
    const sa = resolveServiceAccount(component, 'kubernetesAuth.serviceAccount', k.serviceAccount);
    if (!sa) {
      throw new ValidationError(component, 'kubernetesAuth.serviceAccount', 'is required: the ServiceAccount bound to the machine identity.');
    }
    const saNamespace = k.serviceAccountNamespace !== undefined
      ? checkNamespace(component, 'kubernetesAuth.serviceAccountNamespace', k.serviceAccountNamespace)
      : sa.namespace ?? namespace;
    checkSecretGrantee(component, { name: sa.name, prop: 'kubernetesAuth.serviceAccount' }, { name: saNamespace, prop: 'kubernetesAuth.serviceAccountNamespace' }, options);
    const audiences = checkAudiences(component, 'kubernetesAuth.tokenAudiences', k.tokenAudiences);
    authentication = {
      kubernetesAuth: {
        identityId: k.identityId,
        serviceAccountRef: { name: sa.name, namespace: saNamespace },
        autoCreateServiceAccountToken: checkBoolean(component, 'kubernetesAuth.autoCreateServiceAccountToken', k.autoCreateServiceAccountToken, true),
        ...(audiences ? { serviceAccountTokenAudiences: audiences } : {}),
        secretsScope,
      },
    };
  } else {
    const u = checkObject(component, 'universalAuth', options.universalAuth, 'universal auth { credentialsSecret }') as unknown as InfisicalUniversalAuth;
    authentication = {
      universalAuth: {
        credentialsRef: {
          secretName: checkObjectName(component, 'universalAuth.credentialsSecret', u.credentialsSecret, 'Secret name'),
          secretNamespace: u.credentialsNamespace === undefined ? namespace : checkNamespace(component, 'universalAuth.credentialsNamespace', u.credentialsNamespace),
        },
        secretsScope,
      },
    };
  }
  if (options.target === undefined) {
    throw new ValidationError(component, 'target', 'is required: { name } of the Kubernetes Secret the operator writes.');
  }
  const target = checkObject(component, 'target', options.target, 'the Kubernetes Secret the operator writes { name, namespace?, type?, creationPolicy? }');
  const creationPolicy = (target.creationPolicy ?? 'Owner') as 'Owner' | 'Orphan';
  if (creationPolicy !== 'Owner' && creationPolicy !== 'Orphan') {
    throw new ValidationError(component, 'target.creationPolicy', `${q(creationPolicy)} must be "Owner" or "Orphan".`);
  }
  const secretType = target.type ?? 'Opaque';
  if (typeof secretType !== 'string' || secretType === '') {
    throw new ValidationError(component, 'target.type', `${q(secretType)} is not a Secret type.`);
  }
  const hostAPI = checkInfisicalUrl(component, 'hostAPI', options.hostAPI ?? 'https://app.infisical.com/api', allowPlaintext, 'https://app.infisical.com/api');
  return {
    apiVersion: INFISICAL_SECRET_API_VERSION,
    kind: 'InfisicalSecret',
    metadata: { ...objectMetadata(component, name, namespace, options.labels), namespace },
    spec: {
      hostAPI,
      syncConfig: { resyncInterval: checkInfisicalInterval(component, 'resyncInterval', options.resyncInterval ?? '1m') },
      authentication,
      managedKubeSecretReferences: [{
        secretName: checkObjectName(component, 'target.name', target.name, 'Secret name'),
        secretNamespace: target.namespace === undefined ? namespace : checkNamespace(component, 'target.namespace', target.namespace),
        secretType,
        creationPolicy,
      }],
    },
  };
}

import { ValidationError, q } from '../errors';
import { ServiceAccountReference, resolveServiceAccount } from '../identity/service-account-ref';
import { KubeManifest, objectMetadata } from '../manifest';
import { checkNamespace, checkObjectName } from '../validate/names';

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

/** Options of {@link infisicalSecretManifest}. */
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
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const SLUG = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const IDENTITY = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;

function scope(component: string, s: InfisicalSecretsScope | undefined): Record<string, unknown> {
  if (s === undefined || typeof s !== 'object') {
    throw new ValidationError(component, 'scope', 'is required: { projectSlug, envSlug, secretsPath }.');
  }
  if ((s.projectSlug === undefined) === (s.projectId === undefined)) {
    throw new ValidationError(component, 'scope', 'must set exactly one of projectSlug and projectId.');
  }
  if (s.projectSlug !== undefined && !SLUG.test(s.projectSlug)) {
    throw new ValidationError(component, 'scope.projectSlug', `${q(s.projectSlug)} is not a project slug (letters, digits, '-' and '_').`);
  }
  if (s.projectId !== undefined && !IDENTITY.test(s.projectId)) {
    throw new ValidationError(component, 'scope.projectId', `${q(s.projectId)} is not a project ID.`);
  }
  if (typeof s.envSlug !== 'string' || !SLUG.test(s.envSlug)) {
    throw new ValidationError(component, 'scope.envSlug', `${q(s.envSlug)} is not an environment slug such as "prod".`);
  }
  const secretsPath = s.secretsPath ?? '/';
  if (typeof secretsPath !== 'string' || !/^\/([A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*)?$/.test(secretsPath) || secretsPath.split('/').some(p => p === '..' || p === '.')) {
    throw new ValidationError(component, 'scope.secretsPath', `${q(secretsPath)} must be a folder path starting with "/", e.g. "/payments" (no wildcards, no trailing "/").`);
  }
  return {
    ...(s.projectSlug !== undefined ? { projectSlug: s.projectSlug } : { projectId: s.projectId }),
    envSlug: s.envSlug,
    secretsPath,
    ...(s.recursive ? { recursive: true } : {}),
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
 * Build an InfisicalSecret (`secrets.infisical.com/v1alpha1`): the Infisical operator syncs one
 * project/environment/folder into a Kubernetes Secret. Kubernetes auth (short-lived ServiceAccount
 * tokens, no stored credential) or universal auth (a client secret in a Secret); https only by default;
 * the managed Secret is owned (deleted with the InfisicalSecret) by default.
 * @see https://infisical.com/docs/integrations/platforms/kubernetes/infisical-secret-crd
 */
export function infisicalSecretManifest(options: InfisicalSecretOptions, component = 'InfisicalSecret'): KubeManifest {
  const name = checkObjectName(component, 'name', options.name, 'InfisicalSecret name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  if ((options.kubernetesAuth === undefined) === (options.universalAuth === undefined)) {
    throw new ValidationError(component, 'kubernetesAuth', 'and universalAuth: set exactly one (kubernetesAuth is recommended: it stores no credential in the cluster).');
  }
  const secretsScope = scope(component, options.scope);
  let authentication: Record<string, unknown>;
  if (options.kubernetesAuth) {
    const k = options.kubernetesAuth;
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
    const audiences = k.tokenAudiences;
    if (audiences !== undefined && (!Array.isArray(audiences) || audiences.length === 0 || audiences.some(a => typeof a !== 'string' || a === ''))) {
      throw new ValidationError(component, 'kubernetesAuth.tokenAudiences', `${q(audiences)} must be a non-empty list of audiences.`);
    }
    authentication = {
      kubernetesAuth: {
        identityId: k.identityId,
        serviceAccountRef: { name: sa.name, namespace: saNamespace },
        autoCreateServiceAccountToken: k.autoCreateServiceAccountToken ?? true,
        ...(audiences ? { serviceAccountTokenAudiences: [...audiences] } : {}),
        secretsScope,
      },
    };
  } else {
    const u = options.universalAuth!;
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
  const target = options.target;
  if (target === undefined || typeof target !== 'object') {
    throw new ValidationError(component, 'target', 'is required: { name } of the Kubernetes Secret the operator writes.');
  }
  const creationPolicy = target.creationPolicy ?? 'Owner';
  if (creationPolicy !== 'Owner' && creationPolicy !== 'Orphan') {
    throw new ValidationError(component, 'target.creationPolicy', `${q(creationPolicy)} must be "Owner" or "Orphan".`);
  }
  const hostAPI = options.hostAPI ?? 'https://app.infisical.com/api';
  let url: URL | undefined;
  try {
    url = new URL(hostAPI);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    throw new ValidationError(component, 'hostAPI', `${q(hostAPI)} is not an Infisical API URL such as "https://app.infisical.com/api".`);
  }
  if (url.protocol === 'http:' && !options.allowPlaintextHost) {
    throw new ValidationError(component, 'hostAPI', `${q(hostAPI)} is plain http: the operator's credentials and every secret value would cross the network unencrypted. Use https://, or set allowPlaintextHost: true for a local test instance.`);
  }
  return {
    apiVersion: INFISICAL_SECRET_API_VERSION,
    kind: 'InfisicalSecret',
    metadata: objectMetadata(component, name, namespace, options.labels),
    spec: {
      hostAPI,
      syncConfig: { resyncInterval: checkInfisicalInterval(component, 'resyncInterval', options.resyncInterval ?? '1m') },
      authentication,
      managedSecretReference: {
        secretName: checkObjectName(component, 'target.name', target.name, 'Secret name'),
        secretNamespace: target.namespace === undefined ? namespace : checkNamespace(component, 'target.namespace', target.namespace),
        secretType: target.type ?? 'Opaque',
        creationPolicy,
      },
    },
  };
}

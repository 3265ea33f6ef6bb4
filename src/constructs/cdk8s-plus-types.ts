/**
 * Structural types for exactly what the cdk8s front-end reads of cdk8s-plus objects, so that workloads,
 * Secrets and ServiceAccounts of any supported major (cdk8s-plus-27 through cdk8s-plus-34) are accepted
 * without this package depending on one of them. cdk8s-plus classes such as `AbstractPod`, `Container`
 * and `Volume` have private members, so a cdk8s-plus-34 `Deployment` is not assignable to a
 * cdk8s-plus-27 `AbstractPod`; these interfaces name only public members that every supported major has.
 *
 * Types the library returns (`Cdk8sPlusSecret`, `Cdk8sPlusEnvValue`, `SecureServiceAccount`) are complete
 * enough to be passed to every supported major's own APIs (`ISecret`, `EnvValue`, `IServiceAccount`).
 */
import { ApiObjectMetadata, ApiObjectMetadataDefinition } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';

/** A cdk8s-plus resource (`IResource` of cdk8s-plus-27 … -34). */
export interface Cdk8sPlusResource extends IConstruct {
  /** The object's name. */
  readonly name: string;
  /** The object's apiVersion. */
  readonly apiVersion: string;
  /** The object's kind. */
  readonly kind: string;
  /** The API group (`""` for the core group). */
  readonly apiGroup: string;
  /** The plural resource type, e.g. `secrets`. */
  readonly resourceType: string;
  /**
   * The name of this particular resource, when it has one.
   * @default - none
   */
  readonly resourceName?: string;
}

/** An environment variable value (cdk8s-plus `EnvValue`). */
export interface Cdk8sPlusEnvValue {
  /**
   * A literal value.
   * @default - none
   */
  readonly value?: unknown;
  /**
   * Where the value comes from (a Secret or ConfigMap key, a field).
   * @default - none
   */
  readonly valueFrom?: unknown;
}

/** Options of {@link Cdk8sPlusSecret.envValue}. */
export interface Cdk8sPlusEnvValueFromSecretOptions {
  /**
   * Start the container even when the Secret or key is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** A Kubernetes Secret as cdk8s-plus sees it (`ISecret` of cdk8s-plus-27 … -34). */
export interface Cdk8sPlusSecret extends Cdk8sPlusResource {
  /** An env value that reads one key of the Secret. */
  envValue(key: string, options?: Cdk8sPlusEnvValueFromSecretOptions): Cdk8sPlusEnvValue;
}

/** An RBAC subject (cdk8s-plus `SubjectConfiguration`). */
export interface Cdk8sPlusSubjectConfiguration {
  /**
   * The subject's API group.
   * @default - "" for ServiceAccounts
   */
  readonly apiGroup?: string;
  /** The subject's kind. */
  readonly kind: string;
  /** The subject's name. */
  readonly name: string;
  /**
   * The subject's namespace.
   * @default - none
   */
  readonly namespace?: string;
}

/** A ServiceAccount as cdk8s-plus sees it (`IServiceAccount` of cdk8s-plus-27 … -34). */
export interface Cdk8sPlusServiceAccount extends Cdk8sPlusResource {
  /** The ServiceAccount as an RBAC subject. */
  toSubjectConfiguration(): Cdk8sPlusSubjectConfiguration;
}

/** Anything a cdk8s-plus container can mount (`IStorage`). */
export interface Cdk8sPlusStorage extends IConstruct {
  /** The volume to mount. */
  asVolume(): unknown;
}

/** A cdk8s-plus `Volume`, as far as the library reads it. */
export interface Cdk8sPlusVolume extends Cdk8sPlusStorage {
  /** The volume's name in the pod spec. */
  readonly name: string;
}

/** Options of {@link Cdk8sPlusContainer.mount}. */
export interface Cdk8sPlusMountOptions {
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** A cdk8s-plus container's environment (`Env`), as far as the library uses it. */
export interface Cdk8sPlusEnv {
  /** The variables set so far, by name. */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Add one variable. */
  addVariable(name: string, value: Cdk8sPlusEnvValue): void;
  /** Add an `envFrom` source. */
  copyFrom(from: object): void;
}

/** A cdk8s-plus `Container`, as far as the library reads and changes it. */
export interface Cdk8sPlusContainer {
  /** The container's name. */
  readonly name: string;
  /** Who the container runs as. */
  readonly securityContext: {
    /** The container's user id, if set. */
    readonly user?: number;
  };
  /** The container's environment. */
  readonly env: Cdk8sPlusEnv;
  /** Mount a volume into the container. */
  mount(path: string, storage: Cdk8sPlusStorage, options?: Cdk8sPlusMountOptions): void;
}

/**
 * A cdk8s-plus workload: a `Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `CronJob` or `Pod` of any
 * supported cdk8s-plus major (cdk8s-plus-27 … -34), as far as the library reads and changes it.
 */
export interface Cdk8sPlusWorkload extends Cdk8sPlusResource {
  /** The workload object's metadata. */
  readonly metadata: ApiObjectMetadataDefinition;
  /** The pod template's metadata. */
  readonly podMetadata: ApiObjectMetadataDefinition;
  /** The workload's containers. */
  readonly containers: ReadonlyArray<Cdk8sPlusContainer>;
  /** The pod's volumes. */
  readonly volumes: ReadonlyArray<Cdk8sPlusVolume>;
  /**
   * The pod's ServiceAccount.
   * @default - none
   */
  readonly serviceAccount?: Cdk8sPlusServiceAccount;
  /** Whether the pod mounts a ServiceAccount token. */
  readonly automountServiceAccountToken: boolean;
  /**
   * The pod's restart policy.
   * @default - the kind's default
   */
  readonly restartPolicy?: string;
  /** Who the pod runs as. */
  readonly securityContext: {
    /** The pod's user id, if set. */
    readonly user?: number;
    /** The pod's fsGroup, if set. */
    readonly fsGroup?: number;
  };
  /** Add a volume to the pod. */
  addVolume(volume: Cdk8sPlusVolume): void;
}

/**
 * A cdk8s-plus `ServiceAccount` of any supported major, as the base of `SecureServiceAccount` offers it.
 */
export interface Cdk8sPlusServiceAccountInstance extends Cdk8sPlusServiceAccount {
  /** The ServiceAccount object's metadata. */
  readonly metadata: ApiObjectMetadataDefinition;
  /** Whether pods running as it mount an API token by default. */
  readonly automountToken: boolean;
  /** The Secrets listed on the ServiceAccount. */
  readonly secrets: Cdk8sPlusSecret[];
  /** List a Secret on the ServiceAccount. */
  addSecret(secret: Cdk8sPlusSecret): void;
}

/**
 * Props of a cdk8s-plus `ServiceAccount`, as `SecureServiceAccount` passes them.
 */
export interface Cdk8sPlusServiceAccountProps {
  /**
   * The object's metadata.
   * @default - generated name
   */
  readonly metadata?: ApiObjectMetadata;
  /**
   * Whether pods running as it mount an API token by default.
   * @default false
   */
  readonly automountToken?: boolean;
}

/**
 * The ServiceAccount class of a cdk8s-plus module (constructor and the static the library's users call).
 */
export interface Cdk8sPlusServiceAccountClass {
  new (scope: Construct, id: string, props?: Cdk8sPlusServiceAccountProps): Cdk8sPlusServiceAccountInstance;
  /** A reference to an existing ServiceAccount. */
  fromServiceAccountName(scope: Construct, id: string, name: string, options?: { readonly namespaceName?: string }): Cdk8sPlusServiceAccount;
}

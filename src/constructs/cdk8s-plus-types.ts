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
import { ApiObjectMetadataDefinition } from 'cdk8s';
import { IConstruct } from 'constructs';

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

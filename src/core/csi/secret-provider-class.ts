import { ValidationError, q } from '../errors';
import { yaml } from '../gitops/yaml';
import { KubeManifest, objectMetadata } from '../manifest';
import { arnLocationProblem, parseArn, partitionOfRegion } from '../validate/arn';
import { checkNamespace, checkObjectName, checkStringMap } from '../validate/names';
import { checkBoolean, checkList, checkObject, checkOptionalList } from '../validate/values';

/** API version of the Secrets Store CSI driver's SecretProviderClass. */
export const SECRET_PROVIDER_CLASS_API_VERSION = 'secrets-store.csi.x-k8s.io/v1';
/** The Secrets Store CSI driver name used in pod volumes. */
export const SECRETS_STORE_CSI_DRIVER = 'secrets-store.csi.k8s.io';

/** Where an AWS object lives. */
export type AwsCsiObjectType = 'secretsmanager' | 'ssmparameter';

/** A key of a JSON secret to mount as its own file (`jmesPath`). */
export interface AwsCsiJmesPath {
  /** The JMESPath expression, e.g. `password`. */
  readonly path: string;
  /** The file name for that key. */
  readonly objectAlias: string;
}

/** An AWS Secrets Manager secret or SSM parameter to mount. */
export interface AwsCsiObject {
  /** The secret or parameter name, or its full ARN. No wildcards. */
  readonly objectName: string;
  /**
   * `secretsmanager` or `ssmparameter`.
   * @default - taken from the ARN; required when objectName is a name
   */
  readonly objectType?: AwsCsiObjectType;
  /**
   * The file name in the mount. Required when objectName is an ARN or contains `/`.
   * @default - objectName
   */
  readonly objectAlias?: string;
  /**
   * The Secrets Manager version stage to mount.
   * @default - AWSCURRENT
   */
  readonly objectVersionLabel?: string;
  /**
   * Keys of a JSON secret to mount as separate files.
   * @default - none: the whole value is one file
   */
  readonly jmesPath?: AwsCsiJmesPath[];
}

/** A Kubernetes Secret the driver keeps in sync with mounted objects (only while a pod mounts them). */
export interface SecretProviderClassSync {
  /** The Kubernetes Secret name. */
  readonly secretName: string;
  /**
   * The Secret type.
   * @default "Opaque"
   */
  readonly type?: string;
  /** The keys: each maps a mounted file (objectAlias, objectName or jmesPath alias) to a Secret key. */
  readonly data: Array<{ readonly objectName: string; readonly key: string }>;
  /**
   * Labels of the synced Secret.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/** Options of {@link secretProviderClassManifest}. */
export interface SecretProviderClassOptions {
  /** The SecretProviderClass name. */
  readonly name: string;
  /** Its namespace: pods mount it from their own namespace only. */
  readonly namespace: string;
  /** The AWS objects to mount. */
  readonly objects: AwsCsiObject[];
  /**
   * The AWS region (saves the provider a node lookup per mount).
   * @default - the node's region
   */
  readonly region?: string;
  /**
   * A second region to read from when the first fails with a 5xx error.
   * @default - none
   */
  readonly failoverRegion?: string;
  /**
   * Authenticate with EKS Pod Identity instead of IRSA.
   * @default false (IRSA: the pod's ServiceAccount carries the role ARN)
   */
  readonly usePodIdentity?: boolean;
  /**
   * Also sync the mounted objects into Kubernetes Secrets (for env vars or other consumers). This brings
   * the values back into etcd, which the CSI driver otherwise avoids; the driver must run with
   * `syncSecret.enabled=true`, and the Secret exists only while a pod mounts the volume.
   * @default - no Kubernetes Secret
   */
  readonly syncToSecrets?: SecretProviderClassSync[];
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

const OBJECT_NAME = /^[A-Za-z0-9/_+=.@-]{1,2048}$/;
const FILE_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,251}[A-Za-z0-9])?$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * The object type of a Secrets Manager secret or SSM parameter ARN (parsed with the shared ARN parser and
 * partition/region table), or undefined when the value is not such an ARN.
 */
function csiObjectTypeOfArn(value: string): AwsCsiObjectType | undefined {
  const arn = parseArn(value);
  if (!arn || arnLocationProblem(arn, true) !== undefined) {
    return undefined;
  }
  if (arn.service === 'secretsmanager' && /^secret:.+$/.test(arn.resource)) {
    return 'secretsmanager';
  }
  return arn.service === 'ssm' && /^parameter\/.+$/.test(arn.resource) ? 'ssmparameter' : undefined;
}

function fileName(component: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !FILE_NAME.test(value)) {
    throw new ValidationError(component, prop, `${q(value)} is not a safe file name: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit.`);
  }
  return value;
}

function region(component: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || partitionOfRegion(value) === undefined) {
    throw new ValidationError(component, prop, `${q(value)} is not an AWS region such as "us-east-1".`);
  }
  return value;
}

/**
 * Build a SecretProviderClass (`secrets-store.csi.x-k8s.io/v1`) for the AWS provider: the secrets are
 * mounted as files straight from Secrets Manager or Parameter Store into the pod, with no Kubernetes
 * Secret in etcd unless `syncToSecrets` asks for one. `parameters.objects` is the YAML string the
 * provider reads.
 * @see https://secrets-store-csi-driver.sigs.k8s.io/concepts.html#secretproviderclass
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/ascp-examples.html
 */
export function secretProviderClassManifest(options: SecretProviderClassOptions, component = 'SecretProviderClass'): KubeManifest {
  checkObject(component, 'props', options, 'an object with name, namespace and objects');
  const name = checkObjectName(component, 'name', options.name, 'SecretProviderClass name');
  const namespace = checkNamespace(component, 'namespace', options.namespace);
  const objectList = checkList(component, 'objects', options.objects, 'objects to mount ({ objectName, objectType })') as readonly AwsCsiObject[];
  if (objectList.length === 0) {
    throw new ValidationError(component, 'objects', 'is empty; list the secrets to mount, e.g. [{ objectName: "prod/payments/postgres", objectType: "secretsmanager" }].');
  }
  const files = new Set<string>();
  const addFile = (prop: string, file: string): void => {
    if (files.has(file)) {
      throw new ValidationError(component, prop, `${q(file)} is used twice as a file name; give each object (and jmesPath key) its own objectAlias.`);
    }
    files.add(file);
  };
  const objects = objectList.map((object, i) => {
    const prop = `objects[${i}]`;
    checkObject(component, prop, object, 'an object { objectName, objectType?, objectAlias?, jmesPath? }');
    const objectName = object.objectName;
    if (typeof objectName !== 'string' || /[*?]/.test(objectName)) {
      throw new ValidationError(component, `${prop}.objectName`, `${q(objectName)} must name one secret or parameter exactly (no wildcards).`);
    }
    const fromArn = csiObjectTypeOfArn(objectName);
    const arn = fromArn !== undefined;
    if (!arn && !OBJECT_NAME.test(objectName)) {
      throw new ValidationError(component, `${prop}.objectName`, `${q(objectName)} is neither a Secrets Manager / SSM name (letters, digits and /_+=.@-) nor an ARN.`);
    }
    const objectType = object.objectType ?? fromArn;
    if (objectType !== 'secretsmanager' && objectType !== 'ssmparameter') {
      throw new ValidationError(component, `${prop}.objectType`, `${q(object.objectType)} must be "secretsmanager" or "ssmparameter" (required unless objectName is an ARN).`);
    }
    if (fromArn !== undefined && fromArn !== objectType) {
      throw new ValidationError(component, `${prop}.objectType`, `${q(objectType)} does not match the ARN, which is a ${fromArn} object.`);
    }
    if (object.objectAlias === undefined && (arn || objectName.includes('/'))) {
      throw new ValidationError(component, `${prop}.objectAlias`, `is required for ${q(objectName)}: an ARN or a name with "/" is not a usable file name; set objectAlias, e.g. "postgres".`);
    }
    const alias = object.objectAlias === undefined ? undefined : fileName(component, `${prop}.objectAlias`, object.objectAlias);
    addFile(alias === undefined ? `${prop}.objectName` : `${prop}.objectAlias`, alias ?? fileName(component, `${prop}.objectName`, objectName));
    if (object.objectVersionLabel !== undefined && (objectType !== 'secretsmanager' || !/^[A-Za-z0-9_.-]{1,256}$/.test(object.objectVersionLabel))) {
      throw new ValidationError(component, `${prop}.objectVersionLabel`, `${q(object.objectVersionLabel)} must be a Secrets Manager version stage such as "AWSCURRENT" (Secrets Manager objects only).`);
    }
    let jmesPath: Array<{ path: string; objectAlias: string }> | undefined;
    if (object.jmesPath !== undefined) {
      const paths = checkList(component, `${prop}.jmesPath`, object.jmesPath, '{ path, objectAlias }') as readonly AwsCsiJmesPath[];
      if (paths.length === 0) {
        throw new ValidationError(component, `${prop}.jmesPath`, 'must be a non-empty list of { path, objectAlias }.');
      }
      jmesPath = paths.map((j, k) => {
        checkObject(component, `${prop}.jmesPath[${k}]`, j, 'an object { path, objectAlias }');
        if (typeof j.path !== 'string' || j.path.trim() === '' || /[*]/.test(j.path)) {
          throw new ValidationError(component, `${prop}.jmesPath[${k}].path`, `${q(j?.path)} must select one key, e.g. "password" (no wildcard projections).`);
        }
        const jAlias = fileName(component, `${prop}.jmesPath[${k}].objectAlias`, j.objectAlias);
        addFile(`${prop}.jmesPath[${k}].objectAlias`, jAlias);
        return { path: j.path, objectAlias: jAlias };
      });
    }
    return {
      objectName,
      objectType,
      ...(alias !== undefined ? { objectAlias: alias } : {}),
      ...(object.objectVersionLabel !== undefined ? { objectVersionLabel: object.objectVersionLabel } : {}),
      ...(jmesPath ? { jmesPath } : {}),
    };
  });
  const parameters: Record<string, string> = { objects: yaml().stringify(objects, { lineWidth: 0 }) };
  if (options.region !== undefined) {
    parameters.region = region(component, 'region', options.region);
  }
  if (options.failoverRegion !== undefined) {
    parameters.failoverRegion = region(component, 'failoverRegion', options.failoverRegion);
    if (parameters.failoverRegion === parameters.region) {
      throw new ValidationError(component, 'failoverRegion', `${q(options.failoverRegion)} is the same as region; pick another region or remove it.`);
    }
  }
  if (checkBoolean(component, 'usePodIdentity', options.usePodIdentity, false)) {
    parameters.usePodIdentity = 'true';
  }
  let secretObjects: Array<Record<string, unknown>> | undefined;
  const syncs = checkOptionalList(component, 'syncToSecrets', options.syncToSecrets, '{ secretName, data }') as readonly SecretProviderClassSync[] | undefined;
  if (syncs !== undefined) {
    const names = new Set<string>();
    secretObjects = syncs.map((sync, i) => {
      const prop = `syncToSecrets[${i}]`;
      checkObject(component, prop, sync, 'an object { secretName, data }');
      const secretName = checkObjectName(component, `${prop}.secretName`, sync.secretName, 'Secret name');
      if (names.has(secretName)) {
        throw new ValidationError(component, `${prop}.secretName`, `${q(secretName)} is synced twice; merge its data entries.`);
      }
      names.add(secretName);
      const entries = checkList(component, `${prop}.data`, sync.data, '{ objectName, key }') as SecretProviderClassSync['data'];
      if (entries.length === 0) {
        throw new ValidationError(component, `${prop}.data`, 'is empty; map at least one mounted file to a Secret key.');
      }
      const data = entries.map((d, k) => {
        checkObject(component, `${prop}.data[${k}]`, d, 'an object { objectName, key }');
        if (!files.has(d.objectName)) {
          throw new ValidationError(component, `${prop}.data[${k}].objectName`, `${q(d.objectName)} is not a mounted file; use one of ${[...files].map(f => q(f)).join(', ')}.`);
        }
        if (typeof d.key !== 'string' || !SECRET_KEY.test(d.key)) {
          throw new ValidationError(component, `${prop}.data[${k}].key`, `${q(d.key)} is not a valid Secret key (letters, digits, '-', '_' and '.').`);
        }
        return { objectName: d.objectName, key: d.key };
      });
      const labels = checkStringMap(component, `${prop}.labels`, sync.labels, 'label');
      const type = sync.type ?? 'Opaque';
      if (typeof type !== 'string' || !/^[A-Za-z0-9./_-]{1,253}$/.test(type)) {
        throw new ValidationError(component, `${prop}.type`, `${q(type)} is not a Secret type such as "Opaque" or "kubernetes.io/tls".`);
      }
      return { secretName, type, data, ...(Object.keys(labels).length > 0 ? { labels } : {}) };
    });
  }
  return {
    apiVersion: SECRET_PROVIDER_CLASS_API_VERSION,
    kind: 'SecretProviderClass',
    metadata: objectMetadata(component, name, namespace, options.labels),
    spec: { provider: 'aws', parameters, ...(secretObjects ? { secretObjects } : {}) },
  };
}

/** Options of a SecretProviderClass mount. */
export interface SecretProviderClassMountOptions {
  /** The directory the objects appear in, e.g. `/mnt/secrets`. */
  readonly path: string;
  /**
   * The volume name.
   * @default `spc-<SecretProviderClass name>`, shortened to 63 characters
   */
  readonly volumeName?: string;
  /**
   * Add the SecretProviderClass to the workload's `secretproviderclass.reloader.stakater.com/reload`
   * annotation (Reloader must run with `--enable-csi-integration`; the driver with rotation enabled).
   * Jobs and CronJobs never get it: Reloader would re-run them rather than restart them.
   * @default true
   */
  readonly reload?: boolean;
}

/** A pod volume of the Secrets Store CSI driver. */
export interface SecretProviderClassVolume {
  /** The volume name. */
  readonly name: string;
  /** The CSI source: the driver, read-only, and the SecretProviderClass. */
  readonly csi: { readonly driver: string; readonly readOnly: true; readonly volumeAttributes: { readonly secretProviderClass: string } };
}

/**
 * A checked SecretProviderClass mount: the pod volume, the mount path and whether the workload's
 * Reloader annotation lists the class.
 * @internal
 */
export interface SecretProviderClassMount {
  /** The pod volume. */
  readonly volume: SecretProviderClassVolume;
  /** The absolute directory the objects appear in. */
  readonly path: string;
  /** Whether the class goes into the workload's Reloader annotation. */
  readonly reload: boolean;
}

/**
 * Check a SecretProviderClass mount and return the pod volume, path and reload decision.
 * @internal
 */
export function secretProviderClassMount(component: string, className: unknown, options: SecretProviderClassMountOptions): SecretProviderClassMount {
  const spc = checkObjectName(component, 'spc', className, 'SecretProviderClass (a SecretProviderClass construct or its name)');
  checkObject(component, 'options', options, 'an object with path (and optional volumeName, reload)');
  if (typeof options.path !== 'string' || !options.path.startsWith('/') || options.path === '/') {
    throw new ValidationError(component, 'path', `${q(options?.path)} must be an absolute directory other than "/", e.g. "/mnt/secrets".`);
  }
  const name = options.volumeName ?? `spc-${spc}`.slice(0, 63).replace(/[-.]+$/, '').replace(/\./g, '-');
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
    throw new ValidationError(component, 'volumeName', `${q(name)} is not a valid volume name (DNS-1123 label).`);
  }
  return {
    volume: { name, csi: { driver: SECRETS_STORE_CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: spc } } },
    path: options.path,
    reload: checkBoolean(component, 'reload', options.reload, true),
  };
}

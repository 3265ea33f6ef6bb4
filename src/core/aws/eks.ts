import { ValidationError, q } from '../errors';
import { cidrsCoverFamily, parseCidrOfFamily } from '../validate/cidr';
import { checkList } from '../validate/values';

/** EKS control-plane log types. */
export type EksLogType = 'api' | 'audit' | 'authenticator' | 'controllerManager' | 'scheduler';

const LOG_TYPES: EksLogType[] = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const REQUIRED_LOGS: EksLogType[] = ['audit', 'authenticator'];

/** Options of {@link eksClusterSettings}: the security-relevant settings of an EKS cluster. */
export interface EksClusterSettingsOptions {
  /**
   * The Kubernetes version, e.g. `1.31`.
   * @default - the EKS default
   */
  readonly version?: string;
  /**
   * Expose the API endpoint publicly, restricted to `publicAccessCidrs`.
   * @default false
   */
  readonly endpointPublicAccess?: boolean;
  /**
   * The CIDRs allowed to reach a public endpoint; required with `endpointPublicAccess`.
   * @default - none
   */
  readonly publicAccessCidrs?: string[];
  /**
   * Control-plane log types sent to CloudWatch; `audit` and `authenticator` are always included.
   * @default ["api", "audit", "authenticator", "controllerManager", "scheduler"]
   */
  readonly enabledClusterLogTypes?: EksLogType[];
  /**
   * How the cluster authenticates IAM principals: `API` (access entries) or `API_AND_CONFIG_MAP` (also
   * the deprecated aws-auth ConfigMap, for migrations).
   * @default "API"
   */
  readonly authenticationMode?: 'API' | 'API_AND_CONFIG_MAP';
  /**
   * The KMS key deletion window, in days (7 to 30).
   * @default 30
   */
  readonly keyDeletionWindowInDays?: number;
  /** Number of subnet ids given (EKS needs subnets in at least two availability zones). */
  readonly subnetCount: number;
}

/** The settings of {@link eksClusterSettings}, normalised. */
export interface EksClusterSettings {
  /**
   * The Kubernetes version, if pinned.
   * @default - the EKS default
   */
  readonly version?: string;
  /** Private endpoint access: always on. */
  readonly endpointPrivateAccess: true;
  /** Public endpoint access. */
  readonly endpointPublicAccess: boolean;
  /**
   * The CIDRs allowed to reach the public endpoint.
   * @default - none (no public endpoint)
   */
  readonly publicAccessCidrs?: string[];
  /** Log types, sorted. */
  readonly enabledClusterLogTypes: EksLogType[];
  /** Authentication mode. */
  readonly authenticationMode: 'API' | 'API_AND_CONFIG_MAP';
  /** KMS key deletion window. */
  readonly keyDeletionWindowInDays: number;
}

/**
 * Check and normalise the security settings of an EKS cluster: private endpoint on and public off by
 * default (public only with a CIDR allow-list that is not the whole internet), audit and authenticator
 * logs always on, API authentication mode, a KMS deletion window of 30 days.
 */
export function eksClusterSettings(options: EksClusterSettingsOptions): EksClusterSettings {
  const component = 'KmsEncryptedEksCluster';
  if (options.subnetCount < 2) {
    throw new ValidationError(component, 'subnetIds', `has ${options.subnetCount} subnet(s); EKS needs subnets in at least two availability zones.`);
  }
  if (options.version !== undefined && !/^1\.\d{2}$/.test(options.version)) {
    throw new ValidationError(component, 'version', `${q(options.version)} is not a Kubernetes minor version; expected e.g. "1.31".`);
  }
  const endpointPublicAccess = options.endpointPublicAccess ?? false;
  let publicAccessCidrs: string[] | undefined;
  if (endpointPublicAccess) {
    if (options.publicAccessCidrs === undefined || (Array.isArray(options.publicAccessCidrs) && options.publicAccessCidrs.length === 0)) {
      throw new ValidationError(component, 'publicAccessCidrs', 'is empty but endpointPublicAccess is true; list the CIDRs allowed to reach the public API endpoint (the office or CI egress ranges).');
    }
    // IPv4 only (as EKS's publicAccessCidrs), parsed with ipaddr.js: no octal or hex spellings, no host bits.
    const blocks = checkList(component, 'publicAccessCidrs', options.publicAccessCidrs, 'IPv4 CIDRs (strings)').map((cidr, i) => {
      const block = parseCidrOfFamily(component, `publicAccessCidrs[${i}]`, cidr, 4, 'is not an IPv4 CIDR such as "203.0.113.0/24".');
      if (block.prefix === 0) {
        throw new ValidationError(component, `publicAccessCidrs[${i}]`, `${q(cidr)} opens the API endpoint to the whole internet; list the ranges that need access, or keep the endpoint private.`);
      }
      return block;
    });
    // Blocks that add up to every address (0.0.0.0/1 + 128.0.0.0/1) open the endpoint as 0.0.0.0/0 does.
    if (cidrsCoverFamily(blocks, 4)) {
      throw new ValidationError(component, 'publicAccessCidrs', `${q(blocks.map(b => b.text))} together cover every IPv4 address, which opens the API endpoint to the whole internet as "0.0.0.0/0" does; `
        + 'list the ranges that need access, or keep the endpoint private.');
    }
    publicAccessCidrs = blocks.map(b => b.text);
  } else if (options.publicAccessCidrs !== undefined) {
    throw new ValidationError(component, 'publicAccessCidrs', 'is set but endpointPublicAccess is not; set endpointPublicAccess: true to open the public endpoint to these CIDRs.');
  }
  const logs = options.enabledClusterLogTypes ?? LOG_TYPES;
  logs.forEach((t, i) => {
    if (!LOG_TYPES.includes(t)) {
      throw new ValidationError(component, `enabledClusterLogTypes[${i}]`, `${q(t)} is not an EKS log type; use ${LOG_TYPES.map(l => q(l)).join(', ')}.`);
    }
  });
  for (const required of REQUIRED_LOGS) {
    if (!logs.includes(required)) {
      throw new ValidationError(component, 'enabledClusterLogTypes', `${q(logs)} lacks ${q(required)}; audit and authenticator logs record who read which Secret and who authenticated, and are always on.`);
    }
  }
  const authenticationMode = options.authenticationMode ?? 'API';
  if (authenticationMode !== 'API' && authenticationMode !== 'API_AND_CONFIG_MAP') {
    throw new ValidationError(component, 'authenticationMode', `${q(authenticationMode)} is not supported; use "API" (access entries) or "API_AND_CONFIG_MAP" while migrating off the aws-auth ConfigMap.`);
  }
  const keyDeletionWindowInDays = options.keyDeletionWindowInDays ?? 30;
  if (!Number.isInteger(keyDeletionWindowInDays) || keyDeletionWindowInDays < 7 || keyDeletionWindowInDays > 30) {
    throw new ValidationError(component, 'keyDeletionWindowInDays', `${q(keyDeletionWindowInDays)} is out of range; KMS accepts 7 to 30 days.`);
  }
  return {
    ...(options.version !== undefined ? { version: options.version } : {}),
    endpointPrivateAccess: true,
    endpointPublicAccess,
    ...(publicAccessCidrs ? { publicAccessCidrs } : {}),
    enabledClusterLogTypes: [...new Set(logs)].sort() as EksLogType[],
    authenticationMode,
    keyDeletionWindowInDays,
  };
}

/** Options of {@link secretRotationDays}. */
export interface SecretRotationDaysOptions {
  /**
   * Days between rotations.
   * @default 30
   */
  readonly afterDays?: number;
  /**
   * Allow more than 30 days between rotations.
   * @default false
   */
  readonly allowLongerRotation?: boolean;
}

/**
 * Check a rotation interval: at most 30 days unless `allowLongerRotation`, never more than Secrets
 * Manager's 1000.
 */
export function secretRotationDays(options: SecretRotationDaysOptions): number {
  const component = 'ManagedSecret';
  const days = options.afterDays ?? 30;
  if (!Number.isInteger(days) || days < 1 || days > 1000) {
    throw new ValidationError(component, 'rotation.afterDays', `${q(days)} is out of range; Secrets Manager rotates every 1 to 1000 days.`);
  }
  if (days > 30 && !options.allowLongerRotation) {
    throw new ValidationError(component, 'rotation.afterDays', `${days} is longer than 30 days; rotate at least monthly, or set rotation.allowLongerRotation: true.`);
  }
  return days;
}

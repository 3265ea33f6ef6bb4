import { ValidationError, q } from '../errors';
import { checkArn } from './iam';
import { checkAwsRegion } from '../validate/arn';
import { cidrsCoverFamily, parseCidrOfFamily } from '../validate/cidr';
import { checkBoolean, checkList, checkOptionalList, optIn } from '../validate/values';

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
   * Expose the API endpoint publicly, restricted to `publicAccessCidrs`. Only the boolean `true` turns it on.
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
  /**
   * Install the `eks-pod-identity-agent` add-on, which EKS Pod Identity needs on every node (a DaemonSet
   * serving credentials at 169.254.170.23 and fd00:ec2::23; pods need egress to it). Pod Identity is the
   * way AWS recommends for new EC2-based clusters; set false for IRSA-only clusters or Fargate (where the
   * agent does not run).
   * @default true
   */
  readonly podIdentityAgent?: boolean;
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
  /** Whether the `eks-pod-identity-agent` add-on is installed. */
  readonly podIdentityAgent: boolean;
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
  const endpointPublicAccess = optIn(component, 'endpointPublicAccess', options.endpointPublicAccess);
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
  const logs = (checkOptionalList(component, 'enabledClusterLogTypes', options.enabledClusterLogTypes, 'EKS log types') ?? LOG_TYPES) as EksLogType[];
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
  const podIdentityAgent = checkBoolean(component, 'podIdentityAgent', options.podIdentityAgent, true);
  return {
    ...(options.version !== undefined ? { version: options.version } : {}),
    endpointPrivateAccess: true,
    endpointPublicAccess,
    ...(publicAccessCidrs ? { publicAccessCidrs } : {}),
    enabledClusterLogTypes: [...new Set(logs)].sort() as EksLogType[],
    authenticationMode,
    keyDeletionWindowInDays,
    podIdentityAgent,
  };
}

/**
 * Check an EKS cluster name (1 to 100 characters: letters, digits, `-` and `_`, starting with a letter or
 * digit; EKS CreateCluster `name`).
 * @internal
 */
export function checkEksClusterName(component: string, prop: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(value)) {
    throw new ValidationError(component, prop, `${q(value)} is not an EKS cluster name (1 to 100 letters, digits, '-' and '_', starting with a letter or digit).`);
  }
  return value;
}

/**
 * Options of {@link eksSecretsKeySettings}.
 * @internal
 */
export interface EksSecretsKeySettingsOptions {
  /**
   * An existing key ARN (a plain string or a value computed later); the other options describe a new key
   * and are refused with it.
   * @default - a new key
   */
  readonly kmsKeyArn?: unknown;
  /**
   * The alias of the new key.
   * @default - "alias/eks/<resource name>-secrets"
   */
  readonly keyAlias?: string;
  /**
   * Whether a deletion window was given (it applies to a new key only).
   * @default false
   */
  readonly keyDeletionWindowGiven?: boolean;
  /**
   * Administrators of the new key.
   * @default - none
   */
  readonly keyAdminArns?: string[];
  /**
   * Keep the account-root statement in the new key's policy.
   * @default true
   */
  readonly accountRootKeyAccess?: boolean;
}

/**
 * Check that the options of a new key are not given with an existing one (they would be ignored), and the
 * new key's alias (`alias/<name>`, not the AWS-reserved `alias/aws/`).
 * @internal
 */
export function eksSecretsKeySettings(options: EksSecretsKeySettingsOptions): void {
  const component = 'KmsEncryptedEksCluster';
  checkOptionalList(component, 'keyAdminArns', options.keyAdminArns, 'IAM role or user ARNs');
  checkBoolean(component, 'accountRootKeyAccess', options.accountRootKeyAccess, true);
  if (options.kmsKeyArn !== undefined) {
    const given = [
      options.keyAlias !== undefined ? 'keyAlias' : undefined,
      options.keyDeletionWindowGiven ? 'keyDeletionWindowInDays' : undefined,
      options.keyAdminArns !== undefined ? 'keyAdminArns' : undefined,
      options.accountRootKeyAccess !== undefined ? 'accountRootKeyAccess' : undefined,
    ].filter((p): p is string => p !== undefined);
    if (given.length > 0) {
      throw new ValidationError(component, given[0], `applies only to the key this component creates, but kmsKeyArn names an existing key; configure that key directly (${given.join(', ')} would be ignored), or drop kmsKeyArn.`);
    }
  }
  if (options.keyAlias !== undefined && (typeof options.keyAlias !== 'string' || !/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(options.keyAlias) || /^alias\/aws\//i.test(options.keyAlias))) {
    throw new ValidationError(component, 'keyAlias', `${q(options.keyAlias)} is not a KMS alias name: use "alias/" and letters, digits, '/', '_' and '-', not the AWS-reserved "alias/aws/".`);
  }
}

/**
 * Check the resolved ARN of an existing key for a cluster's Secrets: a symmetric key's ARN (not an alias),
 * in the cluster's region when it is known (EKS envelope encryption uses a key of the cluster's region).
 * Returns the ARN.
 * @internal
 */
export function eksClusterKmsKeyArn(value: unknown, region?: string): string {
  const component = 'KmsEncryptedEksCluster';
  const arn = checkArn(component, 'kmsKeyArn', 'kmsKeyArns', value);
  if (region !== undefined && arn.region !== checkAwsRegion(component, 'region', region)) {
    throw new ValidationError(component, 'kmsKeyArn', `${q(value)} is in region ${q(arn.region)} but the cluster is created in ${q(region)}; EKS encrypts Secrets only with a key of the cluster's region.`);
  }
  return value as string;
}

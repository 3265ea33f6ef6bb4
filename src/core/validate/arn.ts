/**
 * AWS ARNs and regions: ARNs parsed with the AWS SDK's parser (`@aws-sdk/util-arn-parser`), partitions and
 * regions checked against the SDK's partition table, so every component accepts the same regions (the
 * European Sovereign Cloud's `eusc-de-east-1` included).
 */
import { ValidationError, q } from '../errors';

let arnParser: typeof import('@aws-sdk/util-arn-parser') | undefined;

/** The AWS SDK's ARN parser, loaded on first use (it loads @aws-sdk/core and @smithy/core: not at import of the root entry, issue 18). */
function sdkArnParser(): typeof import('@aws-sdk/util-arn-parser') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  arnParser ??= require('@aws-sdk/util-arn-parser') as typeof import('@aws-sdk/util-arn-parser');
  return arnParser;
}

/**
 * An AWS partition: its id, the regions it holds and its DNS suffix.
 * @internal
 */
export interface AwsPartition {
  /** The partition id, the second field of an ARN (`aws`, `aws-cn`, ...). */
  readonly id: string;
  /** The regions of the partition, as the SDK's `regionRegex`. */
  readonly regionPattern: RegExp;
  /** The DNS suffix of its service endpoints (`amazonaws.com`, `amazonaws.com.cn`, ...). */
  readonly dnsSuffix: string;
}

/**
 * The AWS partitions, copied from the AWS SDK for JavaScript v3 partition table (aws/aws-sdk-js-v3
 * `packages/util-endpoints/src/lib/aws/partitions.json`, as shipped in `@aws-sdk/core` 3.981.2):
 * `regionRegex` and `dnsSuffix` of each partition.
 * @internal
 */
export const AWS_PARTITIONS: readonly AwsPartition[] = [
  { id: 'aws', regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/, dnsSuffix: 'amazonaws.com' },
  { id: 'aws-cn', regionPattern: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn' },
  { id: 'aws-us-gov', regionPattern: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com' },
  { id: 'aws-iso', regionPattern: /^us-iso-\w+-\d+$/, dnsSuffix: 'c2s.ic.gov' },
  { id: 'aws-iso-b', regionPattern: /^us-isob-\w+-\d+$/, dnsSuffix: 'sc2s.sgov.gov' },
  { id: 'aws-iso-e', regionPattern: /^eu-isoe-\w+-\d+$/, dnsSuffix: 'cloud.adc-e.uk' },
  { id: 'aws-iso-f', regionPattern: /^us-isof-\w+-\d+$/, dnsSuffix: 'csp.hci.ic.gov' },
  { id: 'aws-eusc', regionPattern: /^eusc-(de)-\w+-\d+$/, dnsSuffix: 'amazonaws.eu' },
];

/**
 * The partition a region belongs to, or undefined for a string that is no AWS region.
 * @internal
 */
export function partitionOfRegion(region: string): AwsPartition | undefined {
  return typeof region === 'string' ? AWS_PARTITIONS.find(p => p.regionPattern.test(region)) : undefined;
}

/**
 * The partition with this id, or undefined.
 * @internal
 */
export function awsPartition(id: string): AwsPartition | undefined {
  return AWS_PARTITIONS.find(p => p.id === id);
}

/**
 * Check an AWS region (`us-east-1`, `eusc-de-east-1`, ...), optionally that it is in a given partition.
 * @internal
 */
export function checkAwsRegion(component: string, prop: string, value: unknown, partition?: string): string {
  const p = typeof value === 'string' ? partitionOfRegion(value) : undefined;
  if (!p) {
    throw new ValidationError(component, prop, `${q(value)} is not an AWS region; expected e.g. "us-east-1".`);
  }
  if (partition !== undefined && p.id !== partition) {
    throw new ValidationError(component, prop, `${q(value)} is a region of partition ${q(p.id)}, not of ${q(partition)}.`);
  }
  return value as string;
}

/** The parts of an ARN. */
export interface ParsedArn {
  /** Partition, e.g. `aws`. */
  readonly partition: string;
  /** Service, e.g. `secretsmanager`. */
  readonly service: string;
  /** Region (empty for global services). */
  readonly region: string;
  /** Account id. */
  readonly account: string;
  /** The resource part. */
  readonly resource: string;
}

/**
 * Parse an ARN with the AWS SDK's parser, or undefined if it is not one.
 */
export function parseArn(value: string): ParsedArn | undefined {
  if (typeof value !== 'string' || !sdkArnParser().validate(value)) {
    return undefined;
  }
  const arn = sdkArnParser().parse(value);
  if (arn.resource === '') {
    return undefined;
  }
  return { partition: arn.partition, service: arn.service, region: arn.region, account: arn.accountId, resource: arn.resource };
}

/**
 * Whether a value is a 12-digit AWS account id.
 * @internal
 */
export function isAwsAccountId(value: unknown): value is string {
  return typeof value === 'string' && /^\d{12}$/.test(value);
}

/**
 * What is wrong with where an ARN points, checked against the partition table, or undefined when nothing
 * is: `partition` (no such partition), `region` (a regional ARN whose region is not one of its
 * partition's), `account` (not 12 digits). The region of a global ARN (IAM) is not looked at.
 * @internal
 */
export function arnLocationProblem(arn: ParsedArn, regional: boolean): 'partition' | 'region' | 'account' | undefined {
  if (!awsPartition(arn.partition)) {
    return 'partition';
  }
  if (regional && partitionOfRegion(arn.region)?.id !== arn.partition) {
    return 'region';
  }
  return isAwsAccountId(arn.account) ? undefined : 'account';
}

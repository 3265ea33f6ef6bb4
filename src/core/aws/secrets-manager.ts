/**
 * The rules of an AWS Secrets Manager secret that the library creates (`ManagedSecret`): a
 * customer-managed key in the secret's region, a recovery window, a value only as a deferred secret, and
 * rotation at most monthly. Pure: the Pulumi component only maps these settings to resources.
 */
import { isDeferred } from '../deferred';
import { ValidationError, q, typeOf } from '../errors';
import { checkArn } from './iam';
import { checkAwsTags } from './tags';
import { checkAwsRegion } from '../validate/arn';
import { checkBoolean, checkObject, optIn } from '../validate/values';

const COMPONENT = 'ManagedSecret';
/** Secrets Manager secret names: 1 to 512 of letters, digits and `/_+=.@-` (CreateSecret `Name`). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
/** What Secrets Manager appends to a name in the ARN; a name ending like this reads as a full ARN. */
const SUFFIX_LIKE = /-[A-Za-z0-9]{6}$/;

/** Options of {@link secretRotationDays}. */
export interface SecretRotationDaysOptions {
  /**
   * Days between rotations.
   * @default 30
   */
  readonly afterDays?: number;
  /**
   * Allow more than 30 days between rotations. Only the boolean `true` turns it on.
   * @default false
   */
  readonly allowLongerRotation?: boolean;
}

/**
 * Check a rotation interval: at most 30 days unless `allowLongerRotation`, never more than Secrets
 * Manager's 1000.
 */
export function secretRotationDays(options: SecretRotationDaysOptions): number {
  const component = COMPONENT;
  const allowLonger = optIn(component, 'rotation.allowLongerRotation', options.allowLongerRotation);
  const days = options.afterDays ?? 30;
  if (typeof days !== 'number') {
    throw new ValidationError(component, 'rotation.afterDays', `must be a number of days (1 to 1000); received ${typeOf(days)} ${q(days)}.`);
  }
  if (!Number.isInteger(days) || days < 1 || days > 1000) {
    throw new ValidationError(component, 'rotation.afterDays', `${q(days)} is out of range; Secrets Manager rotates every 1 to 1000 days.`);
  }
  if (days > 30 && !allowLonger) {
    throw new ValidationError(component, 'rotation.afterDays', `${days} is longer than 30 days; rotate at least monthly, or set rotation.allowLongerRotation: true.`);
  }
  return days;
}

/** Rotation options of {@link managedSecretSettings}. */
export interface ManagedSecretRotationOptions extends SecretRotationDaysOptions {
  /** The ARN of the rotation Lambda function (a plain string, or a value computed later: a Pulumi Output). */
  readonly lambdaArn: unknown;
  /**
   * Rotate right after the rotation is configured.
   * @default true
   */
  readonly rotateImmediately?: boolean;
}

/** Options of {@link managedSecretSettings}. */
export interface ManagedSecretOptions {
  /** The secret's name, e.g. `production/payments/postgres`. */
  readonly name: string;
  /**
   * The customer-managed KMS key ARN (a plain string, or a value computed later: a Pulumi Output).
   * Required unless `allowAwsManagedKey`.
   * @default - none
   */
  readonly kmsKeyArn?: unknown;
  /**
   * Use the AWS-managed `aws/secretsmanager` key instead. Only the boolean `true` turns it on.
   * @default false
   */
  readonly allowAwsManagedKey?: boolean;
  /**
   * The initial value: only a deferred value (a Pulumi secret); a plain value is refused. It is never
   * read or echoed.
   * @default - no value
   */
  readonly value?: unknown;
  /**
   * Days Secrets Manager keeps a deleted secret recoverable (7 to 30).
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /**
   * Description (at most 2048 characters).
   * @default - none
   */
  readonly description?: string;
  /**
   * Automatic rotation with a Lambda function.
   * @default - no rotation
   */
  readonly rotation?: ManagedSecretRotationOptions;
  /**
   * AWS tags (AWS tag rules, not Kubernetes ones).
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/** The checked settings of a {@link managedSecretSettings} secret. */
export interface ManagedSecretSettings {
  /** The secret name. */
  readonly name: string;
  /**
   * Whether a customer-managed key is given (a plain ARN is checked; check a deferred one with
   * {@link managedSecretKmsKeyArn} once known). False only with allowAwsManagedKey.
   */
  readonly customerManagedKey: boolean;
  /** The recovery window. */
  readonly recoveryWindowInDays: number;
  /**
   * Description.
   * @default - none
   */
  readonly description?: string;
  /**
   * The rotation.
   * @default - none
   */
  readonly rotation?: {
    /** Days between rotations (check a deferred Lambda ARN with {@link managedSecretRotationLambdaArn} once known). */
    readonly afterDays: number;
    /** Rotate right away. */
    readonly rotateImmediately: boolean;
  };
  /**
   * Tags.
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * Check a resolved KMS key ARN of a secret: a key (not an alias) ARN, in the secret's region when it is
 * known (Secrets Manager encrypts only with a key of its own region). Returns the ARN.
 * @internal
 */
export function managedSecretKmsKeyArn(value: unknown, region?: string): string {
  const arn = checkArn(COMPONENT, 'kmsKeyArn', 'kmsKeyArns', value);
  if (region !== undefined && arn.region !== checkAwsRegion(COMPONENT, 'region', region)) {
    throw new ValidationError(COMPONENT, 'kmsKeyArn', `${q(value)} is in region ${q(arn.region)} but the secret is created in ${q(region)}; Secrets Manager encrypts only with a key of the secret's own region.`);
  }
  return value as string;
}

/**
 * Check a resolved rotation Lambda ARN (a function, optionally with a version or alias). Returns the ARN.
 * @internal
 */
export function managedSecretRotationLambdaArn(value: unknown): string {
  try {
    checkArn(COMPONENT, 'rotation.lambdaArn', 'lambdaArn', value);
  } catch (e) {
    if (e instanceof ValidationError) {
      throw new ValidationError(COMPONENT, 'rotation.lambdaArn', `${q(value)} is not a Lambda function ARN; expected e.g. "arn:aws:lambda:us-east-1:111122223333:function:rotate-postgres".`);
    }
    throw e;
  }
  return value as string;
}

/**
 * Decide what a managed Secrets Manager secret may be: a valid name (not one that reads as a full ARN), a
 * customer-managed KMS key unless `allowAwsManagedKey`, a value only as a deferred secret, a recovery
 * window of 7 to 30 days, rotation at most every 30 days unless `allowLongerRotation`, AWS tags.
 * Deferred ARNs are passed through; check them with {@link managedSecretKmsKeyArn} and
 * {@link managedSecretRotationLambdaArn} once they resolve.
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 */
export function managedSecretSettings(options: ManagedSecretOptions): ManagedSecretSettings {
  const component = COMPONENT;
  checkObject(component, 'args', options, 'the secret settings { name, kmsKeyArn, ... }');
  if (typeof options.name !== 'string' || !SECRET_NAME.test(options.name)) {
    throw new ValidationError(component, 'name', `${q(options.name)} is not a Secrets Manager name (1-512 of letters, digits and /_+=.@-).`);
  }
  if (SUFFIX_LIKE.test(options.name)) {
    // Secrets Manager user guide (CreateSecret Name): do not end a name with a hyphen followed by six
    // characters; a partial ARN of such a name is taken for a full one.
    throw new ValidationError(component, 'name', `${q(options.name)} ends with a hyphen and 6 letters or digits, which reads as the random suffix Secrets Manager appends to names in ARNs: a partial ARN of it would be taken for a full ARN of another name. Rename it (AWS advises against such names).`);
  }
  const allowAwsManagedKey = optIn(component, 'allowAwsManagedKey', options.allowAwsManagedKey);
  if (options.kmsKeyArn === undefined && !allowAwsManagedKey) {
    throw new ValidationError(component, 'kmsKeyArn', 'is missing; encrypt the secret with a customer-managed key (e.g. cluster.kmsKeyArn), or set allowAwsManagedKey: true to use aws/secretsmanager.');
  }
  if (options.kmsKeyArn !== undefined && allowAwsManagedKey) {
    throw new ValidationError(component, 'allowAwsManagedKey', 'is set together with kmsKeyArn; drop one of them.');
  }
  if (options.kmsKeyArn !== undefined && !isDeferred(options.kmsKeyArn)) {
    managedSecretKmsKeyArn(options.kmsKeyArn);
  }
  if (options.value !== undefined && !isDeferred(options.value)) {
    throw new ValidationError(component, 'value', 'is a plain value; pass it as a Pulumi secret (pulumi.secret(...) or config.requireSecret(...)) so it never appears in plaintext in the program or the state.');
  }
  const recoveryWindowInDays = options.recoveryWindowInDays ?? 30;
  if (typeof recoveryWindowInDays !== 'number') {
    throw new ValidationError(component, 'recoveryWindowInDays', `must be a number of days (7 to 30); received ${typeOf(recoveryWindowInDays)} ${q(recoveryWindowInDays)}.`);
  }
  if (!Number.isInteger(recoveryWindowInDays) || recoveryWindowInDays < 7 || recoveryWindowInDays > 30) {
    throw new ValidationError(component, 'recoveryWindowInDays', `${q(recoveryWindowInDays)} is out of range; use 7 to 30 days.`);
  }
  if (options.description !== undefined && (typeof options.description !== 'string' || options.description.length > 2048)) {
    throw new ValidationError(component, 'description', `must be a string of at most 2048 characters; received ${typeOf(options.description)}.`);
  }
  let rotation: ManagedSecretSettings['rotation'];
  if (options.rotation !== undefined) {
    const r = checkObject(component, 'rotation', options.rotation, 'a rotation { lambdaArn, afterDays? }') as unknown as ManagedSecretRotationOptions;
    const afterDays = secretRotationDays(r);
    if (!isDeferred(r.lambdaArn)) {
      managedSecretRotationLambdaArn(r.lambdaArn);
    }
    rotation = { afterDays, rotateImmediately: checkBoolean(component, 'rotation.rotateImmediately', r.rotateImmediately, true) };
  }
  const tags = checkAwsTags(component, 'tags', options.tags);
  return {
    name: options.name,
    customerManagedKey: options.kmsKeyArn !== undefined,
    recoveryWindowInDays,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(rotation ? { rotation } : {}),
    ...(tags ? { tags } : {}),
  };
}

import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { managedSecretSettings } from '../../core';
import { managedSecretKmsKeyArn, managedSecretRotationLambdaArn } from '../../core/aws/secrets-manager';
import { awsSdk } from '../deps';
import { validated, validatedOutput } from '../errors';

/** Rotation of a {@link ManagedSecret}. */
export interface ManagedSecretRotationArgs {
  /** The ARN of the rotation Lambda function (an Output is checked once it resolves). */
  readonly lambdaArn: pulumi.Input<string>;
  /**
   * Days between rotations (at most 30 unless `allowLongerRotation`).
   * @default 30
   */
  readonly afterDays?: number;
  /**
   * Allow more than 30 days between rotations. Only the boolean `true` turns it on.
   * @default false
   */
  readonly allowLongerRotation?: boolean;
  /**
   * Rotate right after the rotation is configured.
   * @default true
   */
  readonly rotateImmediately?: boolean;
}

/** Arguments of {@link ManagedSecret}. */
export interface ManagedSecretArgs {
  /**
   * The secret's name, e.g. `production/payments/postgres` (not ending in a hyphen and 6 letters or
   * digits, which reads as the random suffix of an ARN).
   */
  readonly name: string;
  /**
   * The customer-managed KMS key that encrypts the secret, in the secret's region. Required unless
   * `allowAwsManagedKey`. An Output (e.g. `cluster.kmsKeyArn`) is checked once it resolves.
   * @default - none
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Use the AWS-managed `aws/secretsmanager` key instead of a customer-managed one. Its key policy
   * cannot be restricted and the secret cannot be shared across accounts. Only the boolean `true`.
   * @default false
   */
  readonly allowAwsManagedKey?: boolean;
  /**
   * The initial value, as a Pulumi secret (`pulumi.secret(...)` or `config.requireSecret(...)`); it is
   * stored encrypted in the state. A plain string is refused.
   * @default - no value (set it out of band, or by rotation)
   */
  readonly value?: pulumi.Output<string>;
  /**
   * Days Secrets Manager keeps a deleted secret recoverable (7 to 30).
   * @default 30
   */
  readonly recoveryWindowInDays?: number;
  /**
   * Description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Automatic rotation with a Lambda function.
   * @default - no rotation
   */
  readonly rotation?: ManagedSecretRotationArgs;
  /**
   * AWS tags (AWS tag rules: `Cost Center` is a valid key).
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * An AWS Secrets Manager secret encrypted with a customer-managed KMS key, with a 30-day recovery window,
 * an initial value taken only from a Pulumi secret, and optional rotation at most every 30 days.
 *
 * ```ts
 * const db = new ManagedSecret('payments-db', { name: 'production/payments/postgres', kmsKeyArn: cluster.kmsKeyArn,
 *   value: pulumi.secret(JSON.stringify({ username: 'app', password: 'not-a-real-password' })) });
 * ```
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html
 */
export class ManagedSecret extends pulumi.ComponentResource {
  /** The secret. */
  public readonly secret: aws.secretsmanager.Secret;
  /** The initial version, when a value was given. */
  public readonly version?: aws.secretsmanager.SecretVersion;
  /** The rotation, when configured. */
  public readonly rotation?: aws.secretsmanager.SecretRotation;
  /** The secret ARN (for `IrsaRole` / `PodIdentityRole` `secretsManagerArns`). */
  public readonly arn: pulumi.Output<string>;
  /** The secret name (the `remoteKey` of an ExternalSecret). */
  public readonly name: pulumi.Output<string>;

  /**
   * @param name the Pulumi resource name
   * @param args the secret
   * @param opts Pulumi resource options
   */
  public constructor(name: string, args: ManagedSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:aws:ManagedSecret', name, {}, opts);
    const component = 'ManagedSecret';
    // Every rule lives in core; this component only maps the checked settings to resources.
    const settings = validated(this, () => managedSecretSettings(args));
    const awsx = awsSdk(component);
    const parent = { parent: this };
    // Deferred ARNs are checked once, here, with the same rules; the resources read the checked Outputs.
    const region = awsx.getRegionOutput({}, parent).region;
    const kmsKeyId = settings.customerManagedKey && args.kmsKeyArn !== undefined
      ? validatedOutput(this, pulumi.all([args.kmsKeyArn, region]), ([arn, r]) => managedSecretKmsKeyArn(arn, r))
      : undefined;
    this.secret = new awsx.secretsmanager.Secret(name, {
      name: settings.name,
      ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
      recoveryWindowInDays: settings.recoveryWindowInDays,
      ...(settings.description !== undefined ? { description: settings.description } : {}),
      ...(settings.tags ? { tags: settings.tags } : {}),
    }, parent);
    if (args.value !== undefined) {
      this.version = new awsx.secretsmanager.SecretVersion(name, {
        secretId: this.secret.id,
        secretString: pulumi.secret(args.value),
      }, parent);
    }
    if (settings.rotation && args.rotation) {
      this.rotation = new awsx.secretsmanager.SecretRotation(name, {
        secretId: this.secret.id,
        rotationLambdaArn: validatedOutput(this, args.rotation.lambdaArn, managedSecretRotationLambdaArn),
        rotationRules: { automaticallyAfterDays: settings.rotation.afterDays },
        rotateImmediately: settings.rotation.rotateImmediately,
      }, { parent: this, dependsOn: this.version ? [this.version] : [] });
    }
    this.arn = this.secret.arn;
    this.name = this.secret.name;
    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}

import type * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { ValidationError, secretRotationDays } from '../../core';
import { checkArn } from '../../core/aws/iam';
import { isDeferred } from '../../core/deferred';
import { q } from '../../core/errors';
import { awsSdk } from '../deps';
import { validated } from '../errors';

/** Rotation of a {@link ManagedSecret}. */
export interface ManagedSecretRotationArgs {
  /** The ARN of the rotation Lambda function. */
  readonly lambdaArn: pulumi.Input<string>;
  /**
   * Days between rotations (at most 30 unless `allowLongerRotation`).
   * @default 30
   */
  readonly afterDays?: number;
  /**
   * Allow more than 30 days between rotations.
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
  /** The secret's name, e.g. `production/payments/postgres`. */
  readonly name: string;
  /**
   * The customer-managed KMS key that encrypts the secret. Required unless `allowAwsManagedKey`.
   * @default - none
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
  /**
   * Use the AWS-managed `aws/secretsmanager` key instead of a customer-managed one. Its key policy
   * cannot be restricted and the secret cannot be shared across accounts.
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
   * Tags.
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
    const checked = validated(this, () => {
      if (typeof args.name !== 'string' || !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(args.name)) {
        throw new ValidationError(component, 'name', `${q(args.name)} is not a Secrets Manager name (1-512 of letters, digits and /_+=.@-).`);
      }
      if (args.kmsKeyArn === undefined && !args.allowAwsManagedKey) {
        throw new ValidationError(component, 'kmsKeyArn', 'is missing; encrypt the secret with a customer-managed key (e.g. cluster.kmsKeyArn), or set allowAwsManagedKey: true to use aws/secretsmanager.');
      }
      if (args.kmsKeyArn !== undefined && args.allowAwsManagedKey) {
        throw new ValidationError(component, 'allowAwsManagedKey', 'is set together with kmsKeyArn; drop one of them.');
      }
      if (args.kmsKeyArn !== undefined && !isDeferred(args.kmsKeyArn)) {
        checkArn(component, 'kmsKeyArn', 'kmsKeyArns', args.kmsKeyArn);
      }
      if (args.value !== undefined && !pulumi.Output.isInstance(args.value)) {
        throw new ValidationError(component, 'value', 'is a plain value; pass it as a Pulumi secret (pulumi.secret(...) or config.requireSecret(...)) so it never appears in plaintext in the program or the state.');
      }
      const recoveryWindowInDays = args.recoveryWindowInDays ?? 30;
      if (!Number.isInteger(recoveryWindowInDays) || recoveryWindowInDays < 7 || recoveryWindowInDays > 30) {
        throw new ValidationError(component, 'recoveryWindowInDays', `${q(recoveryWindowInDays)} is out of range; use 7 to 30 days.`);
      }
      const rotationDays = args.rotation ? secretRotationDays(args.rotation) : undefined;
      if (args.rotation && !isDeferred(args.rotation.lambdaArn) && !/^arn:aws[-a-z]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9-_]+(:[A-Za-z0-9-_$]+)?$/.test(args.rotation.lambdaArn as string)) {
        throw new ValidationError(component, 'rotation.lambdaArn', `${q(args.rotation.lambdaArn)} is not a Lambda function ARN.`);
      }
      return { recoveryWindowInDays, rotationDays };
    });

    const awsx = awsSdk(component);
    const parent = { parent: this };
    this.secret = new awsx.secretsmanager.Secret(name, {
      name: args.name,
      ...(args.kmsKeyArn !== undefined ? { kmsKeyId: args.kmsKeyArn } : {}),
      recoveryWindowInDays: checked.recoveryWindowInDays,
      ...(args.description !== undefined ? { description: args.description } : {}),
      ...(args.tags ? { tags: args.tags } : {}),
    }, parent);
    if (args.value !== undefined) {
      this.version = new awsx.secretsmanager.SecretVersion(name, {
        secretId: this.secret.id,
        secretString: pulumi.secret(args.value),
      }, parent);
    }
    if (args.rotation) {
      this.rotation = new awsx.secretsmanager.SecretRotation(name, {
        secretId: this.secret.id,
        rotationLambdaArn: args.rotation.lambdaArn,
        rotationRules: { automaticallyAfterDays: checked.rotationDays },
        rotateImmediately: args.rotation.rotateImmediately ?? true,
      }, { parent: this, dependsOn: this.version ? [this.version] : [] });
    }
    this.arn = this.secret.arn;
    this.name = this.secret.name;
    this.registerOutputs({ arn: this.arn, name: this.name });
  }
}

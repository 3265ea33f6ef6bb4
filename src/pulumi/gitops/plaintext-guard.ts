import * as pulumi from '@pulumi/pulumi';
import { plaintextSecretFindings } from '../../core';
import { ValidationError, q } from '../../core/errors';
import { checkPlaintextAllowReason, plaintextSecretRefusal } from '../../core/gitops/plaintext';
import { checkObject } from '../../core/validate/values';

/** Options of {@link PlaintextSecretGuard.transform}. */
export interface PlaintextSecretGuardOptions {
  /**
   * Deliberate exceptions: Pulumi resource names mapped to the reason a plaintext Secret is acceptable
   * there (a non-secret placeholder, a test fixture), at least 10 characters, kept for review.
   * @default - none
   */
  readonly allow?: Record<string, string>;
}

const SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/**
 * The props of a transform as plain values: a Pulumi secret becomes its value (the check must see it),
 * a value not known yet (in a preview) or still an Output becomes `undefined`, which the detector treats
 * as empty; the check runs again, with the values, when `pulumi up` registers the resource.
 */
function plainProps(value: unknown): unknown {
  if (value === UNKNOWN || pulumi.Output.isInstance(value) || value instanceof Promise) {
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.map(plainProps);
  }
  if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) {
      return plainProps(obj.value);
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, plainProps(v)]));
  }
  return value;
}

/**
 * Refuses plaintext secret values in the Kubernetes resources of a Pulumi program, as a resource
 * transform: a `v1` Secret with plaintext `data` or `stringData` (also in a `List`/`*List`, and with
 * near-miss spellings of `apiVersion`/`kind`), or a SealedSecret with literal `spec.template.data`
 * values, fails the deployment naming each one. The rule is the core's `plaintextSecretFindings`, the
 * same as the cdk8s `PlaintextSecretGuard`'s; SealedSecrets with sealed values, SopsSecrets,
 * ExternalSecrets and empty Secrets pass. Meant for programs whose Kubernetes provider renders YAML for
 * Git (`renderYamlToDirectory`), where a plaintext Secret would be committed.
 *
 * ```ts
 * PlaintextSecretGuard.forStack();                                                  // the whole stack
 * new GitOpsSecrets('gitops', args, { transforms: [PlaintextSecretGuard.transform()] }); // one component
 * ```
 */
export class PlaintextSecretGuard {
  /**
   * A resource transform that refuses plaintext Secrets; give it to a component (`transforms`) to
   * guard everything under it.
   * @param options deliberate exceptions
   */
  public static transform(options: PlaintextSecretGuardOptions = {}): pulumi.ResourceTransform {
    const allow = PlaintextSecretGuard.allowances(options);
    return (args: pulumi.ResourceTransformArgs) => {
      const errors = PlaintextSecretGuard.refusals(args.type, args.name, args.props, allow);
      if (errors.length > 0) {
        throw new pulumi.RunError(errors.join('\n'));
      }
      return undefined;
    };
  }

  /**
   * Register the transform for the whole stack (every resource registered after the call). Under
   * `pulumi.runtime.setMocks`, whose engine runs no transforms, it only checks the options.
   * @param options deliberate exceptions
   */
  public static forStack(options: PlaintextSecretGuardOptions = {}): void {
    const transform = PlaintextSecretGuard.transform(options);
    // Pulumi's mock engine runs no transforms (and the SDK refuses to register one there).
    if (!underPulumiMocks()) {
      pulumi.runtime.registerResourceTransform(transform);
    }
  }

  /**
   * The refusals for one resource's props (empty when it passes); what the transform throws.
   * @internal
   */
  public static refusals(type: string, name: string, props: unknown, allow: ReadonlyMap<string, string> = new Map()): string[] {
    if (!type.startsWith('kubernetes:') || allow.has(name)) {
      return [];
    }
    const hint = `PlaintextSecretGuard.transform({ allow: { ${q(name)}: reason } })`;
    return plaintextSecretFindings(plainProps(props)).map(f => plaintextSecretRefusal(f, `resource ${q(name)}`, hint));
  }

  private static allowances(options: PlaintextSecretGuardOptions): Map<string, string> {
    checkObject('PlaintextSecretGuard', 'options', options, 'the guard options ({ allow? })');
    const allow = options.allow === undefined ? {} : checkObject('PlaintextSecretGuard', 'allow', options.allow, 'a map of resource names to reasons');
    const out = new Map<string, string>();
    for (const [name, reason] of Object.entries(allow)) {
      if (name.length === 0) {
        throw new ValidationError('PlaintextSecretGuard', 'allow', 'has an empty resource name; give the Pulumi resource name of the exception.');
      }
      out.set(name, checkPlaintextAllowReason(reason));
    }
    return out;
  }

  private constructor() {}
}

/**
 * Whether the program runs under `pulumi.runtime.setMocks` (unit tests, `npm run examples`): the mock
 * monitor runs no transforms, and the SDK throws on a resource with `transforms` or on
 * `registerResourceTransform` there (`@pulumi/pulumi` runtime/mocks.js sets `supportsTransforms` false;
 * runtime/resource.js, runtime/stack.js). With a real engine the transforms are always registered, so an
 * engine without transforms fails the deployment rather than skip the guard.
 * @internal
 */
export function underPulumiMocks(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MockMonitor } = require('@pulumi/pulumi/runtime/mocks') as { MockMonitor?: new (...args: never[]) => unknown };
    return MockMonitor !== undefined && pulumi.runtime.getMonitor() instanceof MockMonitor;
  } catch {
    return false;
  }
}

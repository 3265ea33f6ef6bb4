import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { plaintextSecretFindings } from '../../core';
import { checkPlaintextAllowReason, plaintextSecretRefusal } from '../../core/gitops/plaintext';

const guarded = new WeakSet<IConstruct>();
const allowed = new WeakMap<IConstruct, string>();

/**
 * Makes synthesis fail when an object would write a plaintext secret value under a scope (an App or a
 * Chart), naming each one, so that a plaintext Secret cannot slip into a GitOps repository: a `v1` Secret
 * with plaintext `data` or `stringData` (also as an item of a `List`/`*List`, and with near-miss spellings
 * of `apiVersion`/`kind`), or a SealedSecret with literal `spec.template.data` values. The rule is the
 * core's `plaintextSecretFindings`. SealedSecrets with sealed values, SOPS-encrypted Secrets (SopsSecret,
 * SopsFile), ExternalSecrets and empty Secrets pass.
 *
 * ```ts
 * PlaintextSecretGuard.of(app);
 * ```
 */
export class PlaintextSecretGuard {
  /**
   * Guard every object under `scope` (an App or a Chart). Calling it again on the same scope is a no-op.
   */
  public static of(scope: IConstruct): PlaintextSecretGuard {
    if (!guarded.has(scope)) {
      guarded.add(scope);
      scope.node.addValidation({ validate: () => PlaintextSecretGuard.findings(scope) });
    }
    return new PlaintextSecretGuard(scope);
  }

  /**
   * Let one construct (and everything under it) write a plaintext Secret, for a documented reason: a
   * non-secret placeholder, a test fixture. The reason is required and kept with the construct.
   */
  public static allow(construct: IConstruct, reason: string): void {
    const checked = checkPlaintextAllowReason(reason);
    allowed.set(construct, checked);
    construct.node.addMetadata('kube-secure-secrets:plaintext-secret-allowed', checked);
  }

  /** The reason a construct or one of its scopes was allowed, if any. */
  public static allowance(construct: IConstruct): string | undefined {
    for (const c of construct.node.scopes.slice().reverse()) {
      const reason = allowed.get(c);
      if (reason !== undefined) {
        return reason;
      }
    }
    return undefined;
  }

  private static findings(scope: IConstruct): string[] {
    const errors: string[] = [];
    for (const c of scope.node.findAll()) {
      if (!ApiObject.isApiObject(c) || PlaintextSecretGuard.allowance(c) !== undefined) {
        continue;
      }
      for (const finding of plaintextSecretFindings(c.toJson())) {
        errors.push(plaintextSecretRefusal(finding, c.node.path));
      }
    }
    return errors;
  }

  /** The guarded scope. */
  public readonly scope: IConstruct;

  private constructor(scope: IConstruct) {
    this.scope = scope;
  }
}

import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ValidationError, plaintextSecretKeys } from '../../core';
import { q } from '../../core/errors';

const guarded = new WeakSet<IConstruct>();
const allowed = new WeakMap<IConstruct, string>();

/**
 * Makes synthesis fail when a `v1` Secret with plaintext `data` or `stringData` would be written under a
 * scope (an App or a Chart), naming each object, so that a plaintext Secret cannot slip into a GitOps
 * repository. SealedSecrets, SOPS-encrypted Secrets (SopsSecret, SopsFile), ExternalSecrets and empty
 * Secrets pass.
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
    if (typeof reason !== 'string' || reason.trim().length < 10) {
      throw new ValidationError('PlaintextSecretGuard', 'reason', `${q(reason)} is too short; say why a plaintext Secret is acceptable here (it is kept with the construct for review).`);
    }
    allowed.set(construct, reason.trim());
    construct.node.addMetadata('kube-secure-secrets:plaintext-secret-allowed', reason.trim());
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
      const manifest = c.toJson();
      const keys = plaintextSecretKeys(manifest);
      if (keys.length > 0) {
        const where = `${manifest.metadata?.namespace ? `${manifest.metadata.namespace}/` : ''}${manifest.metadata?.name}`;
        errors.push(`PlaintextSecretGuard: Secret ${q(where)} (${c.node.path}) would be written with plaintext values (${keys.join(', ')}); `
          + 'commit only encrypted secrets: use SealedSecret, SopsSecret or ExternalSecret, '
          + 'or mark a deliberate exception with PlaintextSecretGuard.allow(construct, reason).');
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

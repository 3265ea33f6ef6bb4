import { checkAgeRecipient } from './age';
import { ValidationError, q } from '../errors';
import { KubeManifest, objectMetadata } from '../manifest';
import { SOPS_KUBERNETES_ENCRYPTED_REGEX } from './sops';
import { yaml } from './yaml';
import { checkGoDuration } from '../validate/duration';
import { checkNamespace, checkObjectName } from '../validate/names';
import { compileGoRegex } from '../validate/re2';
import { checkBoolean, checkList, checkObject, optIn } from '../validate/values';

/** API version of the Flux Kustomization. */
export const FLUX_KUSTOMIZATION_API_VERSION = 'kustomize.toolkit.fluxcd.io/v1';

/** The Flux source a Kustomization applies. */
export interface FluxSourceRef {
  /** The source kind. */
  readonly kind: 'GitRepository' | 'OCIRepository' | 'Bucket';
  /** The source name. */
  readonly name: string;
  /**
   * The source namespace.
   * @default - the Kustomization's namespace
   */
  readonly namespace?: string;
}

/** Options of {@link fluxKustomizationManifest}. */
export interface FluxKustomizationOptions {
  /** The Kustomization's name. */
  readonly name: string;
  /**
   * The Kustomization's namespace.
   * @default "flux-system"
   */
  readonly namespace?: string;
  /** The source to apply from. */
  readonly sourceRef: FluxSourceRef;
  /**
   * The path in the source, e.g. `./clusters/prod/payments`.
   * @default - the source root
   */
  readonly path?: string;
  /**
   * How often Flux reconciles (Go duration).
   * @default "10m"
   */
  readonly interval?: string;
  /**
   * Delete objects that were removed from the source.
   * @default true
   */
  readonly prune?: boolean;
  /**
   * The Secret holding the age identity (key `age.agekey`) that decrypts SOPS-encrypted files.
   * @default "sops-age"
   */
  readonly decryptionSecretName?: string;
  /**
   * Apply without SOPS decryption. Only the boolean `true` turns it on.
   * @default false
   */
  readonly disableDecryption?: boolean;
  /**
   * Apply as this ServiceAccount (in the Kustomization's namespace) instead of the controller's own
   * cluster-admin identity: the way to limit what a tenant's repository can change.
   * @default - the kustomize-controller's identity
   */
  readonly serviceAccountName?: string;
  /**
   * Put every namespaced object in this namespace.
   * @default - the namespaces in the manifests
   */
  readonly targetNamespace?: string;
  /**
   * Wait for the applied objects to become ready.
   * @default false
   */
  readonly wait?: boolean;
  /**
   * Timeout for apply and health checks (Go duration).
   * @default - Flux's default (the interval)
   */
  readonly timeout?: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * Build a Flux `Kustomization` (`kustomize.toolkit.fluxcd.io/v1`) that applies a path of a source and
 * decrypts SOPS-encrypted files with the age identity in `decryptionSecretName`.
 * @see https://fluxcd.io/flux/guides/mozilla-sops/
 */
export function fluxKustomizationManifest(options: FluxKustomizationOptions): KubeManifest {
  const component = 'FluxKustomization';
  checkObject(component, 'options', options, 'the Kustomization options (an object)');
  const name = checkObjectName(component, 'name', options.name, 'Kustomization name');
  const namespace = checkNamespace(component, 'namespace', options.namespace ?? 'flux-system');
  const source = checkObject(component, 'sourceRef', options.sourceRef, 'the Flux source ({ kind, name, namespace? })') as unknown as FluxSourceRef;
  if (!['GitRepository', 'OCIRepository', 'Bucket'].includes(source.kind)) {
    throw new ValidationError(component, 'sourceRef.kind', `${q(source.kind)} is not a Flux source kind; use "GitRepository", "OCIRepository" or "Bucket".`);
  }
  checkObjectName(component, 'sourceRef.name', source.name, `${source.kind} name`);
  if (source.namespace !== undefined) {
    checkNamespace(component, 'sourceRef.namespace', source.namespace);
  }
  if (options.path !== undefined && (typeof options.path !== 'string' || options.path.split('/').includes('..') || options.path.startsWith('/'))) {
    throw new ValidationError(component, 'path', `${q(options.path)} must be a path inside the source, e.g. "./clusters/prod".`);
  }
  const interval = checkGoDuration(component, 'interval', options.interval ?? '10m');
  const timeout = options.timeout === undefined ? undefined : checkGoDuration(component, 'timeout', options.timeout);
  const prune = checkBoolean(component, 'prune', options.prune, true);
  const wait = options.wait === undefined ? undefined : checkBoolean(component, 'wait', options.wait, false);
  const decryption = optIn(component, 'disableDecryption', options.disableDecryption)
    ? undefined
    : { provider: 'sops', secretRef: { name: checkObjectName(component, 'decryptionSecretName', options.decryptionSecretName ?? 'sops-age', 'Secret name') } };
  return {
    apiVersion: FLUX_KUSTOMIZATION_API_VERSION,
    kind: 'Kustomization',
    metadata: objectMetadata(component, name, namespace, options.labels),
    spec: {
      interval,
      ...(options.path !== undefined ? { path: options.path } : {}),
      prune,
      sourceRef: { kind: source.kind, name: source.name, ...(source.namespace !== undefined ? { namespace: source.namespace } : {}) },
      ...(decryption ? { decryption } : {}),
      ...(options.serviceAccountName !== undefined ? { serviceAccountName: checkObjectName(component, 'serviceAccountName', options.serviceAccountName, 'ServiceAccount name') } : {}),
      ...(options.targetNamespace !== undefined ? { targetNamespace: checkNamespace(component, 'targetNamespace', options.targetNamespace) } : {}),
      ...(wait !== undefined ? { wait } : {}),
      ...(timeout !== undefined ? { timeout } : {}),
    },
  };
}

/** One creation rule of `.sops.yaml`. */
export interface SopsCreationRule {
  /**
   * Files this rule applies to (regular expression on the path).
   * @default - every file
   */
  readonly pathRegex?: string;
  /** The age recipients files matching this rule are encrypted for. */
  readonly ageRecipients: string[];
  /**
   * Which keys are encrypted.
   * @default "^(data|stringData)$"
   */
  readonly encryptedRegex?: string;
}

/**
 * The text of a `.sops.yaml` with creation rules, so that `sops --encrypt` in the repository uses the
 * same recipients and rule as the library.
 * @see https://github.com/getsops/sops#using-sops-yaml-conf-to-select-kms-pgp-and-age-for-new-files
 */
export function sopsConfigYaml(rules: SopsCreationRule[]): string {
  const component = 'sopsConfigYaml';
  checkList(component, 'rules', rules, 'a creation rule ({ ageRecipients, pathRegex?, encryptedRegex? })');
  if (rules.length === 0) {
    throw new ValidationError(component, 'rules', 'is empty; give at least one creation rule with age recipients.');
  }
  const rendered = rules.map((rule, i) => {
    checkObject(component, `rules[${i}]`, rule, 'a creation rule ({ ageRecipients, pathRegex?, encryptedRegex? })');
    // sops compiles both with Go's regexp (getsops/sops config/config.go: regexp.MatchString on the path).
    for (const [prop, re] of [['pathRegex', rule.pathRegex], ['encryptedRegex', rule.encryptedRegex]] as const) {
      if (re !== undefined) {
        compileGoRegex(component, `rules[${i}].${prop}`, re, 'a Go (RE2) regular expression, as sops compiles it');
      }
    }
    checkList(component, `rules[${i}].ageRecipients`, rule.ageRecipients, 'an age recipient (age1...)');
    if (rule.ageRecipients.length === 0) {
      throw new ValidationError(component, `rules[${i}].ageRecipients`, 'is empty; give the age recipients (age1...) of this rule.');
    }
    const recipients = rule.ageRecipients.map((r, j) => checkAgeRecipient(component, `rules[${i}].ageRecipients[${j}]`, r));
    return {
      ...(rule.pathRegex !== undefined ? { path_regex: rule.pathRegex } : {}),
      encrypted_regex: rule.encryptedRegex ?? SOPS_KUBERNETES_ENCRYPTED_REGEX,
      age: recipients.join(','),
    };
  });
  return yaml().stringify({ creation_rules: rendered });
}

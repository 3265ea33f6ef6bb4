/**
 * The GitOpsSecrets pattern (seed pattern 3: encrypted secrets in Git, pipelines, monitoring) as a pure
 * plan: from plain options to the options of the blocks that make it up (SealedSecret or SopsSecret per
 * secret, FluxKustomization, NamespaceIsolation, SecretAccessAlerts, the apps' consumption), the
 * `.sops.yaml` rules and the compliance report. The front-ends render the plan with their existing
 * constructs/components; every security decision stays in the blocks' core builders.
 */
import { SecretAccessAlertsOptions } from '../cluster/alerts';
import { ValidationError, q } from '../errors';
import { ComplianceControlInput, ComplianceReport, complianceReport } from './compliance';
import { checkAgeRecipient } from '../gitops/age';
import { FluxKustomizationOptions, FluxSourceRef, SopsCreationRule, sopsConfigYaml } from '../gitops/flux';
import { SealedSecretOptions, SealingScope } from '../gitops/sealing';
import { SopsSecretOptions } from '../gitops/sops-secret';
import { NamespaceIsolationOptions } from '../network/namespace-isolation';
import { checkNamespace, checkObjectName } from '../validate/names';
import { checkList, checkObject, checkText } from '../validate/values';
import { checkEnvKeys, checkEnvKeysKnown } from '../workload/reloader';

const COMPONENT = 'GitOpsSecrets';

/** Options of {@link GitOpsEncryption.sealedSecrets}. */
export interface GitOpsSealedSecretsOptions {
  /**
   * The sealed-secrets controller's public certificate (`kubeseal --fetch-cert`), to seal `stringData`
   * at synth time; not needed when every secret is pre-sealed (`encryptedData`).
   * @default - none: only pre-sealed secrets
   */
  readonly certificate?: string;
  /**
   * The sealing scope of every secret (a secret's own `scope` wins).
   * @default SealingScope.STRICT
   */
  readonly scope?: SealingScope;
  /**
   * Seal with an expired certificate. Only the boolean `true` turns it on.
   * @default false
   */
  readonly allowExpiredCertificate?: boolean;
}

/** Options of {@link GitOpsEncryption.sops}. */
export interface GitOpsSopsOptions {
  /** The age recipients every secret is encrypted for: the cluster's Flux key, plus a break-glass key. */
  readonly ageRecipients: string[];
  /**
   * The Secret in the Kustomization's namespace holding the age identity (key `age.agekey`).
   * @default "sops-age"
   */
  readonly decryptionSecretName?: string;
}

/**
 * How a GitOpsSecrets pattern encrypts what it commits: Bitnami sealed-secrets, or SOPS with age (which
 * Flux decrypts).
 */
export class GitOpsEncryption {
  /**
   * Seal every secret for the sealed-secrets controller (bitnami.com/v1alpha1, checked against v0.36).
   * @param options the certificate and the default scope
   */
  public static sealedSecrets(options: GitOpsSealedSecretsOptions = {}): GitOpsEncryption {
    checkObject(COMPONENT, 'encryption', options, 'the sealedSecrets options ({ certificate?, scope? })');
    return new GitOpsEncryption('sealed-secrets', options, undefined);
  }

  /**
   * Encrypt every secret with SOPS for age recipients; Flux decrypts (kustomize.toolkit.fluxcd.io/v1).
   * @param options the age recipients
   */
  public static sops(options: GitOpsSopsOptions): GitOpsEncryption {
    checkObject(COMPONENT, 'encryption', options, 'the sops options ({ ageRecipients })');
    const recipients = checkList(COMPONENT, 'encryption.ageRecipients', options.ageRecipients, 'an age recipient (age1...)');
    if (recipients.length === 0) {
      throw new ValidationError(COMPONENT, 'encryption.ageRecipients', 'is empty; give at least one age recipient (age1...): the cluster\'s Flux key, and a break-glass key kept offline.');
    }
    recipients.forEach((r, i) => checkAgeRecipient(COMPONENT, `encryption.ageRecipients[${i}]`, r));
    return new GitOpsEncryption('sops', undefined, options);
  }

  /** `sealed-secrets` or `sops`. */
  public readonly kind: 'sealed-secrets' | 'sops';
  /**
   * The sealed-secrets options.
   * @default - none (SOPS)
   */
  public readonly sealed?: GitOpsSealedSecretsOptions;
  /**
   * The SOPS options.
   * @default - none (sealed-secrets)
   */
  public readonly sopsOptions?: GitOpsSopsOptions;

  private constructor(kind: 'sealed-secrets' | 'sops', sealed: GitOpsSealedSecretsOptions | undefined, sops: GitOpsSopsOptions | undefined) {
    this.kind = kind;
    this.sealed = sealed;
    this.sopsOptions = sops;
  }
}

/** Where Flux applies the committed directory from. */
export interface GitOpsFluxOptions extends Omit<FluxKustomizationOptions, 'name' | 'sourceRef' | 'decryptionSecretName'> {
  /** The Flux source (GitRepository, OCIRepository, Bucket). */
  readonly sourceRef: FluxSourceRef;
  /**
   * The Kustomization's name.
   * @default - the pattern's name
   */
  readonly name?: string;
}

/** A secret of the pattern: pre-sealed values, or plaintext values encrypted at synth. */
export interface GitOpsSecretInput {
  /**
   * Values sealed once (`kube-secure-secrets seal`) and committed: stable output. Sealed-secrets only.
   * @default - none: give stringData
   */
  readonly encryptedData?: Record<string, string>;
  /**
   * Plaintext values, sealed or SOPS-encrypted at synth (new ciphertext each time).
   * @default - none: give encryptedData
   */
  readonly stringData?: Record<string, string>;
  /**
   * The Secret's type.
   * @default "Opaque"
   */
  readonly type?: string;
  /**
   * Labels.
   * @default - none
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations.
   * @default - none
   */
  readonly annotations?: Record<string, string>;
  /**
   * Make the Secret immutable.
   * @default false
   */
  readonly immutable?: boolean;
  /**
   * The sealing scope (sealed-secrets only).
   * @default - the encryption's scope (strict)
   */
  readonly scope?: SealingScope;
}

/** How an app consumes the pattern's secrets (by name). */
export interface GitOpsAppInput {
  /**
   * Secrets mounted as read-only files (0400) under `/etc/secrets/<name>`, the default way.
   * @default - none
   */
  readonly files?: string[];
  /**
   * Secrets given as environment variables (`envFrom`), only when the app needs them so.
   * @default - none
   */
  readonly env?: string[];
  /**
   * For secrets in `env`: the variables to set, each from one key (`{ webhook: { WEBHOOK_KEY: 'key' } }`),
   * instead of every key of the Secret (`envFrom`, which the auditor reports as KSS-ENV-002). Each key
   * must be a key of the secret's values (its `stringData` or `encryptedData`): a key the Secret will not
   * have is refused, as its pod would never start (CreateContainerConfigError). Both kinds of secret,
   * SealedSecret and SOPS-encrypted, have exactly the keys of their values, so every key is checked.
   * @default - every key of each secret in env (`envFrom`)
   */
  readonly envKeys?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Options of the plan of a GitOpsSecrets pattern. */
export interface GitOpsPatternOptions {
  /** The pattern instance's name (construct id or Pulumi resource name). */
  readonly name: string;
  /** The namespace of the secrets and apps. */
  readonly namespace: string;
  /** How the secrets are encrypted. */
  readonly encryption: GitOpsEncryption;
  /**
   * The Flux Kustomization that applies the committed directory (with SOPS decryption when SOPS is used).
   * @default - none: something else applies the directory
   */
  readonly flux?: GitOpsFluxOptions;
  /**
   * Overrides of the secret-access alerts.
   * @default - the SecretAccessAlerts defaults, in the pattern's namespace
   */
  readonly alerts?: SecretAccessAlertsOptions;
  /**
   * Overrides of the namespace isolation.
   * @default - the NamespaceIsolation defaults
   */
  readonly isolation?: Omit<NamespaceIsolationOptions, 'namespace'>;
  /**
   * The secrets, by name.
   * @default - none
   */
  readonly secrets?: Record<string, GitOpsSecretInput>;
  /**
   * The apps, by name.
   * @default - none
   */
  readonly apps?: Record<string, GitOpsAppInput>;
}

/** The block options of one secret. */
export type GitOpsSecretPlan =
  | { readonly kind: 'sealed-secrets'; readonly name: string; readonly options: SealedSecretOptions }
  | { readonly kind: 'sops'; readonly name: string; readonly options: SopsSecretOptions };

/** The consumption of one app. */
export interface GitOpsAppPlan {
  /** The app's name. */
  readonly name: string;
  /** Secrets mounted as files, with their mount paths. */
  readonly files: { readonly secret: string; readonly path: string }[];
  /** Secrets given as env. */
  readonly env: string[];
  /** The variables of those secrets, each from one key, by secret; a secret not here is given with every key. */
  readonly envKeys: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** The checked settings shared by every part of a pattern. */
export interface GitOpsBasePlan {
  /** The pattern's name. */
  readonly name: string;
  /** The namespace. */
  readonly namespace: string;
  /** The encryption. */
  readonly encryption: GitOpsEncryption;
  /**
   * The FluxKustomization options.
   * @default - none
   */
  readonly flux?: FluxKustomizationOptions;
  /** The NamespaceIsolation options. */
  readonly isolation: NamespaceIsolationOptions;
  /** The SecretAccessAlerts options. */
  readonly alerts: SecretAccessAlertsOptions;
  /**
   * The `.sops.yaml` text (SOPS only).
   * @default - none (sealed-secrets)
   */
  readonly sopsConfig?: string;
}

/** The whole plan. */
export interface GitOpsPlan extends GitOpsBasePlan {
  /** The secrets. */
  readonly secrets: GitOpsSecretPlan[];
  /** The apps. */
  readonly apps: GitOpsAppPlan[];
}

/**
 * Check the pattern-wide options: the namespace, the encryption, Flux (SOPS decryption exactly when
 * SOPS is used), the isolation and the alerts (in the pattern's namespace unless told otherwise).
 */
export function gitOpsBasePlan(options: Omit<GitOpsPatternOptions, 'secrets' | 'apps'>): GitOpsBasePlan {
  checkObject(COMPONENT, 'options', options, 'the GitOpsSecrets options ({ encryption, flux?, ... })');
  const name = checkText(COMPONENT, 'name', options.name, 'give the pattern a name');
  const namespace = checkNamespace(COMPONENT, 'namespace', options.namespace);
  if (!(options.encryption instanceof GitOpsEncryption)) {
    throw new ValidationError(COMPONENT, 'encryption', `${q(typeof options.encryption)} is not an encryption; use GitOpsEncryption.sealedSecrets({ certificate }) or GitOpsEncryption.sops({ ageRecipients }).`);
  }
  const sops = options.encryption.sopsOptions;
  let flux: FluxKustomizationOptions | undefined;
  if (options.flux !== undefined) {
    const f = checkObject(COMPONENT, 'flux', options.flux, 'the Flux options ({ path, sourceRef })') as unknown as GitOpsFluxOptions;
    if (sops !== undefined && f.disableDecryption !== undefined) {
      throw new ValidationError(COMPONENT, 'flux.disableDecryption', 'cannot be set with GitOpsEncryption.sops: Flux must decrypt the SOPS-encrypted Secrets (the API server refuses them encrypted).');
    }
    flux = {
      ...f,
      name: checkObjectName(COMPONENT, 'flux.name', f.name ?? name, 'Kustomization name (by default the pattern\'s name)'),
      ...(sops !== undefined
        ? (sops.decryptionSecretName !== undefined ? { decryptionSecretName: sops.decryptionSecretName } : {})
        // No SOPS file to decrypt: a decryption secret that does not exist would fail every reconciliation.
        : { disableDecryption: true }),
    };
  }
  const isolation = { ...(options.isolation === undefined ? {} : checkObject(COMPONENT, 'isolation', options.isolation, 'the NamespaceIsolation options')), namespace };
  const alerts: SecretAccessAlertsOptions = {
    namespace,
    ...(options.alerts === undefined ? {} : checkObject(COMPONENT, 'alerts', options.alerts, 'the SecretAccessAlerts options')),
  };
  const rules: SopsCreationRule[] | undefined = sops === undefined ? undefined : [{ ageRecipients: [...sops.ageRecipients] }];
  return {
    name,
    namespace,
    encryption: options.encryption,
    ...(flux !== undefined ? { flux } : {}),
    isolation,
    alerts,
    ...(rules !== undefined ? { sopsConfig: sopsConfigYaml(rules) } : {}),
  };
}

/**
 * The block options of one secret: a SealedSecret (strict scope unless told otherwise) or a SopsSecret,
 * in the pattern's namespace.
 */
export function gitOpsSecretPlan(base: GitOpsBasePlan, name: string, input: GitOpsSecretInput, taken: readonly string[] = []): GitOpsSecretPlan {
  const secretName = checkObjectName(COMPONENT, 'secret name', name, 'Secret name');
  if (taken.includes(secretName)) {
    throw new ValidationError(COMPONENT, `secrets[${q(secretName)}]`, 'is added twice; give each secret one name.');
  }
  const prop = `secrets[${q(secretName)}]`;
  const i = checkObject(COMPONENT, prop, input, 'the secret ({ encryptedData } or { stringData })') as GitOpsSecretInput;
  if ((i.encryptedData === undefined) === (i.stringData === undefined)) {
    throw new ValidationError(COMPONENT, prop, 'needs exactly one of encryptedData (pre-sealed values) and stringData (values encrypted at synth).');
  }
  const common = {
    name: secretName,
    namespace: base.namespace,
    ...(i.type !== undefined ? { type: i.type } : {}),
    ...(i.labels !== undefined ? { labels: i.labels } : {}),
    ...(i.annotations !== undefined ? { annotations: i.annotations } : {}),
    ...(i.immutable !== undefined ? { immutable: i.immutable } : {}),
  };
  const sops = base.encryption.sopsOptions;
  if (sops !== undefined) {
    if (i.encryptedData !== undefined) {
      throw new ValidationError(COMPONENT, `${prop}.encryptedData`, 'holds sealed-secrets ciphertext, which SOPS cannot use; with GitOpsEncryption.sops give stringData (encrypted at synth).');
    }
    if (i.scope !== undefined) {
      throw new ValidationError(COMPONENT, `${prop}.scope`, 'is a sealing scope; it has no meaning with GitOpsEncryption.sops.');
    }
    return { kind: 'sops', name: secretName, options: { ...common, ageRecipients: [...sops.ageRecipients], stringData: i.stringData! } };
  }
  const sealed = base.encryption.sealed ?? {};
  const scope = i.scope ?? sealed.scope;
  return {
    kind: 'sealed-secrets',
    name: secretName,
    options: {
      ...common,
      ...(i.encryptedData !== undefined ? { encryptedData: i.encryptedData } : { stringData: i.stringData }),
      ...(i.stringData !== undefined && sealed.certificate !== undefined ? { certificate: sealed.certificate } : {}),
      ...(scope !== undefined ? { scope } : {}),
      ...(sealed.allowExpiredCertificate !== undefined ? { allowExpiredCertificate: sealed.allowExpiredCertificate } : {}),
    },
  };
}

/**
 * The keys the Secret of a {@link GitOpsSecretPlan} will have: the keys of its values (`encryptedData` or
 * `stringData`; a SealedSecret or SOPS-encrypted Secret has no others).
 * @internal
 */
export function gitOpsSecretKeys(plan: GitOpsSecretPlan): string[] {
  return Object.keys((plan.kind === 'sealed-secrets' ? plan.options.encryptedData ?? plan.options.stringData : plan.options.stringData) ?? {});
}

/**
 * The consumption of one app: every secret it names must be one of the pattern's (`declared`), each at
 * most once, and the workload (when its namespace is known) must be in the pattern's namespace. Given as
 * plans (what gitOpsSecretPlan returns), the declared secrets also bound `envKeys`: each key it names
 * must be a key of the secret's values; given as names only, their keys are not checked.
 */
export function gitOpsAppPlan(
  name: string, input: GitOpsAppInput, declared: readonly (string | GitOpsSecretPlan)[], taken: readonly string[] = [],
  namespaces?: { readonly pattern: string; readonly workload?: unknown },
): GitOpsAppPlan {
  const names = declared.map(d => (typeof d === 'string' ? d : d.name));
  const appName = checkObjectName(COMPONENT, 'app name', name, 'app name');
  // A pod reads Secrets of its own namespace only: an app elsewhere would wait for Secrets that never come.
  if (namespaces !== undefined && typeof namespaces.workload === 'string' && namespaces.workload !== namespaces.pattern) {
    throw new ValidationError(COMPONENT, `apps[${q(appName)}].workload`, `is in namespace ${q(namespaces.workload)}, but the pattern's secrets are in `
      + `${q(namespaces.pattern)}; a pod mounts Secrets of its own namespace only: put the workload in ${q(namespaces.pattern)} or give it its own pattern.`);
  }
  if (taken.includes(appName)) {
    throw new ValidationError(COMPONENT, `apps[${q(appName)}]`, 'is added twice; add each app once, with all its secrets.');
  }
  const prop = `apps[${q(appName)}]`;
  const i = checkObject(COMPONENT, prop, input, 'the app ({ workload, files?, env?, envKeys? })') as GitOpsAppInput;
  const seen = new Set<string>();
  const list = (field: 'files' | 'env'): string[] => (i[field] === undefined ? [] : checkList(COMPONENT, `${prop}.${field}`, i[field], 'a secret name')).map((s, k) => {
    const where = `${prop}.${field}[${k}]`;
    const secret = typeof s === 'object' && s !== null && typeof (s as { secretName?: unknown }).secretName === 'string' ? (s as { secretName: string }).secretName : s;
    if (typeof secret !== 'string' || !names.includes(secret)) {
      throw new ValidationError(COMPONENT, where, `${q(secret)} is not a secret of this pattern; add it with addSecret first (secrets: ${names.map(d => q(d)).join(', ') || 'none'}).`);
    }
    if (seen.has(secret)) {
      throw new ValidationError(COMPONENT, where, `${q(secret)} is consumed twice; give each secret as files or as env, once.`);
    }
    seen.add(secret);
    return secret;
  });
  const files = list('files');
  const env = list('env');
  if (files.length + env.length === 0) {
    throw new ValidationError(COMPONENT, prop, 'consumes no secret; give files (the default way) or env.');
  }
  const envKeys = checkEnvKeysKnown(COMPONENT, `${prop}.envKeys`, checkEnvKeys(COMPONENT, `${prop}.envKeys`, i.envKeys, env), secret => {
    const plan = declared.find((d): d is GitOpsSecretPlan => typeof d !== 'string' && d.name === secret);
    return plan === undefined ? undefined : gitOpsSecretKeys(plan);
  }, ', or add the key to the secret\'s values');
  return { name: appName, files: files.map(secret => ({ secret, path: `/etc/secrets/${secret}` })), env, envKeys };
}

/** The whole plan from plain options: what the front-ends render, and what the parity test compares. */
export function gitOpsPlan(options: GitOpsPatternOptions): GitOpsPlan {
  const base = gitOpsBasePlan(options);
  const secrets: GitOpsSecretPlan[] = [];
  for (const [name, input] of Object.entries(options.secrets === undefined ? {} : checkObject(COMPONENT, 'secrets', options.secrets, 'a map of secret names to secrets'))) {
    secrets.push(gitOpsSecretPlan(base, name, input as GitOpsSecretInput, secrets.map(s => s.name)));
  }
  const apps: GitOpsAppPlan[] = [];
  for (const [name, input] of Object.entries(options.apps === undefined ? {} : checkObject(COMPONENT, 'apps', options.apps, 'a map of app names to apps'))) {
    apps.push(gitOpsAppPlan(name, input as GitOpsAppInput, secrets, apps.map(a => a.name)));
  }
  return { ...base, secrets, apps };
}

/** The objects a rendered pattern is made of, as `Kind namespace/name` references (see `objectRef`). */
export interface GitOpsRenderedParts {
  /** The SealedSecrets or SOPS-encrypted Secrets. */
  readonly secrets: string[];
  /** The apps' workloads (with the Reloader annotation). */
  readonly workloads: string[];
  /** The NetworkPolicies. */
  readonly networkPolicies: string[];
  /** The PrometheusRule. */
  readonly alerts: string[];
  /**
   * The Kustomization.
   * @default - none
   */
  readonly kustomization?: string;
}

/** The controllers the output assumes, with the versions it was checked against. */
export function gitOpsAssumes(base: GitOpsBasePlan): string[] {
  return [
    ...(base.encryption.kind === 'sops'
      ? ['Flux kustomize-controller (kustomize.toolkit.fluxcd.io/v1, SOPS decryption with the age identity in the decryption Secret)']
      : ['Bitnami sealed-secrets controller v0.36 (bitnami.com/v1alpha1)']),
    ...(base.flux !== undefined && base.encryption.kind !== 'sops' ? ['Flux kustomize-controller (kustomize.toolkit.fluxcd.io/v1)'] : []),
    'Stakater Reloader v1.4 (secret.reloader.stakater.com/reload)',
    'Prometheus operator (monitoring.coreos.com/v1 PrometheusRule)',
  ];
}

/** The compliance report of a rendered GitOpsSecrets pattern. */
export function gitOpsComplianceReport(base: GitOpsBasePlan, parts: GitOpsRenderedParts): ComplianceReport {
  const sealed = base.encryption.kind === 'sealed-secrets';
  const noPlaintext: ComplianceControlInput = parts.secrets.length > 0
    ? {
      id: 'no-plaintext-in-git',
      status: 'enforced',
      enforcedBy: parts.secrets,
      how: `Every secret is ${sealed ? 'sealed for the sealed-secrets controller' : 'SOPS-encrypted for the age recipients'} before it is written, and PlaintextSecretGuard refuses any plaintext Secret in the pattern's scope.`,
    }
    : {
      id: 'no-plaintext-in-git',
      status: 'partial',
      enforcedBy: [],
      how: 'PlaintextSecretGuard refuses any plaintext Secret in the pattern\'s scope.',
      userJob: 'Add the secrets with addSecret.',
    };
  const controls: ComplianceControlInput[] = [
    noPlaintext,
    {
      id: 'no-static-cloud-keys',
      status: 'user',
      enforcedBy: [],
      how: 'The pattern uses no cloud credentials: decryption keys stay in the cluster.',
      userJob: sealed
        ? 'Back up the sealed-secrets controller\'s private key offline; never commit it.'
        : 'Keep the age identity only in the cluster\'s decryption Secret and offline; never commit it.',
    },
    {
      id: 'least-privilege-rbac',
      status: 'partial',
      enforcedBy: parts.kustomization !== undefined && base.flux?.serviceAccountName !== undefined ? [parts.kustomization] : [],
      how: 'The pattern grants no API access to Secrets: apps read them as mounted files or env, through the kubelet.',
      userJob: 'Give each app its own ServiceAccount with automount off (SecureServiceAccount)'
        + (base.flux !== undefined && base.flux.serviceAccountName === undefined ? ', and limit the Kustomization with flux.serviceAccountName (kustomize-controller is cluster-admin by default).' : '.'),
    },
    {
      id: 'rotation-reaches-pods',
      status: parts.workloads.length > 0 ? 'partial' : 'user',
      enforcedBy: parts.workloads,
      how: 'Every app workload lists exactly the Secrets it reads in its Reloader annotation, so a changed Secret restarts it.',
      userJob: sealed ? 'Rotate by sealing the new value and committing it.' : 'Rotate by encrypting the new value and committing it.',
    },
    {
      id: 'network-isolation',
      status: base.flux !== undefined ? 'partial' : 'enforced',
      enforcedBy: parts.networkPolicies,
      how: `Default-deny ingress and egress with DNS in ${base.namespace}.`,
      ...(base.flux !== undefined ? { userJob: `The Kustomization lives in ${base.flux.namespace ?? 'flux-system'}: keep the NetworkPolicies Flux installs there.` } : {}),
    },
    {
      id: 'audit-and-alerting',
      status: 'partial',
      enforcedBy: parts.alerts,
      how: 'A PrometheusRule alerts on excessive Secret reads, cluster-wide list/watch and sealed-secrets unseal errors.',
      userJob: 'Turn on API-server audit at Metadata for Secrets (auditPolicy) and ship the events; make Prometheus select the rule.',
    },
  ];
  return complianceReport('GitOpsSecrets', base.name, gitOpsAssumes(base), controls);
}

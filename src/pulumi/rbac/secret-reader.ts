import type * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { SecretHandle, SecretReadVerb, SecretReaderManifests, secretReaderManifests } from '../../core';
import { requireServiceAccount } from '../../core/identity/service-account-ref';
import { checkList, checkObject } from '../../core/validate/values';
import { kubernetes } from '../deps';
import { validated, validatedOutput } from '../errors';
import { SecureServiceAccount } from '../identity/secure-service-account';

/** Arguments of {@link SecretReader}. */
export interface SecretReaderArgs {
  /** Namespace of the Role and RoleBinding, which must be the Secrets' namespace. */
  readonly namespace: string;
  /**
   * The ServiceAccount that may read the Secrets: its name (in `namespace`), a {@link SecureServiceAccount}
   * or a `k8s.core.v1.ServiceAccount` (whose name and namespace are read once they are known).
   */
  readonly serviceAccount: string | SecureServiceAccount | k8s.core.v1.ServiceAccount;
  /**
   * The Secrets it may read: names, or components' Secrets such as an {@link ExternalSecret}. Each name
   * must be exact (a DNS-1123 subdomain, no wildcard or glob); the Role lists them sorted and
   * de-duplicated.
   */
  readonly secrets: ReadonlyArray<string | SecretHandle>;
  /**
   * Namespace of the ServiceAccount when it is given by name and lives elsewhere (needs
   * `allowCrossNamespaceSubject`).
   * @default - `namespace`
   */
  readonly serviceAccountNamespace?: string;
  /**
   * Name of the Role and of the RoleBinding.
   * @default `<serviceAccount name>-secret-reader`
   */
  readonly name?: string;
  /**
   * Also grant `list` and `watch` on the named Secrets. With `resourceNames`, the API server authorizes
   * them only for requests that select one object by name (`fieldSelector=metadata.name=<secret>`).
   * @default false
   */
  readonly allowListWatch?: boolean;
  /**
   * The verbs to grant: a subset of `get`, `list`, `watch`; `create`, `deletecollection` and `*` are
   * refused; `list` and `watch` need `allowListWatch`.
   * @default ["get"], or ["get", "list", "watch"] with allowListWatch
   */
  readonly verbs?: SecretReadVerb[];
  /**
   * Allow a ServiceAccount from another namespace.
   * @default false
   */
  readonly allowCrossNamespaceSubject?: boolean;
  /**
   * Allow the namespace's `default` ServiceAccount (every pod of the namespace that names no
   * ServiceAccount runs as it).
   * @default false
   */
  readonly allowDefaultServiceAccount?: boolean;
  /**
   * Allow a ServiceAccount in `kube-system`.
   * @default false
   */
  readonly allowKubeSystem?: boolean;
  /**
   * Labels for the Role and RoleBinding.
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Role and RoleBinding that let one ServiceAccount read exactly the named Secrets in one namespace:
 * the Pulumi twin of the cdk8s `SecretReader`, built from the same core builder, so both emit the same
 * objects (`verbs: ["get"]`, `resourceNames` sorted and de-duplicated).
 *
 * ```ts
 * new SecretReader('reader', { namespace: 'payments', serviceAccount: 'payment-api-sa',
 *   secrets: ['postgres-credentials', 'payment-gateway-key'] });
 * ```
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 */
export class SecretReader extends pulumi.ComponentResource {
  /** The Role. */
  public readonly role: k8s.rbac.v1.Role;
  /** The RoleBinding. */
  public readonly roleBinding: k8s.rbac.v1.RoleBinding;
  /** Name of the Role and RoleBinding. */
  public readonly roleName: pulumi.Output<string>;
  /** The Secret names granted, sorted and de-duplicated. */
  public readonly resourceNames: string[];
  /** The verbs granted. */
  public readonly verbs: SecretReadVerb[];

  /**
   * @param name the Pulumi resource name
   * @param args what to grant to whom
   * @param opts Pulumi resource options (provider, dependsOn, ...)
   */
  public constructor(name: string, args: SecretReaderArgs, opts?: pulumi.ComponentResourceOptions) {
    super('kube-secure-secrets:rbac:SecretReader', name, {}, opts);
    const component = 'SecretReader';
    validated(this, () => checkObject(component, 'args', args, 'an object with namespace, serviceAccount and secrets'));
    const secrets = validated(this, () => checkList(component, 'secrets', args.secrets, 'a Secret name or a SecretHandle')
      .map(s => typeof s === 'object' && s !== null && 'secretName' in s ? { name: (s as SecretHandle).secretName, namespace: (s as SecretHandle).secretNamespace } : s as string));
    const build = (serviceAccount: string, serviceAccountNamespace: string | undefined) => validated(this, () => secretReaderManifests({
      namespace: args.namespace,
      secrets,
      serviceAccount,
      serviceAccountNamespace,
      allowCrossNamespaceSubject: args.allowCrossNamespaceSubject,
      allowDefaultServiceAccount: args.allowDefaultServiceAccount,
      allowKubeSystem: args.allowKubeSystem,
      name: args.name,
      verbs: args.verbs,
      allowListWatch: args.allowListWatch,
      labels: args.labels,
    }));

    const subject = args.serviceAccount;
    // `known` is built now: completely when the subject's name is a plain string, otherwise with a
    // stand-in subject so that everything else (secrets, verbs, names) is refused at construction and
    // the real subject is filled in once the ServiceAccount resource's name and namespace resolve.
    let known: SecretReaderManifests;
    let pick: <T>(field: (m: SecretReaderManifests) => T) => pulumi.Input<T>;
    if (!isServiceAccountResource(subject)) {
      // A name, a SecureServiceAccount or any handle: the same resolution as the cdk8s construct.
      const sa = validated(this, () => requireServiceAccount(component, 'serviceAccount', subject));
      known = build(sa.name, typeof subject === 'string' ? args.serviceAccountNamespace : sa.namespace);
      pick = field => field(known);
    } else {
      known = build('stand-in-service-account', undefined);
      const resolved = validatedOutput(this, pulumi.all([subject.metadata.name, subject.metadata.namespace]),
        ([saName, saNamespace]) => build(saName, saNamespace ?? args.namespace));
      pick = <T>(field: (m: SecretReaderManifests) => T) => resolved.apply(m => field(m as SecretReaderManifests)) as pulumi.Output<T>;
    }
    this.resourceNames = known.resourceNames;
    this.verbs = known.verbs;

    const kube = kubernetes('SecretReader');
    this.role = new kube.rbac.v1.Role(`${name}-role`, {
      metadata: pick(m => m.role.metadata as k8s.types.input.meta.v1.ObjectMeta),
      rules: pick(m => m.role.rules as k8s.types.input.rbac.v1.PolicyRule[]),
    }, { parent: this });
    this.roleBinding = new kube.rbac.v1.RoleBinding(`${name}-binding`, {
      metadata: pick(m => m.roleBinding.metadata as k8s.types.input.meta.v1.ObjectMeta),
      roleRef: pick(m => m.roleBinding.roleRef as k8s.types.input.rbac.v1.RoleRef),
      subjects: pick(m => m.roleBinding.subjects as k8s.types.input.rbac.v1.Subject[]),
    }, { parent: this, dependsOn: subject instanceof pulumi.Resource ? [this.role, subject] : [this.role] });
    this.roleName = this.role.metadata.name;
    this.registerOutputs({ roleName: this.roleName, resourceNames: this.resourceNames, verbs: this.verbs });
  }
}

/** A `k8s.core.v1.ServiceAccount` resource (its name and namespace are Outputs), as opposed to a handle. */
function isServiceAccountResource(subject: unknown): subject is k8s.core.v1.ServiceAccount {
  return pulumi.CustomResource.isInstance(subject) && 'metadata' in subject && !(subject instanceof SecureServiceAccount);
}

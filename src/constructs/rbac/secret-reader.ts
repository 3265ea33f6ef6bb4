import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { SecretHandle, SecretReadVerb, ValidationError, secretReaderManifests } from '../../core';
import { q } from '../../core/errors';
import { requireServiceAccount } from '../../core/identity/service-account-ref';
import { checkList, checkObject } from '../../core/validate/values';
import { Cdk8sPlusSecret, Cdk8sPlusServiceAccount } from '../cdk8s-plus-types';
import { apiObjectProps, resolveNamespace, toSecretRef } from '../util';

/** The SecretReaders of each chart by `<namespace>/<role name>`. */
const readersByChart = new WeakMap<Chart, Map<string, SecretReader>>();

/** Props of {@link SecretReader}. */
export interface SecretReaderProps {
  /**
   * The ServiceAccount that may read the Secrets: its name (in the Role's namespace) or a cdk8s-plus
   * `IServiceAccount` such as a {@link SecureServiceAccount}.
   */
  readonly serviceAccount: string | Cdk8sPlusServiceAccount;
  /**
   * The Secrets it may read, by name, as cdk8s-plus `ISecret`s or as the Secret of a construct such as
   * an {@link ExternalSecret}. Each name must be exact (a
   * DNS-1123 subdomain, no wildcard or glob); the Role lists them sorted and de-duplicated.
   */
  readonly secrets: ReadonlyArray<string | Cdk8sPlusSecret | SecretHandle>;
  /**
   * Namespace of the Role and RoleBinding, which must be the Secrets' namespace.
   * @default - the chart's namespace (an error if the chart has none)
   */
  readonly namespace?: string;
  /**
   * Name of the Role and of the RoleBinding.
   * @default `<serviceAccount name>-secret-reader`
   */
  readonly name?: string;
  /**
   * Also grant `list` and `watch` on the named Secrets.
   *
   * Off by default. With `resourceNames`, the API server authorizes `list` and `watch` only for
   * requests that select one object by name (`fieldSelector=metadata.name=<secret>`, as informers that
   * watch a single Secret do); a plain `kubectl get secrets` is still forbidden. Turn this on only for
   * a client that watches its Secret for changes; `get` is enough to read it.
   * @default false
   */
  readonly allowListWatch?: boolean;
  /**
   * The verbs to grant: a subset of `get`, `list`, `watch`. `create`, `deletecollection` and `*` are
   * refused because `resourceNames` cannot narrow them; `list` and `watch` need `allowListWatch`.
   * @default ["get"], or ["get", "list", "watch"] with allowListWatch
   */
  readonly verbs?: SecretReadVerb[];
  /**
   * Allow a ServiceAccount from another namespace. Cross-namespace Secret access is usually a design
   * smell (copy the Secret with External Secrets instead), so it must be asked for explicitly.
   * @default false
   */
  readonly allowCrossNamespaceSubject?: boolean;
  /**
   * Allow the namespace's `default` ServiceAccount (every pod of the namespace that names no
   * ServiceAccount runs as it, so all of them could read the Secrets).
   * @default false
   */
  readonly allowDefaultServiceAccount?: boolean;
  /**
   * Allow a ServiceAccount in `kube-system` (the namespace of the cluster's own controllers and add-ons).
   * @default false
   */
  readonly allowKubeSystem?: boolean;
  /**
   * Labels for the Role and RoleBinding (the chart's labels are added by cdk8s).
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A Role and RoleBinding that let one ServiceAccount read exactly the named Secrets in one namespace:
 * `apiGroups: [""]`, `resources: ["secrets"]`, `verbs: ["get"]`, `resourceNames` sorted and
 * de-duplicated. Never `list` by default (it returns every Secret value), never a wildcard.
 *
 * ```ts
 * new SecretReader(chart, 'reader', { serviceAccount: sa, secrets: ['postgres-credentials', 'payment-gateway-key'] });
 * ```
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 * @see https://kubernetes.io/docs/concepts/security/secrets-good-practices/#least-privilege-secrets
 */
export class SecretReader extends Construct {
  /** The Role (`rbac.authorization.k8s.io/v1`). */
  public readonly role: ApiObject;
  /** The RoleBinding (`rbac.authorization.k8s.io/v1`). */
  public readonly roleBinding: ApiObject;
  /** Name of the Role and of the RoleBinding. */
  public readonly roleName: string;
  /** Namespace of the Role and RoleBinding. */
  public readonly namespace: string;
  /** The Secret names granted, sorted and de-duplicated. */
  public readonly resourceNames: string[];
  /** The verbs granted. */
  public readonly verbs: SecretReadVerb[];

  public constructor(scope: Construct, id: string, props: SecretReaderProps) {
    super(scope, id);
    const component = 'SecretReader';
    checkObject(component, 'props', props, 'an object with serviceAccount and secrets');
    this.namespace = resolveNamespace(component, this, props.namespace);

    // The same resolution as every other construct and the Pulumi twin (core resolveServiceAccount).
    const subject = requireServiceAccount(component, 'serviceAccount', props.serviceAccount);
    const secrets = checkList(component, 'secrets', props.secrets, 'a Secret name, a cdk8s-plus ISecret or a SecretHandle').map(secret => toSecretRef(secret));

    const built = secretReaderManifests({
      namespace: this.namespace,
      secrets,
      serviceAccount: subject.name,
      serviceAccountNamespace: subject.namespace,
      allowCrossNamespaceSubject: props.allowCrossNamespaceSubject,
      allowDefaultServiceAccount: props.allowDefaultServiceAccount,
      allowKubeSystem: props.allowKubeSystem,
      name: props.name,
      verbs: props.verbs,
      allowListWatch: props.allowListWatch,
      labels: props.labels,
    });
    this.roleName = built.role.metadata.name;
    this.resourceNames = built.resourceNames;
    this.verbs = built.verbs;

    // The name-clash check looks the name up in the chart's registry of SecretReaders (one map per chart,
    // filled as they are constructed), not by scanning the chart's construct tree: a scan per reader made
    // synthesis quadratic in the number of readers (issue 18).
    const chart = Chart.of(this);
    let byName = readersByChart.get(chart);
    if (!byName) {
      byName = new Map();
      readersByChart.set(chart, byName);
    }
    const key = `${this.namespace}/${this.roleName}`;
    const clash = byName.get(key);
    if (clash) {
      throw new ValidationError('SecretReader', 'name', `${q(this.roleName)} is already used in namespace ${q(this.namespace)} by the SecretReader at ${clash.node.path}; give one of them a distinct name.`);
    }
    byName.set(key, this);

    this.role = new ApiObject(this, 'Role', apiObjectProps('SecretReader', built.role));
    this.roleBinding = new ApiObject(this, 'RoleBinding', apiObjectProps('SecretReader', built.roleBinding));
    this.roleBinding.addDependency(this.role);
  }
}

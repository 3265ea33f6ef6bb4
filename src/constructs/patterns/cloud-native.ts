import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { writeComplianceReportOnSynth } from './report';
import { PolicyDocument } from '../../core/aws/iam';
import { ValidationError, q, typeOf } from '../../core/errors';
import { SecretHandle } from '../../core/manifest';
import {
  CloudAppOptions, CloudAppPlan, CloudNativeIamPolicyOptions, CloudNativeSecretsOptions, CloudNativeSecretsPlan, CloudNativeTrustPolicyOptions,
  CloudSecretOptions, CloudSecretPlan, checkUniqueServiceAccounts, cloudNativeIamPolicy, cloudNativeSecretsReport, cloudNativeTrustPolicy,
  planCloudApp, planCloudNetwork, planCloudSecret, planCloudStore, CloudStorePlan,
} from '../../core/patterns/cloud-native';
import { ComplianceReport } from '../../core/patterns/compliance';
import { checkObject } from '../../core/validate/values';
import { Cdk8sPlusWorkload } from '../cdk8s-plus-types';
import { ExternalSecret } from '../eso/external-secret';
import { SecretStore } from '../eso/secret-store';
import { SecureServiceAccount } from '../identity/secure-service-account';
import { isCdk8sPlusWorkload } from '../internal/cdk8s-plus-adapter';
import { ExternalSecretsEgressPolicy, NamespaceIsolation } from '../network/network-policies';
import { SecretReader } from '../rbac/secret-reader';
import { podSpecPointer, resolveNamespace, workloadKindOf } from '../util';
import { envFromSecret, mountSecret } from '../workload/consumption';

const PATTERN = 'CloudNativeSecrets';

/** An app of a cdk8s {@link CloudNativeSecrets}: its workload and the secrets it consumes. */
export interface CloudNativeAppProps extends Omit<CloudAppOptions, 'serviceAccountName' | 'files' | 'env' | 'apiRead'> {
  /** The workload (a cdk8s-plus Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod) in the pattern's namespace. */
  readonly workload: Cdk8sPlusWorkload;
  /**
   * Secrets mounted as files (`/etc/secrets/<name>`, mode 0400): names or handles from `addSecret`.
   * @default - none
   */
  readonly files?: ReadonlyArray<string | SecretHandle>;
  /**
   * Secrets exposed as environment variables (explicit: env leaks more easily than files).
   * @default - none
   */
  readonly env?: ReadonlyArray<string | SecretHandle>;
  /**
   * Secrets read through the Kubernetes API: a SecretReader with `get` on exactly these names.
   * @default - none
   */
  readonly apiRead?: ReadonlyArray<string | SecretHandle>;
}

/** Props of {@link CloudNativeSecrets}: the core options, with the namespace from the chart. */
export interface CloudNativeSecretsProps extends Omit<CloudNativeSecretsOptions, 'name' | 'namespace' | 'apps'> {
  /**
   * The pattern's name (prefix of the store and its ServiceAccount).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The apps, by name (or add them with `addApp`).
   * @default - none
   */
  readonly apps?: Record<string, CloudNativeAppProps>;
}

/** The parts made for one app. */
export interface CloudNativeApp {
  /** The app's name. */
  readonly name: string;
  /** The workload. */
  readonly workload: Cdk8sPlusWorkload;
  /**
   * The ServiceAccount the pattern made for it.
   * @default - none: the workload had one
   */
  readonly serviceAccount?: SecureServiceAccount;
  /** The name of the app's ServiceAccount. */
  readonly serviceAccountName: string;
  /**
   * The SecretReader of `apiRead`.
   * @default - none
   */
  readonly reader?: SecretReader;
}

/**
 * The cloud-native secrets pattern (seed pattern 2): a cloud secrets manager (AWS Secrets Manager or
 * Parameter Store, Google Secret Manager, Azure Key Vault) read by the External Secrets Operator with a
 * workload identity on the store's own SecureServiceAccount; one ExternalSecret per secret
 * (`refreshInterval` 1h by default); each app with its own SecureServiceAccount (automount off), its
 * Secrets mounted as files (env only when listed) and an exact Reloader entry per Secret, or a
 * SecretReader on exactly the names it reads through the API; the namespace default-deny with DNS, and
 * the ESO controller's egress limited to the provider when `controllerEgress` is given.
 *
 * Made only of the existing constructs (every part is a public member) and their core rules; a default
 * is loosened only by the same opt-ins as the blocks. Writes `<outdir>/<chart>-<id>.compliance.json`
 * beside the synthesized YAML. Assumes the External Secrets Operator (v0.17+, `external-secrets.io/v1`)
 * and Stakater Reloader (v1.4+) are installed.
 *
 * ```ts
 * const secrets = new CloudNativeSecrets(chart, 'secrets', {
 *   source: SecretSource.awsSecretsManager({ region: 'us-east-1', roleArn: 'arn:aws:iam::111122223333:role/eso-payments' }),
 * });
 * const db = secrets.addSecret('postgres-credentials', { remoteKey: 'production/payments/postgres',
 *   keys: { POSTGRES_USER: 'username', POSTGRES_PASSWORD: 'password' } });
 * secrets.addApp('payment-api', { workload: api, files: [db] });
 * ```
 */
export class CloudNativeSecrets extends Construct {
  /** The pattern's name. */
  public readonly name: string;
  /** The namespace of the store, the Secrets and the apps. */
  public readonly namespace: string;
  /** The store's ServiceAccount, with the source's workload identity. */
  public readonly storeServiceAccount: SecureServiceAccount;
  /** The SecretStore. */
  public readonly store: SecretStore;
  /** The ExternalSecrets, by Secret name. */
  public readonly externalSecrets: Record<string, ExternalSecret> = {};
  /** The apps, by name. */
  public readonly apps: Record<string, CloudNativeApp> = {};
  /** Default-deny with DNS in the namespace. */
  public readonly isolation: NamespaceIsolation;
  /** The ESO controller's egress policy (with `controllerEgress`). */
  public readonly controllerEgress?: ExternalSecretsEgressPolicy;

  private readonly options: CloudNativeSecretsOptions;
  private readonly storePlan: CloudStorePlan;
  private readonly secretPlans: CloudSecretPlan[] = [];
  private readonly appPlans: CloudAppPlan[] = [];
  private readonly network: Pick<CloudNativeSecretsPlan, 'isolation' | 'controllerEgress'>;

  public constructor(scope: Construct, id: string, props: CloudNativeSecretsProps) {
    super(scope, id);
    const p = checkObject(PATTERN, 'props', props, 'the pattern props { source, secrets?, apps?, ... }') as unknown as CloudNativeSecretsProps;
    this.namespace = resolveNamespace(PATTERN, this, undefined);
    this.name = p.name ?? id;
    const { apps, secrets, ...rest } = p;
    this.options = { ...rest, name: this.name, namespace: this.namespace };
    this.storePlan = planCloudStore(this.options);
    this.network = planCloudNetwork(this.options, this.storePlan.store.provider);

    const sa = this.storePlan.serviceAccount;
    this.storeServiceAccount = new SecureServiceAccount(this, 'StoreServiceAccount', {
      name: sa.name, identity: sa.identity, automountToken: sa.automountToken, labels: sa.labels, annotations: sa.annotations,
    });
    const st = this.storePlan.store;
    this.store = new SecretStore(this, 'Store', { name: st.name, provider: st.provider, controller: st.controller, labels: st.labels });
    this.isolation = new NamespaceIsolation(this, 'Isolation', { dns: this.network.isolation.dns, namePrefix: this.network.isolation.namePrefix });
    if (this.network.controllerEgress) {
      this.controllerEgress = new ExternalSecretsEgressPolicy(this, 'ControllerEgress', this.network.controllerEgress);
    }
    for (const [name, secret] of Object.entries(checkObject(PATTERN, 'secrets', secrets ?? {}, 'a map { secretName: { remoteKey, keys? } }'))) {
      this.addSecret(name, secret as CloudSecretOptions);
    }
    for (const [name, app] of Object.entries(checkObject(PATTERN, 'apps', apps ?? {}, 'a map { appName: { workload, files?, env?, apiRead? } }'))) {
      this.addApp(name, app as CloudNativeAppProps);
    }
    writeComplianceReportOnSynth(this, `${Chart.of(this).node.id}-${id}`, () => this.report());
  }

  /**
   * Sync a secret of the cloud secrets manager into a Kubernetes Secret named `name` (an ExternalSecret
   * of the same name). Returns the ExternalSecret, a handle for `files`, `env` and `apiRead`.
   */
  public addSecret(name: string, options: CloudSecretOptions): ExternalSecret {
    if (typeof name === 'string' && name in this.externalSecrets) {
      throw new ValidationError(PATTERN, 'addSecret', `${q(name)} is already a secret of the pattern.`);
    }
    const plan = planCloudSecret(this.options, this.storePlan.storeRef, name, options);
    const { name: esName, namespace: _ns, store: _store, component: _c, ...rest } = plan.externalSecret;
    const es = new ExternalSecret(this, `Secret-${plan.secretName}`, { ...rest, name: esName, store: this.store });
    this.secretPlans.push(plan);
    this.externalSecrets[plan.secretName] = es;
    return es;
  }

  /**
   * Give an app its secrets: its own SecureServiceAccount (unless the workload has one), `files`
   * mounted (the default), `env` as environment variables, `apiRead` through a SecretReader; the
   * Reloader annotation lists exactly the Secrets of `files` and `env`.
   */
  public addApp(name: string, options: CloudNativeAppProps): CloudNativeApp {
    const component = `${PATTERN} app ${q(name)}`;
    const o = checkObject(component, 'options', options, 'the app options { workload, files?, env?, apiRead? }') as unknown as CloudNativeAppProps;
    if (!isCdk8sPlusWorkload(o.workload)) {
      throw new ValidationError(component, 'workload', `must be a cdk8s-plus workload (Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod); received ${typeOf(o.workload)}.`);
    }
    if (typeof name === 'string' && name in this.apps) {
      throw new ValidationError(PATTERN, 'addApp', `${q(name)} is already an app of the pattern.`);
    }
    const workloadNs = o.workload.metadata.namespace ?? Chart.of(o.workload).namespace;
    if (workloadNs !== this.namespace) {
      throw new ValidationError(component, 'workload', `is in namespace ${q(workloadNs)}; the pattern's Secrets are in ${q(this.namespace)} and a pod can only consume Secrets of its own namespace.`);
    }
    const { workload, ...rest } = o;
    const plan = planCloudApp(this.options, new Set(Object.keys(this.externalSecrets)), name, {
      ...rest,
      ...(workload.serviceAccount !== undefined ? { serviceAccountName: workload.serviceAccount.name } : {}),
    } as CloudAppOptions, this.secretPlans);
    checkUniqueServiceAccounts(this.storePlan, [...this.appPlans, plan]);
    let serviceAccount: SecureServiceAccount | undefined;
    if (plan.serviceAccount) {
      serviceAccount = new SecureServiceAccount(this, `App-${plan.name}-ServiceAccount`, { name: plan.serviceAccount.name });
      ApiObject.of(workload).addJsonPatch(JsonPatch.add(`${podSpecPointer(workloadKindOf(workload))}/serviceAccountName`, plan.serviceAccountName));
    }
    for (const file of plan.files) {
      mountSecret(workload, file.secret, file.mount);
    }
    for (const secret of plan.env) {
      envFromSecret(workload, secret, plan.envKeys[secret] !== undefined ? { keys: { ...plan.envKeys[secret] } } : {});
    }
    const reader = plan.reader
      ? new SecretReader(this, `App-${plan.name}-Reader`, {
        serviceAccount: serviceAccount ?? plan.serviceAccountName,
        secrets: plan.reader.secrets as string[],
        name: plan.reader.name,
        verbs: plan.reader.verbs as SecretReader['verbs'] | undefined,
        allowListWatch: plan.reader.allowListWatch,
      })
      : undefined;
    this.appPlans.push(plan);
    const app: CloudNativeApp = {
      name: plan.name,
      workload,
      serviceAccountName: plan.serviceAccountName,
      ...(serviceAccount ? { serviceAccount } : {}),
      ...(reader ? { reader } : {}),
    };
    this.apps[plan.name] = app;
    return app;
  }

  /**
   * AWS: the least-privilege policy of the store's role: read exactly the added secrets (Secrets
   * Manager names with the AWS-documented `-??????` suffix, or Parameter Store parameters), for an AWS
   * side managed in another tool. From the core `secretReadPolicy` builder.
   */
  public iamPolicy(options: CloudNativeIamPolicyOptions): PolicyDocument {
    return cloudNativeIamPolicy(this.plan(), options);
  }

  /** AWS: the IRSA trust policy of the store's role (exactly the store's ServiceAccount), from `irsaTrustPolicy`. */
  public trustPolicy(options: CloudNativeTrustPolicyOptions): PolicyDocument {
    return cloudNativeTrustPolicy(this.plan(), options);
  }

  /** The pattern's compliance report (also written beside the synthesized YAML). */
  public report(): ComplianceReport {
    const consuming = new Set(this.appPlans.filter(a => a.files.length + a.env.length > 0).map(a => a.name));
    const workloads = Object.values(this.apps).filter(a => consuming.has(a.name) && ['Deployment', 'StatefulSet', 'DaemonSet'].includes(workloadKindOf(a.workload)))
      .map(a => `${workloadKindOf(a.workload)} ${this.namespace}/${a.workload.name}`);
    return cloudNativeSecretsReport(this.plan(), workloads);
  }

  /** The plan as the pattern stands (every part added so far). */
  private plan(): CloudNativeSecretsPlan {
    return {
      name: this.name,
      namespace: this.namespace,
      source: this.options.source,
      store: this.storePlan,
      secrets: [...this.secretPlans],
      apps: [...this.appPlans],
      ...this.network,
    };
  }
}

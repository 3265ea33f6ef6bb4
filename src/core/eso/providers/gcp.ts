import { ValidationError, q } from '../../errors';
import { ServiceAccountReference } from '../../identity/service-account-ref';
import { checkObject } from '../../validate/values';
import { ProviderRenderContext, ProviderSpec, ServiceAccountRefSpec, requireText, serviceAccountRef } from '../common';

const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/** Options of {@link SecretStoreProvider.gcpSecretManager}. */
export interface GcpProviderOptions {
  /** The Google Cloud project that holds the secrets. */
  readonly projectId: string;
  /** The ServiceAccount annotated with `WorkloadIdentity.gcp(gsaEmail)`. */
  readonly serviceAccount: ServiceAccountReference;
  /**
   * Namespace of `serviceAccount` when it is given by name to a ClusterSecretStore.
   * @default - the namespace carried by `serviceAccount`
   */
  readonly serviceAccountNamespace?: string;
  /** The GKE cluster's location (region or zone). */
  readonly clusterLocation: string;
  /** The GKE cluster's name. */
  readonly clusterName: string;
  /**
   * The project of the GKE cluster, when it differs from `projectId`.
   * @default - `projectId`
   */
  readonly clusterProjectId?: string;
}

/** `spec.provider.gcpsm` as written by the library. */
export interface GcpProviderSpec {
  /** The project that holds the secrets. */
  readonly projectID: string;
  /** GKE Workload Identity. */
  readonly auth: {
    /** The ServiceAccount and the cluster it federates from. */
    readonly workloadIdentity: {
      /**
       * The ServiceAccount annotated with the Google service account.
       * @default - always set by the library (the provider requires a ServiceAccount)
       */
      readonly serviceAccountRef?: ServiceAccountRefSpec;
      /** The cluster's location. */
      readonly clusterLocation: string;
      /** The cluster's name. */
      readonly clusterName: string;
      /** The cluster's project. */
      readonly clusterProjectID: string;
    };
  };
}

/**
 * The Google Secret Manager provider (`spec.provider.gcpsm`, GKE Workload Identity).
 * @internal
 */
export function gcpProvider(raw: GcpProviderOptions): ProviderSpec {
  const component = 'SecretStoreProvider.gcpSecretManager';
  const options = checkObject(component, 'options', raw, 'the provider options { projectId, serviceAccount, clusterLocation, clusterName }') as unknown as GcpProviderOptions;
  for (const prop of ['projectId', 'clusterProjectId'] as const) {
    const v = options[prop];
    if ((prop === 'projectId' || v !== undefined) && (typeof v !== 'string' || !GCP_PROJECT.test(v))) {
      throw new ValidationError(component, prop, `${q(v)} is not a Google Cloud project id (6-30 lower-case letters, digits and '-', starting with a letter).`);
    }
  }
  requireText(component, 'clusterLocation', options.clusterLocation, 'give the GKE cluster location, e.g. "europe-west1"');
  requireText(component, 'clusterName', options.clusterName, 'give the GKE cluster name');
  if (options.serviceAccount === undefined) {
    throw new ValidationError(component, 'serviceAccount', 'is missing; Workload Identity needs the ServiceAccount annotated with WorkloadIdentity.gcp(gsaEmail).');
  }
  return {
    name: 'gcpsm',
    endpoint: { type: 'https-any', port: 443 },
    deferred: [],
    render: (ctx: ProviderRenderContext) => ({
      gcpsm: {
        projectID: options.projectId,
        auth: {
          workloadIdentity: {
            serviceAccountRef: serviceAccountRef(ctx, 'provider.serviceAccount', options.serviceAccount, options.serviceAccountNamespace),
            clusterLocation: options.clusterLocation,
            clusterName: options.clusterName,
            clusterProjectID: options.clusterProjectId ?? options.projectId,
          },
        },
      },
    }),
  };
}

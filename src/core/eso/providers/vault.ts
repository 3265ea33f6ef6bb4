import { ValidationError, q } from '../../errors';
import { ServiceAccountReference } from '../../identity/service-account-ref';
import { checkNamespace, checkObjectName, checkSecretKey } from '../../validate/names';
import { checkList, checkObject, checkText, optIn } from '../../validate/values';
import { ProviderEndpoint, ProviderRenderContext, ProviderSpec, SecretStoreKind, ServiceAccountRefSpec, requireText, serviceAccountRef } from '../common';

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** Options of {@link SecretStoreProvider.vault}. */
export interface VaultProviderOptions {
  /** The Vault address, e.g. `https://vault.vault.svc:8200`. Must be https unless `allowInsecureHttp`. */
  readonly server: string;
  /** The KV secrets engine mount path, e.g. `secret`. */
  readonly path: string;
  /**
   * The KV engine version.
   * @default "v2"
   */
  readonly version?: 'v1' | 'v2';
  /**
   * The Vault role of the Kubernetes auth method, bound to the ServiceAccount.
   * @default - required unless `awsIam` is set (then refused)
   */
  readonly role?: string;
  /**
   * The mount path of the Kubernetes auth method.
   * @default "kubernetes"
   */
  readonly mountPath?: string;
  /**
   * The ServiceAccount whose token ESO presents to Vault (`auth.kubernetes.serviceAccountRef`).
   * @default - the ESO controller's own ServiceAccount token
   */
  readonly serviceAccount?: ServiceAccountReference;
  /**
   * Namespace of `serviceAccount` when it is given by name to a ClusterSecretStore.
   * @default - the namespace carried by `serviceAccount`
   */
  readonly serviceAccountNamespace?: string;
  /**
   * The CA certificate(s) that sign Vault's TLS certificate, as PEM (written base64-encoded as ESO expects).
   * Mutually exclusive with `caProvider`.
   * @default - the controller's system trust store
   */
  readonly caBundle?: string;
  /**
   * Where to read the CA bundle from instead: a Secret or ConfigMap key.
   * @default - the controller's system trust store
   */
  readonly caProvider?: VaultCaProvider;
  /**
   * Vault Enterprise namespace.
   * @default - none
   */
  readonly vaultNamespace?: string;
  /**
   * Authenticate with Vault's AWS auth method (IAM type) instead of Kubernetes auth: ESO signs an
   * `sts:GetCallerIdentity` request with the IRSA credentials of `serviceAccount`
   * (`auth.iam.jwt.serviceAccountRef`; the ServiceAccount carries the `eks.amazonaws.com/role-arn`
   * annotation), and the Vault role is bound to that IAM role (`bound_iam_principal_arn`). Read from
   * external-secrets/external-secrets `providers/v1/vault/auth_iam.go` (v2.9: `requestTokenWithIamAuth`,
   * `JWTAuth` first, default mount `aws`) and `iamauth/iamauth.go` (`CredsFromServiceAccount` reads the
   * role ARN from the ServiceAccount's annotation). `role` and `mountPath` are refused with it.
   * @default - Kubernetes auth
   */
  readonly awsIam?: VaultAwsIamAuth;
  /**
   * Audiences of the token ESO requests for `serviceAccount` (`auth.kubernetes.serviceAccountRef.audiences`);
   * the Vault role's `audience` must be one of them.
   * @default - the API server's default audience
   */
  readonly serviceAccountAudiences?: string[];
  /**
   * Allow an `http://` server. Tokens and secret values then cross the network in clear text. Only the
   * boolean `true` opts in.
   * @default false
   */
  readonly allowInsecureHttp?: boolean;
}

/** Vault's AWS auth method (IAM type) for {@link VaultProviderOptions.awsIam}. */
export interface VaultAwsIamAuth {
  /** The AWS region of the STS endpoint ESO signs for, e.g. `us-east-1`. */
  readonly region: string;
  /** The Vault role of the AWS auth method. */
  readonly vaultRole: string;
  /**
   * The mount path of the AWS auth method.
   * @default "aws"
   */
  readonly path?: string;
}

/** A Secret or ConfigMap key holding Vault's CA bundle. */
export interface VaultCaProvider {
  /** `Secret` or `ConfigMap`. */
  readonly type: 'Secret' | 'ConfigMap';
  /** The object name. */
  readonly name: string;
  /** The key holding the PEM bundle. */
  readonly key: string;
  /**
   * The object's namespace (ClusterSecretStore only).
   * @default - the ExternalSecret's namespace
   */
  readonly namespace?: string;
}

/** `spec.provider.vault` as written by the library. */
export interface VaultProviderSpec {
  /** The Vault address. */
  readonly server: string;
  /** The KV mount path. */
  readonly path: string;
  /** The KV version. */
  readonly version: 'v1' | 'v2';
  /**
   * Vault Enterprise namespace.
   * @default - none
   */
  readonly namespace?: string;
  /**
   * Base64 of the PEM CA bundle.
   * @default - the controller's trust store
   */
  readonly caBundle?: string;
  /**
   * Where the CA bundle is read from.
   * @default - the controller's trust store
   */
  readonly caProvider?: VaultCaProvider;
  /** The auth method: Kubernetes, or AWS IAM. */
  readonly auth: {
    /**
     * AWS IAM auth with the IRSA credentials of a ServiceAccount.
     * @default - none (Kubernetes auth)
     */
    readonly iam?: {
      /** The AWS auth method's mount path. */
      readonly path: string;
      /** The region. */
      readonly region: string;
      /** The Vault role. */
      readonly vaultRole: string;
      /** The IRSA ServiceAccount. */
      readonly jwt: { readonly serviceAccountRef: ServiceAccountRefSpec };
    };
    /**
     * Mount path, role and (optionally) the ServiceAccount whose token is presented.
     * @default - none (AWS IAM auth)
     */
    readonly kubernetes?: {
      /** The auth method's mount path. */
      readonly mountPath: string;
      /** The Vault role. */
      readonly role: string;
      /**
       * The ServiceAccount whose token ESO presents.
       * @default - the controller's own token
       */
      readonly serviceAccountRef?: ServiceAccountRefSpec & { readonly audiences?: string[] };
    };
  };
}

/**
 * The HashiCorp Vault provider (`spec.provider.vault`, Kubernetes auth).
 * @internal
 */
export function vaultProvider(raw: VaultProviderOptions): ProviderSpec {
  const component = 'SecretStoreProvider.vault';
  const options = checkObject(component, 'options', raw, 'the provider options { server, path, role, ... }') as unknown as VaultProviderOptions;
  const allowInsecureHttp = optIn(component, 'allowInsecureHttp', options.allowInsecureHttp);
  let url: URL;
  try {
    url = new URL(requireText(component, 'server', options.server, 'give the Vault address, e.g. "https://vault.vault.svc:8200"'));
  } catch (e) {
    if (e instanceof ValidationError) {
      throw e;
    }
    throw new ValidationError(component, 'server', `${q(options.server)} is not a URL; expected e.g. "https://vault.vault.svc:8200".`);
  }
  if (url.protocol === 'http:' && !allowInsecureHttp) {
    throw new ValidationError(component, 'server', `${q(options.server)} uses http; Vault tokens and secret values would cross the network in clear text. Use https (with caBundle or caProvider for a private CA), or set allowInsecureHttp: true for a local test setup.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(component, 'server', `${q(options.server)} must be an https:// URL.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ValidationError(component, 'server', `${q(options.server)} carries credentials in the URL, which would be written into the manifest; give the address only (ESO authenticates with the Kubernetes auth method).`);
  }
  const endpoint: ProviderEndpoint = { type: 'url', host: url.hostname, port: url.port ? Number(url.port) : (url.protocol === 'https:' ? 443 : 80) };
  const path = requireText(component, 'path', options.path, 'give the KV mount path, e.g. "secret"');
  if (path.startsWith('/') || path.endsWith('/')) {
    throw new ValidationError(component, 'path', `${q(path)} must be the mount path without leading or trailing "/", e.g. "secret".`);
  }
  if (options.version !== undefined && options.version !== 'v1' && options.version !== 'v2') {
    throw new ValidationError(component, 'version', `${q(options.version)} is not a KV version; use "v1" or "v2".`);
  }
  let awsIam: VaultAwsIamAuth | undefined;
  if (options.awsIam !== undefined) {
    if (options.role !== undefined || options.mountPath !== undefined) {
      throw new ValidationError(component, options.role !== undefined ? 'role' : 'mountPath', 'is set together with awsIam; give the AWS auth method\'s role as awsIam.vaultRole (and its mount as awsIam.path).');
    }
    const a = checkObject(component, 'awsIam', options.awsIam, 'the AWS IAM auth { region, vaultRole, path? }');
    awsIam = {
      region: requireText(component, 'awsIam.region', a.region, 'give the AWS region, e.g. "us-east-1"'),
      vaultRole: requireText(component, 'awsIam.vaultRole', a.vaultRole, 'give the Vault role of the AWS auth method'),
      path: a.path === undefined ? 'aws' : requireText(component, 'awsIam.path', a.path, 'give the AWS auth mount path, e.g. "aws"'),
    };
    if (options.serviceAccount === undefined) {
      throw new ValidationError(component, 'serviceAccount', 'is required with awsIam: ESO signs the AWS request with the IRSA credentials of that ServiceAccount.');
    }
    if (options.serviceAccountAudiences !== undefined) {
      throw new ValidationError(component, 'serviceAccountAudiences', 'applies to Kubernetes auth only; IRSA tokens have the audience sts.amazonaws.com.');
    }
  } else {
    requireText(component, 'role', options.role, 'give the Vault Kubernetes-auth role bound to the ServiceAccount');
    if (options.mountPath !== undefined) {
      requireText(component, 'mountPath', options.mountPath, 'give the Kubernetes auth mount path, e.g. "kubernetes"');
    }
  }
  let audiences: string[] | undefined;
  if (options.serviceAccountAudiences !== undefined) {
    audiences = checkList(component, 'serviceAccountAudiences', options.serviceAccountAudiences, 'audiences (strings)')
      .map((a, i) => requireText(component, `serviceAccountAudiences[${i}]`, a, 'give a token audience, e.g. "vault"'));
    if (audiences.length === 0) {
      throw new ValidationError(component, 'serviceAccountAudiences', 'is empty; leave it unset for the API server\'s default audience.');
    }
    if (options.serviceAccount === undefined) {
      throw new ValidationError(component, 'serviceAccountAudiences', 'needs serviceAccount: ESO requests a token with these audiences for that ServiceAccount.');
    }
  }
  if (options.caBundle !== undefined && options.caProvider !== undefined) {
    throw new ValidationError(component, 'caBundle', 'and caProvider are both set; give the CA either inline (caBundle) or by reference (caProvider).');
  }
  const caBundle = options.caBundle === undefined ? undefined : encodeCaBundle(component, options.caBundle);
  if (options.vaultNamespace !== undefined) {
    checkText(component, 'vaultNamespace', options.vaultNamespace, 'give the Vault Enterprise namespace, e.g. "team-a"');
  }
  if (options.caProvider !== undefined) {
    const p = checkObject(component, 'caProvider', options.caProvider, 'a CA reference { type, name, key, namespace? }');
    if (p.type !== 'Secret' && p.type !== 'ConfigMap') {
      throw new ValidationError(component, 'caProvider.type', `${q(p.type)} is not valid; use "Secret" or "ConfigMap".`);
    }
    checkObjectName(component, 'caProvider.name', p.name, `${p.type} name`);
    checkSecretKey(component, 'caProvider.key', p.key);
    if (p.namespace !== undefined) {
      checkNamespace(component, 'caProvider.namespace', p.namespace);
    }
  }
  return {
    name: 'vault',
    endpoint,
    deferred: [],
    render: (ctx: ProviderRenderContext) => {
      const o = options;
      const ref = serviceAccountRef(ctx, 'provider.serviceAccount', o.serviceAccount, o.serviceAccountNamespace);
      if (o.caProvider?.namespace !== undefined && ctx.storeKind === SecretStoreKind.SECRET_STORE) {
        throw new ValidationError(ctx.component, 'provider.caProvider.namespace', 'is only allowed on a ClusterSecretStore; a SecretStore reads the CA from its own namespace.');
      }
      return {
        vault: {
          server: o.server,
          path: o.path,
          version: o.version ?? 'v2',
          ...(o.vaultNamespace !== undefined ? { namespace: o.vaultNamespace } : {}),
          ...(caBundle !== undefined ? { caBundle: caBundle } : {}),
          ...(o.caProvider !== undefined ? { caProvider: caProviderSpec(o.caProvider) } : {}),
          auth: awsIam !== undefined
            ? { iam: { path: awsIam.path!, region: awsIam.region, vaultRole: awsIam.vaultRole, jwt: { serviceAccountRef: ref! } } }
            : {
              kubernetes: {
                mountPath: o.mountPath ?? 'kubernetes',
                role: o.role!,
                ...(ref ? { serviceAccountRef: { ...ref, ...(audiences ? { audiences } : {}) } } : {}),
              },
            },
        },
      };
    },
  };
}

function caProviderSpec(p: VaultCaProvider): VaultCaProvider {
  return { type: p.type, name: p.name, key: p.key, ...(p.namespace !== undefined ? { namespace: p.namespace } : {}) };
}

/**
 * ESO's `caBundle` is base64 of the PEM; accept PEM (the common case) or that base64, nothing else.
 * @internal
 */
function encodeCaBundle(component: string, value: string): string {
  if (typeof value !== 'string') {
    throw new ValidationError(component, 'caBundle', 'must be a PEM string.');
  }
  if (PEM_CERT.test(value)) {
    return Buffer.from(value, 'utf8').toString('base64');
  }
  const decoded = /^[A-Za-z0-9+/=\s]+$/.test(value) ? Buffer.from(value, 'base64').toString('utf8') : '';
  if (PEM_CERT.test(decoded)) {
    return value.replace(/\s/g, '');
  }
  throw new ValidationError(component, 'caBundle', 'is neither a PEM certificate bundle nor its base64; pass the PEM text ("-----BEGIN CERTIFICATE-----...").');
}

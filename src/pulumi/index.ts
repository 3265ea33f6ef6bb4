/**
 * kube-secure-secrets/pulumi: the Pulumi front-end. Components over `@pulumi/kubernetes` (and, for the
 * AWS foundations, `@pulumi/aws`), built from the same core builders as the cdk8s constructs. The pure
 * core (WorkloadIdentity, SecretStoreProvider, validation, builders) is re-exported so a Pulumi program
 * needs one import.
 * @packageDocumentation
 */
export * from '../core';
export {
  IrsaRole,
  PodIdentityRole,
} from './aws/aws-roles';
export type {
  IrsaRoleArgs,
  PodIdentityRoleArgs,
  SecretAccessArgs,
} from './aws/aws-roles';
export {
  GitHubActionsOidcRole,
  GitLabCiOidcRole,
} from './aws/ci-oidc-role';
export type {
  CiOidcRoleArgs,
  GitHubActionsOidcRoleArgs,
  GitLabCiOidcRoleArgs,
} from './aws/ci-oidc-role';
export {
  KmsEncryptedEksCluster,
} from './aws/kms-encrypted-eks-cluster';
export type {
  KmsEncryptedEksClusterArgs,
  ManagedNodeGroupArgs,
} from './aws/kms-encrypted-eks-cluster';
export {
  ManagedSecret,
} from './aws/managed-secret';
export type {
  ManagedSecretArgs,
  ManagedSecretRotationArgs,
} from './aws/managed-secret';
export {
  SecretAccessAlerts,
} from './cluster/secret-access-alerts';
export type {
  SecretAccessAlertsArgs,
} from './cluster/secret-access-alerts';
export {
  SecretProviderClass,
  mountSecretProviderClass,
} from './csi/secret-provider-class';
export type {
  PulumiMountSecretProviderClassOptions,
  SecretProviderClassArgs,
} from './csi/secret-provider-class';
export {
  ClusterExternalSecret,
} from './eso/cluster-external-secret';
export type {
  ClusterExternalSecretArgs,
} from './eso/cluster-external-secret';
export {
  ExternalSecret,
} from './eso/external-secret';
export type {
  ExternalSecretArgs,
} from './eso/external-secret';
export {
  EcrAuthorizationTokenGenerator,
  PasswordGenerator,
} from './eso/generators';
export type {
  EcrAuthorizationTokenGeneratorArgs,
  PasswordGeneratorArgs,
} from './eso/generators';
export {
  PushSecret,
} from './eso/push-secret';
export type {
  PushSecretArgs,
} from './eso/push-secret';
export {
  ClusterSecretStore,
  SecretStore,
} from './eso/secret-store';
export type {
  ClusterSecretStoreArgs,
  SecretStoreArgs,
} from './eso/secret-store';
export {
  FluxKustomization,
} from './gitops/flux';
export type {
  FluxKustomizationArgs,
} from './gitops/flux';
export {
  PlaintextSecretGuard,
} from './gitops/plaintext-guard';
export type {
  PlaintextSecretGuardOptions,
} from './gitops/plaintext-guard';
export {
  SealedSecret,
} from './gitops/sealed-secret';
export type {
  SealedSecretArgs,
} from './gitops/sealed-secret';
export {
  SopsSecret,
} from './gitops/sops-secret';
export type {
  SopsSecretArgs,
} from './gitops/sops-secret';
export {
  SecureServiceAccount,
} from './identity/secure-service-account';
export type {
  SecureServiceAccountArgs,
} from './identity/secure-service-account';
export {
  InfisicalSecret,
  infisicalAutoReload,
} from './infisical/infisical-secret';
export type {
  InfisicalSecretArgs,
} from './infisical/infisical-secret';
export {
  InfisicalAuth,
  InfisicalConnection,
  InfisicalStaticSecret,
} from './infisical/static-secret';
export type {
  InfisicalAuthArgs,
  InfisicalConnectionArgs,
  InfisicalStaticSecretArgs,
} from './infisical/static-secret';
export {
  ApiServerEgressGuard,
  ExternalSecretsEgressPolicy,
  NamespaceIsolation,
} from './network/network-policies';
export type {
  ApiServerEgressGuardArgs,
  ExternalSecretsEgressPolicyArgs,
  NamespaceIsolationArgs,
} from './network/network-policies';
export {
  VaultAccessPolicy,
} from './network/vault-access-policy';
export type {
  VaultAccessPolicyArgs,
} from './network/vault-access-policy';
export {
  CloudNativeSecrets,
} from './patterns/cloud-native';
export type {
  CloudNativeAwsArgs,
  CloudNativeSecretsArgs,
  PulumiCloudAppArgs,
  PulumiCloudNativeApp,
  PulumiCloudSecretArgs,
} from './patterns/cloud-native';
export {
  EnterpriseVaultSecrets,
} from './patterns/enterprise-vault';
export type {
  EnterpriseVaultAppArgs,
  EnterpriseVaultSecretsArgs,
  PulumiEnterpriseVaultApp,
  PulumiEnterpriseVaultNamespace,
} from './patterns/enterprise-vault';
export {
  GitOpsSecrets,
} from './patterns/gitops';
export type {
  GitOpsAppArgs,
  GitOpsAppResource,
  GitOpsSecretArgs,
  GitOpsSecretsArgs,
  GitOpsWorkloadKind,
} from './patterns/gitops';
export {
  HybridMultiCloudSecrets,
} from './patterns/hybrid-multi-cloud';
export type {
  HybridAppArgs,
  HybridClusterArgs,
  HybridMultiCloudSecretsArgs,
  HybridWorkloadArgs,
  PulumiHybridCluster,
  PulumiHybridNamespace,
} from './patterns/hybrid-multi-cloud';
export {
  SecretReader,
} from './rbac/secret-reader';
export type {
  SecretReaderArgs,
} from './rbac/secret-reader';
export {
  ClusterSPIFFEID,
} from './spiffe/cluster-spiffe-id';
export type {
  ClusterSPIFFEIDArgs,
} from './spiffe/cluster-spiffe-id';
export {
  VaultAuth,
  VaultConnection,
  VaultDynamicSecret,
  VaultStaticSecret,
} from './vault/operator';
export type {
  VaultAuthArgs,
  VaultConnectionArgs,
  VaultDynamicSecretArgs,
  VaultStaticSecretArgs,
} from './vault/operator';
export {
  VaultAgentInjection,
} from './vault/vault-agent-injection';
export type {
  VaultAgentInjectionArgs,
  VaultApplyOptions,
} from './vault/vault-agent-injection';
export {
  envFromSecret,
  mountSecret,
  secretReloadTransform,
  withSecretReload,
} from './workload/consumption';
export type {
  PulumiEnvFromSecretOptions,
  PulumiMountSecretOptions,
  PulumiSecretSource,
  SecretReloadTransformOptions,
  WorkloadArgsLike,
} from './workload/consumption';

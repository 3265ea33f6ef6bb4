/**
 * The cdk8s front-end: constructs over cdk8s and cdk8s-plus, thin wrappers of the core builders. A named
 * list: internal helpers are not exported.
 */
export {
  SecretsAudit,
} from './audit/secrets-audit';
export type {
  SecretsAuditOptions,
} from './audit/secrets-audit';
export {
  SecretsAuditValidation,
} from './audit/validation-plugin';
export type {
  AuditPluginContext,
  AuditPluginReport,
  AuditPluginViolatingResource,
  AuditPluginViolation,
  SecretsAuditValidationProps,
} from './audit/validation-plugin';
export type {
  Cdk8sPlusContainer,
  Cdk8sPlusEnv,
  Cdk8sPlusEnvValue,
  Cdk8sPlusEnvValueFromSecretOptions,
  Cdk8sPlusMountOptions,
  Cdk8sPlusResource,
  Cdk8sPlusSecret,
  Cdk8sPlusServiceAccount,
  Cdk8sPlusServiceAccountClass,
  Cdk8sPlusServiceAccountInstance,
  Cdk8sPlusServiceAccountProps,
  Cdk8sPlusStorage,
  Cdk8sPlusSubjectConfiguration,
  Cdk8sPlusVolume,
  Cdk8sPlusWorkload,
} from './cdk8s-plus-types';
export {
  SecretAccessAlerts,
} from './cluster/secret-access-alerts';
export type {
  SecretAccessAlertsProps,
} from './cluster/secret-access-alerts';
export {
  SecretProviderClass,
  mountSecretProviderClass,
} from './csi/secret-provider-class';
export type {
  MountSecretProviderClassOptions,
  SecretProviderClassProps,
} from './csi/secret-provider-class';
export {
  ClusterExternalSecret,
} from './eso/cluster-external-secret';
export type {
  ClusterExternalSecretProps,
} from './eso/cluster-external-secret';
export {
  ExternalSecret,
} from './eso/external-secret';
export type {
  ExternalSecretProps,
} from './eso/external-secret';
export {
  EcrAuthorizationTokenGenerator,
  PasswordGenerator,
} from './eso/generators';
export type {
  EcrAuthorizationTokenGeneratorProps,
  PasswordGeneratorProps,
} from './eso/generators';
export {
  PushSecret,
} from './eso/push-secret';
export type {
  PushSecretProps,
} from './eso/push-secret';
export {
  ClusterSecretStore,
  SecretStore,
} from './eso/secret-store';
export type {
  ClusterSecretStoreProps,
  SecretStoreProps,
} from './eso/secret-store';
export {
  FluxKustomization,
} from './gitops/flux';
export type {
  FluxKustomizationProps,
} from './gitops/flux';
export {
  PlaintextSecretGuard,
} from './gitops/plaintext-guard';
export {
  SealedSecret,
} from './gitops/sealed-secret';
export type {
  SealedSecretProps,
} from './gitops/sealed-secret';
export {
  SopsFile,
  SopsSecret,
} from './gitops/sops';
export type {
  SopsFileProps,
  SopsSecretProps,
} from './gitops/sops';
export {
  SecureServiceAccount,
} from './identity/secure-service-account';
export type {
  SecureServiceAccountProps,
} from './identity/secure-service-account';
export {
  InfisicalSecret,
  infisicalAutoReload,
} from './infisical/infisical-secret';
export type {
  InfisicalSecretProps,
} from './infisical/infisical-secret';
export {
  InfisicalAuth,
  InfisicalConnection,
  InfisicalStaticSecret,
} from './infisical/static-secret';
export type {
  InfisicalAuthProps,
  InfisicalConnectionProps,
  InfisicalStaticSecretProps,
} from './infisical/static-secret';
export {
  ApiServerEgressGuard,
  ExternalSecretsEgressPolicy,
  NamespaceIsolation,
} from './network/network-policies';
export type {
  ApiServerEgressGuardProps,
  ExternalSecretsEgressPolicyProps,
  NamespaceIsolationProps,
} from './network/network-policies';
export {
  VaultAccessPolicy,
} from './network/vault-access-policy';
export type {
  VaultAccessPolicyProps,
} from './network/vault-access-policy';
export {
  CloudNativeSecrets,
} from './patterns/cloud-native';
export type {
  CloudNativeApp,
  CloudNativeAppProps,
  CloudNativeSecretsProps,
} from './patterns/cloud-native';
export {
  EnterpriseVaultSecrets,
} from './patterns/enterprise-vault';
export type {
  EnterpriseVaultApp,
  EnterpriseVaultAppProps,
  EnterpriseVaultNamespace,
  EnterpriseVaultSecretsProps,
} from './patterns/enterprise-vault';
export {
  GitOpsSecrets,
} from './patterns/gitops';
export type {
  GitOpsApp,
  GitOpsAppProps,
  GitOpsSecret,
  GitOpsSecretsProps,
} from './patterns/gitops';
export {
  HybridMultiCloudSecrets,
} from './patterns/hybrid-multi-cloud';
export type {
  HybridApp,
  HybridAppProps,
  HybridClusterParts,
  HybridMultiCloudSecretsProps,
  HybridNamespaceParts,
} from './patterns/hybrid-multi-cloud';
export {
  SecretReader,
} from './rbac/secret-reader';
export type {
  SecretReaderProps,
} from './rbac/secret-reader';
export {
  ClusterSPIFFEID,
} from './spiffe/cluster-spiffe-id';
export type {
  ClusterSPIFFEIDProps,
} from './spiffe/cluster-spiffe-id';
export {
  VaultAuth,
  VaultConnection,
  VaultDynamicSecret,
  VaultStaticSecret,
} from './vault/operator';
export type {
  VaultAuthProps,
  VaultConnectionProps,
  VaultDynamicSecretProps,
  VaultStaticSecretProps,
  VsoConsumer,
} from './vault/operator';
export {
  VaultAgentInjection,
} from './vault/vault-agent-injection';
export type {
  VaultAgentInjectionProps,
} from './vault/vault-agent-injection';
export {
  envFromSecret,
  mountSecret,
  reloadOnSecretChange,
} from './workload/consumption';
export type {
  ConsumedSecret,
  EnvFromSecretOptions,
  MountSecretOptions,
} from './workload/consumption';

/**
 * The pure core: validation, least-privilege rules and manifest/policy builders, shared by the cdk8s
 * constructs and the Pulumi components. This file is the core's public surface: a named list. Helpers
 * marked `@internal` are imported by the front-ends from their own modules and are not exported here.
 */
export {
  eksClusterSettings,
  secretRotationDays,
} from './aws/eks';
export type {
  EksClusterSettings,
  EksClusterSettingsOptions,
  EksLogType,
  SecretRotationDaysOptions,
} from './aws/eks';
export {
  KMS_ADMIN_ACTIONS,
  SECRETS_MANAGER_READ_ACTIONS,
  SSM_READ_ACTIONS,
  eksSecretsKeyPolicy,
  irsaTrustPolicy,
  podIdentityTrustPolicy,
  secretReadPolicy,
  serviceTrustPolicy,
} from './aws/iam';
export type {
  EksSecretsKeyPolicyOptions,
  IrsaTrustPolicyOptions,
  PolicyDocument,
  PolicyStatement,
  SecretReadPolicyOptions,
  ServiceAccountBinding,
} from './aws/iam';
export {
  PROMETHEUS_RULE_API_VERSION,
  secretAccessAlertsManifest,
} from './cluster/alerts';
export type {
  AuditEventMetric,
  PrometheusAlertRule,
  PrometheusRuleManifest,
  SecretAccessAlertsOptions,
} from './cluster/alerts';
export {
  auditPolicy,
  encryptionConfiguration,
  encryptionConfigurationHasKeys,
  generateEncryptionKey,
} from './cluster/apiserver-config';
export type {
  AuditGroupResources,
  AuditLevel,
  AuditPolicy,
  AuditPolicyOptions,
  AuditRule,
  EncryptionConfiguration,
  EncryptionConfigurationOptions,
  EncryptionKey,
  EncryptionProvider,
  KmsV2ProviderOptions,
  LocalKeyProviderOptions,
} from './cluster/apiserver-config';
export {
  SECRETS_STORE_CSI_DRIVER,
  SECRET_PROVIDER_CLASS_API_VERSION,
  secretProviderClassManifest,
} from './csi/secret-provider-class';
export type {
  AwsCsiJmesPath,
  AwsCsiObject,
  AwsCsiObjectType,
  SecretProviderClassMountOptions,
  SecretProviderClassOptions,
  SecretProviderClassSync,
  SecretProviderClassVolume,
} from './csi/secret-provider-class';
export type {
  DeferredValue,
  StringOrDeferred,
} from './deferred';
export {
  ValidationError,
} from './errors';
export {
  ESO_API_VERSION,
  SecretStoreKind,
} from './eso/common';
export type {
  ProviderEndpoint,
  ProviderRenderContext,
  StoreReference,
} from './eso/common';
export {
  ExternalSecretTemplate,
  externalSecretManifest,
} from './eso/external-secret';
export type {
  BasicAuthTemplateOptions,
  DecodingStrategy,
  DockerConfigJsonTemplateOptions,
  ExternalSecretData,
  ExternalSecretDataFrom,
  ExternalSecretExtract,
  ExternalSecretFind,
  ExternalSecretOptions,
  ExternalSecretTarget,
  TemplateMetadataOptions,
  TlsTemplateOptions,
} from './eso/external-secret';
export {
  SecretStoreProvider,
} from './eso/provider';
export type {
  AwsProviderOptions,
} from './eso/providers/aws';
export type {
  AzureProviderOptions,
} from './eso/providers/azure';
export type {
  GcpProviderOptions,
} from './eso/providers/gcp';
export type {
  VaultCaProvider,
  VaultProviderOptions,
} from './eso/providers/vault';
export {
  clusterSecretStoreManifest,
  secretStoreManifest,
} from './eso/secret-store';
export type {
  ClusterSecretStoreCondition,
  LabelSelector,
  LabelSelectorRequirement,
  SecretStoreOptions,
} from './eso/secret-store';
export {
  ageDecrypt,
  ageEncrypt,
  ageKeygen,
  ageRecipientOf,
  parseAgeIdentities,
} from './gitops/age';
export {
  FLUX_KUSTOMIZATION_API_VERSION,
  fluxKustomizationManifest,
  sopsConfigYaml,
} from './gitops/flux';
export type {
  FluxKustomizationOptions,
  FluxSourceRef,
  SopsCreationRule,
} from './gitops/flux';
export {
  plaintextSecretFindings,
  plaintextSecretKeys,
} from './gitops/plaintext';
export type {
  PlaintextSecretFinding,
} from './gitops/plaintext';
export {
  SEALED_SECRETS_API_VERSION,
  SEALED_SECRETS_CLUSTER_WIDE_ANNOTATION,
  SEALED_SECRETS_NAMESPACE_WIDE_ANNOTATION,
  SealingScope,
  SecretType,
  loadSealingCertificate,
  sealValue,
  sealedSecretManifest,
  sealingLabel,
} from './gitops/sealing';
export type {
  LoadSealingCertificateOptions,
  SealedSecretManifest,
  SealedSecretOptions,
  SealedSecretSpec,
  SealedSecretTemplate,
  SealingCertificate,
} from './gitops/sealing';
export {
  sopsSecretManifest,
} from './gitops/sops-secret';
export type {
  SopsEncryptedManifest,
  SopsSecretOptions,
} from './gitops/sops-secret';
export {
  SOPS_KUBERNETES_ENCRYPTED_REGEX,
  SOPS_VERSION,
  fromSopsTree,
  isSopsEncrypted,
  sopsDecrypt,
  sopsDecryptWithDataKey,
  sopsEncrypt,
  toSopsTree,
} from './gitops/sops';
export type {
  SopsDecryptOptions,
  SopsDecryptResult,
  SopsEncryptOptions,
  SopsEncryptionRule,
  SopsScalar,
  SopsTree,
} from './gitops/sops';
export type {
  ResolvedServiceAccount,
  ServiceAccountHandle,
  ServiceAccountReference,
  SubjectLike,
} from './identity/service-account-ref';
export {
  AZURE_CLIENT_ID_ANNOTATION,
  AZURE_TENANT_ID_ANNOTATION,
  AZURE_USE_POD_LABEL,
  GKE_GSA_ANNOTATION,
  IRSA_ROLE_ARN_ANNOTATION,
  WorkloadIdentity,
  WorkloadIdentityProvider,
  secureServiceAccountManifest,
} from './identity/workload-identity';
export type {
  AzureWorkloadIdentityOptions,
  SecureServiceAccountOptions,
} from './identity/workload-identity';
export {
  INFISICAL_AUTO_RELOAD_ANNOTATION,
  INFISICAL_SECRET_API_VERSION,
  infisicalSecretManifest,
} from './infisical/infisical-secret';
export type {
  InfisicalKubernetesAuth,
  InfisicalSecretOptions,
  InfisicalSecretsScope,
  InfisicalUniversalAuth,
} from './infisical/infisical-secret';
export type {
  KubeManifest,
  ManifestMetadata,
  SecretHandle,
} from './manifest';
export {
  apiServerEgressGuardManifest,
} from './network/api-server-egress';
export type {
  ApiServerEgressGuardOptions,
} from './network/api-server-egress';
export {
  NETWORK_POLICY_API_VERSION,
} from './network/common';
export type {
  DnsTarget,
} from './network/common';
export {
  externalSecretsEgressManifest,
} from './network/eso-egress';
export type {
  ExternalSecretsEgressOptions,
  InClusterVault,
} from './network/eso-egress';
export {
  namespaceIsolationManifests,
} from './network/namespace-isolation';
export type {
  NamespaceIsolationOptions,
} from './network/namespace-isolation';
export {
  VAULT_CLIENT_LABEL,
  vaultAccessManifest,
} from './network/vault-access';
export type {
  VaultAccessOptions,
} from './network/vault-access';
export {
  RBAC_API_VERSION,
  secretReaderManifests,
} from './rbac/secret-reader';
export type {
  SecretReadVerb,
  SecretReaderManifests,
  SecretReaderOptions,
  SecretRef,
} from './rbac/secret-reader';
export {
  parseArn,
} from './validate/arn';
export type {
  ParsedArn,
} from './validate/arn';
export {
  isDns1123Label,
  isDns1123Subdomain,
} from './validate/names';
export {
  VAULT_ANNOTATION_PREFIX,
  VaultAnnotations,
  vaultAgentInjection,
} from './vault/agent';
export type {
  ProjectedTokenVolume,
  ServiceAccountTokenProjection,
  VaultAgentInjectionOptions,
  VaultAgentInjectionSpec,
  VaultAgentSecret,
  VaultKubernetesAuthRole,
  VaultTokenVolumeOptions,
} from './vault/agent';
export {
  RELOADABLE_KINDS,
  RELOADER_SECRET_ANNOTATION,
  RELOADER_SECRET_PROVIDER_CLASS_ANNOTATION,
  SECRET_FILE_MODE,
  mergeReloadAnnotation,
  secretsConsumedByPodSpec,
} from './workload/reloader';
export type {
  SecretEnvOptions,
  SecretMountOptions,
} from './workload/reloader';

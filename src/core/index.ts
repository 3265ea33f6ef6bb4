/**
 * The pure core: validation, least-privilege rules and manifest/policy builders, shared by the cdk8s
 * constructs and the Pulumi components. This file is the core's public surface: a named list. Helpers
 * marked `@internal` are imported by the front-ends from their own modules and are not exported here.
 */
export {
  AUDIT_RULES,
  auditManifests,
  auditRule,
  auditText,
} from './audit/audit';
export {
  severityAtLeast,
} from './audit/engine';
export type {
  AuditOptions,
  AuditReport,
} from './audit/engine';
export {
  AUDIT_SEVERITIES,
} from './audit/types';
export type {
  AuditContext,
  AuditFinding,
  AuditFindingObject,
  AuditHit,
  AuditObject,
  AuditSeverity,
  AuditSource,
  CredentialHit,
  SecretsAuditRule,
} from './audit/types';
export type {
  CiOidcSubject,
  GitHubActionsTrustPolicyOptions,
  GitLabCiTrustPolicyOptions,
} from './aws/ci-oidc';
export {
  eksClusterSettings,
} from './aws/eks';
export type {
  EksClusterSettings,
  EksClusterSettingsOptions,
  EksLogType,
} from './aws/eks';
export {
  EKS_CLUSTER_KEY_ACTIONS,
  KMS_ADMIN_ACTIONS,
  KMS_POLICY_MANAGER_ACTIONS,
  POD_IDENTITY_SESSION_TAGS,
  SECRETS_MANAGER_READ_ACTIONS,
  SSM_PATH_READ_ACTIONS,
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
  PodIdentityTrustPolicyOptions,
  PolicyDocument,
  PolicyStatement,
  SecretReadPolicyOptions,
  ServiceAccountBinding,
  ServiceAccountBindingOptIns,
} from './aws/iam';
export {
  managedSecretSettings,
  secretRotationDays,
} from './aws/secrets-manager';
export type {
  ManagedSecretOptions,
  ManagedSecretRotationOptions,
  ManagedSecretSettings,
  SecretRotationDaysOptions,
} from './aws/secrets-manager';
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
  clusterExternalSecretManifest,
} from './eso/cluster-external-secret';
export type {
  ClusterExternalSecretManifest,
  ClusterExternalSecretOptions,
  ClusterExternalSecretSpec,
} from './eso/cluster-external-secret';
export {
  ESO_API_VERSION,
  SecretStoreKind,
} from './eso/common';
export type {
  NamespacedMetadata,
  ProviderEndpoint,
  ProviderRenderContext,
  SecretStoreProviderSpec,
  ServiceAccountRefSpec,
  StoreReference,
} from './eso/common';
export type {
  ClusterSecretStoreCondition,
  ClusterSecretStoreConditionSpec,
  LabelSelector,
  LabelSelectorRequirement,
  LabelSelectorSpec,
} from './eso/conditions';
export {
  ExternalSecretRefresh,
  externalSecretManifest,
} from './eso/external-secret';
export type {
  DecodingStrategy,
  ExternalSecretData,
  ExternalSecretDataFrom,
  ExternalSecretDataFromSpec,
  ExternalSecretDataSpec,
  ExternalSecretExtract,
  ExternalSecretFind,
  ExternalSecretFindSpec,
  ExternalSecretManifest,
  ExternalSecretOptions,
  ExternalSecretRefreshSettings,
  ExternalSecretRemoteRefSpec,
  ExternalSecretSpec,
  ExternalSecretTarget,
  ExternalSecretTargetSpec,
} from './eso/external-secret';
export {
  ESO_GENERATORS_API_VERSION,
  ecrAuthorizationTokenManifest,
  passwordGeneratorManifest,
} from './eso/generators';
export type {
  EcrAuthorizationTokenManifest,
  EcrAuthorizationTokenOptions,
  EcrAuthorizationTokenSpec,
  GeneratorKind,
  GeneratorRefSpec,
  GeneratorReference,
  PasswordGeneratorManifest,
  PasswordGeneratorOptions,
  PasswordGeneratorSpec,
} from './eso/generators';
export {
  SecretStoreProvider,
} from './eso/provider';
export type {
  AwsProviderOptions,
  AwsProviderSpec,
} from './eso/providers/aws';
export type {
  AzureKeyVaultProviderSpec,
  AzureProviderOptions,
} from './eso/providers/azure';
export type {
  GcpProviderOptions,
  GcpProviderSpec,
} from './eso/providers/gcp';
export type {
  VaultAwsIamAuth,
  VaultCaProvider,
  VaultProviderOptions,
  VaultProviderSpec,
} from './eso/providers/vault';
export {
  ESO_PUSH_SECRET_API_VERSION,
  pushSecretManifest,
} from './eso/push-secret';
export type {
  PushSecretData,
  PushSecretDataSpec,
  PushSecretManifest,
  PushSecretOptions,
  PushSecretSpec,
} from './eso/push-secret';
export {
  clusterSecretStoreManifest,
  secretStoreManifest,
} from './eso/secret-store';
export type {
  ClusterSecretStoreManifest,
  ClusterSecretStoreSpec,
  SecretStoreManifest,
  SecretStoreOptions,
  SecretStoreSpec,
} from './eso/secret-store';
export {
  ExternalSecretTemplate,
} from './eso/template';
export type {
  BasicAuthTemplateOptions,
  DockerConfigJsonTemplateOptions,
  ExternalSecretTemplateSpec,
  OpaqueTemplateOptions,
  TemplateMetadataOptions,
  TlsTemplateOptions,
} from './eso/template';
export {
  AGE_PQ_SUPPORT,
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
export type {
  SealedSecretFile,
  SealedSecretFileContents,
} from './gitops/kubeseal';
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
  tokenAutomounted,
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
  InfisicalManagedSecretReferenceSpec,
  InfisicalSecretAuthenticationSpec,
  InfisicalSecretManifest,
  InfisicalSecretOptions,
  InfisicalSecretSpec,
  InfisicalSecretsScope,
  InfisicalSecretsScopeSpec,
  InfisicalUniversalAuth,
} from './infisical/infisical-secret';
export {
  INFISICAL_V1BETA1_API_VERSION,
  infisicalAuthManifest,
  infisicalConnectionManifest,
  infisicalStaticSecretManifest,
} from './infisical/static-secret';
export type {
  InfisicalAuthKubernetes,
  InfisicalAuthManifest,
  InfisicalAuthOptions,
  InfisicalAuthSpec,
  InfisicalAuthUniversal,
  InfisicalConnectionManifest,
  InfisicalConnectionOptions,
  InfisicalNamespacedName,
  InfisicalObjectMetadata,
  InfisicalObjectReference,
  InfisicalSecretKeyRef,
  InfisicalStaticSecretManifest,
  InfisicalStaticSecretOptions,
  InfisicalStaticSecretSource,
  InfisicalStaticSecretSourceSpec,
  InfisicalStaticSecretTarget,
  InfisicalStaticSecretTargetSpec,
} from './infisical/static-secret';
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
  IpBlock,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyManifest,
  NetworkPolicyMetadata,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
  NetworkProtocol,
} from './network/common';
export {
  EKS_POD_IDENTITY_AGENT_IPV4,
  EKS_POD_IDENTITY_AGENT_IPV6,
  EKS_POD_IDENTITY_AGENT_PORT,
  EgressTarget,
} from './network/egress-target';
export type {
  EgressPort,
} from './network/egress-target';
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
  externalSecretsVaultClient,
  vaultAccessManifest,
} from './network/vault-access';
export type {
  ExternalSecretsVaultClientOptions,
  VaultAccessOptions,
  VaultClientSelector,
} from './network/vault-access';
export {
  CLOUD_NATIVE_ASSUMES,
  CLOUD_NATIVE_REFRESH_INTERVAL,
  SecretSource,
  cloudNativeIamPolicy,
  cloudNativeSecretsPlan,
  cloudNativeSecretsReport,
  cloudNativeTrustPolicy,
} from './patterns/cloud-native';
export type {
  AwsSecretSourceOptions,
  AzureSecretSourceOptions,
  CloudAppOptions,
  CloudAppPlan,
  CloudControllerEgressOptions,
  CloudNativeAwsIdentity,
  CloudNativeAwsIdentityOptions,
  CloudNativeIamPolicyOptions,
  CloudNativeSecretsOptions,
  CloudNativeSecretsPlan,
  CloudNativeTrustPolicyOptions,
  CloudSecretOptions,
  CloudSecretPlan,
  CloudStoreAuth,
  CloudStorePlan,
  GcpSecretSourceOptions,
  SecretSourceKind,
  SecretSourceSettings,
} from './patterns/cloud-native';
export {
  COMPLIANCE_CONTROLS,
  complianceReport,
} from './patterns/compliance';
export type {
  ComplianceControl,
  ComplianceControlId,
  ComplianceControlInput,
  ComplianceReport,
  ComplianceStatus,
} from './patterns/compliance';
export {
  ENTERPRISE_VAULT_ASSUMES,
  ENTERPRISE_VAULT_PATTERN,
  enterpriseVaultPlan,
  enterpriseVaultReport,
} from './patterns/enterprise-vault';
export type {
  EnterpriseVaultAppInput,
  EnterpriseVaultAppOptions,
  EnterpriseVaultAppPlan,
  EnterpriseVaultConnection,
  EnterpriseVaultNamespacePlan,
  EnterpriseVaultOptions,
  EnterpriseVaultPlan,
  EnterpriseVaultRendered,
} from './patterns/enterprise-vault';
export {
  GitOpsEncryption,
  gitOpsAppPlan,
  gitOpsAssumes,
  gitOpsBasePlan,
  gitOpsComplianceReport,
  gitOpsPlan,
  gitOpsSecretPlan,
} from './patterns/gitops';
export type {
  GitOpsAppInput,
  GitOpsAppPlan,
  GitOpsBasePlan,
  GitOpsFluxOptions,
  GitOpsPatternOptions,
  GitOpsPlan,
  GitOpsRenderedParts,
  GitOpsSealedSecretsOptions,
  GitOpsSecretInput,
  GitOpsSecretPlan,
  GitOpsSopsOptions,
} from './patterns/gitops';
export {
  HYBRID_ASSUMES,
  HYBRID_PATTERN,
  hybridClusterReport,
  hybridMultiCloudPlan,
} from './patterns/hybrid-multi-cloud';
export type {
  HybridAppInput,
  HybridAppOptions,
  HybridAppPlan,
  HybridClusterAuth,
  HybridClusterOptions,
  HybridClusterPlan,
  HybridMount,
  HybridMultiCloudOptions,
  HybridMultiCloudPlan,
  HybridNamespacePlan,
  HybridRendered,
  HybridSecretInput,
  HybridSecretOptions,
  HybridVaultConnection,
} from './patterns/hybrid-multi-cloud';
export {
  vaultSetupScript,
} from './patterns/vault-setup';
export type {
  VaultAuthMount,
  VaultRoleWrite,
  VaultSetupScriptOptions,
} from './patterns/vault-setup';
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
  DEFAULT_SPIFFE_ID_PATH,
  SPIRE_API_VERSION,
  clusterSpiffeIdForServiceAccount,
  clusterSpiffeIdManifest,
} from './spiffe/cluster-spiffe-id';
export type {
  ClusterSpiffeIdForServiceAccountOptions,
  ClusterSpiffeIdManifest,
  ClusterSpiffeIdOptions,
  ClusterSpiffeIdSpec,
} from './spiffe/cluster-spiffe-id';
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
  vaultAgentPodPlan,
} from './vault/agent';
export type {
  ProjectedTokenVolume,
  ServiceAccountTokenProjection,
  VaultAgentInjectionOptions,
  VaultAgentInjectionSpec,
  VaultAgentPodPlan,
  VaultAgentSecret,
  VaultFileAccess,
  VaultKubernetesAuthRole,
  VaultPodFacts,
  VaultTokenVolumeOptions,
} from './vault/agent';
export {
  VSO_API_VERSION,
  vaultAuthManifest,
  vaultConnectionManifest,
  vaultDynamicSecretManifest,
  vaultOperatorAccess,
  vaultStaticSecretManifest,
} from './vault/operator';
export type {
  VaultAuthBinding,
  VaultAuthManifest,
  VaultAuthOptions,
  VaultAuthResult,
  VaultAuthServiceAccountOptions,
  VaultAuthServiceAccountSpec,
  VaultAuthSpec,
  VaultConnectionManifest,
  VaultConnectionOptions,
  VaultDynamicSecretManifest,
  VaultDynamicSecretOptions,
  VaultDynamicSecretSpec,
  VaultOperatorAccess,
  VaultOperatorAccessOptions,
  VaultStaticSecretManifest,
  VaultStaticSecretOptions,
  VaultStaticSecretSpec,
  VsoDestination,
  VsoDestinationSpec,
  VsoMetadata,
  VsoObjectReference,
  VsoRolloutTarget,
  VsoRolloutTargetSpec,
  VsoSecretOptions,
  VsoSecretResult,
} from './vault/operator';
export {
  WORKLOAD_KINDS,
  runsToCompletion,
} from './workload/kind';
export type {
  WorkloadKind,
  WorkloadKindFacts,
} from './workload/kind';
export type {
  ContainerUser,
  PodUsers,
} from './workload/pod';
export {
  RELOADABLE_KINDS,
  RELOADER_SECRET_ANNOTATION,
  RELOADER_SECRET_PROVIDER_CLASS_ANNOTATION,
  SECRET_FILE_MODE,
  mergeReloadAnnotation,
  reloaderEntry,
  secretsConsumedByPodSpec,
} from './workload/reloader';
export type {
  SecretEnvOptions,
  SecretMountOptions,
} from './workload/reloader';

/**
 * The cdk8s front-end: constructs over cdk8s and cdk8s-plus, thin wrappers of the core builders. A named
 * list: internal helpers are not exported.
 */
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
  ExternalSecret,
} from './eso/external-secret';
export type {
  ExternalSecretProps,
} from './eso/external-secret';
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
  SecretReader,
} from './rbac/secret-reader';
export type {
  SecretReaderProps,
} from './rbac/secret-reader';
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
  EnvFromSecretOptions,
  MountSecretOptions,
  SecretSource,
} from './workload/consumption';

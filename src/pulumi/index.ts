/**
 * kube-secure-secrets/pulumi: the Pulumi front-end. Components over `@pulumi/kubernetes` (and, for the
 * AWS foundations, `@pulumi/aws`), built from the same core builders as the cdk8s constructs. The pure
 * core (WorkloadIdentity, SecretStoreProvider, validation, builders) is re-exported so a Pulumi program
 * needs one import.
 * @packageDocumentation
 */
export * from '../core';
export * from './secret-reader';
export * from './secure-service-account';
export * from './secret-store';
export * from './external-secret';
export * from './network-policies';
export * from './consumption';
export * from './kms-encrypted-eks-cluster';
export * from './aws-roles';
export * from './managed-secret';
export * from './sealed-secret';
export * from './secret-access-alerts';
export * from './secret-provider-class';
export * from './infisical-secret';
export * from './vault-agent-injection';

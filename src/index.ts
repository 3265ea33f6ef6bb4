/**
 * kube-secure-secrets: secure-by-default building blocks for Kubernetes secrets.
 *
 * This entry point holds the cdk8s constructs and the pure core (validation, manifest and policy
 * builders). It never loads `@pulumi/*`; the Pulumi components live in `kube-secure-secrets/pulumi`.
 * @packageDocumentation
 */
export * from './core';
export * from './constructs';

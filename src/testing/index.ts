/**
 * `kube-secure-secrets/testing`: offline previews and unit tests for users of the library.
 *
 * - {@link setupPulumiMocks}: Pulumi's mock engine with what AWS and Kubernetes would return, recording
 *   every resource (needs `@pulumi/pulumi`);
 * - {@link synthValid} / {@link validateManifests}: synthesize a cdk8s chart and validate every manifest
 *   strictly against the upstream schemas shipped in the package (`assets/schemas/`; needs `ajv` and
 *   `ajv-formats` as dev dependencies);
 * - {@link toHaveNoSecretFindings}: a jest (or any `expect.extend`) matcher that runs the secrets
 *   auditor over manifests, YAML text or a cdk8s App/Chart.
 *
 * Framework-neutral: nothing here imports jest; failures are thrown Errors.
 */
export type { PulumiMockOptions, PulumiMockRecorder, RecordedResource } from './pulumi-mocks';
export { mockCallOutputs, mockResourceOutputs, setupPulumiMocks } from './pulumi-mocks';
export { synthAppValid, synthValid } from './cdk8s';
export { knownKinds, manifestProblems, validateManifests } from './schema';
export type { SecretFindingsMatcherResult, SecretFindingsOptions } from './secret-findings-matcher';
export { secretFindingsMatchers, toHaveNoSecretFindings } from './secret-findings-matcher';

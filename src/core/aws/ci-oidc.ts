/**
 * IAM roles for CI/CD without static keys (issue 17): the trust of a role that a GitHub Actions or
 * GitLab CI job assumes with its OIDC token, and the permissions a deploy of this library's outputs
 * needs.
 */
import { ValidationError, q } from '../errors';
import { PolicyDocument, checkArn } from './iam';

/**
 * The issuer of GitHub Actions OIDC tokens (host, as IAM writes it in condition keys).
 * @internal
 */
export const GITHUB_ACTIONS_OIDC_ISSUER = 'token.actions.githubusercontent.com';
/**
 * The audience AWS's `configure-aws-credentials` action asks for, and the only one trusted.
 * @internal
 */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** Who may assume a CI role: exactly one branch, or exactly one deployment environment. */
export interface CiOidcSubject {
  /**
   * The branch whose workflow runs may assume the role (`main`: `refs/heads/main`). A job that names an
   * `environment:` gets an environment subject instead, so use `environment` for those.
   * @default - none: give branch or environment
   */
  readonly branch?: string;
  /**
   * The GitHub deployment environment whose jobs may assume the role (`production`). Protect it (required
   * reviewers, branch rules) in the repository settings.
   * @default - none: give branch or environment
   */
  readonly environment?: string;
}

/** Options of {@link githubActionsTrustPolicy}. */
export interface GitHubActionsTrustPolicyOptions extends CiOidcSubject {
  /** The IAM OIDC provider of `token.actions.githubusercontent.com` in the account. */
  readonly oidcProviderArn: string;
  /** The repository, `owner/name`, exactly as GitHub spells it (the claim is case-sensitive). */
  readonly repository: string;
  /**
   * The component name used in error messages.
   * @default "GitHubActionsOidcRole"
   */
  readonly component?: string;
}

const GITHUB_OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const GITHUB_REPO = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * A git branch name as `git check-ref-format --branch` allows it, without the characters a policy
 * condition or a shell would read otherwise (`*`, `?`, `[`, spaces, control characters).
 */
function checkBranch(component: string, prop: string, value: unknown): string {
  const ok = typeof value === 'string' && value.length > 0 && value.length <= 255 && !/[\s~^:?*[\\\u0000-\u001f\u007f]/.test(value)
    && !value.startsWith('/') && !value.endsWith('/') && !value.endsWith('.') && !value.includes('..') && !value.includes('//')
    && !value.includes('@{') && !value.startsWith('-') && !value.startsWith('refs/') && !value.split('/').some(p => p.startsWith('.') || p.endsWith('.lock'));
  if (!ok) {
    throw new ValidationError(component, prop, `${q(value)} is not a branch name (git check-ref-format --branch), or has a wildcard; give one branch such as "main", without refs/heads/.`);
  }
  return value as string;
}

function checkEnvironment(component: string, prop: string, value: unknown): string {
  // GitHub: environment names are at most 255 characters and cannot contain ':' (the claim's separator).
  if (typeof value !== 'string' || value.length === 0 || value.length > 255 || /[:*?\s\u0000-\u001f]/.test(value)) {
    throw new ValidationError(component, prop, `${q(value)} is not a deployment environment name (1-255 characters, no ":", spaces or wildcards).`);
  }
  return value;
}

function checkSubject(component: string, options: CiOidcSubject, environments: boolean): string {
  if ((options.branch === undefined) === (options.environment === undefined) || (!environments && options.environment !== undefined)) {
    throw new ValidationError(component, environments ? 'branch' : 'branch', environments
      ? 'and environment: give exactly one (the branch of the workflow runs, or the deployment environment of the job).'
      : 'is required: give the one branch whose pipelines may assume the role.');
  }
  return options.branch !== undefined ? `ref:refs/heads/${checkBranch(component, 'branch', options.branch)}` : `environment:${checkEnvironment(component, 'environment', options.environment)}`;
}

function checkProvider(component: string, arn: string, issuer: string): void {
  const provider = checkArn(component, 'oidcProviderArn', 'oidcProviderArn', arn);
  if (provider.resource !== `oidc-provider/${issuer}`) {
    throw new ValidationError(component, 'oidcProviderArn', `${q(arn)} is not the IAM OIDC provider of ${q(issuer)}; give the provider whose URL is https://${issuer}.`);
  }
}

/**
 * The trust policy of a role for GitHub Actions: `Federated` = the account's provider of
 * `token.actions.githubusercontent.com`, `sts:AssumeRoleWithWebIdentity`, `StringEquals` on
 * `:aud = sts.amazonaws.com` and on `:sub` = `repo:<owner>/<repo>:ref:refs/heads/<branch>` or
 * `repo:<owner>/<repo>:environment:<env>`: exactly one repository and one branch or environment, never
 * `StringLike` on `repo:*` (which lets every repository on GitHub, forks included, assume the role).
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 * @internal
 */
export function githubActionsTrustPolicy(options: GitHubActionsTrustPolicyOptions): PolicyDocument {
  const component = options.component ?? 'GitHubActionsOidcRole';
  checkProvider(component, options.oidcProviderArn, GITHUB_ACTIONS_OIDC_ISSUER);
  const parts = typeof options.repository === 'string' ? options.repository.split('/') : [];
  if (parts.length !== 2 || !GITHUB_OWNER.test(parts[0]) || !GITHUB_REPO.test(parts[1]) || parts[1] === '.' || parts[1] === '..') {
    throw new ValidationError(component, 'repository', `${q(options.repository)} is not a GitHub repository "owner/name" (no wildcards); give exactly one repository.`);
  }
  const subject = `repo:${options.repository}:${checkSubject(component, options, true)}`;
  return webIdentityTrust(options.oidcProviderArn, GITHUB_ACTIONS_OIDC_ISSUER, STS_AUDIENCE, subject);
}

/** Options of {@link gitlabCiTrustPolicy}. */
export interface GitLabCiTrustPolicyOptions {
  /** The IAM OIDC provider of the GitLab instance (`gitlab.com`) in the account. */
  readonly oidcProviderArn: string;
  /**
   * The GitLab instance, host (and path), as its OIDC issuer.
   * @default "gitlab.com"
   */
  readonly issuer?: string;
  /** The project path, `group/subgroup/project`. */
  readonly project: string;
  /** The branch whose pipelines may assume the role. */
  readonly branch: string;
  /**
   * The audience the job requests (`id_tokens: AWS_TOKEN: aud: ...` in `.gitlab-ci.yml`).
   * @default "sts.amazonaws.com"
   */
  readonly audience?: string;
  /**
   * The component name used in error messages.
   * @default "GitLabCiOidcRole"
   */
  readonly component?: string;
}

/**
 * The trust policy of a role for GitLab CI: `StringEquals` on `:aud` and on
 * `:sub = project_path:<group/project>:ref_type:branch:ref:<branch>`: one project, one branch.
 * @see https://docs.gitlab.com/ee/ci/cloud_services/aws/
 * @internal
 */
export function gitlabCiTrustPolicy(options: GitLabCiTrustPolicyOptions): PolicyDocument {
  const component = options.component ?? 'GitLabCiOidcRole';
  const issuer = options.issuer ?? 'gitlab.com';
  if (typeof issuer !== 'string' || !/^[a-z0-9.-]+(:\d+)?(\/[A-Za-z0-9._~-]+)*$/.test(issuer)) {
    throw new ValidationError(component, 'issuer', `${q(issuer)} is not a GitLab host (and path) such as "gitlab.com", without https://.`);
  }
  checkProvider(component, options.oidcProviderArn, issuer);
  if (typeof options.project !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)+$/.test(options.project)) {
    throw new ValidationError(component, 'project', `${q(options.project)} is not a GitLab project path "group/project" (no wildcards).`);
  }
  const audience = options.audience ?? STS_AUDIENCE;
  if (typeof audience !== 'string' || audience.length === 0 || /[*?\s]/.test(audience)) {
    throw new ValidationError(component, 'audience', `${q(audience)} is not an audience; use the aud the job requests, e.g. "sts.amazonaws.com".`);
  }
  const branch = checkBranch(component, 'branch', options.branch);
  return webIdentityTrust(options.oidcProviderArn, issuer, audience, `project_path:${options.project}:ref_type:branch:ref:${branch}`);
}

function webIdentityTrust(providerArn: string, issuer: string, audience: string, subject: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Allow',
      Principal: { Federated: providerArn },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: { StringEquals: { [`${issuer}:aud`]: audience, [`${issuer}:sub`]: subject } },
    }],
  };
}

/**
 * What a CI deploy of this library's outputs needs from IAM: `eks:DescribeCluster` on the one cluster
 * (for `aws eks update-kubeconfig`, then `kubectl apply` of the synthesized manifests: SealedSecrets,
 * SOPS Secrets, ExternalSecrets, RBAC, NetworkPolicies). Nothing else: no secret is read in CI (the
 * manifests hold only ciphertext or references), and what the job may do inside the cluster is
 * Kubernetes RBAC, granted by an EKS access entry, not IAM.
 * @internal
 */
export function ciDeployPolicy(component: string, clusterArn: string): PolicyDocument {
  checkArn(component, 'clusterArn', 'clusterArn', clusterArn);
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: clusterArn }] };
}

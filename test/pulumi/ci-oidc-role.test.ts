/**
 * CI/CD without static keys (issue 17): the GitHub Actions and GitLab CI roles. The trust is simulated
 * with the IAM simulator (test/helpers/iam.ts): the named repository and branch (or environment) may
 * assume the role; another repository, branch, environment, a fork, a pull request and another audience
 * may not. The permissions are exactly `eks:DescribeCluster` on the one cluster.
 */
import { githubActionsTrustPolicy } from '../../src/core/aws/ci-oidc';
import { GitHubActionsOidcRole, GitLabCiOidcRole } from '../../src/pulumi';
import { evaluate } from '../helpers/iam';
import { onlyResourceOf, resetRecorded, resourcesOf, settle, settled, setupPulumiMocks } from '../helpers/pulumi';

beforeAll(setupPulumiMocks);
beforeEach(resetRecorded);

const CLUSTER = 'arn:aws:eks:us-east-1:111122223333:cluster/prod';
const GH = 'token.actions.githubusercontent.com';
const GH_PROVIDER = `arn:aws:iam::111122223333:oidc-provider/${GH}`;
const ROLE = 'arn:aws:iam::111122223333:role/deploy';

/**
 * Whether a web-identity request may assume the role under `trust`. @cloud-copilot/iam-simulate cannot
 * decide this: it drops the `<issuer>:sub` and `<issuer>:aud` context keys, which AWS's service
 * reference does not list for sts:AssumeRoleWithWebIdentity (checked below), so every request would be
 * "ImplicitlyDenied". This evaluator follows IAM's rules for the statements used here: Allow, the
 * Federated principal equal to the token's provider, the action, and every StringEquals key present in
 * the request with a value equal to one of the listed values (case-sensitive).
 */
async function assume(trust: any, issuer: string, sub: string, aud = 'sts.amazonaws.com', provider = GH_PROVIDER): Promise<'Allowed' | 'ImplicitlyDenied'> {
  const context: Record<string, string> = { [`${issuer}:sub`]: sub, [`${issuer}:aud`]: aud };
  const allowed = (trust.Statement as any[]).some(st => st.Effect === 'Allow' && st.Principal?.Federated === provider
    && [st.Action].flat().includes('sts:AssumeRoleWithWebIdentity')
    && Object.keys(st.Condition ?? {}).every(op => op === 'StringEquals')
    && Object.entries(st.Condition?.StringEquals ?? {}).every(([k, v]) => k in context && [v].flat().includes(context[k])));
  return allowed ? 'Allowed' : 'ImplicitlyDenied';
}

test('the IAM simulator ignores the OIDC :sub and :aud keys (why the trust is evaluated by hand above)', async () => {
  const trust = githubActionsTrustPolicy({ oidcProviderArn: GH_PROVIDER, repository: 'acme/payments', branch: 'main' });
  const context = { [`${GH}:sub`]: 'repo:acme/payments:ref:refs/heads/main', [`${GH}:aud`]: 'sts.amazonaws.com' };
  expect(await evaluate({ principal: GH_PROVIDER, action: 'sts:AssumeRoleWithWebIdentity', resource: ROLE, context }, [], trust)).toBe('ImplicitlyDenied');
});

describe('GitHubActionsOidcRole', () => {
  test('creates the provider, trusts exactly repo + branch with StringEquals, grants eks:DescribeCluster only', async () => {
    const ci = new GitHubActionsOidcRole('deploy', { repository: 'acme/payments', branch: 'main', clusterArn: CLUSTER });
    await settle(ci);
    expect(onlyResourceOf('aws:iam/openIdConnectProvider:OpenIdConnectProvider').inputs).toEqual({ url: `https://${GH}`, clientIdLists: ['sts.amazonaws.com'] });
    const trust = JSON.parse(await settled(ci.trustPolicy));
    expect(trust).toEqual({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Principal: { Federated: GH_PROVIDER },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: { StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com', [`${GH}:sub`]: 'repo:acme/payments:ref:refs/heads/main' } },
      }],
    });
    expect(JSON.stringify(trust)).not.toContain('StringLike');
    expect(JSON.parse(onlyResourceOf('aws:iam/role:Role').inputs.assumeRolePolicy)).toEqual(trust);
    const permission = JSON.parse(onlyResourceOf('aws:iam/rolePolicy:RolePolicy').inputs.policy);
    expect(permission).toEqual({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'eks:DescribeCluster', Resource: CLUSTER }] });

    expect(await assume(trust, GH, 'repo:acme/payments:ref:refs/heads/main')).toBe('Allowed');
    for (const sub of ['repo:acme/payments:ref:refs/heads/dev', 'repo:acme/other:ref:refs/heads/main', 'repo:evil/payments:ref:refs/heads/main',
      'repo:acme/payments:pull_request', 'repo:acme/payments:environment:production', 'repo:ACME/payments:ref:refs/heads/main', 'repo:acme/payments:ref:refs/heads/main2']) {
      expect([sub, await assume(trust, GH, sub)]).toEqual([sub, 'ImplicitlyDenied']);
    }
    expect(await assume(trust, GH, 'repo:acme/payments:ref:refs/heads/main', 'https://github.com/acme')).toBe('ImplicitlyDenied');
    expect(await assume(trust, GH, 'repo:acme/payments:ref:refs/heads/main', 'sts.amazonaws.com', 'arn:aws:iam::111122223333:oidc-provider/gitlab.com')).toBe('ImplicitlyDenied');

    expect(await evaluate({ action: 'eks:DescribeCluster', resource: CLUSTER }, [permission])).toBe('Allowed');
    expect(await evaluate({ action: 'eks:DescribeCluster', resource: 'arn:aws:eks:us-east-1:111122223333:cluster/staging' }, [permission])).toBe('ImplicitlyDenied');
    for (const [action, resource] of [['secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf'],
      ['eks:UpdateClusterConfig', CLUSTER], ['eks:DeleteCluster', CLUSTER], ['iam:PassRole', ROLE], ['kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab']]) {
      expect([action, await evaluate({ action, resource }, [permission])]).toEqual([action, 'ImplicitlyDenied']);
    }
  });

  test('an environment, with an existing provider: no provider created', async () => {
    const ci = new GitHubActionsOidcRole('deploy', { repository: 'acme/payments', environment: 'production', clusterArn: CLUSTER, oidcProviderArn: GH_PROVIDER });
    await settle(ci);
    expect(resourcesOf('aws:iam/openIdConnectProvider:OpenIdConnectProvider')).toEqual([]);
    const trust = JSON.parse(await settled(ci.trustPolicy));
    expect(await assume(trust, GH, 'repo:acme/payments:environment:production')).toBe('Allowed');
    expect(await assume(trust, GH, 'repo:acme/payments:environment:staging')).toBe('ImplicitlyDenied');
    expect(await assume(trust, GH, 'repo:acme/payments:ref:refs/heads/main')).toBe('ImplicitlyDenied');
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a wildcard repository', { repository: 'acme/*', branch: 'main' }, 'GitHubActionsOidcRole: repository "acme/*" is not a GitHub repository "owner/name" (no wildcards); give exactly one repository.'],
    ['an owner only', { repository: 'acme', branch: 'main' }, 'GitHubActionsOidcRole: repository "acme" is not a GitHub repository'],
    ['a wildcard branch', { repository: 'acme/payments', branch: 'release/*' }, 'GitHubActionsOidcRole: branch "release/*" is not a branch name (git check-ref-format --branch), or has a wildcard'],
    ['a full ref as branch', { repository: 'acme/payments', branch: 'refs/heads/main' }, 'GitHubActionsOidcRole: branch "refs/heads/main" is not a branch name'],
    ['neither branch nor environment', { repository: 'acme/payments' }, 'GitHubActionsOidcRole: branch and environment: give exactly one'],
    ['both branch and environment', { repository: 'acme/payments', branch: 'main', environment: 'prod' }, 'GitHubActionsOidcRole: branch and environment: give exactly one'],
    ['an environment with a colon', { repository: 'acme/payments', environment: 'prod:x' }, 'GitHubActionsOidcRole: environment "prod:x" is not a deployment environment name'],
    ['another issuer\'s provider', { repository: 'acme/payments', branch: 'main', oidcProviderArn: 'arn:aws:iam::111122223333:oidc-provider/gitlab.com' },
      'GitHubActionsOidcRole: oidcProviderArn "arn:aws:iam::111122223333:oidc-provider/gitlab.com" is not the IAM OIDC provider of "token.actions.githubusercontent.com"'],
    ['a cluster that is not an EKS cluster ARN', { repository: 'acme/payments', branch: 'main', clusterArn: 'arn:aws:eks:us-east-1:111122223333:nodegroup/prod/ng/1' },
      'GitHubActionsOidcRole: clusterArn "arn:aws:eks:us-east-1:111122223333:nodegroup/prod/ng/1" is not a valid EKS cluster ARN'],
  ])('refuses %s', (_, over, message) => {
    expect(() => new GitHubActionsOidcRole('x', { clusterArn: CLUSTER, ...over } as never)).toThrow(message);
  });
});

describe('GitLabCiOidcRole', () => {
  test('trusts exactly project + branch on gitlab.com', async () => {
    const ci = new GitLabCiOidcRole('deploy', { project: 'acme/platform/payments', branch: 'main', clusterArn: CLUSTER });
    await settle(ci);
    expect(onlyResourceOf('aws:iam/openIdConnectProvider:OpenIdConnectProvider').inputs.url).toBe('https://gitlab.com');
    const trust = JSON.parse(await settled(ci.trustPolicy));
    const provider = 'arn:aws:iam::111122223333:oidc-provider/gitlab.com';
    expect(trust.Statement[0].Condition).toEqual({ StringEquals: { 'gitlab.com:aud': 'sts.amazonaws.com', 'gitlab.com:sub': 'project_path:acme/platform/payments:ref_type:branch:ref:main' } });
    expect(await assume(trust, 'gitlab.com', 'project_path:acme/platform/payments:ref_type:branch:ref:main', 'sts.amazonaws.com', provider)).toBe('Allowed');
    expect(await assume(trust, 'gitlab.com', 'project_path:acme/platform/payments:ref_type:branch:ref:feature', 'sts.amazonaws.com', provider)).toBe('ImplicitlyDenied');
    expect(await assume(trust, 'gitlab.com', 'project_path:acme/other:ref_type:branch:ref:main', 'sts.amazonaws.com', provider)).toBe('ImplicitlyDenied');
    expect(await assume(trust, 'gitlab.com', 'project_path:acme/platform/payments:ref_type:tag:ref:main', 'sts.amazonaws.com', provider)).toBe('ImplicitlyDenied');
  });

  test('refuses a wildcard project', () => {
    expect(() => new GitLabCiOidcRole('x', { project: 'acme/*', branch: 'main', clusterArn: CLUSTER })).toThrow('GitLabCiOidcRole: project "acme/*" is not a GitLab project path');
  });
});

test('the core builder is what the component writes', () => {
  expect(githubActionsTrustPolicy({ oidcProviderArn: GH_PROVIDER, repository: 'acme/payments', branch: 'main' }).Statement[0].Condition).toEqual({
    StringEquals: { [`${GH}:aud`]: 'sts.amazonaws.com', [`${GH}:sub`]: 'repo:acme/payments:ref:refs/heads/main' },
  });
});

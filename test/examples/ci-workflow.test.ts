/**
 * examples/ci/github-actions-deploy.yml (issue 17): deploys with the GitHubActionsOidcRole's OIDC trust
 * and no static AWS key.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';

const FILE = path.join(__dirname, '..', '..', 'examples', 'ci', 'github-actions-deploy.yml');
const text = fs.readFileSync(FILE, 'utf8');
const workflow = parse(text);

test('no static AWS key anywhere, and no repository secret at all', () => {
  expect(text).not.toMatch(/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN/);
  expect(text).not.toMatch(/secrets\./);
});

test('the OIDC token is requested, and only read access to the repository', () => {
  expect(workflow.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
});

test('the credentials come from the role, through configure-aws-credentials', () => {
  const steps = workflow.jobs.deploy.steps as Array<Record<string, any>>;
  const aws = steps.filter(s => String(s.uses ?? '').startsWith('aws-actions/configure-aws-credentials@'));
  expect(aws).toHaveLength(1);
  expect(Object.keys(aws[0].with).sort()).toEqual(['aws-region', 'role-session-name', 'role-to-assume']);
  expect(aws[0].with['role-to-assume']).toBe('${{ vars.DEPLOY_ROLE_ARN }}');
});

test('the trigger matches the role\'s subject: pushes to main, and no environment on the job', () => {
  expect(workflow.on).toEqual({ push: { branches: ['main'] } });
  expect(workflow.jobs.deploy.environment).toBeUndefined();
  expect(text).toContain("repository: 'acme/payments', branch: 'main'");
});

/**
 * How each cdk8s example's `require.main` block builds its app (the charts, in order), for the tests that
 * synthesize every example (cdk8s-plus majors, audit-clean). A test fails when a folder of
 * examples/cdk8s is missing here (see `cdk8sExampleNames`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ageKeygen } from '../../src/core/gitops/age';

/** Builds one example's charts into `app`, given the example's module. */
export type Cdk8sExampleBuild = (m: any, app: any) => void;

const ROOT = path.join(__dirname, '..', '..');

/** One throwaway age recipient for the SOPS example, the same in every build so outputs compare. */
const SOPS_RECIPIENT = ageKeygen().recipient;

/** Every cdk8s example, by folder name. */
export const CDK8S_EXAMPLES: Record<string, Cdk8sExampleBuild> = {
  'external-secrets-aws': (m, app) => new m.PaymentsAwsChart(app, 'payments'),
  'external-secrets-gcp': (m, app) => new m.PaymentsGcpChart(app, 'payments'),
  'external-secrets-generators': (m, app) => new m.GeneratorsChart(app, 'payments'),
  'external-secrets-vault': (m, app) => new m.PaymentsVaultChart(app, 'payments', new m.VaultPlatformChart(app, 'vault-platform').store),
  'gitops': (m, app) => new m.GitOpsChart(app, 'payments'),
  'hardening': (m, app) => {
    new m.HardenedPaymentsChart(app, 'payments');
    new m.MonitoringChart(app, 'monitoring');
  },
  'infisical': (m, app) => new m.InfisicalChart(app, 'payments'),
  'least-privilege': (m, app) => new m.PaymentsChart(app, 'payments'),
  'pattern-cloud-native': (m, app) => new m.PaymentsChart(app, 'payments'),
  'pattern-enterprise-vault': (m, app) => new m.PaymentsChart(app, 'payments'),
  'pattern-gitops': (m, app) => {
    new m.SealedGitOpsChart(app, 'payments');
    new m.SopsGitOpsChart(app, 'ledger', SOPS_RECIPIENT);
  },
  'pattern-hybrid-multi-cloud': (m, app) => m.build(app),
  'spiffe': (m, app) => new m.SpiffeChart(app, 'payments'),
  'vault-secrets-operator': (m, app) => new m.VaultOperatorChart(app, 'payments'),
};

/** The folders of examples/cdk8s that hold a main.ts, sorted. */
export function cdk8sExampleNames(): string[] {
  const dir = path.join(ROOT, 'examples', 'cdk8s');
  return fs.readdirSync(dir).filter(d => fs.existsSync(path.join(dir, d, 'main.ts'))).sort();
}

/** Build one example into `app` from its main module (loaded with the caller's module registry). */
export function buildCdk8sExample(name: string, app: unknown): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  CDK8S_EXAMPLES[name](require(path.join(ROOT, 'examples', 'cdk8s', name, 'main')), app);
}

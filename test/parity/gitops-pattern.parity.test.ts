/**
 * Parity of the GitOpsSecrets pattern (issue 13), table-driven over both encryptions: the cdk8s construct
 * and the Pulumi component, given the same input, write the same objects (SealedSecrets, Kustomization,
 * NetworkPolicies, PrometheusRule); SOPS Secrets decrypt to the same applied Secret; the apps' workloads
 * carry the same Reloader annotation and mounts; the reports are equal; bad input is refused alike.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { stringify } from 'yaml';
import * as cdk8s from '../../src';
import { ageKeygen, loadSealingCertificate, sealValue } from '../../src/core';
import * as pl from '../../src/pulumi';
import { testChart } from '../helpers/cdk8s';
import { independentSopsDecrypt } from '../helpers/independent-sops';
import { renderPatternBoth } from '../helpers/pattern-parity';
import { settled, setupPulumiMocks } from '../helpers/pulumi';
import { asApplied, sortKeys } from '../helpers/secret-render';

beforeAll(setupPulumiMocks);

const CERT = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sealed-secrets', 'test-cert.pem'), 'utf8');
const cert = loadSealingCertificate(CERT);
const presealed = {
  'database-credentials': { password: sealValue(cert, Buffer.from('payments/database-credentials'), Buffer.from('fake-db')) },
  'webhook-key': { key: sealValue(cert, Buffer.from('payments/webhook-key'), Buffer.from('fake-hook')) },
};
const { identity, recipient } = ageKeygen();
const FLUX = { path: './clusters/prod/payments', sourceRef: { kind: 'GitRepository' as const, name: 'platform' } };

/** The payment API's Deployment args, as a Pulumi user writes them. */
function apiArgs(): pl.WorkloadArgsLike {
  return {
    metadata: { name: 'payment-api', namespace: 'payments' },
    spec: {
      selector: { matchLabels: { app: 'payment-api' } },
      template: {
        metadata: { labels: { app: 'payment-api' } },
        spec: {
          securityContext: { runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, runAsNonRoot: true },
          containers: [{ name: 'api', image: 'registry.example.com/payment-api:3.0.0' }],
        },
      },
    },
  };
}

/** The payment API as a cdk8s-plus Deployment (apiArgs() is the Pulumi one). */
function cdk8sApi(chart: Chart): kplus.Deployment {
  return new kplus.Deployment(chart, 'api', {
    metadata: { name: 'payment-api' },
    securityContext: { fsGroup: 10001, user: 10001, group: 10001 },
    containers: [{ name: 'api', image: 'registry.example.com/payment-api:3.0.0' }],
  });
}

interface Case {
  readonly encryption: () => cdk8s.GitOpsEncryption;
  readonly secrets: Record<string, cdk8s.GitOpsSecretInput>;
}

const CASES: [string, Case][] = [
  ['sealed-secrets (pre-sealed)', {
    encryption: () => cdk8s.GitOpsEncryption.sealedSecrets({ certificate: CERT }),
    secrets: {
      'database-credentials': { encryptedData: presealed['database-credentials'] },
      'webhook-key': { encryptedData: presealed['webhook-key'], labels: { app: 'api' } },
    },
  }],
  ['SOPS', {
    encryption: () => cdk8s.GitOpsEncryption.sops({ ageRecipients: [recipient] }),
    secrets: {
      'database-credentials': { stringData: { password: 'fake-db' } },
      'webhook-key': { stringData: { key: 'fake-hook' }, labels: { app: 'api' } },
    },
  }],
];

describe('parity: GitOpsSecrets', () => {
  test.each(CASES)('%s: the same objects, the same workload wiring, the same report', async (_, c) => {
    let fromCdk8s: cdk8s.GitOpsSecrets | undefined;
    let fromPulumi: pl.GitOpsSecrets | undefined;
    const files = ['database-credentials', 'webhook-key'];
    const both = await renderPatternBoth({
      cdk8s: chart => {
        const api = cdk8sApi(chart);
        fromCdk8s = new cdk8s.GitOpsSecrets(chart, 'gitops', { encryption: c.encryption(), flux: FLUX, secrets: c.secrets, apps: { 'payment-api': { workload: api, files } } });
      },
      pulumi: () => {
        fromPulumi = new pl.GitOpsSecrets('gitops', { namespace: 'payments', encryption: c.encryption(), flux: FLUX, secrets: c.secrets, apps: { 'payment-api': { workload: apiArgs(), files } } });
        return [fromPulumi, fromPulumi.apps['payment-api'].workload, ...Object.values(fromPulumi.secrets).map(s => s.resource)];
      },
    });
    const strip = (ms: any[]) => ms.filter(m => m.kind !== 'Deployment' && m.kind !== 'Secret');
    expect(strip(both.pulumi)).toEqual(strip(both.cdk8s));
    expect(strip(both.cdk8s).map(m => m.kind).sort()).toEqual([
      'Kustomization', 'NetworkPolicy', 'NetworkPolicy', 'PrometheusRule', ...(c.secrets['webhook-key'].encryptedData ? ['SealedSecret', 'SealedSecret'] : []),
    ]);
    const deployment = (ms: any[]) => ms.find(m => m.kind === 'Deployment');
    const wiring = (d: any) => ({
      reload: d.metadata.annotations['secret.reloader.stakater.com/reload'],
      volumes: d.spec.template.spec.volumes.map((v: any) => ({ name: v.name, secret: v.secret })),
      mounts: d.spec.template.spec.containers[0].volumeMounts,
    });
    expect(wiring(deployment(both.pulumi))).toEqual(wiring(deployment(both.cdk8s)));
    const decrypt = (ms: any[]) => ms.filter(m => m.kind === 'Secret')
      .map(m => asApplied(independentSopsDecrypt(stringify(sortKeys(m)), identity).document));
    expect(decrypt(both.pulumi)).toEqual(decrypt(both.cdk8s));
    expect(await settled(fromPulumi!.report)).toEqual(fromCdk8s!.report);
    expect(fromPulumi!.sopsConfig).toEqual(fromCdk8s!.sopsConfig);
  });

  test('envKeys: the same env wiring in both (one variable per named key, no envFrom), and the same refusal', async () => {
    const secrets = { 'database-credentials': { stringData: { password: 'fake-db' } }, 'webhook-key': { stringData: { key: 'fake-hook' } } };
    const app = { files: ['database-credentials'], env: ['webhook-key'], envKeys: { 'webhook-key': { WEBHOOK_KEY: 'key' } } };
    const encryption = () => cdk8s.GitOpsEncryption.sops({ ageRecipients: [recipient] });
    const both = await renderPatternBoth({
      cdk8s: chart => {
        const api = cdk8sApi(chart);
        new cdk8s.GitOpsSecrets(chart, 'gitops', { encryption: encryption(), secrets, apps: { 'payment-api': { workload: api, ...app } } });
      },
      pulumi: () => {
        const p = new pl.GitOpsSecrets('gitops', { namespace: 'payments', encryption: encryption(), secrets, apps: { 'payment-api': { workload: apiArgs(), ...app } } });
        return [p, p.apps['payment-api'].workload];
      },
    });
    const container = (ms: any[]) => ms.find(m => m.kind === 'Deployment').spec.template.spec.containers[0];
    for (const ms of [both.cdk8s, both.pulumi]) {
      expect(container(ms).envFrom).toBeUndefined();
      expect(container(ms).env).toEqual([{ name: 'WEBHOOK_KEY', valueFrom: { secretKeyRef: { name: 'webhook-key', key: 'key', optional: false } } }]);
    }
    const bad = { files: ['database-credentials'], envKeys: { 'database-credentials': { DB: 'password' } } };
    const message = 'GitOpsSecrets: apps["payment-api"].envKeys["database-credentials"] is not in env (none); envKeys names the variables of a secret given as environment variables: add it to env, or mount it as files.';
    expect(() => new cdk8s.GitOpsSecrets(testChart(), 'gitops', {
      encryption: encryption(), secrets, apps: { 'payment-api': { workload: new kplus.Deployment(testChart(), 'd', { containers: [{ image: 'x:1' }] }), ...bad } },
    })).toThrow(message);
    expect(() => new pl.GitOpsSecrets('gitops-bad', { namespace: 'payments', encryption: encryption(), secrets, apps: { 'payment-api': { workload: apiArgs(), ...bad } } })).toThrow(message);
  });

  test.each(CASES)('%s: envKeys naming a key its secret will not have is refused, the same in both (the pod would never start)', (_, c) => {
    const app = (key: string) => ({ env: ['database-credentials'], envKeys: { 'database-credentials': { DB_PASSWORD: key } } });
    const message = 'GitOpsSecrets: apps["payment-api"].envKeys["database-credentials"]["DB_PASSWORD"] "db-password" is not a key of secret "database-credentials" (its keys: "password"); name one of them, or add the key to the secret\'s values.';
    const cdk8sApp = (key: string) => {
      const chart = testChart();
      new cdk8s.GitOpsSecrets(chart, 'gitops', { encryption: c.encryption(), secrets: c.secrets, apps: { 'payment-api': { workload: cdk8sApi(chart), ...app(key) } } });
    };
    const pulumiApp = (key: string) => new pl.GitOpsSecrets('gitops', {
      namespace: 'payments', encryption: c.encryption(), secrets: c.secrets, apps: { 'payment-api': { workload: apiArgs(), ...app(key) } },
    });
    expect(() => cdk8sApp('db-password')).toThrow(message);
    expect(() => pulumiApp('db-password')).toThrow(message);
    expect(() => cdk8sApp('password')).not.toThrow();
    expect(() => pulumiApp('password')).not.toThrow();
  });

  test.each<[string, () => cdk8s.GitOpsEncryption, Record<string, cdk8s.GitOpsSecretInput>, Record<string, string[]>]>([
    ['pre-sealed values with SOPS', () => cdk8s.GitOpsEncryption.sops({ ageRecipients: [recipient] }), { db: { encryptedData: presealed['webhook-key'] } }, {}],
    ['a sealing scope with SOPS', () => cdk8s.GitOpsEncryption.sops({ ageRecipients: [recipient] }), { db: { stringData: { a: 'fake' }, scope: cdk8s.SealingScope.CLUSTER_WIDE } }, {}],
    ['both kinds of values', () => cdk8s.GitOpsEncryption.sealedSecrets({ certificate: CERT }), { db: { stringData: { a: 'fake' }, encryptedData: presealed['webhook-key'] } }, {}],
    ['an app reading an unknown secret', () => cdk8s.GitOpsEncryption.sealedSecrets({ certificate: CERT }), { db: { encryptedData: presealed['webhook-key'] } }, { api: ['nope'] }],
    ['an app reading one secret twice', () => cdk8s.GitOpsEncryption.sealedSecrets({ certificate: CERT }), { db: { encryptedData: presealed['webhook-key'] } }, { api: ['db', 'db'] }],
    ['a bad secret name', () => cdk8s.GitOpsEncryption.sealedSecrets({ certificate: CERT }), { 'DB NAME': { encryptedData: presealed['webhook-key'] } }, {}],
    ['an app in another namespace', () => cdk8s.GitOpsEncryption.sealedSecrets({ certificate: CERT }), { db: { encryptedData: presealed['webhook-key'] } }, { elsewhere: ['db'] }],
    ['stringData without a certificate', () => cdk8s.GitOpsEncryption.sealedSecrets(), { db: { stringData: { a: 'fake' } } }, {}],
  ])('%s: the same refusal in both front-ends', (_, encryption, secrets, apps) => {
    const message = (build: () => unknown) => {
      try {
        build();
      } catch (e) {
        return (e as Error).message;
      }
      return 'accepted';
    };
    const fromCdk8s = message(() => {
      const chart = testChart();
      const api = new kplus.Deployment(chart, 'api', { securityContext: { fsGroup: 10001 }, containers: [{ image: 'x:1' }] });
      const other = new kplus.Deployment(chart, 'other', { metadata: { namespace: 'ledger' }, securityContext: { fsGroup: 10001 }, containers: [{ image: 'x:1' }] });
      new cdk8s.GitOpsSecrets(chart, 'g', {
        encryption: encryption(), secrets, apps: Object.fromEntries(Object.entries(apps).map(([k, f]) => [k, { workload: k === 'elsewhere' ? other : api, files: f }])),
      });
    });
    const fromPulumi = message(() => new pl.GitOpsSecrets('g', {
      namespace: 'payments',
      encryption: encryption(),
      secrets,
      apps: Object.fromEntries(Object.entries(apps).map(([k, f]) => [k, {
        workload: k === 'elsewhere' ? { ...apiArgs(), metadata: { name: 'other', namespace: 'ledger' } } : apiArgs(), files: f,
      }])),
    }));
    expect(fromCdk8s).not.toBe('accepted');
    expect(fromPulumi).toBe(fromCdk8s);
  });
});

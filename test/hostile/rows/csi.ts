/**
 * Hostile input for the Secrets Store CSI driver (issue 11): SecretProviderClass and
 * mountSecretProviderClass in the core builder, the cdk8s construct and the Pulumi component.
 */
import * as kplus from 'cdk8s-plus-27';
import * as cdk8s from '../../../src';
import { secretProviderClassManifest } from '../../../src/core';
import * as pl from '../../../src/pulumi';
import { testChart } from '../../helpers/cdk8s';
import { setupPulumiMocks } from '../../helpers/pulumi';
import { HostileRow } from '../harness';

setupPulumiMocks();

const bad = <T>(value: unknown) => value as T;
const S = 'SecretProviderClass';
const M = 'mountSecretProviderClass';
const BASE = { name: 'db', namespace: 'payments', objects: [{ objectName: 'payments-db', objectType: 'secretsmanager' as const }] };
const spc = (over: Record<string, unknown>) => () => secretProviderClassManifest(bad({ ...BASE, ...over }));
const deployment = () => {
  const chart = testChart();
  const sa = new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'api' } });
  return new kplus.Deployment(chart, 'api', { serviceAccount: sa, containers: [{ image: 'example/api:1.0' }] });
};
const podArgs = { metadata: { name: 'api' }, spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: { serviceAccountName: 'api', containers: [{ name: 'api', image: 'example/api:1.0' }] } } } };

export const rows: HostileRow[] = [
  { name: 'csi: props null', run: () => secretProviderClassManifest(bad(null)), component: S, prop: 'props', shows: 'received null' },
  { name: 'csi: objects a string', run: spc({ objects: 'payments-db' }), component: S, prop: 'objects', shows: '"payments-db"' },
  { name: 'csi: objects with a hole', run: spc({ objects: [, BASE.objects[0]] }), component: S, prop: 'objects[0]', shows: 'a hole' },
  { name: 'csi: object null', run: spc({ objects: [null] }), component: S, prop: 'objects[0]', shows: 'null' },
  { name: 'csi: wildcard object name', run: spc({ objects: [{ objectName: 'payments-*', objectType: 'secretsmanager' }] }), component: S, prop: 'objects[0].objectName', shows: '"payments-*"' },
  { name: 'csi: objectType misspelt', run: spc({ objects: [{ objectName: 'db', objectType: 'secretmanager' }] }), component: S, prop: 'objects[0].objectType', shows: '"secretmanager"' },
  { name: 'csi: jmesPath a string', run: spc({ objects: [{ ...BASE.objects[0], jmesPath: 'password' }] }), component: S, prop: 'objects[0].jmesPath', shows: '"password"' },
  { name: 'csi: jmesPath entry null', run: spc({ objects: [{ ...BASE.objects[0], jmesPath: [null] }] }), component: S, prop: 'objects[0].jmesPath[0]', shows: 'null' },
  { name: 'csi: usePodIdentity "false"', run: spc({ usePodIdentity: 'false' }), component: S, prop: 'usePodIdentity', shows: 'a string "false"' },
  { name: 'csi: usePodIdentity 1', run: spc({ usePodIdentity: 1 }), component: S, prop: 'usePodIdentity', shows: 'a number 1' },
  { name: 'csi: syncToSecrets an object', run: spc({ syncToSecrets: { secretName: 'db' } }), component: S, prop: 'syncToSecrets', shows: 'an object' },
  { name: 'csi: syncToSecrets entry null', run: spc({ syncToSecrets: [null] }), component: S, prop: 'syncToSecrets[0]', shows: 'null' },
  { name: 'csi: sync data a string', run: spc({ syncToSecrets: [{ secretName: 'db', data: 'payments-db' }] }), component: S, prop: 'syncToSecrets[0].data', shows: '"payments-db"' },
  { name: 'csi: sync data with a hole', run: spc({ syncToSecrets: [{ secretName: 'db', data: [, { objectName: 'payments-db', key: 'k' }] }] }), component: S, prop: 'syncToSecrets[0].data[0]', shows: 'a hole' },
  { name: 'csi: sync Secret type a number', run: spc({ syncToSecrets: [{ secretName: 'db', type: 7, data: [{ objectName: 'payments-db', key: 'k' }] }] }), component: S, prop: 'syncToSecrets[0].type', shows: '7' },
  { name: 'csi (cdk8s): props null', run: () => new cdk8s.SecretProviderClass(testChart(), 'spc', bad(null)), component: S, prop: 'props', shows: 'received null' },
  { name: 'csi (Pulumi): objects a string', run: () => new pl.SecretProviderClass('spc', bad({ ...BASE, objects: 'db' })), component: S, prop: 'objects', shows: '"db"' },
  { name: 'csi mount (cdk8s): spc null', run: () => cdk8s.mountSecretProviderClass(deployment(), bad(null), { path: '/mnt/s' }), component: M, prop: 'spc', shows: 'null' },
  { name: 'csi mount (cdk8s): options null', run: () => cdk8s.mountSecretProviderClass(deployment(), 'db', bad(null)), component: M, prop: 'options', shows: 'received null' },
  { name: 'csi mount (cdk8s): reload "false"', run: () => cdk8s.mountSecretProviderClass(deployment(), 'db', { path: '/mnt/s', reload: bad('false') }), component: M, prop: 'reload', shows: 'a string "false"' },
  { name: 'csi mount (Pulumi): reload 0', run: () => pl.mountSecretProviderClass(podArgs, 'db', { path: '/mnt/s', reload: bad(0) }), component: M, prop: 'reload', shows: 'a number 0' },
  { name: 'csi mount (Pulumi): spc an upper-case name', run: () => pl.mountSecretProviderClass(podArgs, 'DB', { path: '/mnt/s' }), component: M, prop: 'spc', shows: '"DB"' },
];

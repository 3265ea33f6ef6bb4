#!/usr/bin/env bash
# Pack the library and install the tarball as a user would:
#   1. a project with only the cdk8s peers: `require('kube-secure-secrets')` works and no @pulumi/* is installed;
#   2. the same project plus the Pulumi peers: `require('kube-secure-secrets/pulumi')` works.
# Needs the npm registry. Run with `npx projen pack:smoke` (compiles first).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -1)
echo "packed $tarball ($(du -h "$work/$tarball" | cut -f1)): $(tar tzf "$work/$tarball" | wc -l) files"
if tar tzf "$work/$tarball" | grep -Eq '^package/(src|test|examples|scripts|node_modules)/'; then
  echo "the tarball contains sources, tests or node_modules" >&2; exit 1
fi

app="$work/cdk8s-only"
mkdir -p "$app" && cd "$app"
npm init -y >/dev/null
peers=$(cd "$root" && node -p "const p=require('./package.json').devDependencies; ['cdk8s','cdk8s-plus-27','constructs'].map(n => n + '@' + p[n]).join(' ')")
npm install --no-audit --no-fund --loglevel=error $peers "$work/$tarball" >/dev/null
if [ -d node_modules/@pulumi ]; then
  echo "a cdk8s-only install pulled in: $(ls node_modules/@pulumi)" >&2; exit 1
fi
node -e "
const k = require('kube-secure-secrets');
const loaded = Object.keys(require.cache).filter(f => f.includes('@pulumi'));
if (loaded.length) { throw new Error('root entry loaded ' + loaded[0]); }
const { App, Chart } = require('cdk8s');
const chart = new Chart(new App(), 'c', { namespace: 'payments' });
const sa = new k.SecureServiceAccount(chart, 'sa', { name: 'payment-api-sa', identity: k.WorkloadIdentity.awsIrsa('arn:aws:iam::111122223333:role/payment-api') });
new k.SecretReader(chart, 'r', { serviceAccount: sa, secrets: ['postgres-credentials'] });
console.log('cdk8s-only project: require(\"kube-secure-secrets\") works, no @pulumi/* installed or loaded;', chart.toJson().length, 'objects');
"
try_pulumi=$(node -e "try { require.resolve('kube-secure-secrets/pulumi'); require('kube-secure-secrets/pulumi'); console.log('loaded'); } catch (e) { console.log(e.code || e.message); }")
echo "cdk8s-only project: require(\"kube-secure-secrets/pulumi\") without the Pulumi peers -> $try_pulumi"

peer() { (cd "$root" && node -p "const p=require('./package.json').devDependencies; ['$1'].map(n => n + '@' + p[n]).join(' ')"); }
npm install --no-audit --no-fund --loglevel=error "$(peer @pulumi/pulumi)" "$(peer @pulumi/kubernetes)" >/dev/null
node -e "
const p = require('kube-secure-secrets/pulumi');
if (Object.keys(require.cache).some(f => f.includes('@pulumi/aws'))) { throw new Error('the pulumi entry loaded @pulumi/aws'); }
for (const n of ['SecretReader', 'SecureServiceAccount', 'SecretStore', 'ExternalSecret', 'WorkloadIdentity']) { if (typeof p[n] !== 'function') throw new Error('missing ' + n); }
console.log('with @pulumi/pulumi and @pulumi/kubernetes only: require(\"kube-secure-secrets/pulumi\") works:', Object.keys(p).length, 'exports');
"
npm install --no-audit --no-fund --loglevel=error "$(peer @pulumi/aws)" >/dev/null
node -e "
const p = require('kube-secure-secrets/pulumi');
for (const n of ['KmsEncryptedEksCluster', 'IrsaRole', 'PodIdentityRole', 'ManagedSecret']) { if (typeof p[n] !== 'function') throw new Error('missing ' + n); }
console.log('with all Pulumi peers: require(\"kube-secure-secrets/pulumi\") works');
"

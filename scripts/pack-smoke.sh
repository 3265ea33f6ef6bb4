#!/usr/bin/env bash
# Pack the library and install the tarball as a user would:
#   1. a project with only the cdk8s peers: `require('kube-secure-secrets')` works and no @pulumi/* is installed;
#   2. the same project plus the Pulumi peers: `require('kube-secure-secrets/pulumi')` works;
#   3. a project on cdk8s-plus-33 only: one cdk8s-plus installed, an example type-checks, synthesizes, validates.
# Needs the npm registry (packages already in the npm cache, e.g. from `npm ci`, are taken from it:
# --prefer-offline). Run with `npm run pack:smoke` (compiles first).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -1)
echo "packed $tarball ($(du -h "$work/$tarball" | cut -f1)): $(tar tzf "$work/$tarball" | wc -l) files"
# Output is captured before grep reads it: with `set -o pipefail`, `producer | grep -q` fails when grep
# stops at its first match and the producer dies of SIGPIPE, which an `if` reads as "no match".
listing=$(tar tzf "$work/$tarball")
if grep -qE '^package/(src|test|examples|scripts|node_modules)/' <<<"$listing"; then
  echo "the tarball contains sources, tests or node_modules" >&2; exit 1
fi
# The testing entry's parsed CRDs (scripts/crd-bundle.cjs, written by the compile task).
grep -qx 'package/lib/testing/crd-bundle.json' <<<"$listing" || { echo "the tarball lacks lib/testing/crd-bundle.json" >&2; exit 1; }

app="$work/cdk8s-only"
mkdir -p "$app" && cd "$app"
npm init -y >/dev/null
peers=$(cd "$root" && node -p "const p=require('./package.json').devDependencies; ['cdk8s','cdk8s-plus-27','constructs'].map(n => n + '@' + p[n]).join(' ')")
npm install --prefer-offline --no-audit --no-fund --loglevel=error $peers "$work/$tarball" >/dev/null
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
# The compiled indexes are lazy (scripts/lazy-index.cjs): the import loads the index files only, every
# export still resolves, and Node's ESM loader finds the same names (cjs-module-lexer reads tsc's getters).
node -e "
const k = require('kube-secure-secrets');
const own = Object.keys(require.cache).filter(f => /node_modules[\\/]kube-secure-secrets[\\/]lib[\\/]/.test(f));
if (own.length > 3) { throw new Error('require(\"kube-secure-secrets\") loaded ' + own.length + ' of its modules; the index is not lazy'); }
const names = Object.keys(k);
for (const n of names) { if (k[n] === undefined) { throw new Error('export ' + n + ' is undefined'); } }
console.log('root index is lazy: the import loads', own.length, 'index modules; all', names.length, 'exports resolve');
"
node --input-type=module -e "
import { createRequire } from 'node:module';
import * as esm from 'kube-secure-secrets';
import { SecureServiceAccount, sopsEncrypt } from 'kube-secure-secrets';
const cjs = Object.keys(createRequire(process.cwd() + '/')('kube-secure-secrets')).sort();
const named = Object.keys(esm).filter(n => n !== 'default' && n !== '__esModule').sort();
if (JSON.stringify(named) !== JSON.stringify(cjs)) { throw new Error('ESM named exports differ from CommonJS: ' + cjs.filter(n => !named.includes(n)).slice(0, 5)); }
if (typeof SecureServiceAccount !== 'function' || typeof sopsEncrypt !== 'function') { throw new Error('ESM named import failed'); }
console.log('ESM import finds all', named.length, 'named exports');
"
# The command-line tool from the tarball: seal, and check the result unseals with the test key.
sealed=$(npx --no-install kube-secure-secrets seal --cert "$root/test/fixtures/sealed-secrets/test-cert.pem" --name smoke --namespace payments --from-literal token=fake-smoke-token -o json)
if grep -q fake-smoke-token <<<"$sealed"; then echo "seal printed the plaintext" >&2; exit 1; fi
SEALED="$sealed" KEY_FILE="$root/test/fixtures/sealed-secrets/test-key.pem" node -e "
const c = require('crypto'); const fs = require('fs');
const b = Buffer.from(JSON.parse(process.env.SEALED).spec.encryptedData.token, 'base64');
const n = b.readUInt16BE(0);
const k = c.privateDecrypt({ key: fs.readFileSync(process.env.KEY_FILE), padding: c.constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256', oaepLabel: Buffer.from('payments/smoke') }, b.subarray(2, 2 + n));
const d = c.createDecipheriv('aes-256-gcm', k, Buffer.alloc(12)); const rest = b.subarray(2 + n);
d.setAuthTag(rest.subarray(rest.length - 16));
if (Buffer.concat([d.update(rest.subarray(0, rest.length - 16)), d.final()]).toString() !== 'fake-smoke-token') throw new Error('unseal mismatch');
console.log('npx kube-secure-secrets seal works from the tarball (the output unseals with the controller key)');
"
# API-server files from the tarball's CLI.
enc=$(npx --no-install kube-secure-secrets encryption-config --kms-name aws-kms --kms-endpoint unix:///var/run/kmsplugin/socket.sock)
grep -q 'apiVersion: v2' <<<"$enc" || { echo "encryption-config did not write a KMS v2 provider" >&2; exit 1; }
npx --no-install kube-secure-secrets encryption-config --provider secretbox --generate-key --out "$work/enc.yaml" 2>/dev/null
[ "$(stat -c %a "$work/enc.yaml")" = 600 ] || { echo "encryption-config --out is not mode 0600" >&2; exit 1; }
policy=$(npx --no-install kube-secure-secrets audit-policy) || { echo "audit-policy failed" >&2; exit 1; }
grep -q 'level: Metadata' <<<"$policy" || { echo "audit-policy failed" >&2; exit 1; }
if npx --no-install kube-secure-secrets audit-policy --secrets-level RequestResponse 2>/dev/null; then echo "audit-policy accepted RequestResponse for secrets" >&2; exit 1; fi
if npx --no-install kube-secure-secrets encryption-config --bogus 2>/dev/null; then echo "encryption-config accepted a bad flag" >&2; exit 1; fi
echo 'npx kube-secure-secrets encryption-config / audit-policy work from the tarball (KMS v2, key file 0600, RequestResponse refused, bad flags exit non-zero)'
node -e "
const k = require('kube-secure-secrets');
for (const n of ['encryptionConfiguration', 'auditPolicy', 'SecretAccessAlerts', 'VaultAgentInjection', 'SecretProviderClass', 'InfisicalSecret']) { if (typeof k[n] !== 'function') throw new Error('missing ' + n); }
const { App, Chart } = require('cdk8s');
const chart = new Chart(new App(), 'm');
new k.SecretAccessAlerts(chart, 'alerts', {});
if (chart.toJson()[0].kind !== 'PrometheusRule') throw new Error('no PrometheusRule');
console.log('the issue usage works from the tarball: encryptionConfiguration, auditPolicy, SecretAccessAlerts, VaultAgentInjection');
"
# SOPS through the age worker shipped in assets/.
node -e "
const k = require('kube-secure-secrets');
const { identity, recipient } = k.ageKeygen();
const enc = k.sopsEncrypt({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { a: 'fake' } }, { ageRecipients: [recipient] });
const out = k.fromSopsTree(k.sopsDecrypt(enc, { ageIdentities: [identity] }).document);
if (out.stringData.a !== 'fake') throw new Error('sops round trip failed');
console.log('SOPS encryption works from the tarball (age worker found)');
"

try_pulumi=$(node -e "try { require.resolve('kube-secure-secrets/pulumi'); require('kube-secure-secrets/pulumi'); console.log('loaded'); } catch (e) { console.log(e.code || e.message); }")
echo "cdk8s-only project: require(\"kube-secure-secrets/pulumi\") without the Pulumi peers -> $try_pulumi"

peer() { (cd "$root" && node -p "const p=require('./package.json').devDependencies; ['$1'].map(n => n + '@' + p[n]).join(' ')"); }
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$(peer @pulumi/pulumi)" "$(peer @pulumi/kubernetes)" >/dev/null
node -e "
const before = Object.keys(require.cache).length;
const p = require('kube-secure-secrets/pulumi');
const own = Object.keys(require.cache).filter(f => /node_modules[\\/]kube-secure-secrets[\\/]lib[\\/]/.test(f));
if (own.length > 2 || Object.keys(require.cache).length - before > 2) { throw new Error('require(\"kube-secure-secrets/pulumi\") loaded ' + own.length + ' of its modules; the index is not lazy'); }
for (const n of Object.keys(p)) { if (p[n] === undefined) { throw new Error('export ' + n + ' is undefined'); } }
if (Object.keys(require.cache).some(f => f.includes('@pulumi/aws'))) { throw new Error('the pulumi entry loaded @pulumi/aws'); }
for (const n of ['SecretReader', 'SecureServiceAccount', 'SecretStore', 'ExternalSecret', 'WorkloadIdentity', 'SecretAccessAlerts', 'VaultAgentInjection', 'SecretProviderClass', 'InfisicalSecret']) { if (typeof p[n] !== 'function') throw new Error('missing ' + n); }
console.log('with @pulumi/pulumi and @pulumi/kubernetes only: require(\"kube-secure-secrets/pulumi\") works:', Object.keys(p).length, 'exports');
"
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$(peer @pulumi/aws)" >/dev/null
node -e "
const p = require('kube-secure-secrets/pulumi');
for (const n of ['KmsEncryptedEksCluster', 'IrsaRole', 'PodIdentityRole', 'ManagedSecret']) { if (typeof p[n] !== 'function') throw new Error('missing ' + n); }
console.log('with all Pulumi peers: require(\"kube-secure-secrets/pulumi\") works');
"

# 3. A project on a newer cdk8s-plus major (the issue's cdk8s-plus-33) and no cdk8s-plus-27: npm installs
#    exactly one cdk8s-plus, every cdk8s example type-checks against it (our .d.ts name no cdk8s-plus major) and
#    synthesizes, and kube-secure-secrets/testing validates it from the tarball.
app33="$work/cdk8s-plus-33"
mkdir -p "$app33" && cd "$app33"
npm init -y >/dev/null
dev() { (cd "$root" && node -p "const p=require('./package.json').devDependencies; ['$1'].map(n => n + '@' + p[n]).join(' ')"); }
npm install --prefer-offline --no-audit --no-fund --loglevel=error "$(dev cdk8s)" "$(dev constructs)" 'cdk8s-plus-33@^2' "$(dev typescript)" "$(dev @types/node)" "$(dev ajv)" "$(dev ajv-formats)" "$work/$tarball" >/dev/null
# `npm ls` exits non-zero on any invalid or missing package and grep on no match: either would end the script
# here (set -e, pipefail) without the message below, so both are allowed and the result is checked instead.
installed=$(npm ls --all --parseable 2>/dev/null || true)
majors=$({ grep -E '/node_modules/cdk8s-plus-[0-9]+$' <<<"$installed" || true; } | sed 's#.*/node_modules/##' | sort -u)
[ "$majors" = "cdk8s-plus-33" ] || { echo "expected exactly one cdk8s-plus (cdk8s-plus-33), npm installed: $majors" >&2; npm ls cdk8s-plus-27 cdk8s-plus-33 >&2 || true; exit 1; }
if grep -rlE "cdk8s-plus-(2[7-9]|3[0-4])'" node_modules/kube-secure-secrets/lib --include=*.d.ts; then echo "the typings name one cdk8s-plus major" >&2; exit 1; fi
# Every cdk8s example, as a user on cdk8s-plus-33 would write it (the examples' cdk8s-plus-27 import
# replaced): all type-check together, and each synthesizes.
mkdir -p ex
for dir in "$root"/examples/cdk8s/*/; do
  name=$(basename "$dir")
  cp -R "$dir" "ex/$name"
  sed -i 's/cdk8s-plus-27/cdk8s-plus-33/g' "ex/$name/main.ts"
done
cp ex/least-privilege/main.ts main.ts
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "CommonJS", "moduleResolution": "node", "strict": true, "skipLibCheck": true, "types": ["node"] }, "include": ["main.ts", "ex/*/main.ts"] }
JSON
npx --no-install tsc -p .
synthesized=0
for main in ex/*/main.js; do
  name=$(basename "$(dirname "$main")")
  (cd "ex/$name" && CDK8S_OUTDIR=dist node main.js) || { echo "examples/cdk8s/$name did not synthesize on cdk8s-plus-33" >&2; exit 1; }
  ls "ex/$name"/dist/*.k8s.yaml >/dev/null || { echo "examples/cdk8s/$name wrote no manifest on cdk8s-plus-33" >&2; exit 1; }
  synthesized=$((synthesized + 1))
done
echo "cdk8s-plus-33 project: all $synthesized cdk8s examples type-check and synthesize"
CDK8S_OUTDIR=dist node main.js
grep -q 'kind: Deployment' dist/*.k8s.yaml || { echo "the cdk8s-plus-33 example wrote no Deployment" >&2; exit 1; }
node -e "
const { App } = require('cdk8s');
const { PaymentsChart } = require('./main');
const { synthValid } = require('kube-secure-secrets/testing');
const kplus = require('cdk8s-plus-33');
const chart = new PaymentsChart(new App(), 'payments');
if (!chart.node.findAll().some(c => c instanceof kplus.ServiceAccount)) throw new Error('SecureServiceAccount is not a cdk8s-plus-33 ServiceAccount');
const valid = synthValid(chart).length;
// The shipped CRDs came from the bundle: the library's own yaml (not cdk8s's bundled copy) was not loaded.
const yaml = Object.keys(require.cache).filter(k => /[\\/]node_modules[\\/]yaml[\\/]/.test(k) && !/[\\/]cdk8s[\\/]node_modules[\\/]/.test(k));
if (yaml.length > 0) throw new Error('kube-secure-secrets/testing parsed the CRD YAML instead of reading lib/testing/crd-bundle.json: ' + yaml[0]);
console.log('cdk8s-plus-33 project: one cdk8s-plus installed (' + '$majors' + '), the example type-checks and synthesizes;', valid, 'manifests valid (kube-secure-secrets/testing, CRDs from the bundle)');
"

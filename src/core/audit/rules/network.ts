/**
 * KSS-NET: NetworkPolicy coverage of the namespaces that hold secrets; KSS-INF: the Infisical operator.
 * @module
 */
import { INFISICAL_SECRET_API_VERSION } from '../../infisical/infisical-secret';
import { AuditContext, AuditHit, AuditObject, SecretsAuditRule } from '../types';
import { describeObject, isObj, list, obj } from '../util';

const SECRET_HOLDERS = ['Secret', 'SealedSecret', 'ExternalSecret', 'InfisicalSecret'];

/** The namespaces declared in the input (Namespace objects) that hold secrets or secret-producing objects. */
function secretNamespaces(context: AuditContext): Map<string, AuditObject> {
  const declared = new Map(context.ofKind('Namespace').filter(n => n.name !== undefined).map(n => [n.name!, n]));
  const out = new Map<string, AuditObject>();
  for (const o of context.ofKind(...SECRET_HOLDERS)) {
    const ns = o.namespace;
    if (ns !== undefined && declared.has(ns)) {
      out.set(ns, declared.get(ns)!);
    }
  }
  return out;
}

/** Whether a NetworkPolicy selects every pod and admits ingress from everywhere. */
function allowsAllIngress(np: AuditObject): number | undefined {
  const spec = obj(np.manifest.spec);
  const selector = obj(spec.podSelector);
  const everyPod = Object.keys(obj(selector.matchLabels)).length === 0 && list(selector.matchExpressions).length === 0;
  const types = list(spec.policyTypes);
  if (!everyPod || (types.length > 0 && !types.includes('Ingress'))) {
    return undefined;
  }
  const index = list(spec.ingress).findIndex(r => isObj(r) && list(r.from).length === 0 && list(r.ports).length === 0);
  return index >= 0 ? index : undefined;
}

/**
 * The rules of this family (part of AUDIT_RULES).
 * @internal
 */
export const NETWORK_RULES: readonly SecretsAuditRule[] = [
  {
    id: 'KSS-NET-001',
    family: 'NET',
    severity: 'medium',
    title: 'Namespace holding secrets without a NetworkPolicy',
    description: 'A Namespace declared in the input that holds Secrets, SealedSecrets, ExternalSecrets or InfisicalSecrets, with no NetworkPolicy in it in the input. Only namespaces the input declares are judged, so a partial manifest does not report others\' namespaces.',
    why: 'Pods are non-isolated until a NetworkPolicy selects them (https://kubernetes.io/docs/concepts/services-networking/network-policies/#the-two-sorts-of-pod-isolation): any pod of the cluster can reach the ones that hold the secrets.',
    fix: 'NamespaceIsolation (default deny, then named allowances such as EsoEgress, VaultAccess, ApiServerEgress).',
    check: context => {
      const covered = new Set(context.ofKind('NetworkPolicy').map(n => n.namespace));
      return [...secretNamespaces(context)].filter(([ns]) => !covered.has(ns)).map(([, o]) => ({
        object: o, field: 'metadata.name', message: `metadata.name ${JSON.stringify(o.name)}: ${describeObject(o)} holds secrets and has no NetworkPolicy: its pods accept traffic from every pod of the cluster.`,
      }));
    },
  },
  {
    id: 'KSS-NET-002',
    family: 'NET',
    severity: 'medium',
    title: 'NetworkPolicy that admits all ingress in a namespace holding secrets',
    description: 'A NetworkPolicy selecting every pod with an ingress rule without from and ports, in a namespace that holds secrets (declared in the input).',
    why: 'An empty ingress rule admits traffic from everywhere and, NetworkPolicies being additive, cancels every default deny of the namespace (https://kubernetes.io/docs/concepts/services-networking/network-policies/#allow-all-ingress-traffic).',
    fix: 'NamespaceIsolation with named peers only.',
    check: context => {
      const namespaces = secretNamespaces(context);
      return context.ofKind('NetworkPolicy').flatMap((np): AuditHit[] => {
        const i = np.namespace !== undefined && namespaces.has(np.namespace) ? allowsAllIngress(np) : undefined;
        return i === undefined ? [] : [{ object: np, field: `spec.ingress[${i}]`, message: `spec.ingress[${i}] of ${describeObject(np)} admits every source to every pod of a namespace that holds secrets.` }];
      });
    },
  },
  {
    id: 'KSS-INF-001',
    family: 'INF',
    severity: 'low',
    title: 'InfisicalSecret at the deprecated v1alpha1 CRD',
    description: `An InfisicalSecret at ${INFISICAL_SECRET_API_VERSION}.`,
    why: 'Infisical: "The InfisicalSecret CRD is deprecated and will be removed in a future release. For new installations, use InfisicalStaticSecret (v1beta1) instead" (https://infisical.com/docs/integrations/platforms/kubernetes/infisical-secret-crd).',
    fix: 'Migrate to InfisicalStaticSecret with InfisicalConnection and InfisicalAuth (secrets.infisical.com/v1beta1; https://infisical.com/docs/integrations/platforms/kubernetes/overview#migrating-from-v1alpha1-to-v1beta1). This library\'s InfisicalSecret still writes v1alpha1 (with Kubernetes auth, no static credentials).',
    check: context => context.ofKind('InfisicalSecret').filter(o => o.apiVersion === INFISICAL_SECRET_API_VERSION).map(o => ({
      object: o, field: 'apiVersion', message: `apiVersion of ${describeObject(o)} is ${JSON.stringify(o.apiVersion)}: InfisicalSecret is deprecated; v1beta1 splits it into InfisicalConnection (hostAPI), InfisicalAuth (authentication) and InfisicalStaticSecret (secretsScope and managedSecretReference).`,
    })),
  },
  {
    id: 'KSS-INF-002',
    family: 'INF',
    severity: 'medium',
    title: 'InfisicalSecret authenticates with a static credential',
    description: 'An InfisicalSecret whose authentication uses universalAuth credentials or a service token from a Secret instead of kubernetesAuth.',
    why: 'A client secret or service token in a Kubernetes Secret is a long-lived credential readable by whoever reads that Secret (https://infisical.com/docs/integrations/platforms/kubernetes/infisical-secret-crd#authentication).',
    fix: 'InfisicalSecret with kubernetesAuth (a ServiceAccount of its own via SecureServiceAccount).',
    check: context => context.ofKind('InfisicalSecret').flatMap(o => {
      const spec = obj(o.manifest.spec);
      const auth = obj(spec.authentication);
      const fields = [
        ...(isObj(obj(auth.universalAuth).credentialsRef) ? ['spec.authentication.universalAuth.credentialsRef'] : []),
        ...(isObj(obj(auth.serviceToken).serviceTokenSecretReference) ? ['spec.authentication.serviceToken.serviceTokenSecretReference'] : []),
        ...(isObj(spec.tokenSecretReference) ? ['spec.tokenSecretReference'] : []),
      ];
      return fields.map(field => ({ object: o, field, message: `${field} of ${describeObject(o)} is a static credential from a Secret.` }));
    }),
  },
];

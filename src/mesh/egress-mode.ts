import { error, withPosition, type Diagnostic } from '../diagnostics/diagnostic.js';
import { EGRESS_POLICY_MODES, type EgressPolicyMode } from '../sidecar-spec/types.js';
import { DNS_LABEL, DNS_SUBDOMAIN } from './load-objects.js';
import { identityLabel, objectLabel, type Identity, type MeshObject, type ObjectRef } from './objects.js';

/** The annotation on a Namespace or a ServiceAccount that sets its egress mode (docs/rolling-out.md). */
export const EGRESS_MODE_ANNOTATION = 'pipyc.io/egress-mode';

/** An identity's egress mode and what set it, for `resolve` and messages. */
export interface EgressModeChoice {
  mode: EgressPolicyMode;
  /** `--audit shop`, `annotation pipyc.io/egress-mode on ServiceAccount shop/checkout`, `--egress-default audit`, `default`. */
  from: string;
  /** The Namespace or ServiceAccount whose annotation set it. */
  object?: ObjectRef;
}

/** The annotations read from the objects: by namespace, and by `namespace/serviceaccount`. */
export interface EgressModeAnnotations {
  namespaces: Map<string, { mode: EgressPolicyMode; object: MeshObject }>;
  accounts: Map<string, { mode: EgressPolicyMode; object: MeshObject }>;
}

/** Reads the annotation of every Namespace and ServiceAccount; a value other than audit or enforce is an error there. */
export function readEgressModes(objects: readonly MeshObject[], diagnostics: Diagnostic[]): EgressModeAnnotations {
  const found: EgressModeAnnotations = { namespaces: new Map(), accounts: new Map() };
  for (const object of objects) {
    const { kind, namespace, name } = object.ref;
    if (kind !== 'Namespace' && kind !== 'ServiceAccount') continue;
    const metadata = object.value.metadata as { annotations?: unknown };
    const annotations = metadata.annotations;
    if (typeof annotations !== 'object' || annotations === null || !(EGRESS_MODE_ANNOTATION in annotations)) continue;
    const value = (annotations as Record<string, unknown>)[EGRESS_MODE_ANNOTATION];
    if (!EGRESS_POLICY_MODES.includes(value as EgressPolicyMode)) {
      const d = error(
        'PIPYC7019',
        `${objectLabel(object.ref)}: annotation ${EGRESS_MODE_ANNOTATION} is ${JSON.stringify(value)}, not one of ${EGRESS_POLICY_MODES.join(', ')}`,
        undefined,
        `${EGRESS_MODE_ANNOTATION}: audit passes what the policies would refuse and logs it as would-deny; enforce refuses it`,
      );
      diagnostics.push(withPosition(d, object.locate(['metadata', 'annotations', EGRESS_MODE_ANNOTATION])));
      continue;
    }
    const entry = { mode: value as EgressPolicyMode, object };
    if (kind === 'Namespace') found.namespaces.set(name, entry);
    else found.accounts.set(`${namespace}/${name}`, entry);
  }
  return found;
}

/** Whether an --audit value names something: `*` (every identity), a namespace, or `namespace/serviceaccount`. */
export function auditTargetProblem(value: string): string | undefined {
  if (value === '*' || DNS_LABEL.test(value)) return undefined;
  const [namespace = '', account = '', ...rest] = value.split('/');
  if (rest.length === 0 && DNS_LABEL.test(namespace) && DNS_SUBDOMAIN.test(account)) return undefined;
  return `--audit ${JSON.stringify(value)}: give a namespace, <namespace>/<serviceaccount>, or '*' for every identity`;
}

/**
 * An identity's egress mode, first that says: --audit (over any annotation), the ServiceAccount's annotation, its
 * Namespace's, then for an identity no Egress names the egress default (`audit`), else enforce.
 */
export function egressModeOf(
  who: Identity,
  annotations: EgressModeAnnotations,
  audit: readonly string[],
  defaultAudits: boolean,
): EgressModeChoice {
  const label = identityLabel(who);
  const asked = audit.find((a) => a === '*' || a === who.namespace || a === label);
  if (asked !== undefined) return { mode: 'audit', from: `--audit ${asked}` };
  const annotated = annotations.accounts.get(label) ?? annotations.namespaces.get(who.namespace);
  if (annotated) {
    const object = annotated.object.ref;
    return { mode: annotated.mode, from: `annotation ${EGRESS_MODE_ANNOTATION} on ${objectLabel(object)}`, object };
  }
  return defaultAudits ? { mode: 'audit', from: '--egress-default audit' } : { mode: 'enforce', from: 'default' };
}

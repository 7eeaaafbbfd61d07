import { Document, isMap, isSeq } from 'yaml';
import { objectLabel, type ObjectRef } from './objects.js';
import type { Resolution } from './resolve-identity.js';

/** The spec as YAML, each policy preceded by a comment naming the objects it came from. */
export function annotatedYaml(resolution: Resolution): string {
  const doc = new Document(resolution.spec);
  const who = `${resolution.identity.namespace}/${resolution.identity.name}`;
  const from =
    resolution.sources.length > 0
      ? `from:\n${resolution.sources.map((r) => `   ${refText(r)}`).join('\n')}`
      : 'from no object (defaults)';
  const mode = resolution.mode;
  const what =
    mode.kind === 'egress-only'
      ? `egress of ServiceAccount ${who} as code inside the mesh's own sidecar decides it (--egress-default ${mode.egressDefault}; in-mesh traffic is the mesh's)`
      : `sidecar spec of ServiceAccount ${who}`;
  const egressMode = resolution.egressMode;
  doc.commentBefore = ` ${what}, resolved by pipyc ${from}\n egress mode: ${egressMode.mode} (${egressMode.from})`;
  const list = isMap(doc.contents) ? doc.contents.get('EgressPolicies', true) : undefined;
  if (isSeq(list)) {
    list.items.forEach((item, i) => {
      const source = resolution.policies[i];
      if (source && item && typeof item === 'object') {
        (item as { commentBefore?: string }).commentBefore =
          ` from ${[source.egress, ...source.routeGroups].map(refText).join(' + ')}`;
      }
    });
  }
  return doc.toString({ lineWidth: 0 });
}

function refText(ref: ObjectRef): string {
  return objectLabel(ref) + (ref.resourceVersion ? ` (resourceVersion ${ref.resourceVersion})` : '');
}

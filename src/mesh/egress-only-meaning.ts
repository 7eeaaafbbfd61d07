import type { SidecarSpec } from '../sidecar-spec/types.js';
import type { Resolution } from './resolve-identity.js';

/**
 * The spec `explain` decides an egress-only identity by: the one its code gets, and the in-mesh ranges given to tell
 * the destinations the mesh routes itself (they never reach that code).
 */
export function withInMeshRanges(spec: SidecarSpec, meshCIDRs: readonly string[]): SidecarSpec {
  if (meshCIDRs.length === 0) return spec;
  return { ...spec, Spec: { ...spec.Spec, Traffic: { ...spec.Spec.Traffic, MeshCIDRs: [...meshCIDRs] } } };
}

/**
 * What a reason means for code that decides only egress inside the mesh's own sidecar, where a standalone sidecar's
 * meaning would mislead: an identity no Egress names gets the egress default, not "EnableEgress", and an in-mesh
 * destination is never the plugin's to decide. undefined: the reason means what it always does.
 */
export function egressOnlyMeaning(resolution: Resolution, reason: string): string | undefined {
  const { mode, spec } = resolution;
  if (mode.kind !== 'egress-only') return undefined;
  if (reason === 'mesh') return `in-mesh: decided by ${resolution.mesh}, not the plugin`;
  const unnamed = spec !== undefined && (spec.EgressPolicies ?? []).length === 0;
  if (unnamed && (reason === 'egress-disabled' || reason === 'egress-passthrough'))
    return `no Egress names this identity: the egress default (\`${mode.egressDefault}\`)`;
  return undefined;
}

import { hasErrors, PipycError, uniqueDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Probe } from '../decision/probe.js';
import { checkProbe } from '../explain/check-probe.js';
import { decide } from '../explain/decide.js';
import type { Explanation } from '../explain/explanation.js';
import { identityLabel } from '../mesh/objects.js';
import { MeshIndex, resolveIdentity, unlistedSpec, type ResolutionMode } from '../mesh/resolve-identity.js';
import type { SidecarModel } from '../normalize/model.js';
import type { FamilyRequest } from '../outputs/family.js';
import { parseSpec, parseValue } from '../parse/parse-spec.js';
import type { SpecSource } from '../parse/source.js';
import { compareText } from '../util/compare.js';
import { frontEnd, PIPELINE } from '../compile/front-end.js';
import type { MeshInput } from '../compile/compile-mesh.js';
import { specChanges, type SpecChange } from './spec-changes.js';

/** What a change does to one identity (or to an egress default): what its spec gains and loses, and which probes flip. */
export interface EgressDiff {
  /** `namespace/serviceaccount`, `spec`, or an egress default: `(egress default)`, `(egress default of <namespace>)`. */
  identity: string;
  changes: SpecChange[];
  flips: Flip[];
}

/** A probe whose verdict is another after the change. */
export interface Flip {
  probe: Probe;
  from: DiffVerdict;
  to: DiffVerdict;
}

/** A verdict as the diff prints it: `allow`, `deny`, or `would-deny` (allowed in audit mode). */
export interface DiffVerdict {
  verdict: 'allow' | 'deny' | 'would-deny';
  reason: string;
  policy: string | null;
}

export interface DiffResult {
  /** Only what differs, identities in order, egress defaults last. */
  diffs: EgressDiff[];
  warnings: Diagnostic[];
}

/** Two sidecar specs: what the second changes. Throws PipycError when either (or a probe) is not valid. Pure. */
export function diffSpecs(from: SpecSource, to: SpecSource, probes: readonly Probe[] = []): DiffResult {
  const checked = checkedProbes(probes);
  const models = [from, to].map((source) => {
    const model = frontEnd(parseSpec(source), PIPELINE.protocols);
    if (model.kind === 'failed') throw new PipycError(model.diagnostics);
    return model;
  });
  const diff = egressDiff('spec', models[0]!.model, models[1]!.model, checked);
  return { diffs: diff ? [diff] : [], warnings: [] };
}

/**
 * Two sets of a mesh's objects: what the second changes for every identity either names (an identity one side does not
 * name gets that side's default) and for the egress defaults, as `request.format`'s family reads objects (`mode`).
 * Throws PipycError with every problem of either side. Pure.
 */
export function diffMeshes(
  from: MeshInput,
  to: MeshInput,
  mode: ResolutionMode,
  request: Pick<FamilyRequest, 'meshCIDRs' | 'audit'> = {},
  probes: readonly Probe[] = [],
): DiffResult {
  const checked = checkedProbes(probes);
  const sides = [from, to].map((objects) => (objects instanceof MeshIndex ? objects : new MeshIndex(objects)));
  const problems = sides.flatMap((index) => index.diagnostics);
  if (hasErrors(problems)) throw new PipycError(problems);
  const models = new Map<string, SidecarModel>();
  const errors: Diagnostic[] = [];
  const modelOf = (spec: unknown, name: string): SidecarModel | undefined => {
    const key = JSON.stringify(spec);
    const known = models.get(key);
    if (known) return known;
    const model = frontEnd(parseValue(spec, name), PIPELINE.protocols);
    if (model.kind === 'failed') return void errors.push(...model.diagnostics);
    models.set(key, model.model);
    return model.model;
  };
  const options = {
    mode,
    allowUnknownIdentity: true,
    ...(request.meshCIDRs && { meshCIDRs: request.meshCIDRs }),
    ...(request.audit && { audit: request.audit }),
  };
  const identities = [...new Set(sides.flatMap((index) => index.identities().map(identityLabel)))].sort(compareText);
  const diffs: EgressDiff[] = [];
  const warnings: Diagnostic[] = [];
  for (const identity of identities) {
    const [a, b] = sides.map((index) => {
      const resolution = resolveIdentity(index, identity, options);
      if (resolution.spec === undefined) return void errors.push(...resolution.diagnostics);
      // That an identity is named by no Egress on one side is what the diff shows, not a warning.
      warnings.push(...resolution.diagnostics.filter((d) => d.code !== 'PIPYC7013'));
      return modelOf(resolution.spec, `<${identity}>`);
    });
    const diff = a && b ? egressDiff(identity, a, b, checked) : undefined;
    if (diff) diffs.push(diff);
  }
  const namespaces = mode.kind === 'egress-only' ? [...new Set(sides.flatMap((index) => [...index.namespaces]))] : [];
  for (const namespace of [...namespaces.sort(compareText), null]) {
    const [a, b] = sides.map((index) =>
      modelOf(unlistedSpec(index, mode, namespace, request.audit), '<egress default>'),
    );
    const label = namespace === null ? '(egress default)' : `(egress default of ${namespace})`;
    const diff = a && b ? egressDiff(label, a, b, checked) : undefined;
    if (diff) diffs.push(diff);
  }
  if (errors.length > 0) throw new PipycError(uniqueDiagnostics(errors));
  // A problem of the objects (the MeshConfig, say) comes with every identity: told once.
  return { diffs, warnings: uniqueDiagnostics(warnings) };
}

function egressDiff(
  identity: string,
  from: SidecarModel,
  to: SidecarModel,
  probes: readonly Probe[],
): EgressDiff | undefined {
  const changes = specChanges(from.spec, to.spec);
  if (changes.length === 0) return undefined;
  const flips = probes.flatMap((probe): Flip[] => {
    const a = verdictOf(decide(from, probe, PIPELINE.protocols));
    const b = verdictOf(decide(to, probe, PIPELINE.protocols));
    return a.verdict === b.verdict ? [] : [{ probe, from: a, to: b }];
  });
  return { identity, changes, flips };
}

function verdictOf(e: Explanation): DiffVerdict {
  return { verdict: e.wouldDeny ? 'would-deny' : e.verdict, reason: e.reason, policy: e.policy };
}

/** Probes as explain() takes them (a protocol inferred where none is given); a bad one throws PipycError. */
function checkedProbes(probes: readonly Probe[]): Probe[] {
  return probes.map((probe) => {
    const checked = checkProbe(probe, PIPELINE.protocols.probeProtocols);
    if (checked.kind === 'failed') throw new PipycError(checked.diagnostics);
    return checked.probe;
  });
}

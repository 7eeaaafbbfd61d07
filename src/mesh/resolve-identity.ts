import {
  error,
  pointerOf,
  pointerSegments,
  PipycError,
  uniqueDiagnostics,
  pointerName,
  warning,
  withPosition,
  type Diagnostic,
  type FieldNamer,
  type SourcePosition,
} from '../diagnostics/diagnostic.js';
import type { EgressPolicy, SidecarLogLevel, SidecarSpec } from '../sidecar-spec/types.js';
import { closestName } from '../util/closest-name.js';
import { compareText } from '../util/compare.js';
import { egressPolicy, egressSources, type ResolvedPolicy } from './egress.js';
import { egressModeOf, readEgressModes, type EgressModeAnnotations, type EgressModeChoice } from './egress-mode.js';
import { DNS_LABEL, DNS_SUBDOMAIN } from './load-objects.js';
import { readMeshSettings, type MeshSettings } from './mesh-config.js';
import { dotted, ObjectReader } from './object-reader.js';
import {
  compareRefs,
  identityLabel,
  flavourOf,
  MESH_NAMESPACES,
  objectKey,
  objectLabel,
  type Identity,
  type LoadedObjects,
  type MeshFlavour,
  type MeshObject,
  type ObjectPath,
  type ObjectRef,
} from './objects.js';

export interface ResolveOptions {
  /**
   * What the compiled code will be in the pod (default: the pod's whole outbound proxy). Each output family supplies
   * its own (OutputFamily.resolution, src/outputs/family.ts).
   */
  mode?: ResolutionMode;
  /** A whole proxy's in-mesh destinations (`Spec.Traffic.MeshCIDRs`): the mesh's objects do not carry them. */
  meshCIDRs?: readonly string[];
  /**
   * An identity that no Egress names is most likely mistyped, so resolving it is an error (PIPYC7013) with the
   * closest known name; true makes it a warning, and the identity gets the spec of one with no Egress.
   */
  allowUnknownIdentity?: boolean;
  /** Who audits whatever the annotations say: namespaces, `namespace/serviceaccount`s, or `*` (every identity). */
  audit?: readonly string[];
  /**
   * The SidecarLogLevel of pipyc's code, over the MeshConfig's spec.sidecar.logLevel (which also sets the mesh's own
   * sidecar's level): `off` quiets its refusal and would-deny lines alone.
   */
  logLevel?: SidecarLogLevel;
}

/**
 * What the code compiled from the spec is in the pod, which decides how the objects are read:
 * - `whole-proxy`: the pod's whole outbound proxy (a standalone sidecar). It tells in-mesh destinations from egress by
 *   MeshCIDRs; the MeshConfig's enableEgress and its egress-policy flag apply as the mesh applies them.
 * - `egress-only`: code that decides only egress inside the mesh's own sidecar (a plugin). The mesh tells in-mesh
 *   traffic from egress; every Egress applies whatever the mesh's own egress-policy flag says; what no policy allows
 *   gets `egressDefault` (deny: EnableEgress false).
 */
export type ResolutionMode = { kind: 'whole-proxy' } | { kind: 'egress-only'; egressDefault: EgressDefault };

/** What egress-only code does with egress no policy allows: refuse it, pass it, or pass it as would-deny (audit). */
export type EgressDefault = 'deny' | 'allow' | 'audit';

export interface PolicySource {
  /** The spec policy's Name. */
  policy: string;
  egress: ObjectRef;
  routeGroups: ObjectRef[];
}

export interface Resolution {
  /** The identity asked for (as given, split at '/', when it is not `namespace/serviceaccount`: then PIPYC7012). */
  identity: Identity;
  /** How the objects were read (the spec is the one code of this kind decides by). */
  mode: ResolutionMode;
  /** The mesh the objects come from. */
  mesh: MeshFlavour;
  /** Whether its sidecar enforces or audits its policies, and what said so. */
  egressMode: EgressModeChoice;
  /** The sidecar spec for this identity; undefined when an error stops it. */
  spec: SidecarSpec | undefined;
  /** Every object that shaped the spec (the MeshConfig, Egresses, HTTPRouteGroups), sorted. */
  sources: ObjectRef[];
  /** Where each policy came from. */
  policies: PolicySource[];
  diagnostics: Diagnostic[];
  /** The object field a spec pointer was resolved from, for messages about the spec. */
  origin: (pointer: string) => { label: string; field?: string; position?: SourcePosition } | undefined;
}

/**
 * The objects read once for any number of identities: the MeshConfig's settings, which Egress names which
 * ServiceAccount, and each Egress resolved into a policy at most once.
 */
export class MeshIndex {
  readonly settings: MeshSettings;
  /** Problems that concern every identity (the MeshConfig, Egress sources). */
  readonly diagnostics: Diagnostic[] = [];
  private readonly egressBySource = new Map<string, MeshObject[]>();
  private readonly routeGroups = new Map<string, MeshObject>();
  private readonly policies = new Map<MeshObject, { resolved: ResolvedPolicy; diagnostics: Diagnostic[] }>();
  readonly egressCount: number;
  /** pipyc.io/egress-mode of the Namespaces and ServiceAccounts among the objects. */
  readonly egressModes: EgressModeAnnotations;
  /** The ServiceAccounts among the objects (`namespace/name`), and the namespaces of the Namespaces. */
  readonly accounts: Set<string>;
  readonly namespaces: Set<string>;
  /** The mesh the objects are of, by their API groups (osm-edge's when none says). */
  readonly flavour: MeshFlavour;

  /** `objects` as loadObjects returns them (their load problems count too), or a list of objects. */
  constructor(objects: LoadedObjects | (LoadedObjects & { diagnostics: Diagnostic[] }) | readonly MeshObject[]) {
    const list = Array.isArray(objects) ? (objects as readonly MeshObject[]) : (objects as LoadedObjects).objects;
    if ('diagnostics' in objects && Array.isArray(objects.diagnostics)) this.diagnostics.push(...objects.diagnostics);
    this.flavour = meshFlavour(list, this.diagnostics);
    this.settings = readMeshSettings(
      list.filter((o) => o.ref.kind === 'MeshConfig'),
      this.diagnostics,
    );
    for (const o of list) if (o.ref.kind === 'HTTPRouteGroup') this.routeGroups.set(objectKey(o.ref), o);
    this.egressModes = readEgressModes(list, this.diagnostics);
    this.accounts = new Set(list.filter((o) => o.ref.kind === 'ServiceAccount').map((o) => identityLabel(o.ref)));
    this.namespaces = new Set(list.filter((o) => o.ref.kind === 'Namespace').map((o) => o.ref.name));
    const egresses = list.filter((o) => o.ref.kind === 'Egress');
    this.egressCount = egresses.length;
    for (const egress of egresses) {
      const seen = new Set<string>();
      for (const source of egressSources(new ObjectReader(egress, this.diagnostics))) {
        const key = identityLabel(source);
        if (seen.has(key)) continue;
        seen.add(key);
        const list = this.egressBySource.get(key) ?? [];
        list.push(egress);
        this.egressBySource.set(key, list);
      }
    }
  }

  /** The namespace the mesh's own objects live in: its MeshConfig's, else the mesh's default. */
  meshNamespace(): string {
    return this.settings.fields?.object.ref.namespace ?? MESH_NAMESPACES[this.flavour];
  }

  /** Every ServiceAccount some Egress names as a source or that is among the objects, sorted. */
  identities(): Identity[] {
    return [...new Set([...this.egressBySource.keys(), ...this.accounts])]
      .sort(compareText)
      .map((key) => parseIdentity(key));
  }

  egressesOf(identity: Identity): readonly MeshObject[] {
    return this.egressBySource.get(identityLabel(identity)) ?? [];
  }

  policyOf(egress: MeshObject): { resolved: ResolvedPolicy; diagnostics: Diagnostic[] } {
    let entry = this.policies.get(egress);
    if (!entry) {
      const diagnostics: Diagnostic[] = [];
      entry = { resolved: egressPolicy(new ObjectReader(egress, diagnostics), this.routeGroups), diagnostics };
      this.policies.set(egress, entry);
    }
    return entry;
  }
}

/** `namespace/name` of a ServiceAccount; throws PipycError (PIPYC7012) for anything else. */
export function parseIdentity(text: string): Identity {
  const parsed = identityOf(text);
  if ('code' in parsed) throw new PipycError([parsed]);
  return parsed;
}

/** `namespace/name` of a ServiceAccount, or the PIPYC7012 diagnostic saying it is not one. */
function identityOf(text: string): Identity | Diagnostic {
  const parts = text.split('/');
  if (parts.length === 2 && DNS_LABEL.test(parts[0]!) && DNS_SUBDOMAIN.test(parts[1]!))
    return { namespace: parts[0]!, name: parts[1]! };
  return error(
    'PIPYC7012',
    `identity ${JSON.stringify(text)} is not <namespace>/<serviceaccount>`,
    undefined,
    'e.g. --identity curl/curl',
  );
}

/**
 * The sidecar spec of one ServiceAccount, with osm-edge's meaning of each object (docs/semantics.md, "From osm-edge's objects"): the
 * MeshConfig's egress settings, and one policy per Egress that names the identity as a source. Pure.
 */
export function resolveIdentity(
  objects: LoadedObjects | readonly MeshObject[] | MeshIndex,
  identity: Identity | string,
  options: ResolveOptions = {},
): Resolution {
  const index = objects instanceof MeshIndex ? objects : new MeshIndex(objects);
  const who = typeof identity === 'string' ? identityOf(identity) : identity;
  if ('code' in who) {
    // Bad input, not a bad program: told as a diagnostic like any problem of the objects.
    const [namespace = '', name = ''] = (identity as string).split('/');
    return {
      identity: { namespace, name },
      mode: modeOf(options),
      mesh: index.flavour,
      egressMode: { mode: 'enforce', from: 'default' },
      spec: undefined,
      sources: [],
      policies: [],
      diagnostics: [who],
      origin: () => undefined,
    };
  }
  const mode = modeOf(options);
  const diagnostics: Diagnostic[] = [...index.diagnostics];
  const resolved = identityPolicies(index, who, diagnostics, mode, options).sort((a, b) =>
    compareText(a.policy.Name, b.policy.Name),
  );
  if (mode.kind === 'whole-proxy' && !index.settings.enableEgress && !options.meshCIDRs?.length)
    diagnostics.push(noMeshCidrs(index.settings));
  const origins = originsOf(resolved, index.settings, mode);
  const egressMode = egressModeOf(
    who,
    index.egressModes,
    options.audit ?? [],
    resolved.length === 0 && auditsByDefault(mode),
  );
  const spec = specOf(
    withLogLevel(index.settings, options.logLevel),
    resolved.map((r) => r.policy),
    mode,
    options.meshCIDRs ?? [],
    egressMode,
  );
  const sources = new Map<string, ObjectRef>();
  const fields = index.settings.fields;
  if (fields) sources.set(objectKey(fields.object.ref), fields.object.ref);
  for (const r of resolved) for (const ref of [r.egress, ...r.routeGroups]) sources.set(objectKey(ref), ref);
  if (egressMode.object) sources.set(objectKey(egressMode.object), egressMode.object);
  const unique = uniqueDiagnostics(diagnostics);
  return {
    identity: who,
    mode,
    mesh: index.flavour,
    egressMode,
    spec: unique.some((d) => d.severity === 'error') ? undefined : spec,
    sources: [...sources.values()].sort(compareRefs),
    policies: resolved.map((r) => ({ policy: r.policy.Name, egress: r.egress, routeGroups: r.routeGroups })),
    diagnostics: unique,
    origin: (pointer) => {
      if (pointer.startsWith('/Spec/Traffic/MeshCIDRs')) return { label: 'mesh CIDRs (--mesh-cidr)' };
      if (mode.kind === 'egress-only' && (pointer === '/Spec/Traffic/EnableEgress' || pointer === '/EgressPolicies'))
        return { label: `--egress-default ${mode.egressDefault}` };
      if (pointer === '/Spec/Traffic/EgressPolicyMode') return { label: egressMode.from };
      if (pointer === '/Spec/SidecarLogLevel' && options.logLevel !== undefined) return { label: '--log-level' };
      const segments = pointerSegments(pointer);
      for (let n = segments.length; n >= 0; n--) {
        const hit = origins.get(pointerOf(...segments.slice(0, n)));
        if (hit) {
          const exact = n === segments.length && hit.from.length > 0;
          return {
            label: objectLabel(hit.object.ref),
            ...(exact && { field: dotted(hit.from) }),
            position: hit.object.locate(hit.from),
          };
        }
      }
      return undefined;
    },
  };
}

/**
 * The spec of an identity no Egress names, as `mode` reads the objects: what an egress default is made of, for the
 * identities of `namespace` (null: of every namespace without a default of its own), in its egress mode.
 */
export function unlistedSpec(
  index: MeshIndex,
  mode: ResolutionMode,
  namespace: string | null = null,
  audit: readonly string[] = [],
  logLevel?: SidecarLogLevel,
): SidecarSpec {
  const defaultAudits = auditsByDefault(mode);
  const choice: EgressModeChoice =
    namespace === null
      ? { mode: defaultAudits || audit.includes('*') ? 'audit' : 'enforce', from: '' }
      : egressModeOf({ namespace, name: '' }, index.egressModes, audit, defaultAudits);
  return specOf(withLogLevel(index.settings, logLevel), [], mode, [], choice);
}

/** The MeshConfig's settings with the log level asked for over its own. */
function withLogLevel(settings: MeshSettings, logLevel: SidecarLogLevel | undefined): MeshSettings {
  return logLevel === undefined ? settings : { ...settings, logLevel };
}

/**
 * A standalone sidecar tells in-mesh destinations from egress only by MeshCIDRs, which osm-edge's objects do not carry
 * (a Service's cluster IP is one address, not the range new services get theirs from): without --mesh-cidr, every
 * in-mesh destination is egress, refused unless an Egress allows it.
 */
function noMeshCidrs(settings: MeshSettings): Diagnostic {
  const d = warning(
    'PIPYC7017',
    'no mesh CIDR is known: this sidecar treats in-mesh destinations (services, pods) as egress and refuses them unless an Egress allows them (no-policy-for-port)',
    undefined,
    "pass the cluster's service and pod ranges, e.g. --mesh-cidr 10.96.0.0/12 --mesh-cidr 10.244.0.0/16 (kubectl cluster-info dump | grep -m1 service-cluster-ip-range)",
  );
  const fields = settings.fields;
  return fields ? withPosition(d, fields.object.locate(fields.enableEgress)) : d;
}

/** Whether identities no Egress names audit: `--egress-default audit` of egress-only code. */
function auditsByDefault(mode: ResolutionMode): boolean {
  return mode.kind === 'egress-only' && mode.egressDefault === 'audit';
}

/**
 * The mesh the objects come from, read from their API groups: osm-edge's, or fsm's (its successor, the same kinds in
 * groups of its own). Objects of both in one input are an error that names one object of each.
 */
function meshFlavour(objects: readonly MeshObject[], diagnostics: Diagnostic[]): MeshFlavour {
  const first = new Map<MeshFlavour, MeshObject>();
  for (const o of objects) {
    const flavour = flavourOf(o.apiVersion);
    if (flavour !== undefined && !first.has(flavour)) first.set(flavour, o);
  }
  const [one, other] = [...first];
  if (one && other) {
    const [name, object] = other;
    const d = error(
      'PIPYC7020',
      `${objectLabel(object.ref)} (${object.apiVersion}) is ${name}'s, but ${objectLabel(one[1].ref)} (${one[1].apiVersion}) is ${one[0]}'s: the objects of one mesh at a time`,
      undefined,
      'pass the objects of the mesh these sidecars belong to (kubectl get ... -A -o yaml against that cluster)',
    );
    diagnostics.push(withPosition(d, object.locate(['apiVersion'])));
  }
  return one?.[0] ?? 'osm-edge';
}

/** The mode asked for, a whole proxy by default. */
function modeOf(options: ResolveOptions): ResolutionMode {
  return options.mode ?? { kind: 'whole-proxy' };
}

/**
 * One policy per Egress that names the identity, when the MeshConfig turns egress policy on (else a warning); for
 * egress-only code, always: it applies them in the mesh's place.
 */
function identityPolicies(
  index: MeshIndex,
  who: Identity,
  diagnostics: Diagnostic[],
  mode: ResolutionMode,
  options: ResolveOptions,
): ResolvedPolicy[] {
  const { settings } = index;
  if (!settings.enableEgressPolicy && mode.kind === 'whole-proxy') {
    if (index.egressCount > 0) {
      const where = settings.fields?.object;
      const d = warning(
        'PIPYC7011',
        `Egress objects are ignored: ${where ? `${objectLabel(where.ref)} does not set spec.featureFlags.enableEgressPolicy to true` : 'egress policy is off'} (osm-edge ignores them too)`,
        undefined,
        'set spec.featureFlags.enableEgressPolicy: true in the MeshConfig to use them',
      );
      diagnostics.push(where ? withPosition(d, where.locate(['spec', 'featureFlags'])) : d);
    }
    return [];
  }
  const egresses = index.egressesOf(who);
  // A ServiceAccount among the objects is known: without an Egress it simply gets the default.
  if (egresses.length === 0 && !index.accounts.has(identityLabel(who))) {
    const what =
      mode.kind === 'egress-only'
        ? `the egress default applies (--egress-default ${mode.egressDefault})`
        : settings.enableEgress
          ? 'all egress passes (enableEgress is true)'
          : 'this sidecar lets no egress through';
    if (options.allowUnknownIdentity)
      diagnostics.push(warning('PIPYC7013', `no Egress names ${identityLabel(who)} as a source: ${what}`));
    else {
      const known = index.identities().map(identityLabel);
      const guess = closestName(identityLabel(who), known);
      diagnostics.push(
        error(
          'PIPYC7013',
          `no Egress names ${identityLabel(who)} as a source (mistyped?)`,
          undefined,
          `${guess ? `did you mean ${guess}? ` : known.length ? `known: ${known.slice(0, 5).join(', ')}${known.length > 5 ? ', ...' : ''}. ` : ''}To compile it anyway (${what}): --allow-unknown-identity`,
        ),
      );
    }
  }
  return egresses.map((egress) => {
    const entry = index.policyOf(egress);
    diagnostics.push(...entry.diagnostics);
    return entry.resolved;
  });
}

/** Spec pointer -> the object field it was resolved from (policies in their sorted order). */
function originsOf(
  resolved: readonly ResolvedPolicy[],
  settings: MeshSettings,
  mode: ResolutionMode,
): Map<string, { object: MeshObject; from: ObjectPath }> {
  const origins = new Map<string, { object: MeshObject; from: ObjectPath }>();
  resolved.forEach((r, i) => {
    for (const o of r.origins) origins.set(pointerOf('EgressPolicies', i, ...o.at), { object: o.object, from: o.from });
  });
  const fields = settings.fields;
  if (fields) {
    origins.set('/Spec/SidecarLogLevel', { object: fields.object, from: fields.logLevel });
    if (mode.kind === 'egress-only') return origins;
    origins.set('/Spec/SidecarTimeout', { object: fields.object, from: fields.sidecarTimeout });
    origins.set('/Spec/Traffic/EnableEgress', { object: fields.object, from: fields.enableEgress });
    origins.set('/Spec/Traffic/DNS/Upstream', { object: fields.object, from: fields.localDnsUpstream });
    // Policies as a whole are only ever questioned for being moot, which enableEgress decides.
    origins.set('/EgressPolicies', { object: fields.object, from: fields.enableEgress });
  }
  return origins;
}

/**
 * The spec: the MeshConfig's log level, and for a whole proxy its timeout and egress passthrough (with the given mesh
 * CIDRs); for egress-only code, the mesh's sidecar connects (no timeout here) and the egress default decides what
 * identities without policies get (so it credits no policy).
 */
function specOf(
  settings: MeshSettings,
  policies: readonly EgressPolicy[],
  mode: ResolutionMode,
  meshCIDRs: readonly string[],
  egressMode: EgressModeChoice,
): SidecarSpec {
  const audits = egressMode.mode === 'audit' && { EgressPolicyMode: 'audit' as const };
  return {
    Spec: {
      ...(settings.logLevel !== undefined && {
        SidecarLogLevel: settings.logLevel as NonNullable<SidecarSpec['Spec']['SidecarLogLevel']>,
      }),
      ...(mode.kind === 'whole-proxy' &&
        settings.sidecarTimeout !== undefined && { SidecarTimeout: settings.sidecarTimeout }),
      Traffic:
        mode.kind === 'egress-only'
          ? // The egress default is for identities no Egress names: an identity with policies is decided by them alone.
            { EnableEgress: policies.length === 0 && mode.egressDefault === 'allow', ...audits }
          : {
              EnableEgress: settings.enableEgress,
              ...audits,
              ...(meshCIDRs.length > 0 && { MeshCIDRs: [...meshCIDRs] }),
              // The mesh's DNS proxy address and port (its init container sends the pod's DNS there): pipyc's takes its place.
              ...(settings.localDnsUpstream !== undefined && { DNS: { Upstream: settings.localDnsUpstream } }),
            },
    },
    ...(policies.length > 0 && { EgressPolicies: [...policies] }),
  };
}

/**
 * How messages about the resolved spec name a place: by the object field it came from where there is one
 * (`spec.matches[0].methods[0]`), else by its pointer. Compiling the spec with it makes every message speak of objects.
 */
export function objectFieldNamer(resolution: Resolution): FieldNamer {
  return (pointer) => resolution.origin(pointer)?.field ?? pointerName(pointer);
}

/** A problem found in the resolved spec (its message already naming object fields), told at the object it came from. */
export function attributeToObjects(resolution: Resolution, d: Diagnostic): Diagnostic {
  const origin = d.pointer !== undefined ? resolution.origin(d.pointer) : undefined;
  if (!origin) return d;
  return withPosition({ ...d, message: `${origin.label}: ${d.message}` }, origin.position);
}

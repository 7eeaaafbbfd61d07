import { warning, withPosition, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { MeshSettings } from '../../mesh/mesh-config.js';
import { objectLabel, type MeshFlavour } from '../../mesh/objects.js';

/**
 * What the MeshConfig must say for the mesh (osm-edge or fsm) to run a pipyc plugin as compiled
 * (docs/osm-edge-plugin.md), each unmet condition a warning at its field that says what the mesh will do instead.
 */
export function pluginPreconditions(settings: MeshSettings, mesh: MeshFlavour): Diagnostic[] {
  const fields = settings.fields;
  if (!fields) {
    return [
      warning(
        'PIPYC7015',
        `no MeshConfig among the objects: the plugin needs spec.traffic.enableEgress: true and spec.featureFlags.enablePluginPolicy: true there, and ${mesh}'s own egress policy off`,
        undefined,
        "pass the mesh's MeshConfig too (kubectl get meshconfig -A -o yaml)",
      ),
    ];
  }
  const at = (path: readonly (string | number)[]) => fields.object.locate(path) ?? fields.object.locate(['spec']);
  const label = objectLabel(fields.object.ref);
  const out: Diagnostic[] = [];
  if (!settings.enablePluginPolicy) {
    out.push(
      withPosition(
        warning(
          'PIPYC7015',
          `${label}: spec.featureFlags.enablePluginPolicy is not true: ${mesh} ignores Plugin and PluginChain objects, so no sidecar runs the plugin and ${mesh} alone decides egress`,
          undefined,
          'set spec.featureFlags.enablePluginPolicy: true',
        ),
        at(fields.enablePluginPolicy),
      ),
    );
  }
  if (!settings.enableEgress) {
    out.push(
      withPosition(
        warning(
          'PIPYC7015',
          `${label}: spec.traffic.enableEgress is not true: ${mesh} closes every egress connection before any plugin runs (except on ports its own Egress policies name), so the plugin allows nothing`,
          undefined,
          'set spec.traffic.enableEgress: true; with the plugin it no longer means "allow all": the plugin\'s --egress-default decides',
        ),
        at(fields.enableEgress),
      ),
    );
  }
  if (settings.enableEgressPolicy) {
    out.push(
      withPosition(
        warning(
          'PIPYC7016',
          `${label}: spec.featureFlags.enableEgressPolicy is true: ${mesh} applies the Egress objects itself too, so a request must pass both (its http routes answer 403 to hosts it does not list exactly, and its https egress connects to the listed hosts, not to the client's destination)`,
          undefined,
          'set spec.featureFlags.enableEgressPolicy: false to leave egress to the plugin',
        ),
        at(fields.enableEgressPolicy),
      ),
    );
  }
  return out;
}

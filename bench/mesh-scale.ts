// The mesh at scale: 1,000 ServiceAccounts with 10 Egress objects each (10,000 Egress objects and 1,000 route groups,
// as one `kubectl get -A -o yaml` List), loaded, resolved and compiled for every identity, written as one tree, and
// published to a real Pipy repo (in memory): time per stage and the repo's memory. BENCH_IDENTITIES changes the size.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { compileAllIdentities } from '../src/compile/compile-mesh.js';
import { compileOsmEdgePlugin } from '../src/compile/compile-osm-edge-plugin.js';
import { loadObjects } from '../src/mesh/load-objects.js';
import { MeshIndex } from '../src/mesh/resolve-identity.js';
import { publishCodebases } from '../src/publish/publish.js';
import { readCodebase, readIdentityTree } from '../src/publish/read-codebase.js';
import { locatePipy } from '../src/verify/pipy-binary.js';
import { writeCodebase } from '../src/write/write-codebase.js';
import { startPipyRepo } from '../lab/pipy-repo.js';
import { egressSpec, routeGroupSpec } from './mesh-objects.js';

const identities = Number(process.env.BENCH_IDENTITIES ?? 1000);
const perIdentity = 10;
const NAMESPACES = 50;

function meshObjects(): unknown {
  const items: unknown[] = [
    {
      apiVersion: 'config.openservicemesh.io/v1alpha2',
      kind: 'MeshConfig',
      metadata: { name: 'osm-mesh-config', namespace: 'osm-system', resourceVersion: '1' },
      spec: {
        featureFlags: { enableEgressPolicy: true },
        sidecar: { logLevel: 'error', sidecarTimeout: 60 },
        traffic: { enableEgress: false },
      },
    },
  ];
  for (let s = 0; s < identities; s++) {
    const ns = `team-${s % NAMESPACES}`;
    const sa = `app-${s}`;
    // A fresh object each time: shared ones would make the YAML printer write anchors and aliases, which kubectl never does.
    const sources = () => [{ kind: 'ServiceAccount', name: sa, namespace: ns }];
    items.push({
      apiVersion: 'specs.smi-spec.io/v1alpha4',
      kind: 'HTTPRouteGroup',
      metadata: { name: `${sa}-routes`, namespace: ns },
      spec: routeGroupSpec(),
    });
    for (let e = 0; e < perIdentity; e++) {
      const spec = egressSpec(e, sa, `${sa}-routes`, s + e);
      items.push({
        apiVersion: 'policy.openservicemesh.io/v1alpha1',
        kind: 'Egress',
        metadata: { name: `${sa}-egress-${e}`, namespace: ns, resourceVersion: String(1000 + s * perIdentity + e) },
        spec: { sources: sources(), ...spec },
      });
    }
  }
  return { apiVersion: 'v1', kind: 'List', items };
}

const time = async <T>(run: () => Promise<T> | T): Promise<[T, number]> => {
  const t0 = process.hrtime.bigint();
  const value = await run();
  return [value, Number(process.hrtime.bigint() - t0) / 1e6];
};

const list = meshObjects();
const rows: [string, string][] = [];
const json = JSON.stringify(list, null, 4); // as kubectl -o json prints it
const [fromJson, jsonMs] = await time(() => loadObjects([{ name: 'mesh.json', text: json }]));
rows.push([
  `load ${(json.length / 1024 / 1024).toFixed(1)} MiB of JSON (${fromJson.objects.length} objects)`,
  `${jsonMs.toFixed(0)} ms`,
]);
const text = stringify(list, { lineWidth: 0 });
const [loaded, loadMs] = await time(() => loadObjects([{ name: 'mesh.yaml', text }]));
if (loaded.diagnostics.some((d) => d.severity === 'error'))
  throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
rows.push([
  `load ${(text.length / 1024 / 1024).toFixed(1)} MiB of YAML (${loaded.objects.length} objects)`,
  `${loadMs.toFixed(0)} ms`,
]);
const [tree, compileMs] = await time(() => compileAllIdentities(new MeshIndex(loaded)));
const distinct = new Set(tree.identities.map((i) => i.specSha256)).size;
rows.push([
  `resolve + compile ${tree.identities.length} identities (${distinct} distinct specs)`,
  `${compileMs.toFixed(0)} ms (${(compileMs / tree.identities.length).toFixed(2)} ms each)`,
]);
const [plugin, pluginMs] = await time(() => compileOsmEdgePlugin(new MeshIndex(loaded)));
const perNamespace = plugin.plugins
  .filter((p) => p.namespace !== null)
  .map((p) => p.bytes)
  .sort((a, b) => a - b);
const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
rows.push([
  `compile osm-edge Plugins (${plugin.plugins.length}: one per namespace of ${identities / NAMESPACES} identities, and the default)`,
  `${pluginMs.toFixed(0)} ms`,
]);
rows.push([
  '  Plugin object per namespace: largest / median; YAML of all',
  `${kib(perNamespace.at(-1)!)} / ${kib(perNamespace[perNamespace.length >> 1]!)}; ${(plugin.yaml.length / 1024 / 1024).toFixed(1)} MiB`,
]);
// The same identities in one namespace: what a single Plugin for the whole mesh would have to hold.
const oneNamespace = loadObjects([
  { name: 'one.yaml', text: text.replace(/namespace: team-\d+/g, 'namespace: team-all') },
]);
try {
  const [whole] = await time(() => compileOsmEdgePlugin(new MeshIndex(oneNamespace)));
  rows.push([`  one Plugin for all ${identities} identities instead`, kib(whole.plugins[0]!.bytes)]);
} catch (e) {
  rows.push([
    `  one Plugin for all ${identities} identities instead`,
    `refused: ${e instanceof Error ? e.message.slice(0, 120) : String(e)}`,
  ]);
}
const out = join(mkdtempSync(join(tmpdir(), 'pipyc-scale-')), 'out');
const [, writeMs] = await time(() => writeCodebase(out, tree.files));
const bytes = tree.files.reduce((n, f) => n + f.contents.length, 0);
rows.push([
  `write the tree atomically (${tree.files.length} files, ${(bytes / 1024 / 1024).toFixed(1)} MiB)`,
  `${writeMs.toFixed(0)} ms`,
]);

if (!locatePipy()) {
  console.log('no Pipy (PIPY_BIN or pipy on PATH): the publishing rows are left out');
} else {
  const repo = await startPipyRepo();
  try {
    const idle = repo.rssKiB();
    const items = () =>
      readIdentityTree(out).identities.map((i) => ({
        codebase: `/mesh/${i.dir}`,
        local: readCodebase(join(out, i.dir)),
      }));
    const [first, publishMs] = await time(() => publishCodebases(repo.url, items()));
    rows.push([
      `publish ${first.length} codebases to a fresh repo (${first.filter((r) => r.created).length} created)`,
      `${(publishMs / 1000).toFixed(1)} s (${(publishMs / first.length).toFixed(1)} ms each)`,
    ]);
    const [again, againMs] = await time(() => publishCodebases(repo.url, items()));
    rows.push([
      `publish again, nothing changed (${again.filter((r) => r.changed).length} new versions)`,
      `${(againMs / 1000).toFixed(1)} s`,
    ]);
    rows.push([
      `Pipy repo RSS: idle -> holding ${first.length} codebases`,
      `${(idle / 1024).toFixed(1)} MiB -> ${(repo.rssKiB() / 1024).toFixed(1)} MiB (${locatePipy()})`,
    ]);
  } finally {
    await repo.stop();
  }
}
rmSync(out, { recursive: true, force: true });
rows.push(...rolloutToolRows(text, list));
const width = Math.max(...rows.map(([a]) => a.length));
console.log(`mesh at scale: ${identities} ServiceAccounts x ${perIdentity} Egress objects`);
for (const [a, b] of rows) console.log(`  ${a.padEnd(width)}  ${b}`);

/**
 * The rollout tools at this scale, run as an operator runs them (the built CLI, dist/cli.js, node's start included):
 * `pipyc diff` of this mesh against a changed copy (targets: under 5 s for 1,000 identities), and `pipyc learn` over
 * 1,000,000 log lines as `kubectl logs --prefix --timestamps` prints them (target: under 10 s), with -f the mesh.
 */
function rolloutToolRows(meshYaml: string, meshList: unknown): [string, string][] {
  // The bench runs from the repository's root (npm run bench:mesh), where `npm run build` puts the CLI.
  const cli = resolve('dist/cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: npm run build first`);
  const dir = mkdtempSync(join(tmpdir(), 'pipyc-rollout-'));
  try {
    const before = join(dir, 'before.yaml');
    const after = join(dir, 'after.yaml');
    writeFileSync(before, meshYaml);
    // A change in every tenth identity: one host renamed, one port moved.
    writeFileSync(
      after,
      meshYaml
        .replace(/api0\.app-(\d*0)\.example\.com/g, 'api0.app-$1.example.dev')
        .replace(/number: 5432/g, (m, at) => (at % 10 === 0 ? 'number: 5433' : m)),
    );
    const logs = join(dir, 'sidecars.log');
    writeFileSync(logs, logLines(1_000_000, false));
    const distinctLogs = join(dir, 'distinct.log');
    writeFileSync(distinctLogs, logLines(1_000_000, true));
    // diff exits 1 when the sides differ, as they do here; anything else is trouble.
    const run = (args: string[], expected: number) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== expected) throw new Error(`pipyc ${args[0]}: exit ${r.status}: ${r.stderr.slice(0, 600)}`);
      return { ms, r };
    };
    const diff = run(['diff', '-f', before, '--to', after], 1);
    // The same two meshes as kubectl get -o json prints them.
    const beforeJson = join(dir, 'before.json');
    const afterJson = join(dir, 'after.json');
    writeFileSync(beforeJson, JSON.stringify(meshList, null, 4));
    writeFileSync(afterJson, JSON.stringify(parse(readFileSync(after, 'utf8')), null, 4));
    const diffJson = run(['diff', '-f', beforeJson, '--to', afterJson], 1);
    // The text groups by identity: one unindented namespace/serviceaccount line each.
    const identitiesChanged = (diff.r.stdout.match(/^[^\s/]+\/[^\s/]+$/gm) ?? []).length;
    const learn = run(['learn', logs, '-f', before, '-o', join(dir, 'learned.yaml')], 0);
    const summary = learn.r.stderr.trim().split('\n').at(-1) ?? '';
    const distinct = run(['learn', distinctLogs, '-o', join(dir, 'distinct.yaml')], 0);
    const distinctSummary = distinct.r.stderr.trim().split('\n').at(-1) ?? '';
    return [
      [
        `pipyc diff of two ${identities}-identity meshes as YAML (${identitiesChanged} identities differ)`,
        `${(diff.ms / 1000).toFixed(1)} s (target < 5 s)`,
      ],
      ['  the same, both sides as JSON (kubectl get -o json)', `${(diffJson.ms / 1000).toFixed(1)} s (target < 5 s)`],
      ['pipyc learn: 1,000,000 log lines, -f the mesh', `${(learn.ms / 1000).toFixed(1)} s (target < 10 s)`],
      ['  what it said', summary.slice(0, 160)],
      [
        'pipyc learn: 1,000,000 log lines, every destination distinct (the worst case)',
        `${(distinct.ms / 1000).toFixed(1)} s (target < 10 s)`,
      ],
      ['  what it said', distinctSummary.slice(0, 160)],
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Sidecar logs as kubectl prints them: would-deny lines of every identity, refusals, held-back counts and noise. A
 * sidecar writes each destination at most once a minute, so a week's log repeats its lines (`distinct` false: a few
 * thousand destinations); `distinct` true makes every Host, SNI and port new.
 */
function logLines(n: number, distinct: boolean): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = i % identities;
    const prefix = `[pod/app-${s}-7d9f/sidecar] 2026-12-06T10:${String(i % 60).padStart(2, '0')}:00.000000000Z`;
    const who = `identity=team-${s % NAMESPACES}/app-${s}`;
    switch (i % 5) {
      case 0:
        lines.push(
          `${prefix} 2026-12-06 10:00:00.000 [ERR] pipyc egress would-deny dst=203.0.113.${i % 200}:443 proto=tls reason=sni-not-allowed ${who} sni="new${distinct ? i : i % 3000}.example.io"`,
        );
        break;
      case 1:
        lines.push(
          `${prefix} 2026-12-06 10:00:00.000 [ERR] pipyc egress would-deny dst=198.51.100.${i % 250}:80 proto=http reason=host-not-allowed ${who} host="web${distinct ? i : i % 2000}.example.net" method="GET" path="/x"`,
        );
        break;
      case 2:
        lines.push(
          `${prefix} 2026-12-06 10:00:00.000 [ERR] pipyc egress would-deny dst=203.0.113.${i % 250}:${distinct ? 1024 + (i % 60000) : 6379} proto=tcp reason=no-policy-for-port ${who}`,
        );
        break;
      case 3:
        lines.push(
          `${prefix} 2026-12-06 10:00:00.000 [INF] [outbound] connection from 192.0.2.1:${30000 + (i % 30000)} closed`,
        );
        break;
      default:
        lines.push(
          i % 1000 === 4
            ? `${prefix} pipyc egress held-back=12 (lines written at most once a minute per destination, name and reason)`
            : `${prefix} pipyc egress deny dst=203.0.113.9:25 proto=tcp reason=no-policy-for-port ${who}`,
        );
    }
  }
  return `${lines.join('\n')}\n`;
}

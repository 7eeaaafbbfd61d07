import { MANIFEST_FILE, type Manifest } from '../manifest/manifest.js';

export function compileSummary(specName: string, outDir: string, manifest: Manifest): string {
  const width = Math.max(...manifest.files.map((f) => f.path.length), MANIFEST_FILE.length);
  const rows = manifest.files.map(
    (f) => `  ${f.path.padEnd(width)}  ${formatBytes(f.bytes).padStart(9)}  sha256 ${f.sha256.slice(0, 12)}`,
  );
  return [
    `pipyc ${manifest.compiler.version}: compiled ${specName} -> ${dirLabel(outDir)}/ (target ${manifest.target}, listens on ${manifest.listenPort})`,
    ...rows,
    `  ${MANIFEST_FILE}`,
    `run: (cd ${outDir} && ${manifest.pipy.commandLine})`,
  ].join('\n');
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`;
}

/** An output directory as printed before '/': without the trailing slashes a user may have typed. */
export function dirLabel(dir: string): string {
  return dir.replace(/\/+$/, '');
}

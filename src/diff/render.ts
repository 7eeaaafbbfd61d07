import type { Probe } from '../decision/probe.js';
import type { DiffResult, DiffVerdict } from './diff.js';
import type { SpecChange } from './spec-changes.js';

/**
 * The diff as text, grouped by identity: settings (`~ from -> to`, `+`/`- entry`), whole policies (`+`/`-` with what
 * they allow), a changed policy's entries under it, then the probes that flip. Stable. Pure.
 */
export function diffText(result: DiffResult, from: string, to: string): string {
  const lines = [`--- ${from}`, `+++ ${to}`];
  for (const diff of result.diffs) {
    lines.push(diff.identity);
    let policy: string | undefined;
    for (const c of diff.changes) {
      if (c.subject === 'policy') {
        policy = undefined;
        lines.push(`  ${c.op} policy ${c.policy}: ${c.value}`);
      } else if (c.policy !== undefined) {
        if (c.policy !== policy) lines.push(`  ~ policy ${c.policy}`);
        policy = c.policy;
        lines.push(`      ${c.op} ${c.subject} ${c.value}`);
      } else lines.push(`  ${settingText(c)}`);
    }
    if (diff.flips.length > 0) {
      lines.push('  probes that flip:');
      for (const f of diff.flips)
        lines.push(`    ${probeText(f.probe)}: ${verdictText(f.from)} -> ${verdictText(f.to)}`);
    }
  }
  if (result.diffs.length === 0) lines.push('(no difference)');
  return lines.join('\n') + '\n';
}

function settingText(c: SpecChange): string {
  return c.op === '~' ? `~ ${c.subject}: ${c.from} -> ${c.to}` : `${c.op} ${c.subject} ${c.value}`;
}

/** `203.0.113.1:80 http host="evil.example" GET /` */
export function probeText(p: Probe): string {
  const protocol = p.protocol ?? (p.host !== undefined ? 'http' : p.sni !== undefined ? 'tls' : 'tcp');
  return [
    p.dst,
    protocol,
    ...(p.host !== undefined ? [`host=${JSON.stringify(p.host)}`] : []),
    ...(p.sni !== undefined ? [`sni=${JSON.stringify(p.sni)}`] : []),
    ...(protocol === 'http' ? [`${p.method ?? 'GET'} ${JSON.stringify(p.path ?? '/')}`] : []),
  ].join(' ');
}

function verdictText(v: DiffVerdict): string {
  return `${v.verdict} (${v.reason}${v.policy ? `, ${v.policy}` : ''})`;
}

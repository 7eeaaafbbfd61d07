import { Option } from 'commander';
import { splitDestination } from '../../explain/decide.js';
import { explainer } from '../../explain/explain.js';
import { probeProtocol } from '../../explain/check-probe.js';
import { DECISION_REASONS, type Probe } from '../../explain/probe.js';
import { readInput } from '../../io/read-input.js';
import type { SpecSource } from '../../parse/source.js';
import { collect, EXIT, guarded, printJson, usage } from '../io.js';
import type { CommandContext } from './context.js';

interface ExplainOptions {
  dst: string;
  protocol?: 'http' | 'tls' | 'tcp';
  host?: string;
  sni?: string;
  method: string;
  path: string;
  header: string[];
  json?: boolean;
}

export function explainCommand({ program, io, exit }: CommandContext): void {
  program
    .command('explain')
    .description('show the verdict, credited policy and reason the compiled sidecar reaches for one connection')
    .argument('<spec>', "spec file, or '-' for stdin")
    .requiredOption('--dst <ip:port>', 'original destination, e.g. 203.0.113.10:443 or [2001:db8::1]:80')
    .addOption(new Option('--protocol <p>', 'what the client speaks').choices(['http', 'tls', 'tcp']))
    .option('--host <host>', 'HTTP Host header (implies --protocol http)')
    .option('--sni <name>', 'TLS server name (implies --protocol tls)')
    .option('--method <method>', 'HTTP method', 'GET')
    .option('--path <path>', 'HTTP path with optional query', '/')
    .option('--header <name=value>', 'HTTP request header (repeatable)', collect, [] as string[])
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of text'))
    .action(async (spec: string, opts: ExplainOptions) => {
      if (!splitDestination(opts.dst)) return exit(usage(io, `--dst must be ip:port or [ipv6]:port, not ${JSON.stringify(opts.dst)}`));
      const sources: SpecSource[] = [{ name: spec === '-' ? '<stdin>' : spec, text: '' }];
      exit(await guarded(io, opts.json, sources, async () => {
        const source = (sources[0] = await readInput(spec));
        const probe = probeOf(opts);
        const answer = explainer(source)(probe);
        if (opts.json) printJson(io, { ok: true, probe, ...answer });
        else {
          io.out(`${answer.verdict} (${answer.outcome}) ${probe.dst} proto=${answer.protocol}${answer.policy ? ` policy=${answer.policy}` : ''}\n`);
          io.out(`reason: ${answer.reason}: ${DECISION_REASONS[answer.reason]}\n`);
        }
        return EXIT.ok;
      }));
    });
}

function probeOf(opts: ExplainOptions): Probe {
  const protocol = probeProtocol(opts);
  const headers = Object.fromEntries(
    opts.header.map((h) => {
      const eq = h.indexOf('=');
      return eq < 0 ? [h, ''] : [h.slice(0, eq), h.slice(eq + 1)];
    }),
  );
  return {
    dst: opts.dst,
    protocol,
    ...(opts.host !== undefined && { host: opts.host }),
    ...(opts.sni !== undefined && { sni: opts.sni }),
    ...(protocol === 'http' && { method: opts.method, path: opts.path, headers }),
  };
}

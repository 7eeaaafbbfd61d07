import { Option } from 'commander';
import { join } from 'node:path';
import { codebasePathProblem, publishCodebases, type PublishResult } from '../../publish/publish.js';
import { repoUrlProblem } from '../../publish/repo-client.js';
import { readCodebase, readIdentityTree, type CodebaseFiles } from '../../publish/read-codebase.js';
import { MANIFEST_FILE, manifestOf, type ManifestRead } from '../../manifest/manifest.js';
import { EXIT, guarded, printJson, usage } from '../io.js';
import type { CommandContext } from './context.js';

interface PublishOptions {
  repo?: string;
  codebase?: string;
  allIdentities?: boolean;
  prefix?: string;
  json?: boolean;
}

export function publishCommand({ program, io, exit }: CommandContext): void {
  program
    .command('publish')
    .description(
      'publish a compiled codebase (or every identity of a tree) to a Pipy repo; sidecars started from the repo URL reload it',
    )
    .argument(
      '<dir>',
      "a codebase written by 'pipyc compile', or with --all-identities a tree written by 'pipyc compile --all-identities'",
    )
    // Checked in the action, so that a mistyped option is named as unknown before a missing --repo is.
    .option('--repo <url>', 'the Pipy repo, e.g. http://127.0.0.1:6060 (pipy --admin-port; required)')
    .option('--codebase <path>', 'where the codebase goes in the repo, e.g. /pipyc/curl/curl')
    .option('--all-identities', 'publish every identity of the tree, each to <prefix>/<namespace>/<name>')
    .option('--prefix <path>', 'with --all-identities: the repo path the identities go under, e.g. /pipyc')
    .addOption(new Option('--json', 'print the result as JSON on stdout instead of text'))
    .action(async (dir: string, opts: PublishOptions) => {
      if (opts.repo === undefined) return exit(usage(io, 'publish needs --repo <url>'));
      if (opts.allIdentities && opts.codebase !== undefined)
        return exit(usage(io, 'give --codebase or --all-identities, not both'));
      if (!opts.allIdentities && opts.prefix !== undefined)
        return exit(usage(io, '--prefix goes with --all-identities'));
      if (!opts.allIdentities && opts.codebase === undefined)
        return exit(usage(io, 'publish needs --codebase <path> (or --all-identities --prefix <path>)'));
      if (opts.allIdentities && opts.prefix === undefined)
        return exit(usage(io, '--all-identities needs --prefix <path>'));
      const badValue =
        repoUrlProblem(opts.repo) ??
        (opts.allIdentities ? codebasePathProblem(opts.prefix!, '--prefix') : codebasePathProblem(opts.codebase!));
      if (badValue !== null) return exit(usage(io, badValue));
      const repo = opts.repo;
      exit(
        await guarded(io, opts.json, [], async () => {
          const items = opts.allIdentities
            ? readIdentityTree(dir).identities.map((i) => ({
                codebase: `${opts.prefix}/${i.dir}`,
                local: readCodebase(join(dir, i.dir)),
              }))
            : [{ codebase: opts.codebase!, local: readCodebase(dir) }];
          const results = await publishCodebases(repo, items);
          const start =
            items.length === 0
              ? null
              : startLine(
                  items[0]!.local,
                  repo,
                  opts.allIdentities ? `${opts.prefix}/<namespace>/<name>` : opts.codebase!,
                );
          if (opts.json) printJson(io, { ok: true, repo, results, start });
          else {
            for (const line of summary(results)) io.out(line + '\n');
            if (start !== null) io.out(`start ${opts.allIdentities ? 'each sidecar' : 'the sidecar'}: ${start}\n`);
          }
          return EXIT.ok;
        }),
      );
    });
}

/** The manifest's command line with the repo URL in place of the entry file: how a sidecar loads (and reloads) it. */
function startLine(local: CodebaseFiles, repo: string, path: string): string {
  // readCodebase checked the manifest already: it is a codebase's.
  const read = manifestOf(local.files.find((f) => f.path === MANIFEST_FILE)!.contents.toString('utf8'));
  const argv = (read as Extract<ManifestRead, { kind: 'codebase' }>).manifest.pipy.argv;
  return [...argv.slice(0, -1), `${repo.replace(/\/$/, '')}/repo${path}/`].join(' ');
}

function summary(results: readonly PublishResult[]): string[] {
  const changed = results.filter((r) => r.changed);
  const lines = results.length > 20 ? changed.slice(0, 20).map(line) : results.map(line);
  if (results.length > 20)
    lines.push(
      `published ${results.length} codebases: ${changed.length} changed, ${results.length - changed.length} unchanged`,
    );
  return lines;
}

function line(r: PublishResult): string {
  if (!r.changed) return `${r.codebase}: unchanged (version ${r.version})`;
  const parts = [
    r.created ? 'created' : '',
    r.uploaded.length ? `uploaded ${r.uploaded.join(' ')}` : '',
    r.removed.length ? `removed ${r.removed.join(' ')}` : '',
  ].filter(Boolean);
  return `${r.codebase}: version ${r.version} (${parts.join('; ')})`;
}

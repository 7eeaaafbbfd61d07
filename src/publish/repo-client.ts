import { error, PipycError } from '../diagnostics/diagnostic.js';

/** What `GET /api/v1/repo/<codebase>` describes (Pipy's src/admin-service.cpp). */
interface CodebaseInfo {
  version: string;
  main: string;
  /** Committed files of this codebase, e.g. '/main.js'. */
  files: string[];
  /** Staged, not yet committed. */
  editFiles: string[];
  erasedFiles: string[];
}

/** Why `url` cannot name a Pipy repo, or null when it can. */
export function repoUrlProblem(url: string): string | null {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (parsed === null || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.host === '') {
    return `--repo must be an http:// or https:// URL, not ${JSON.stringify(url)} (e.g. --repo http://127.0.0.1:6060)`;
  }
  return null;
}

/**
 * The parts of Pipy's repo REST API that publishing needs (the same handlers in 0.90.3 and 1.5):
 * codebases under /api/v1/repo/<path>, their files under /api/v1/repo-files/<path>/<file>. Edits are staged until a
 * PATCH with a new version commits them; only committed files are served to sidecars.
 */
export class PipyRepo {
  readonly base: string;

  constructor(url: string) {
    const problem = repoUrlProblem(url);
    if (problem !== null) throw new PipycError([error('PIPYC6008', problem)]);
    const parsed = new URL(url);
    this.base = `${parsed.protocol}//${parsed.host}`;
  }

  async describe(codebase: string): Promise<CodebaseInfo | undefined> {
    const r = await this.request('GET', `/api/v1/repo${codebase}`, undefined, [404]);
    if (r.status === 404) return undefined;
    try {
      return JSON.parse(r.body) as CodebaseInfo;
    } catch {
      throw this.refused('GET', `/api/v1/repo${codebase}`, r.status, `not JSON: ${r.body.slice(0, 200)}`);
    }
  }

  async create(codebase: string): Promise<void> {
    await this.request('POST', `/api/v1/repo${codebase}`, JSON.stringify({ version: '0' }));
  }

  async remove(codebase: string): Promise<void> {
    await this.request('DELETE', `/api/v1/repo${codebase}`);
  }

  /** The file as the repo holds it (a staged edit if there is one), or undefined. */
  async file(codebase: string, file: string): Promise<Buffer | undefined> {
    const r = await this.request('GET', `/api/v1/repo-files${codebase}${file}`, undefined, [404], true);
    return r.status === 404 ? undefined : r.bytes;
  }

  async stage(codebase: string, file: string, contents: string | Buffer): Promise<void> {
    await this.request('POST', `/api/v1/repo-files${codebase}${file}`, contents);
  }

  async stageErase(codebase: string, file: string): Promise<void> {
    await this.request('DELETE', `/api/v1/repo-files${codebase}${file}`);
  }

  /** Drops a staged edit or erase (an empty PATCH), leaving the committed file as it was. */
  async unstage(codebase: string, file: string): Promise<void> {
    await this.request('PATCH', `/api/v1/repo-files${codebase}${file}`, '');
  }

  /** Commits staged edits as `version`; the repo then serves them and tells connected sidecars to reload. */
  async commit(codebase: string, version: string): Promise<void> {
    await this.request('PATCH', `/api/v1/repo${codebase}`, JSON.stringify({ version }));
  }

  private async request(
    method: string,
    path: string,
    body?: string | Buffer,
    allowed: number[] = [],
    binary = false,
  ): Promise<{ status: number; body: string; bytes: Buffer }> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        ...(body !== undefined && { body }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
      throw new PipycError([
        error(
          'PIPYC6004',
          `cannot reach the Pipy repo at ${this.base} (${method} ${path}): ${reason}`,
          undefined,
          'is the repo running? (pipy --admin-port=<ip:port>)',
        ),
      ]);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    const text = binary ? '' : bytes.toString('utf8');
    if (response.status >= 300 && !allowed.includes(response.status))
      throw this.refused(method, path, response.status, bytes.toString('utf8'));
    return { status: response.status, body: text, bytes };
  }

  private refused(method: string, path: string, status: number, body: string): PipycError {
    return new PipycError([
      error(
        'PIPYC6004',
        `the Pipy repo at ${this.base} answered ${method} ${path} with HTTP ${status}: ${JSON.stringify(body.trim().slice(0, 500))}`,
      ),
    ]);
  }
}

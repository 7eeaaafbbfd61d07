// The benchmark's network: a pod namespace (client, sidecar, osm-edge-style REDIRECT to the sidecar port) joined by a
// veth pair to an upstream namespace running nginx. Only documentation addresses, only inside namespaces made here;
// everything is removed by close(), also on exit or signal.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dnsmasqConfig } from '../../lab/dnsmasq.js';

export const SIDECAR_PORT = 15001;
export const SIDECAR_UID = 1500;
/** A Pipy repo in the pod, on its own loopback, for the sidecars that load from a repo URL (and so can reload). */
const REPO_PORT = 6060;
const CLI = resolve('dist/cli.js'); // benchmarks run from the project root, bundled elsewhere
export const UPSTREAM_IP = '203.0.113.10';
export const HTTP_PORT = 8088;
export const TLS_PORT = 8443;
/** The upstream namespace's DNS server (dnsmasq), for the DNS rows; every name under DNS_ZONE answers UPSTREAM_IP. */
export const DNS_SERVER_IP = '203.0.113.53';
export const DNS_ZONE = 'bench.example';
/** Names the pod resolves to the upstream, through the namespace's own /etc/hosts. */
export const HTTP_HOST = 'httpbin.example';
export const TLS_HOST = 'secure.example';
/** The sidecar runs on core 0, the client and the upstream on core 1: the sidecar is what limits throughput. */
const SIDECAR_CPU = '0';
const LOAD_CPU = '1';

export interface Sidecar {
  pid: number;
  rssKiB(): number;
  /** CPU time the sidecar has used so far (user + system), in microseconds. */
  cpuMicros(): number;
  log(): string;
  stop(): Promise<void>;
}

export class BenchLab {
  readonly prefix = `pipycb${randomBytes(3).toString('hex')}`;
  readonly pod = `${this.prefix}-pod`;
  readonly ext = `${this.prefix}-ext`;
  readonly dir = mkdtempSync(join(tmpdir(), 'pipyc-bench-'));
  private readonly children = new Set<ChildProcess>();
  private repoStarted = false;
  private readonly onExit = () => this.removeNamespaces();

  static open(): BenchLab {
    const lab = new BenchLab();
    process.once('exit', lab.onExit);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (lab.onExit(), process.exit(130)));
    try {
      lab.setUp();
      return lab;
    } catch (e) {
      lab.close();
      throw e;
    }
  }

  private setUp(): void {
    chmodSync(this.dir, 0o755); // the sidecar uid reads its codebase below it
    const [a, b] = [`${this.prefix.slice(0, 12)}a`, `${this.prefix.slice(0, 12)}b`];
    mkdirSync(`/etc/netns/${this.pod}`, { recursive: true });
    writeFileSync(`/etc/netns/${this.pod}/hosts`, `127.0.0.1 localhost\n${UPSTREAM_IP} ${HTTP_HOST} ${TLS_HOST}\n`);
    run('ip', ['netns', 'add', this.pod]);
    run('ip', ['netns', 'add', this.ext]);
    run('ip', ['link', 'add', a, 'type', 'veth', 'peer', 'name', b]);
    run('ip', ['link', 'set', a, 'netns', this.pod]);
    run('ip', ['link', 'set', b, 'netns', this.ext]);
    run('ip', ['-n', this.pod, 'addr', 'add', '192.0.2.1/24', 'dev', a]);
    run('ip', ['-n', this.ext, 'addr', 'add', '192.0.2.2/24', 'dev', b]);
    run('ip', ['-n', this.ext, 'addr', 'add', `${UPSTREAM_IP}/32`, 'dev', b]);
    for (const [ns, dev] of [
      [this.pod, a],
      [this.ext, b],
    ] as const) {
      run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
      run('ip', ['-n', ns, 'link', 'set', dev, 'up']);
      // Ephemeral ports stay clear of the sidecar's listeners (osm-edge's also binds 15000 and 15010).
      run('ip', [
        'netns',
        'exec',
        ns,
        'sysctl',
        '-qw',
        'net.ipv4.ip_local_port_range=16000 65535',
        'net.ipv4.tcp_tw_reuse=1',
      ]);
    }
    run('ip', ['-n', this.pod, 'route', 'add', '203.0.113.0/24', 'via', '192.0.2.2']);
    const nat = (...rule: string[]) =>
      run('ip', ['netns', 'exec', this.pod, 'iptables', '-t', 'nat', '-A', 'OUTPUT', ...rule]);
    nat('-p', 'tcp', '-m', 'owner', '--uid-owner', String(SIDECAR_UID), '-j', 'RETURN');
    nat('-p', 'tcp', '-d', '127.0.0.0/8', '-j', 'RETURN');
    nat('-p', 'tcp', '-j', 'REDIRECT', '--to-ports', String(SIDECAR_PORT));
  }

  /** nginx on the upstream address: plain HTTP and TLS (any SNI), a tiny fixed body, keep-alive without a limit. */
  async startUpstream(): Promise<void> {
    const cert = join(this.dir, 'upstream.pem');
    const key = join(this.dir, 'upstream.key');
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${TLS_HOST}`,
      '-keyout',
      key,
      '-out',
      cert,
    ]);
    const conf = join(this.dir, 'nginx.conf');
    writeFileSync(
      conf,
      [
        'worker_processes 1;',
        'daemon off;',
        `pid ${join(this.dir, 'nginx.pid')};`,
        `error_log ${join(this.dir, 'nginx-error.log')} warn;`,
        'events { worker_connections 4096; }',
        'http {',
        '  access_log off;',
        '  keepalive_requests 1000000;',
        '  keepalive_timeout 300s;',
        `  client_body_temp_path ${this.dir}/body; proxy_temp_path ${this.dir}/proxy; fastcgi_temp_path ${this.dir}/fcgi;`,
        `  uwsgi_temp_path ${this.dir}/uwsgi; scgi_temp_path ${this.dir}/scgi;`,
        `  server { listen ${UPSTREAM_IP}:${HTTP_PORT} backlog=4096; location / { return 200 "ok\\n"; } }`,
        `  server { listen ${UPSTREAM_IP}:${TLS_PORT} ssl backlog=4096; ssl_certificate ${cert}; ssl_certificate_key ${key};`,
        '    location / { return 200 "ok\\n"; } }',
        '}',
        '',
      ].join('\n'),
    );
    this.spawnIn(this.ext, ['taskset', '-c', LOAD_CPU, 'nginx', '-c', conf]);
    await waitFor(() => this.listening(this.ext, HTTP_PORT) && this.listening(this.ext, TLS_PORT), 10_000, 'nginx');
  }

  /** dnsmasq on DNS_SERVER_IP:53 in the upstream namespace, pinned to the load core: every name under DNS_ZONE answers UPSTREAM_IP for an hour. */
  async startDnsServer(): Promise<void> {
    run('ip', ['-n', this.ext, 'addr', 'add', `${DNS_SERVER_IP}/32`, 'dev', `${this.prefix.slice(0, 12)}b`]);
    const conf = join(this.dir, 'dnsmasq.conf');
    writeFileSync(conf, dnsmasqConfig(DNS_SERVER_IP, ['local-ttl=3600', `address=/${DNS_ZONE}/${UPSTREAM_IP}`]));
    this.spawnIn(this.ext, [
      'taskset',
      '-c',
      LOAD_CPU,
      'dnsmasq',
      '-k',
      '-C',
      conf,
      `--pid-file=${join(this.dir, 'dnsmasq.pid')}`,
    ]);
    await waitFor(
      () =>
        execFileSync('ip', ['netns', 'exec', this.ext, 'ss', '-Hlun', 'sport = :53'], {
          encoding: 'utf8',
          timeout: 5000,
        }).trim() !== '',
      10_000,
      'dnsmasq',
    );
  }

  /**
   * dnsperf from the pod (pinned to the load core) against `server`:`port` over UDP, asking `names` in turn for
   * `seconds`: the queries per second answered, and how many were lost.
   */
  dnsperf(server: string, port: number, names: string[], seconds: number | 'once'): { qps: number; lost: number } {
    const file = join(this.dir, 'dnsperf-queries.txt');
    writeFileSync(file, names.map((n) => `${n} A`).join('\n') + '\n');
    const bound = seconds === 'once' ? ['-n', '1'] : ['-l', String(seconds)];
    const out = execFileSync(
      'ip',
      [
        'netns',
        'exec',
        this.pod,
        'taskset',
        '-c',
        LOAD_CPU,
        'dnsperf',
        '-s',
        server,
        '-p',
        String(port),
        '-d',
        file,
        ...bound,
        '-c',
        '16',
        '-q',
        '64',
        '-t',
        '2',
      ],
      { encoding: 'utf8', timeout: ((seconds === 'once' ? 0 : seconds) + 30) * 1000 },
    );
    const qps = Number(/Queries per second:\s+([\d.]+)/.exec(out)?.[1] ?? NaN);
    const lost = Number(/Queries lost:\s+(\d+)/.exec(out)?.[1] ?? NaN);
    if (!Number.isFinite(qps)) throw new Error(`dnsperf printed no rate:\n${out}`);
    return { qps, lost };
  }

  /**
   * Starts `pipy <args> <entry>` in the pod as the sidecar uid, pinned to the sidecar's core; waits up to `readyMs`
   * for its listener. `wrapper` runs Pipy under another program (valgrind).
   */
  /**
   * Publishes a codebase directory to the pod's repo (started once, with `repoPipy`) as `path`; the URL a sidecar
   * loads it from. Published with pipyc's own CLI, run inside the pod.
   */
  async publishToRepo(repoPipy: string, dir: string, path: string): Promise<string> {
    if (!this.repoStarted) {
      this.spawnIn(this.pod, [repoPipy, '--no-graph', `--admin-port=127.0.0.1:${REPO_PORT}`], '/');
      await waitFor(() => this.listening(this.pod, REPO_PORT), 10_000, 'repo');
      this.repoStarted = true;
    }
    run('ip', [
      'netns',
      'exec',
      this.pod,
      process.execPath,
      CLI,
      'publish',
      dir,
      '--repo',
      `http://127.0.0.1:${REPO_PORT}`,
      '--codebase',
      path,
    ]);
    return `http://127.0.0.1:${REPO_PORT}/repo${path}/`;
  }

  async startSidecar(
    pipy: string,
    codebaseDir: string,
    entry: string,
    args: string[] = [],
    env: Record<string, string> = {},
    { readyMs = 10_000, wrapper = [] as string[] } = {},
  ): Promise<Sidecar> {
    run('chmod', ['-R', 'a+rX', codebaseDir]);
    const child = this.spawnIn(
      this.pod,
      [
        'taskset',
        '-c',
        SIDECAR_CPU,
        'setpriv',
        `--reuid=${SIDECAR_UID}`,
        `--regid=${SIDECAR_UID}`,
        '--clear-groups',
        ...wrapper,
        pipy,
        ...args,
        entry,
      ],
      codebaseDir,
      env,
    );
    let log = '';
    child.stdout!.on('data', (d) => (log += d));
    child.stderr!.on('data', (d) => (log += d));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await waitFor(() => child.exitCode !== null || this.listening(this.pod, SIDECAR_PORT), readyMs, 'sidecar').catch(
      () => undefined,
    );
    if (child.exitCode !== null || !this.listening(this.pod, SIDECAR_PORT)) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`pipy did not start:\n${log}`);
    }
    return {
      pid: child.pid!,
      rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN),
      cpuMicros: () => cpuMicros(child.pid!),
      log: () => log,
      stop: async () => {
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(2000)]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
        // The next sidecar binds the same port.
        await waitFor(() => !this.listening(this.pod, SIDECAR_PORT), 5000, 'sidecar port release');
      },
    };
  }

  /**
   * Runs wrk from the pod (1 thread, pinned to the load core), bounded by `seconds`. `direct` runs it as the sidecar
   * uid, whose connections iptables does not redirect: the path without any sidecar.
   */
  wrk(url: string, seconds: number, opts: { connections: number; close: boolean; direct: boolean }): string {
    const user = opts.direct ? ['setpriv', `--reuid=${SIDECAR_UID}`, `--regid=${SIDECAR_UID}`, '--clear-groups'] : [];
    const argv = [
      'netns',
      'exec',
      this.pod,
      'taskset',
      '-c',
      LOAD_CPU,
      ...user,
      'wrk',
      '-t1',
      `-c${opts.connections}`,
      `-d${seconds}s`,
      '--timeout',
      '5s',
      ...(opts.close ? ['-H', 'Connection: close'] : []),
      url,
    ];
    return execFileSync('ip', argv, { encoding: 'utf8', timeout: (seconds + 30) * 1000 });
  }

  /** Runs a command in the pod as root (its connections are redirected to the sidecar), bounded by `timeoutMs`. */
  inPod(argv: string[], timeoutMs: number): string {
    return execFileSync('ip', ['netns', 'exec', this.pod, 'taskset', '-c', LOAD_CPU, ...argv], {
      encoding: 'utf8',
      timeout: timeoutMs,
    });
  }

  private listening(ns: string, port: number): boolean {
    return (
      execFileSync('ip', ['netns', 'exec', ns, 'ss', '-Hltn', `sport = :${port}`], {
        encoding: 'utf8',
        timeout: 5000,
      }).trim() !== ''
    );
  }

  private spawnIn(ns: string, argv: string[], cwd?: string, env: Record<string, string> = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  close(): void {
    for (const child of this.children) child.kill('SIGKILL');
    this.children.clear();
    this.removeNamespaces();
    rmSync(this.dir, { recursive: true, force: true });
    process.removeListener('exit', this.onExit);
  }

  /** Ends every process still inside the namespaces (nginx workers outlive a killed master), then removes them. */
  private removeNamespaces(): void {
    for (const ns of [this.pod, this.ext]) {
      try {
        for (const pid of execFileSync('ip', ['netns', 'pids', ns], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
          timeout: 10_000,
        })
          .split(/\s+/)
          .filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore', timeout: 10_000 });
      } catch {
        /* already gone */
      }
    }
    rmSync(`/etc/netns/${this.pod}`, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${ms} ms`);
    await sleep(25);
  }
}

/** utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, after the parenthesised name), in µs. */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

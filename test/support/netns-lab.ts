import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { locatePipy } from '../../src/verify/pipy-binary.js';
import { dnsmasqConfig } from '../../lab/dnsmasq.js';

/** Pipy runs as this uid; iptables lets its own connections out unredirected (as osm-edge's init container does). */
export const PIPY_UID = 1500;
/** The pod's own address: the source of every probe sent from the pod. */
export const POD_IP = '192.0.2.1';
/** The external namespace's DNS server (dnsmasq, started by startDnsServer). */
export const DNS_SERVER_IP = '203.0.113.53';
/** Addresses of the external host (all from documentation ranges, only inside namespaces we create). */
export const EXTERNAL_IPS = [
  '203.0.113.10',
  '203.0.113.11',
  '203.0.113.20',
  '203.0.113.200',
  '198.51.100.10',
  '198.51.100.20',
];

const here = fileURLToPath(new URL('.', import.meta.url));
const labs = new Set<Lab>();
let exitHooked = false;

export interface PipyProcess {
  log(): string;
  /** Resident memory of the Pipy process. */
  rssKiB(): number;
  stop(): Promise<void>;
  running(): boolean;
  pid(): number | undefined;
  /** UDP sockets the Pipy process holds open (each DNS session of its proxy holds one to the upstream). */
  udpSockets(): number;
}

export interface ProbeResult {
  /** The last four are sessions' (pod-agent.mjs open/send/ended): an exchange done, a gRPC status, a stream ended, an upgrade refused. */
  outcome:
    | 'forward'
    | 'reset'
    | 'closed'
    | 'timeout'
    | 'responses'
    | 'error'
    | 'burst'
    | 'captured'
    | 'ok'
    | 'status'
    | 'ended'
    | 'refused';
  bytes?: number;
  echoed?: number;
  timedOut?: number;
  millis?: number;
  hex?: string;
  data?: string;
  error?: string | null;
  /** TLS probes: the CN of the certificate the server presented. */
  certificate?: string;
  responses?: { status: number; headers: Record<string, string>; body: string }[];
  /** Sessions: an HTTP exchange's status, a gRPC call's code. */
  status?: unknown;
  code?: number;
  /** DNS probes: the answer's A/AAAA addresses and rcode; a flood: how many queries were answered. */
  addresses?: string[];
  rcode?: number;
  count?: number;
}

/**
 * A pod namespace (with osm-edge-style REDIRECT rules to the sidecar port) joined by a veth pair to an
 * external-host namespace. Everything carries a random prefix and is removed by close(), also on exit or signal.
 */
export class Lab {
  readonly prefix = `pipyc${randomBytes(3).toString('hex')}`;
  readonly pod = `${this.prefix}-pod`;
  readonly ext = `${this.prefix}-ext`;
  private readonly dir = mkdtempSync(join(tmpdir(), 'pipyc-lab-'));
  private readonly children = new Set<ChildProcess>();
  private agent: { child: ChildProcess; pending: Map<number, (r: ProbeResult) => void>; next: number } | undefined;

  private constructor(readonly sidecarPort: number) {}

  static async open(sidecarPort = 15001): Promise<Lab> {
    const lab = new Lab(sidecarPort);
    labs.add(lab);
    hookExit();
    try {
      lab.setUp(sidecarPort);
      await lab.startExternalHost();
      lab.startAgent();
      return lab;
    } catch (e) {
      await lab.close();
      throw e;
    }
  }

  private setUp(sidecarPort: number): void {
    const vethPod = `${this.prefix.slice(0, 11)}a`;
    const vethExt = `${this.prefix.slice(0, 11)}b`;
    run('ip', ['netns', 'add', this.pod]);
    run('ip', ['netns', 'add', this.ext]);
    run('ip', ['link', 'add', vethPod, 'type', 'veth', 'peer', 'name', vethExt]);
    run('ip', ['link', 'set', vethPod, 'netns', this.pod]);
    run('ip', ['link', 'set', vethExt, 'netns', this.ext]);
    run('ip', ['-n', this.pod, 'addr', 'add', `${POD_IP}/24`, 'dev', vethPod]);
    run('ip', ['-n', this.ext, 'addr', 'add', '192.0.2.2/24', 'dev', vethExt]);
    for (const ip of EXTERNAL_IPS) run('ip', ['-n', this.ext, 'addr', 'add', `${ip}/32`, 'dev', vethExt]);
    for (const ns of [this.pod, this.ext]) run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    run('ip', ['-n', this.pod, 'link', 'set', vethPod, 'up']);
    run('ip', ['-n', this.ext, 'link', 'set', vethExt, 'up']);
    for (const net of ['203.0.113.0/24', '198.51.100.0/24'])
      run('ip', ['-n', this.pod, 'route', 'add', net, 'via', '192.0.2.2']);
    const nat = (...rule: string[]) =>
      run('ip', ['netns', 'exec', this.pod, 'iptables', '-t', 'nat', '-A', 'OUTPUT', ...rule]);
    nat('-p', 'tcp', '-m', 'owner', '--uid-owner', String(PIPY_UID), '-j', 'RETURN');
    nat('-p', 'tcp', '-d', '127.0.0.0/8', '-j', 'RETURN');
    nat('-p', 'tcp', '-j', 'REDIRECT', '--to-ports', String(sidecarPort));
  }

  private async startExternalHost(): Promise<void> {
    // Two certificates, chosen by SNI: one for *.example.org and secure.example.com, a default for everything else.
    const certs = ['named', 'default'].map((name) => {
      const cert = join(this.dir, `${name}.pem`);
      const key = join(this.dir, `${name}.key`);
      const names = name === 'named' ? ['-addext', 'subjectAltName=DNS:*.example.org,DNS:secure.example.com'] : [];
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
        `/CN=pipyc-${name}`,
        ...names,
        '-keyout',
        key,
        '-out',
        cert,
      ]);
      return `${cert},${key}`;
    });
    const child = this.spawnIn(this.ext, [
      process.execPath,
      join(here, 'ext-host.mjs'),
      certs[0]!,
      certs[1]!,
      ...EXTERNAL_IPS,
    ]);
    await waitForLine(child, (l) => l === 'ready', 10_000, 'external host');
  }

  private startAgent(): void {
    const child = this.spawnIn(this.pod, [process.execPath, join(here, 'pod-agent.mjs')]);
    const pending = new Map<number, (r: ProbeResult) => void>();
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const result = JSON.parse(line) as ProbeResult & { id: number };
      pending.get(result.id)?.(result);
      pending.delete(result.id);
    });
    this.agent = { child, pending, next: 1 };
  }

  /** Sends a probe from inside the pod; see pod-agent.mjs for the kinds. */
  probe(p: Record<string, unknown>): Promise<ProbeResult> {
    const agent = this.agent!;
    const id = agent.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`probe ${JSON.stringify(p)} got no answer`)), 15_000);
      agent.pending.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      agent.child.stdin!.write(JSON.stringify({ ...p, id }) + '\n');
    });
  }

  /** Starts Pipy on a codebase's entry file in the pod namespace, as PIPY_UID, and waits for its listener. */
  async startPipy(codebaseDir: string, args: string[] = [], port = this.sidecarPort): Promise<PipyProcess> {
    run('chmod', ['-R', 'a+rX', codebaseDir]);
    return this.startPipyOn('main.js', args, port, codebaseDir);
  }

  /**
   * Starts Pipy (`binary`, else this project's) in the pod namespace as PIPY_UID on `target` (an entry file in `cwd`,
   * or a repo URL such as http://127.0.0.1:6060/repo/path/) and waits for its listener.
   */
  async startPipyOn(
    target: string,
    args: string[] = [],
    port = this.sidecarPort,
    cwd = '/',
    env: Record<string, string> = {},
    binary = locatePipy()!,
  ): Promise<PipyProcess> {
    const child = this.spawnIn(
      this.pod,
      [
        'setpriv',
        `--reuid=${PIPY_UID}`,
        `--regid=${PIPY_UID}`,
        '--clear-groups',
        binary,
        '--no-graph',
        ...args,
        target,
      ],
      cwd,
      env,
    );
    let log = '';
    child.stderr!.on('data', (d) => (log += d));
    child.stdout!.on('data', (d) => (log += d));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // At --log-level=error Pipy does not print its listener line, so readiness is read from the socket table.
    await waitFor(() => child.exitCode !== null || this.listening(port), 10_000);
    if (child.exitCode !== null || !this.listening(port)) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`pipy did not start (exit ${child.exitCode}):\n${log}`);
    }
    return {
      rssKiB: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? NaN),
      log: () => log,
      running: () => child.exitCode === null && child.signalCode === null,
      pid: () => child.pid,
      udpSockets: () => udpSocketsOf(child.pid!),
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await Promise.race([exited, sleep(1000)]);
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGKILL');
            await exited;
          }
        }
        this.children.delete(child);
      },
    };
  }

  /** Runs a command in the pod namespace as root: its TCP is redirected to the sidecar, except to loopback. */
  spawnInPod(argv: string[], cwd?: string): ChildProcess {
    return this.spawnIn(this.pod, argv, cwd);
  }

  /** Runs a command in the pod namespace to its end: its exit code, stdout and stderr. */
  async runInPod(argv: string[]): Promise<{ code: number | null; out: string; err: string }> {
    const child = this.spawnInPod(argv);
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, out, err };
  }

  /**
   * A DNS server (Debian's dnsmasq) on DNS_SERVER_IP:53 in the external namespace, answering from `records`
   * (dnsmasq lines such as `host-record=db.example.com,203.0.113.20`) and nothing else. Stopped by close().
   */
  async startDnsServer(records: string[]): Promise<{ stop(): Promise<void> }> {
    runQuietly('ip', ['-n', this.ext, 'addr', 'add', `${DNS_SERVER_IP}/32`, 'dev', `${this.prefix.slice(0, 11)}b`]);
    const conf = join(this.dir, 'dnsmasq.conf');
    writeFileSync(conf, dnsmasqConfig(DNS_SERVER_IP, records));
    const child = this.spawnIn(this.ext, ['dnsmasq', '-k', '-C', conf, `--pid-file=${join(this.dir, 'dnsmasq.pid')}`]);
    const ready = () =>
      execFileSync('ip', ['netns', 'exec', this.ext, 'ss', '-Hlun', `sport = :53`], {
        encoding: 'utf8',
        timeout: 5000,
      }).trim() !== '';
    await waitFor(() => child.exitCode !== null || ready(), 5000);
    if (!ready()) throw new Error('dnsmasq did not start');
    return {
      stop: async () => {
        child.kill('SIGKILL');
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      },
    };
  }

  /** test/support/fake-dns.mjs (a resolver that misbehaves on purpose) on `ip`:53 in the external namespace. */
  async startFakeDnsServer(ip: string): Promise<void> {
    runQuietly('ip', ['-n', this.ext, 'addr', 'add', `${ip}/32`, 'dev', `${this.prefix.slice(0, 11)}b`]);
    await waitForLine(
      this.spawnIn(this.ext, [process.execPath, join(here, 'fake-dns.mjs'), ip]),
      (l) => l === 'ready',
      5000,
      'fake DNS server',
    );
  }

  /**
   * As osm-edge's init container does: the pod's DNS (UDP and TCP port 53) goes to the sidecar's DNS proxy at
   * `listen`; the sidecar's own queries (PIPY_UID) go out untouched.
   */
  redirectDns(listen = '127.0.0.153:5300'): void {
    const nat = (...rule: string[]) =>
      run('ip', ['netns', 'exec', this.pod, 'iptables', '-t', 'nat', '-I', 'OUTPUT', ...rule]);
    nat('2', '-p', 'tcp', '--dport', '53', '-j', 'DNAT', '--to-destination', listen);
    nat('1', '-p', 'udp', '-m', 'owner', '--uid-owner', String(PIPY_UID), '-j', 'RETURN');
    nat('2', '-p', 'udp', '--dport', '53', '-j', 'DNAT', '--to-destination', listen);
  }

  /** A Pipy repo (pipy --admin-port) on the pod's own loopback at `port`, waited for (up to 5 s) until it listens. */
  async startRepoInPod(port: number): Promise<ChildProcess> {
    const repo = this.spawnInPod([locatePipy()!, '--no-graph', `--admin-port=127.0.0.1:${port}`], '/');
    for (let i = 0; i < 100 && !this.listening(port); i++) await sleep(50);
    return repo;
  }

  listening(port: number): boolean {
    const out = execFileSync('ip', ['netns', 'exec', this.pod, 'ss', '-Hltn', `sport = :${port}`], {
      encoding: 'utf8',
      timeout: 5000,
    });
    return out.trim() !== '';
  }

  private spawnIn(ns: string, argv: string[], cwd?: string, env: Record<string, string> = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', ns, ...argv], {
      cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  async close(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    this.children.clear();
    await sleep(50);
    for (const ns of [this.pod, this.ext]) runQuietly('ip', ['netns', 'del', ns]);
    rmSync(this.dir, { recursive: true, force: true });
    labs.delete(this);
  }
}

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const cleanup = () => {
    for (const lab of labs) {
      for (const ns of [lab.pod, lab.ext]) runQuietly('ip', ['netns', 'del', ns]);
    }
  };
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => (cleanup(), process.exit(130)));
}

function run(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
}

function runQuietly(cmd: string, args: string[]): void {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 10_000 });
  } catch {
    /* already gone */
  }
}

/** The process's open file descriptors that are UDP sockets (their inodes, found in its namespace's UDP tables). */
function udpSocketsOf(pid: number): number {
  const udp = new Set(
    ['udp', 'udp6'].flatMap((t) =>
      readFileSync(`/proc/${pid}/net/${t}`, 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.trim().split(/\s+/)[9])
        .filter(Boolean),
    ),
  );
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
      if (inode && udp.has(inode)) count++;
    } catch {
      /* closed meanwhile */
    }
  }
  return count;
}

/** Waits until `condition` holds, checking every 100 ms; false when `limitMs` passed first. */
export async function until(condition: () => boolean, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/** Tries `attempt` every 100 ms until `done` holds: the milliseconds that took, or Infinity past `limitMs`. */
export async function msUntil<T>(
  attempt: () => Promise<T>,
  done: (r: T) => boolean,
  limitMs = 15_000,
): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (done(await attempt())) return Date.now() - started;
    await sleep(100);
  }
  return Infinity;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until `condition` holds or `ms` have passed (the caller then checks what it waited for). */
export async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await sleep(25);
}

function waitForLine(child: ChildProcess, match: (line: string) => boolean, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${err}`)), ms);
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (match(l)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}: ${err}`));
    });
  });
}

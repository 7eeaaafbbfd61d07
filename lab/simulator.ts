import type { Outcome, Probe } from '../src/index.js';
import { REGISTRY, type ProtocolRegistry } from '../src/protocols/registry.js';
import { parseIp } from '../src/net/ip.js';

/**
 * Runs a generated main.js in Node against stand-ins for Pipy's configuration API, the way Istio's simulation
 * tests walk generated Envoy config: the real decision code runs; only the proxy around it is simulated.
 * The script is evaluated once; each probe resets the context variables and walks the recorded pipeline.
 */
type Call = { name: string; args: unknown[] };
type Chain = Call[];

/** Pipy's Data: bytes; `new Data(other)` copies, `shift(n)` takes the first n off. */
class Data {
  protected bytes: number[];
  constructor(from?: unknown) {
    this.bytes = from instanceof Data ? from.toArray() : Array.isArray(from) ? [...(from as number[])] : [];
  }
  get size(): number {
    return this.bytes.length;
  }
  shift(count: number): Data {
    return new Data(this.bytes.splice(0, count));
  }
  toArray(): number[] {
    return [...this.bytes];
  }
}
/** What pipy.load gives: a file's bytes (table text is ASCII, so a character is a byte), read from the front. */
class FileData extends Data {
  constructor(private text: string) {
    super();
  }
  override get size(): number {
    return this.text.length;
  }
  override shift(count: number): FileData {
    const head = this.text.slice(0, count);
    this.text = this.text.slice(count);
    return new FileData(head);
  }
  override toString(): string {
    return this.text;
  }
}
class StreamEnd {
  constructor(readonly error?: string) {}
}
class Message {
  constructor(
    readonly head: unknown,
    readonly body: unknown,
    readonly tail?: unknown,
  ) {}
}

function recorder(): { chain: Chain; proxy: unknown } {
  const chain: Chain = [];
  const proxy: unknown = new Proxy(
    {},
    {
      get:
        (_t, name: string) =>
        (...args: unknown[]) => {
          chain.push({
            name,
            args: args.map((a) =>
              typeof a === 'function' && a.length === 1 && /^\$\s*=>/.test(String(a))
                ? builder(a as (x: unknown) => unknown)
                : a,
            ),
          });
          return proxy;
        },
    },
  );
  return { chain, proxy };
}

/** A `$=>$...` sub-pipeline builder, recorded into its chain. */
function builder(fn: (x: unknown) => unknown): Chain {
  const r = recorder();
  fn(r.proxy);
  return r.chain;
}

export interface SimulatedResult {
  outcome: Outcome | 'hang';
  reason?: string;
  logs: string[];
}

export interface RunOptions {
  /** The client sends nothing: a wait() is released by its timeout, detectProtocol reports '' where it has a timeout. */
  silent?: boolean;
}

/** What a client sees of a denial: a 403 with the sidecar's body, or a gRPC PERMISSION_DENIED in head and trailers. */
function denialOutcome(msg: Message): Outcome | 'hang' {
  const head = msg.head as { status: number; headers: Record<string, string> };
  const reason = head.headers['x-pipyc-deny-reason'];
  if (head.status === 403) return String(msg.body) === `egress denied by sidecar: ${reason}\n` ? 'http-403' : 'hang';
  const trailers = (msg.tail as { headers?: Record<string, string> } | undefined)?.headers ?? {};
  const grpc =
    head.status === 200 &&
    head.headers['grpc-status'] === '7' &&
    trailers['grpc-status'] === '7' &&
    trailers['grpc-message'] === `egress denied by sidecar: ${reason}`;
  return grpc ? 'grpc-denied' : 'hang';
}

function denialReason(msg: Message): string | undefined {
  return (msg.head as { headers: Record<string, string> }).headers['x-pipyc-deny-reason'];
}

/** An IPv6 address as 32 hex digits (Pipy 0.90.3's AAAA data). */
function hexOf(address: string): string {
  const ip = parseIp(address);
  return ip && ip.family === 6 ? ip.groups.map((g) => g.toString(16).padStart(4, '0')).join('') : address;
}

export class Simulator {
  private readonly scope: Record<string, unknown>;
  private readonly initial: Record<string, unknown> = {};
  private root: Chain = [];
  private logs: string[] = [];
  private options: RunOptions = {};
  /** A wait() was passed on this connection (Pipy 0.90's detection bound: its detectProtocol has no timeout). */
  private waited = false;
  /** The clock the script's Date.now() reads (ms); the DNS proxy's answers expire by it. */
  private clock = 1_000_000;
  /** Pipy 0.90.3's DNS.decode gives AAAA data as 32 hex digits; 1.5's as an address. */
  private readonly aaaaAsHex: boolean;

  /**
   * `files`: the other files of the codebase, for pipy.load (egress-tables.txt); `registry`: the protocols the script
   * was compiled with, whose parts say what their clients send.
   */
  constructor(
    mainJs: string,
    files: Record<string, string> = {},
    private readonly registry: Pick<ProtocolRegistry, 'parts'> = REGISTRY,
  ) {
    this.aaaaAsHex = /^\/\/ Runs on Pipy 0\.90/m.test(mainJs);
    const inbound = { destinationAddress: '', destinationPort: 0, remoteAddress: '' };
    this.scope = {
      Data,
      StreamEnd,
      Message,
      Math,
      Map,
      Number,
      Promise,
      // PipyJS's global loop: calls fn(i) until it returns something other than undefined.
      repeat: (fn: (i: number) => unknown) => {
        for (let i = 0; ; i++) {
          const r = fn(i);
          if (r !== undefined) return r;
        }
      },
      JSON,
      RegExp,
      Date: { now: () => this.clock },
      // PipyJS's invoke(fn, catcher): fn's value, or the catcher's (called with the error, or itself) when fn throws.
      invoke: (fn: () => unknown, catcher: unknown) => {
        try {
          return fn();
        } catch (e) {
          return typeof catcher === 'function' ? (catcher as (e: unknown) => unknown)(String(e)) : catcher;
        }
      },
      // A simulated DNS packet is already decoded: its Data carries the message.
      DNS: { decode: (d: { message: unknown }) => d.message },
      // The process's environment, which every load of a codebase shares.
      os: { env: {} as Record<string, unknown> },
      undefined,
      __inbound: inbound,
      // console.error: would-deny lines on Pipy 1.5 (docs/semantics.md, "Audit mode").
      console: {
        log: (...a: unknown[]) => this.logs.push(a.join(' ')),
        error: (...a: unknown[]) => this.logs.push(a.join(' ')),
      },
      pipy: Object.assign(
        (context: Record<string, unknown>) => {
          Object.assign(this.initial, context);
          Object.assign(this.scope, context);
          const r = recorder();
          this.root = r.chain;
          return r.proxy;
        },
        // A codebase from a directory (pipy.source is not a repo URL): it never reloads. The Pipy the script is for:
        // 0.90 has no pipy.version.
        {
          load: (path: string) => (path in files ? new FileData(files[path]!) : null),
          source: 'main.js',
          ...(this.aaaaAsHex ? {} : { version: { tag: '1.5.18' } }),
          exit: (code: number) => {
            throw new Error(`the script called pipy.exit(${code}): ${this.logs.join('\n')}`);
          },
        },
      ),
    };
    new Function('scope', `with (scope) { return (\n${mainJs}\n) }`)(this.scope);
  }

  /** Moves the clock the script's Date.now() reads. */
  advanceClock(ms: number): void {
    this.clock += ms;
  }

  run(probe: Probe, options: RunOptions = {}): SimulatedResult {
    Object.assign(this.scope, this.initial);
    this.logs = [];
    this.options = options;
    this.waited = false;
    const m = /^\[(.+)\]:(\d+)$/.exec(probe.dst) ?? /^(.+):(\d+)$/.exec(probe.dst);
    Object.assign(this.scope.__inbound as object, {
      destinationAddress: m?.[1] ?? '',
      destinationPort: Number(m?.[2] ?? 0),
      remoteAddress: probe.src ?? '',
    });
    this.learn(probe);
    const result = this.walk(this.root, probe);
    // The connection ends after its probe: the listener's onEnd handler runs (the metrics gauge counts down).
    const onEnd = this.root
      .slice(0, this.root.findIndex((c, i) => i > 0 && c.name === 'listen') >>> 0)
      .find((c) => c.name === 'onEnd');
    if (onEnd) (onEnd.args[0] as () => unknown)();
    return { ...result, logs: this.logs };
  }

  /**
   * What the probe says the DNS proxy learned, taught through the script's own UDP listener: each name is asked and
   * answered (the query through the callbacks before connect(), the answer through those after). Expired names are
   * taught first with a TTL of one second, then the clock passes every TTL the spec may set; live names follow.
   */
  private learn(probe: Probe): void {
    const env = (
      this.scope.os as {
        env: Record<
          string,
          { learned: Map<unknown, unknown>; ring: unknown[]; next: number; pending: Map<unknown, unknown> }
        >;
      }
    ).env;
    const store = env.PIPYC_DNS_1;
    if (!store) return;
    store.learned.clear();
    store.ring.length = 0;
    store.next = 0;
    store.pending.clear();
    const udp = this.root.findIndex(
      (c) => c.name === 'listen' && (c.args[1] as { protocol?: string } | undefined)?.protocol === 'udp',
    );
    const chain = this.root.slice(
      udp + 1,
      this.root.findIndex((c, i) => i > udp && c.name === 'listen'),
    );
    const connect = chain.findIndex((c) => c.name === 'connect');
    const handlers = (calls: Chain) =>
      calls.filter((c) => c.name === 'handleData').map((c) => c.args[0] as (d: unknown) => unknown);
    const [asked, answered] = [handlers(chain.slice(0, connect)), handlers(chain.slice(connect + 1))];
    let id = 0;
    const teach = (names: Record<string, string[]> | undefined, ttl: number) => {
      for (const [spelled, addresses] of Object.entries(names ?? {})) {
        // On the wire a name has no trailing dot; its case is the client's.
        const name = spelled.endsWith('.') ? spelled.slice(0, -1) : spelled;
        for (const type of ['A', 'AAAA']) {
          const rdata = addresses.filter((a) => a.includes(':') === (type === 'AAAA'));
          if (rdata.length === 0) continue;
          const question = [{ name, type }];
          id++;
          for (const h of asked) h({ message: { id, rd: 1, question } });
          const data = (a: string) => (type === 'AAAA' && this.aaaaAsHex ? hexOf(a) : a);
          for (const h of answered)
            h({ message: { id, qr: 1, question, answer: rdata.map((a) => ({ name, type, ttl, rdata: data(a) })) } });
        }
      }
    };
    teach(probe.expired, 1);
    this.clock += 100_000_000;
    teach(probe.resolved, 60);
  }

  /** The sniffed part that speaks the probe's protocol, if any. */
  private spoken(probe: Probe) {
    return this.registry.parts.sniffed.find((p) => p.wire.probe === probe.protocol);
  }

  /**
   * What Pipy's detectProtocol reports for the probe's client: the name it gives the part that speaks its protocol,
   * else '' (also for a part detectProtocol does not know, which recognises its bytes itself).
   */
  private detectedFor(probe: Probe): string {
    return this.spoken(probe)?.wire.detects[0]?.pipy ?? '';
  }

  /** The event a part's simulation hands the callback of `filter` for the probe (src/protocols/<home>/simulate.ts). */
  private partEvent(filter: string, probe: Probe): { found: boolean; event?: unknown } {
    for (const part of this.registry.parts.sniffed) {
      const make = part.simulation.events[filter];
      if (make) return { found: true, event: make(probe) };
    }
    return { found: false };
  }

  /** An HTTP request to the listener on `port` that ends in serveHTTP (the metrics endpoint): its response. */
  serve(port: number, method: string, path: string): { status: number; headers: Record<string, string>; body: string } {
    const at = this.root.findIndex((c) => c.name === 'listen' && c.args[0] === port);
    const serve = this.root.slice(at + 1).find((c) => c.name === 'serveHTTP');
    if (at < 0 || !serve) throw new Error(`simulator: no serveHTTP listener on port ${port}`);
    const msg = (serve.args[0] as (req: unknown) => Message)({ head: { method, path, headers: {} } });
    const head = msg.head as { status: number; headers?: Record<string, string> };
    return { status: head.status, headers: head.headers ?? {}, body: String(msg.body) };
  }

  private walk(chain: Chain, probe: Probe): Omit<SimulatedResult, 'logs'> {
    for (const call of chain) {
      const [a, b] = call.args;
      switch (call.name) {
        case 'listen':
        case 'handleStreamStart':
        case 'onEnd':
          break;
        case 'onStart':
          // A stream that starts with a reset is refused there (connect() hands it back without connecting).
          if ((a as () => unknown)() instanceof StreamEnd) return { outcome: 'reset' };
          break;
        case 'connect':
        case 'muxHTTP':
          return { outcome: 'forward' };
        case 'replaceStreamStart':
          return chain.some((c) => c.name === 'replaceData') ? { outcome: 'reset' } : { outcome: 'hang' };
        case 'replaceMessageStart': {
          // A denial, answered at the request's start (its body and end were dropped before it).
          const msg = (a as (e: unknown) => Message)(this.partEvent('branchMessageStart', probe).event);
          return { outcome: denialOutcome(msg), ...(denialReason(msg) && { reason: denialReason(msg) }) };
        }
        case 'replaceData':
        case 'replaceMessageEnd':
          break;
        case 'wait': {
          // The connection's first (empty) chunk calls the condition; the client's first bytes call it again. A
          // condition that answers a promise holds the chunk until it settles; a silent client's wait ends by its timeout.
          this.waited = true;
          const condition = a as () => unknown;
          condition();
          if (!this.options.silent) condition();
          break;
        }
        case 'detectProtocol':
          // A silent client: only a detectProtocol with a timeout (Pipy 1.5) reports '' (0.90's would wait on).
          if (!this.options.silent) (a as (p: string) => unknown)(this.detectedFor(probe));
          else if (!this.waited) (a as (p: string) => unknown)('');
          break;
        case 'demuxHTTP':
          break;
        case 'handleData': {
          // What a client that speaks a part's protocol sends first, where the part's simulation says (a part that
          // recognises its protocol itself reads it); other chunks are not simulated.
          const bytes = this.options.silent ? undefined : this.spoken(probe)?.simulation.firstBytes?.(probe);
          if (bytes) (a as (d: unknown) => unknown)(new Data(bytes));
          break;
        }
        case 'to':
          return this.walk(a as Chain, probe);
        case 'branch':
          return this.choose(call.args, (cond) => (cond as () => unknown)(), probe);
        default: {
          // A filter whose callbacks see what the client sent: the part that speaks it says what they see.
          const { found, event } = this.partEvent(call.name, probe);
          if (!found) throw new Error(`simulator: unknown filter ${call.name}`);
          if (call.name.startsWith('branch'))
            return this.choose(call.args, (cond) => (cond as (e: unknown) => unknown)(event), probe);
          (a as (e: unknown) => unknown)(event);
        }
      }
      void b;
    }
    return { outcome: 'hang' };
  }

  /** branch-like filters: condition, layout, ..., [default layout]. */
  private choose(args: unknown[], holds: (cond: unknown) => unknown, probe: Probe): Omit<SimulatedResult, 'logs'> {
    for (let i = 0; i + 1 < args.length; i += 2) {
      if (holds(args[i])) return this.walk(args[i + 1] as Chain, probe);
    }
    if (args.length % 2 === 1) return this.walk(args[args.length - 1] as Chain, probe);
    return { outcome: 'hang' };
  }
}

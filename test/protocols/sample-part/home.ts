// A sniffed part that lives outside src/: PostgreSQL, recognised from its startup message (which Pipy's detectProtocol
// does not name) and decided by destination address. It proves that a sniffed protocol touches only its home, its
// templates and one registry line: test/protocols/sample-part.test.ts registers it beside pipyc's own.
import { ipRank } from '../../../src/decision/matchers.js';
import { best, rankOf } from '../../../src/decision/ranking.js';
import { columns } from '../../../src/generate/part-generation.js';
import { ipRows } from '../../../src/generate/table-rows.js';
import type { PartIR, SniffedPlan } from '../../../src/ir/parts.js';
import type { IpTableIR } from '../../../src/ir/tables.js';
import { buildIpTable } from '../../../src/lower/ip-table.js';
import type { ProtocolHome, SniffedPart } from '../../../src/protocols/part.js';
import type { PolicyProtocol } from '../../../src/sidecar-spec/types.js';
import { flatMapped } from '../../../src/util/flat-mapped.js';

interface PgPartIR extends PartIR {
  kind: 'pg';
  table: IpTableIR<string>;
}

interface PgPlanIR extends SniffedPlan {
  kind: 'pg';
}

/** A startup message: its length, then protocol 3.0 (0x00030000), or the SSLRequest code 80877103. */
export function startupMessage(ssl = false): number[] {
  return ssl ? [0, 0, 0, 8, 4, 210, 22, 47] : [0, 0, 0, 41, 0, 3, 0, 0, 117, 115, 101, 114, 0, 97, 112, 112, 0];
}

export const PG_PART = {
  kind: 'pg',
  home: 'postgres',
  phase: 'sniffed',
  // detectProtocol names no PostgreSQL: the part's `detect` slot recognises the client's first bytes.
  wire: { probe: 'postgres', detects: [{ pipy: '', proto: 'pg' }] },
  reasons: {
    'pg-policy': 'a postgres policy allows this destination IP',
    'pg-not-allowed': "the port's postgres policies do not allow this destination IP",
  },
  lowering: {
    plan: () => ({ kind: 'pg', phase: 'sniffed', used: false, detects: [{ pipy: '', proto: 'pg' }], requests: false }),
    lower: (policies) => ({
      kind: 'pg',
      table: buildIpTable(
        policies.map((p) => ({ cidrs: p.cidrs, value: p })),
        (ps) => ps[0]!.name,
      ),
    }),
    ipTables: (ir) => [ir.table],
    merge: (plans) => ({ ...plans[0]!, used: plans.some((p) => p.used) }),
    decidesByName: () => false,
  },
  generation: {
    sections: (classes, _plan, credit) => [
      {
        name: 'pg',
        columns: columns('class', 'CIDR', 'credited policy'),
        rows: flatMapped(classes, ({ index, part }) => ipRows(part.table).map(([cidr, p]) => [index, cidr, credit(p)])),
      },
    ],
    helpers: {},
  },
  decision: {
    decide(policies, _probe, ip) {
      const hit = best(policies, (p) => rankOf([0, ipRank(p, ip)]));
      return hit
        ? { allow: true, outcome: 'forward', reason: 'pg-policy', policy: hit }
        : { allow: false, outcome: 'reset', reason: 'pg-not-allowed', policy: null };
    },
  },
  simulation: { events: {}, firstBytes: (probe) => startupMessage(probe.sni === 'ssl') },
} satisfies SniffedPart<PgPartIR, PgPlanIR>;

export const POSTGRES = { protocol: 'postgres' as PolicyProtocol, part: PG_PART, rules: [] } satisfies ProtocolHome;

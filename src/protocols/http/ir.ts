import type { PartIR, SniffedPlan } from '../../ir/parts.js';
import type { HostTableIR } from '../../ir/tables.js';

/** http policies by Host. Value: indexes into the http plan's rules, sorted by policy name. */
export interface HttpPartIR extends PartIR {
  kind: 'http';
  table: HostTableIR<number[]>;
}

export interface HttpPlanIR extends SniffedPlan {
  kind: 'http';
  /** One per policy with an http port; host tables refer to these by index. */
  rules: HttpRuleIR[];
  /** Anchored regular expression sources; matches refer to these by index. */
  regexes: string[];
  /** Some match tests the path with a regular expression (so the path without query is cut out for it). */
  regexPath: boolean;
  headerMatch: boolean;
}

export interface HttpRuleIR {
  policy: string;
  matches: HttpMatchIR[] | null;
}

export interface HttpMatchIR {
  path: { type: 'exact' | 'prefix'; value: string } | { type: 'regex'; regex: number } | null;
  methods: string[] | null;
  headers: [string, number][];
}

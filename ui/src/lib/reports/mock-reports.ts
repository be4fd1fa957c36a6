//! Demo report data for the in-memory backend: a fixed set of dispenses spread over the days
//! of any period, aggregated with the same rules as the counter (so totals equal the sums).

import type {
  DispenseSummary,
  Drill,
  NotDispensedReason,
  PharmacyRef,
  Report,
  ReportMode,
  ReportQuery,
  Volume,
} from "$lib/backend";
import { daysOf } from "./period";

interface DemoLine {
  inn: string;
  product_id: string;
  trade_name: string;
  unit: string;
  quantity: number;
  packs: number;
}

interface DemoDispense {
  summary: DispenseSummary;
  day: string;
  pinfl: string;
  patient: string;
  lines: DemoLine[];
  partial: boolean;
}

const STAFF = [
  { pinfl: "41506881230016", name: "Yusupova Malika Baxtiyorovna" },
  { pinfl: "30101850010017", name: "Шоира Ўткирова" },
];
const PRODUCTS: DemoLine[] = [
  {
    inn: "Amoxicillin",
    product_id: "P-AMX-500",
    trade_name: "Amoksiklav",
    unit: "capsule",
    quantity: 20,
    packs: 1,
  },
  {
    inn: "Metformin",
    product_id: "P-MET-850",
    trade_name: "Глюкофаж",
    unit: "tablet",
    quantity: 60,
    packs: 2,
  },
  {
    inn: "Paracetamol",
    product_id: "P-PAR-500",
    trade_name: "Paratsetamol",
    unit: "tablet",
    quantity: 10,
    packs: 1,
  },
];
const MODES: ReportMode[] = ["online", "online", "offline_retry", "paper"];

function demoDispenses(from: string, to: string): DemoDispense[] {
  const out: DemoDispense[] = [];
  daysOf(from, to).forEach((day, d) => {
    const count = 1 + ((d * 7 + day.charCodeAt(9)) % 4);
    for (let i = 0; i < count; i++) {
      const n = d * 10 + i;
      const staff = STAFF[n % STAFF.length]!;
      const lines = [
        PRODUCTS[n % PRODUCTS.length]!,
        ...(n % 3 === 0 ? [PRODUCTS[(n + 1) % PRODUCTS.length]!] : []),
      ];
      const mode = MODES[n % MODES.length]!;
      out.push({
        day,
        pinfl: staff.pinfl,
        patient: `p${n % 5}`,
        lines,
        partial: n % 4 === 1,
        summary: {
          dispense_id: `demo-${day}-${i}`,
          time: `${day} ${String(9 + i).padStart(2, "0")}:15`,
          prescription_number: `7K3M9P2Q${String(n).padStart(4, "0")}`.slice(0, 12),
          pharmacist_name: staff.name,
          mode,
          state: mode === "paper" ? "pending" : "delivered",
          items: lines.length,
          packs: lines.reduce((s, l) => s + l.packs, 0),
          withdrawn_at: null,
          withdraw_reason: null,
        },
      });
    }
  });
  return out;
}

function volume(list: DemoDispense[], keep: (l: DemoLine) => boolean = () => true): Volume {
  const v: Volume = { dispenses: 0, items: 0, quantity: 0, packs: 0 };
  for (const d of list) {
    const lines = d.lines.filter(keep);
    if (lines.length === 0) continue;
    v.dispenses += 1;
    v.items += lines.length;
    v.quantity += lines.reduce((s, l) => s + l.quantity, 0);
    v.packs += lines.reduce((s, l) => s + l.packs, 0);
  }
  return v;
}

function filtered(query: ReportQuery): DemoDispense[] {
  return demoDispenses(query.from, query.to)
    .filter((d) => !query.pharmacist || d.pinfl === query.pharmacist)
    .filter((d) => !query.mode || d.summary.mode === query.mode)
    .filter((d) => !query.inn || d.lines.some((l) => l.inn === query.inn));
}

/** Every fifth demo dispense also closed an item: the reasons in turn. */
function notDispensed(
  list: ReturnType<typeof filtered>,
): Pick<Report, "not_dispensed" | "not_dispensed_lines"> {
  const reasons: NotDispensedReason[] = [
    "out_of_stock",
    "patient_declined",
    "clinical",
    "suspected_error",
    "other",
  ];
  const lines = list
    .filter((_, i) => i % 5 === 0)
    .map((d, i) => {
      const reason = reasons[i % reasons.length] ?? "other";
      return {
        time: d.summary.time,
        dispense_id: d.summary.dispense_id,
        prescription_number: d.summary.prescription_number,
        pharmacist_name: d.summary.pharmacist_name,
        inn: PRODUCTS[i % PRODUCTS.length]?.inn ?? "",
        reason,
        note: reason === "other" ? "Patient asked to wait" : null,
      };
    });
  return {
    not_dispensed: reasons.map((reason) => {
      const of = lines.filter((l) => l.reason === reason);
      return { reason, items: of.length, dispenses: new Set(of.map((l) => l.dispense_id)).size };
    }),
    not_dispensed_lines: lines,
  };
}

/** The demo report of `query`. */
export function demoReport(query: ReportQuery, pharmacy: PharmacyRef, now: Date): Report {
  const list = filtered(query);
  const all = volume(list);
  const inns = [...new Set(PRODUCTS.map((p) => p.inn))];
  const byInn = inns
    .map((inn) => ({ inn, volume: volume(list, (l) => l.inn === inn) }))
    .filter((r) => r.volume.items > 0)
    .sort((a, b) => b.volume.packs - a.volume.packs);
  const local = new Date(now.getTime() + 5 * 3600_000).toISOString();
  return {
    pharmacy,
    scope: { kind: "pharmacy", unconfirmed: 0 },
    query,
    generated_at: `${local.slice(0, 10)} ${local.slice(11, 16)}`,
    totals: {
      dispenses: all.dispenses,
      items: all.items,
      packs: all.packs,
      patients: new Set(list.map((d) => d.patient)).size,
    },
    by_pharmacist: STAFF.map((s) => ({
      pinfl: s.pinfl,
      name: s.name,
      volume: volume(list.filter((d) => d.pinfl === s.pinfl)),
    })).filter((r) => r.volume.dispenses > 0),
    by_inn: byInn,
    by_product: PRODUCTS.map((p) => ({
      product_id: p.product_id,
      trade_name: p.trade_name,
      inn: p.inn,
      unit: p.unit,
      volume: volume(list, (l) => l.product_id === p.product_id),
    })).filter((r) => r.volume.items > 0),
    by_mode: (["online", "offline_retry", "paper"] as ReportMode[]).map((mode) => ({
      mode,
      volume: volume(list.filter((d) => d.summary.mode === mode)),
    })),
    partial: list.filter((d) => d.partial).map((d) => d.summary),
    withdrawals: [],
    ...notDispensed(list),
    open_conflicts: list.length
      ? [
          {
            id: 1,
            source: "paper",
            dispense_id: list[0]!.summary.dispense_id,
            record_id: null,
            code: "QUANTITY_EXCEEDED",
            reason: "Only 10 remained when the paper record was entered",
            time: list[0]!.summary.time,
          },
        ]
      : [],
    daily: daysOf(query.from, query.to).map((date) => ({
      date,
      volume: volume(list.filter((d) => d.day === date)),
    })),
    top_inns: byInn.slice(0, 10),
  };
}

/** The demo dispenses behind one row. */
export function demoDrill(query: ReportQuery, row: Drill): DispenseSummary[] {
  return filtered(query)
    .filter((d) => {
      switch (row.kind) {
        case "all":
          return true;
        case "pharmacist":
          return d.pinfl === row.pinfl;
        case "inn":
          return d.lines.some((l) => l.inn === row.inn);
        case "product":
          return d.lines.some((l) => l.product_id === row.product_id);
        case "mode":
          return d.summary.mode === row.mode;
        case "day":
          return d.day === row.date;
      }
      return false;
    })
    .map((d) => d.summary);
}

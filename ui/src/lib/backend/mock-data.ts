//! Demo data of the in-memory backend: a pharmacy, its pharmacist, a small catalogue and
//! prescriptions in every state, with valid identifiers and dates relative to today.

import type { Item, Prescription, Product, Session } from "./bindings";

const RX_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+";

/** ISO/IEC 7064 MOD 37-2 check character of 11 characters of `0-9A-Z`. */
export function rxCheckChar(body: string): string {
  let p = 0;
  for (const ch of body) {
    p = ((p + Math.max(0, RX_ALPHABET.indexOf(ch))) * 2) % 37;
  }
  return RX_ALPHABET.charAt((38 - p) % 37);
}

/** A full prescription number from its 11-character body. */
export function rxNumber(body: string): string {
  return body + rxCheckChar(body);
}

/** The PINFL check digit: Σ dᵢ·wᵢ mod 10 with weights 7, 3, 1 repeating. */
export function pinflCheckDigit(first13: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < first13.length; i++) sum += Number(first13[i]) * (weights[i % 3] ?? 1);
  return sum % 10;
}

/** Builds a valid PINFL from the sex-and-century digit, a birth date and district/serial digits. */
export function composePinfl(first: number, birth: string, districtSerial: string): string {
  const [y, m, d] = birth.split("-");
  const body = `${first}${d}${m}${(y ?? "").slice(2)}${districtSerial}`;
  return body + String(pinflCheckDigit(body));
}

export function maskPinfl(pinfl: string): string {
  if (pinfl.length <= 4) return "*".repeat(pinfl.length);
  return pinfl.slice(0, 2) + "*".repeat(pinfl.length - 4) + pinfl.slice(-2);
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function shiftDays(today: Date, days: number): Date {
  const d = new Date(today.getTime());
  d.setUTCDate(d.getUTCDate() + days);
  return d;
}

export const DEMO_PHARMACY = {
  pharmacy_id: "PH-0001",
  name: "Shifo Nur dorixonasi",
  address: "Toshkent, Yunusobod tumani, Amir Temur shoh koʻchasi 107",
};
export const OTHER_PHARMACY = { pharmacy_id: "PH-0002", name: "Oltin Shifo dorixonasi" };
export const DEMO_LOGIN = "farmatsevt1";
export const DEMO_SECRET = "demo-1234";

export function demoSession(now: Date): Session {
  return {
    pharmacy: { ...DEMO_PHARMACY },
    pharmacist: { pinfl: "41506881230016", full_name: "Yusupova Malika Baxtiyorovna", role: "pharmacist" },
    expires_at: new Date(now.getTime() + 8 * 3600_000).toISOString(),
  };
}

export const DEMO_PRODUCTS: Product[] = [
  p(
    "P-AMX-1",
    "Amoxil 500",
    "Amoxicillin",
    "J01CA04",
    "capsule",
    "500 mg",
    20,
    "capsule",
    "GlaxoSmithKline (Buyuk Britaniya)",
    true,
    true,
  ),
  p(
    "P-AMX-2",
    "Flemoksin Solutab 500",
    "Amoxicillin",
    "J01CA04",
    "tablet",
    "500 mg",
    20,
    "tablet",
    "Astellas Pharma (Niderlandiya)",
    true,
    true,
  ),
  p(
    "P-AMX-3",
    "Amoksitsillin 500",
    "Amoxicillin",
    "J01CA04",
    "capsule",
    "500 mg",
    16,
    "capsule",
    "Jurabek Laboratories (Oʻzbekiston)",
    true,
    true,
  ),
  p(
    "P-PCM-1",
    "Panadol",
    "Paracetamol",
    "N02BE01",
    "tablet",
    "500 mg",
    12,
    "tablet",
    "GlaxoSmithKline (Irlandiya)",
    false,
    false,
  ),
  p(
    "P-PCM-2",
    "Paratsetamol-Nika",
    "Paracetamol",
    "N02BE01",
    "tablet",
    "500 mg",
    10,
    "tablet",
    "Nika Pharm (Oʻzbekiston)",
    false,
    false,
  ),
  p(
    "P-MET-1",
    "Siofor 1000",
    "Metformin",
    "A10BA02",
    "tablet",
    "1000 mg",
    60,
    "tablet",
    "Berlin-Chemie (Germaniya)",
    true,
    false,
  ),
  p(
    "P-MET-2",
    "Glyukofaj 1000",
    "Metformin",
    "A10BA02",
    "tablet",
    "1000 mg",
    30,
    "tablet",
    "Merck Santé (Fransiya)",
    true,
    false,
  ),
  p(
    "P-AML-1",
    "Norvask",
    "Amlodipine",
    "C08CA01",
    "tablet",
    "5 mg",
    30,
    "tablet",
    "Pfizer (AQSH)",
    true,
    false,
  ),
  p(
    "P-AML-2",
    "Amlodipin-Remedy",
    "Amlodipine",
    "C08CA01",
    "tablet",
    "5 mg",
    30,
    "tablet",
    "Remedy Group (Oʻzbekiston)",
    true,
    false,
  ),
  p(
    "P-AZI-1",
    "Sumamed",
    "Azithromycin",
    "J01FA10",
    "tablet",
    "500 mg",
    3,
    "tablet",
    "Pliva (Xorvatiya)",
    true,
    true,
  ),
  p(
    "P-AZI-2",
    "Azitromitsin",
    "Azithromycin",
    "J01FA10",
    "capsule",
    "500 mg",
    3,
    "capsule",
    "Jurabek Laboratories (Oʻzbekiston)",
    true,
    true,
  ),
  p(
    "P-IBU-1",
    "Nurofen",
    "Ibuprofen",
    "M01AE01",
    "tablet",
    "200 mg",
    20,
    "tablet",
    "Reckitt Benckiser (Buyuk Britaniya)",
    false,
    false,
  ),
  p(
    "P-OME-1",
    "Omez",
    "Omeprazole",
    "A02BC01",
    "capsule",
    "20 mg",
    30,
    "capsule",
    "Dr. Reddy's (Hindiston)",
    true,
    false,
  ),
  p(
    "P-SAL-1",
    "Ventolin",
    "Salbutamol",
    "R03AC02",
    "inhalation aerosol",
    "100 mcg/dose",
    1,
    "inhaler",
    "GlaxoSmithKline (Ispaniya)",
    true,
    false,
  ),
];

function p(
  product_id: string,
  trade_name: string,
  inn: string,
  atc: string,
  form: string,
  strength: string,
  pack_size: number,
  unit: string,
  manufacturer: string,
  rx_only: boolean,
  e_rx_required: boolean,
): Product {
  return {
    product_id,
    trade_name,
    inn,
    atc,
    form,
    strength,
    pack_size,
    unit,
    manufacturer,
    gtins: [],
    rx_only,
    e_rx_required,
  };
}

function item(
  item_id: string,
  inn: string,
  form: string,
  strength: string,
  dosage_text: string,
  prescribed: number,
  dispensed: number,
  unit: string,
  status: Item["status"],
): Item {
  return {
    item_id,
    inn,
    form,
    strength,
    dosage_text,
    quantity_prescribed: prescribed,
    quantity_dispensed: dispensed,
    unit,
    status,
  };
}

/** One demo prescription with the access code the patient holds. */
export interface DemoRx {
  code: string;
  /** What the sample list calls it (`active`, `cancelled`, …). */
  state: string;
  rx: Prescription;
}

export const DEMO_PINFL_MULTI = composePinfl(3, "1997-11-02", "591003");
export const DEMO_PINFL_SINGLE = composePinfl(4, "1985-03-14", "260118");

/** Prescriptions in every state, dated relative to `today`. */
export function demoPrescriptions(today: Date): DemoRx[] {
  const day = (n: number) => isoDate(shiftDays(today, n));
  const at = (n: number) => `${day(n)}T09:30:00Z`;
  const karimova = {
    pinfl: DEMO_PINFL_SINGLE,
    full_name: "Karimova Dilnoza Rustamovna",
    birth_date: "1985-03-14",
  };
  const toshmatov = {
    pinfl: DEMO_PINFL_MULTI,
    full_name: "Toshmatov Jasur Anvarovich",
    birth_date: "1997-11-02",
  };
  const nazarova = {
    pinfl: composePinfl(4, "1952-07-23", "270045"),
    full_name: "Nazarova Gulnora Shavkatovna",
    birth_date: "1952-07-23",
  };
  const polyclinic12 = {
    full_name: "Rahimov Bobur Olimovich",
    facility: "Toshkent shahar 12-oilaviy poliklinika",
  };
  const endocrine = {
    full_name: "Qodirova Zulfiya Erkinovna",
    facility: "Respublika ixtisoslashtirilgan endokrinologiya markazi",
  };
  const samarkand = {
    full_name: "Gʻaniyev Sherzod Toʻlqinovich",
    facility: "Samarqand viloyat koʻp tarmoqli tibbiyot markazi",
  };
  const base = (
    body: string,
    status: Prescription["status"],
    kind: Prescription["kind"],
    from: number,
    until: number,
    patient: Prescription["patient"],
    prescriber: Prescription["prescriber"],
    icd: string,
    items: Item[],
  ): Prescription => ({
    number: rxNumber(body),
    status,
    kind,
    issued_at: at(from),
    valid_from: day(from),
    valid_until: day(until),
    patient,
    prescriber,
    diagnosis_icd10: icd,
    hold: null,
    items,
  });
  return [
    {
      code: "0420",
      state: "active",
      rx: base("7K3M9P2Q4R8", "active", "acute", -2, 8, karimova, polyclinic12, "J01.0", [
        item(
          "1",
          "Amoxicillin",
          "capsule",
          "500 mg",
          "1 kapsuladan kuniga 3 mahal, 7 kun",
          21,
          0,
          "capsule",
          "to_dispense",
        ),
        item(
          "2",
          "Paracetamol",
          "tablet",
          "500 mg",
          "Harorat 38° dan oshsa 1 tabletka, kuniga 4 martagacha",
          10,
          0,
          "tablet",
          "to_dispense",
        ),
      ]),
    },
    {
      code: "1975",
      state: "chronic_partially_dispensed",
      rx: base("C4R9N2L7T1W", "partially_dispensed", "chronic", -30, 60, toshmatov, endocrine, "E11.9", [
        item(
          "1",
          "Metformin",
          "tablet",
          "1000 mg",
          "1 tabletkadan kuniga 2 mahal ovqat bilan",
          180,
          60,
          "tablet",
          "partial",
        ),
        item("2", "Amlodipine", "tablet", "5 mg", "Ertalab 1 tabletka", 90, 90, "tablet", "dispensed"),
      ]),
    },
    {
      code: "3388",
      state: "active",
      rx: base("A8Z2K5M1Q3D", "active", "acute", -1, 5, toshmatov, polyclinic12, "J18.9", [
        item(
          "1",
          "Azithromycin",
          "tablet",
          "500 mg",
          "Kuniga 1 tabletka, 3 kun",
          3,
          0,
          "tablet",
          "to_dispense",
        ),
      ]),
    },
    {
      code: "5512",
      state: "cancelled",
      rx: base("B2D7F4H9J6K", "cancelled", "acute", -3, 7, nazarova, samarkand, "I10", [
        item("1", "Amlodipine", "tablet", "5 mg", "Ertalab 1 tabletka", 30, 0, "tablet", "cancelled"),
      ]),
    },
    {
      code: "7070",
      state: "completed",
      rx: base("M3N8P1R6S4T", "completed", "acute", -10, 4, karimova, polyclinic12, "K29.7", [
        item(
          "1",
          "Omeprazole",
          "capsule",
          "20 mg",
          "Nonushtadan oldin 1 kapsula",
          14,
          14,
          "capsule",
          "dispensed",
        ),
      ]),
    },
    {
      code: "2024",
      state: "expired",
      rx: base("E5G2H8L3V7X", "expired", "acute", -40, -10, nazarova, samarkand, "M54.5", [
        item(
          "1",
          "Ibuprofen",
          "tablet",
          "200 mg",
          "Ogʻriqda 1 tabletka, kuniga 3 martagacha",
          20,
          0,
          "tablet",
          "expired",
        ),
      ]),
    },
    {
      code: "6161",
      state: "not_yet_valid",
      rx: base("F9Q4W2Y8Z1B", "active", "chronic", 3, 93, nazarova, samarkand, "J45.9", [
        item(
          "1",
          "Salbutamol",
          "inhalation aerosol",
          "100 mcg/dose",
          "Xurujda 1–2 ingalyatsiya",
          2,
          0,
          "inhaler",
          "to_dispense",
        ),
      ]),
    },
    {
      code: "8080",
      state: "held_by_other_pharmacy",
      rx: {
        ...base("H6J3K9L2M5N", "active", "acute", -1, 9, karimova, polyclinic12, "J06.9", [
          item(
            "1",
            "Paracetamol",
            "tablet",
            "500 mg",
            "Harorat 38° dan oshsa 1 tabletka",
            10,
            0,
            "tablet",
            "to_dispense",
          ),
        ]),
        hold: {
          pharmacy_id: OTHER_PHARMACY.pharmacy_id,
          pharmacy_name: OTHER_PHARMACY.name,
          expires_at: new Date(today.getTime() + 12 * 60_000).toISOString(),
        },
      },
    },
  ];
}

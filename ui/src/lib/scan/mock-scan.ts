//! The scanner as the in-memory backend plays it: a camera that reports the state a test sets,
//! codes and previews pushed by tests, and pack checks against the demo catalogue (each demo
//! product gets a made-up GTIN, `mockGtin(i)`), with the counter's refusals.

import type { CameraChoice, CameraStatus, Item, PackMatch, Product, ScanCode, UiStages } from "$lib/backend";
import { BackendError } from "$lib/backend/errors";
import { GS } from "./wedge";

type Listener<T> = (value: T) => void;

/** The GS1 check digit of 13 digits. */
export function gtinCheckDigit(first13: string): number {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(first13[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** The made-up GTIN of the `i`-th demo product. */
export function mockGtin(i: number): string {
  const body = `0478000${String(i).padStart(6, "0")}`;
  return body + gtinCheckDigit(body);
}

/** A pack code for a GTIN: serial, optional expiry (YYMMDD) and batch, key and crypto tail. */
export function mockPackCode(gtin: string, serial: string, expiry?: string, batch?: string): string {
  let s = `01${gtin}21${serial}${GS}`;
  if (expiry) s += `17${expiry}`;
  if (batch) s += `10${batch}${GS}`;
  return `${s}91EE06${GS}92mockcrypto`;
}

interface Parsed {
  gtin: string;
  serial: string;
  expiry: string | null;
  batch: string | null;
  raw: string;
}

/** A small GS1 parser for the mock (the app uses the counter's). */
export function parsePack(text: string): Parsed | null {
  const s = text
    .trim()
    .replace(/^\](d2|D2|Q3|C1|e0)/, "")
    .replace(new RegExp(`^${GS}+`), "");
  const m = new RegExp(`^01(\\d{14})21([^${GS}]{1,20})`).exec(s);
  if (!m || !m[1] || !m[2]) return null;
  const gtin = m[1];
  if (gtinCheckDigit(gtin.slice(0, 13)) !== Number(gtin[13])) return null;
  const rest = s.slice(m[0].length);
  const exp = new RegExp(`(?:^|${GS})17(\\d{2})(\\d{2})(\\d{2})`).exec(rest);
  const batch = new RegExp(`(?:^|${GS}|\\d{6})10([^${GS}]{1,20})`).exec(rest);
  let expiry: string | null = null;
  if (exp && exp[1] && exp[2] && exp[3]) {
    const y = 2000 + Number(exp[1]);
    const mo = Number(exp[2]);
    const d = exp[3] === "00" ? new Date(Date.UTC(y, mo, 0)).getUTCDate() : Number(exp[3]);
    expiry = `${y}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }
  return { gtin, serial: m[2], expiry, batch: batch?.[1] ?? null, raw: `01${gtin}21${m[2]}` };
}

function refuse(code: "MARKING_CODE_INVALID" | "PRODUCT_INN_MISMATCH", reason: string, extra = {}): never {
  throw new BackendError(code, `${code}: ${reason} (simulated)`, { reason, ...extra });
}

export class ScanMock {
  private readonly scans = new Set<Listener<ScanCode>>();
  private readonly statuses = new Set<Listener<CameraStatus>>();
  private readonly previews = new Set<Listener<{ data_url: string }>>();
  private nextId = 1;
  /** The state `startCamera` reports (tests set it). */
  cameraOutcome: CameraStatus = { state: "running", source: "Mock camera", detail: null };
  status: CameraStatus = { state: "off", source: null, detail: null };
  cameras: CameraChoice[] = [{ name: "Mock camera", description: "/dev/video0" }];
  /** Reads the UI reported on screen, by id. */
  readonly rendered: number[] = [];
  /** The stage times the UI reported with each read, in order. */
  readonly stages: (UiStages | null)[] = [];

  start(): CameraStatus {
    this.setStatus(this.cameraOutcome);
    return { ...this.status };
  }

  stop(): CameraStatus {
    this.setStatus({ state: "off", source: null, detail: null });
    return { ...this.status };
  }

  setStatus(status: CameraStatus): void {
    this.status = { ...status };
    for (const l of this.statuses) l({ ...status });
  }

  /** Pushes a decoded code as the camera would; returns its id. */
  emitScan(text: string, format: ScanCode["format"] = "qr"): number {
    const id = this.nextId++;
    for (const l of this.scans) l({ id, text, format });
    return id;
  }

  emitPreview(dataUrl: string): void {
    for (const l of this.previews) l({ data_url: dataUrl });
  }

  onScan(l: Listener<ScanCode>): () => void {
    this.scans.add(l);
    return () => this.scans.delete(l);
  }

  onStatus(l: Listener<CameraStatus>): () => void {
    this.statuses.add(l);
    return () => this.statuses.delete(l);
  }

  onPreview(l: Listener<{ data_url: string }>): () => void {
    this.previews.add(l);
    return () => this.previews.delete(l);
  }

  /** The counter's pack rules over the demo data. */
  checkPack(
    items: Item[],
    products: Product[],
    itemId: string | null,
    code: string,
    already: string[],
    today: string,
  ): PackMatch {
    const pack = parsePack(code);
    if (!pack) return refuse("MARKING_CODE_INVALID", "malformed");
    const key = (p: Parsed) => `${p.gtin}/${p.serial}`;
    if (
      already.some((a) => {
        const other = parsePack(a);
        return other !== null && key(other) === key(pack);
      })
    ) {
      return refuse("MARKING_CODE_INVALID", "duplicate");
    }
    if (pack.expiry && pack.expiry < today)
      return refuse("MARKING_CODE_INVALID", "expired", { expiry: pack.expiry });
    const index = products.findIndex((_, i) => mockGtin(i) === pack.gtin);
    const product = products[index];
    if (!product) return refuse("MARKING_CODE_INVALID", "unknown_gtin");
    const same = (i: Item) => i.inn.toLowerCase() === product.inn.toLowerCase();
    const item = itemId
      ? items.find((i) => i.item_id === itemId)
      : (items.find((i) => same(i) && i.quantity_prescribed > i.quantity_dispensed) ?? items.find(same));
    if (!item || !same(item)) {
      return refuse("PRODUCT_INN_MISMATCH", "inn_mismatch", { product_inn: product.inn });
    }
    return {
      product_id: product.product_id,
      trade_name: product.trade_name,
      item_id: item.item_id,
      gtin: pack.gtin,
      serial: pack.serial,
      batch: pack.batch,
      expiry: pack.expiry,
      marking_code: pack.raw,
    };
  }
}

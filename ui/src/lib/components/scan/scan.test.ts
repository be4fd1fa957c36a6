import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { fireEvent } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockBackend, type MockBackend, type Session } from "$lib/backend";
import { DEMO_PRODUCTS } from "$lib/backend/mock-data";
import { setLocale } from "$lib/i18n";
import { mockGtin, mockPackCode } from "$lib/scan/mock-scan";
import { GS } from "$lib/scan/wedge";
import Counter from "../Counter.svelte";
import CameraPanel from "./CameraPanel.svelte";

afterEach(() => setLocale("uz"));

async function counter(): Promise<MockBackend> {
  const backend = createMockBackend({ signedIn: true });
  const session = (await backend.currentSession()) as Session;
  render(Counter, { backend, session });
  await waitFor(() => expect(screen.getByTestId("lookup-input")).toHaveFocus());
  return backend;
}

function active(backend: MockBackend) {
  const d = backend.demo.find((x) => x.state === "active");
  if (!d) throw new Error("no active demo prescription");
  return d;
}

/** Keys sent `gap` ms apart (by their event time stamps), then Enter; whether the Enter was
 * taken as the end of a scan (its default prevented). */
function burst(text: string, gap: number, t0 = 10_000): boolean {
  let t = t0;
  const target = document.activeElement ?? document.body;
  let taken = false;
  for (const key of [...text, "Enter"]) {
    const e = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
    Object.defineProperty(e, "timeStamp", { value: t });
    target.dispatchEvent(e);
    taken = e.defaultPrevented;
    t += gap;
  }
  return taken;
}

/** A pack code of the demo product with this INN. */
function packFor(inn: string, serial: string, expiry?: string): string {
  const i = DEMO_PRODUCTS.findIndex((p) => p.inn === inn);
  return mockPackCode(mockGtin(i), serial, expiry, "B-12");
}

describe("camera panel", () => {
  it.each([
    ["no_camera", "Kamera topilmadi"],
    ["busy", "Kamera band"],
    ["permission_denied", "Kameraga ruxsat berilmadi"],
  ] as const)("says clearly when the camera is %s, with a start button", async (state, words) => {
    const backend = createMockBackend({ signedIn: true });
    backend.scan.cameraOutcome = { state, source: null, detail: null };
    render(CameraPanel, { backend });
    const panel = await screen.findByTestId("camera-panel");
    await waitFor(() => expect(panel).toHaveAttribute("data-state", state));
    expect(within(panel).getByRole("alert")).toHaveTextContent(words);
    expect(within(panel).getByTestId("camera-start")).toBeEnabled();
  });

  it("shows previews while running and stops on request", async () => {
    const backend = createMockBackend({ signedIn: true });
    render(CameraPanel, { backend });
    const panel = await screen.findByTestId("camera-panel");
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "running"));
    backend.scan.emitPreview("data:image/jpeg;base64,/9j/");
    expect(await screen.findByTestId("camera-preview")).toHaveAttribute("src", "data:image/jpeg;base64,/9j/");
    await userEvent.setup().click(screen.getByTestId("camera-stop"));
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "off"));
    expect(screen.queryByTestId("camera-preview")).toBeNull();
  });

  it("holds previews back for a moment after a read, then shows them again", async () => {
    let now = 1_000;
    const clock = vi.spyOn(performance, "now").mockImplementation(() => now);
    try {
      const backend = createMockBackend({ signedIn: true });
      render(CameraPanel, { backend });
      const panel = await screen.findByTestId("camera-panel");
      await waitFor(() => expect(panel).toHaveAttribute("data-state", "running"));
      backend.scan.emitPreview("data:image/jpeg;base64,AAAA");
      const img = await screen.findByTestId("camera-preview");
      backend.scan.emitScan("DMEDRX:1:AB12CD34EF5X:0420");
      now += 300;
      backend.scan.emitPreview("data:image/jpeg;base64,BBBB");
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(img).toHaveAttribute("src", "data:image/jpeg;base64,AAAA");
      now += 400;
      backend.scan.emitPreview("data:image/jpeg;base64,CCCC");
      await waitFor(() => expect(img).toHaveAttribute("src", "data:image/jpeg;base64,CCCC"));
    } finally {
      clock.mockRestore();
    }
  });

  it("follows status events from the shell", async () => {
    const backend = createMockBackend({ signedIn: true });
    render(CameraPanel, { backend, autostart: false });
    const panel = await screen.findByTestId("camera-panel");
    backend.scan.setStatus({ state: "failed", source: null, detail: "USB unplugged" });
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "failed"));
    expect(within(panel).getByRole("alert")).toHaveTextContent("USB unplugged");
  });
});

describe("scans on the counter screen", () => {
  it("a camera read goes straight into the lookup and is reported on screen", async () => {
    const backend = await counter();
    const d = active(backend);
    const id = backend.scan.emitScan(`DMEDRX:1:${d.rx.number}:${d.code}`);
    expect(await screen.findByTestId("rx-card")).toBeInTheDocument();
    await waitFor(() => expect(backend.scan.rendered).toContain(id));
    // The stage times are cumulative from the event's arrival: lookup, DOM update, next frame.
    const stages = backend.scan.stages[backend.scan.rendered.indexOf(id)];
    expect(stages).not.toBeNull();
    const times = [stages!.lookup_ms, stages!.dom_ms, stages!.paint_ms];
    for (const t of times) expect(typeof t).toBe("number");
    const [lookup, dom, paint] = times.map(Number);
    expect(lookup).toBeGreaterThanOrEqual(0);
    expect(dom).toBeGreaterThanOrEqual(lookup!);
    expect(paint).toBeGreaterThanOrEqual(dom!);
  });

  it("a wedge burst anywhere on the screen is a lookup; the field it landed in is put back", async () => {
    const backend = await counter();
    const d = active(backend);
    const input = screen.getByTestId("lookup-input") as HTMLInputElement;
    expect(burst(`DMEDRX:1:${d.rx.number}:${d.code}`, 5)).toBe(true);
    expect(await screen.findByTestId("rx-card")).toBeInTheDocument();
    expect(input.value).toBe("");
    expect(backend.calls.filter((c) => c.command === "lookup").slice(-1)[0]?.args[0]).toBe(
      `DMEDRX:1:${d.rx.number}:${d.code}`,
    );
  });

  it("slow typing stays typing", async () => {
    const backend = await counter();
    expect(burst("HELLO1", 120)).toBe(false);
    expect(burst("ABC", 5)).toBe(false); // too short for a scan
    expect(backend.calls.some((c) => c.command === "lookup")).toBe(false);
  });

  it("a pack scanned outside the dispense step is not looked up", async () => {
    const backend = await counter();
    backend.scan.emitScan(packFor("Amoxicillin", "SER0001"), "datamatrix");
    expect(await screen.findByTestId("scan-pack-ignored")).toBeInTheDocument();
    expect(backend.calls.some((c) => c.command === "lookup")).toBe(false);
  });
});

describe("pack field in the dispense step", () => {
  async function dispensing() {
    const backend = await counter();
    const d = active(backend);
    const user = userEvent.setup();
    await user.type(screen.getByTestId("lookup-input"), `${d.rx.number} ${d.code}{Enter}`);
    await screen.findByTestId("rx-card");
    await user.click(screen.getByTestId("start-dispense"));
    await screen.findByTestId("pack-field");
    return { backend, d, user };
  }

  it("a scanned pack selects the product, fills batch and expiry, and is sent with the dispense", async () => {
    const { backend, d, user } = await dispensing();
    const item = d.rx.items[0]!;
    const code = packFor(item.inn, "SER0001", "301231");
    backend.scan.emitScan(code, "datamatrix");
    expect(await screen.findByTestId("pack-added")).toBeInTheDocument();
    const line = screen.getByTestId(`line-${item.item_id}`);
    const product = DEMO_PRODUCTS.find((p) => p.inn === item.inn)!;
    expect((within(line).getByTestId(`product-select-${item.item_id}`) as HTMLSelectElement).value).toBe(
      product.product_id,
    );
    expect((within(line).getByTestId(`qty-${item.item_id}`) as HTMLInputElement).value).toBe("1");
    expect(within(line).getByTestId(`packs-${item.item_id}`)).toHaveTextContent("B-12");
    for (const other of d.rx.items.slice(1)) {
      const qty = screen.queryByTestId(`qty-${other.item_id}`);
      if (qty) await user.clear(qty);
    }
    await user.click(screen.getByTestId("dispense-submit"));
    await waitFor(() => expect(backend.calls.some((c) => c.command === "dispense")).toBe(true));
    const draft = backend.calls.find((c) => c.command === "dispense")!.args[0] as {
      lines: Array<{ marking_codes?: string[]; batch?: string | null; expiry?: string | null }>;
    };
    expect(draft.lines[0]?.marking_codes).toHaveLength(1);
    expect(draft.lines[0]?.batch).toBe("B-12");
    expect(draft.lines[0]?.expiry).toBe("2030-12-31");
  });

  it("refuses a duplicate, an expired pack and another INN in words", async () => {
    const { d, user } = await dispensing();
    const item = d.rx.items[0]!;
    const field = screen.getByTestId("pack-input");
    const code = packFor(item.inn, "SER0002");
    await user.type(field, `${code.replaceAll(GS, "")}`);
    await fireEvent.input(field, { target: { value: code } });
    await user.click(screen.getByTestId("pack-check"));
    await screen.findByTestId("pack-added");
    await fireEvent.input(field, { target: { value: code } });
    await user.click(screen.getByTestId("pack-check"));
    expect(await screen.findByTestId("pack-refusal")).toHaveTextContent("allaqachon skanerlangan");
    await fireEvent.input(field, { target: { value: packFor(item.inn, "SER0003", "200101") } });
    await user.click(screen.getByTestId("pack-check"));
    await waitFor(() => expect(screen.getByTestId("pack-refusal")).toHaveTextContent("muddati"));
    const other = DEMO_PRODUCTS.find((p) => !d.rx.items.some((i) => i.inn === p.inn))!;
    await fireEvent.input(field, { target: { value: packFor(other.inn, "SER0004") } });
    await user.click(screen.getByTestId("pack-check"));
    await waitFor(() => expect(screen.getByTestId("pack-refusal")).toHaveTextContent(other.inn));
  });

  it("a wedge burst of a pack code during the dispense goes to the pack field", async () => {
    const { d } = await dispensing();
    const item = d.rx.items[0]!;
    burst(packFor(item.inn, "SER0005").replaceAll(GS, "<GS>"), 4);
    expect(await screen.findByTestId("pack-added")).toBeInTheDocument();
    expect(screen.getByTestId(`packs-${item.item_id}`)).toHaveTextContent("1");
  });
});

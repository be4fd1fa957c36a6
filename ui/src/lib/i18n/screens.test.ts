// The screens that show codes and states (training samples, prescription and item states,
// history and report rows, withdrawal reasons) say them in words in every language: no
// `snake_case` code, no message key and no unfilled `{argument}` reaches the page.

import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type DispenseSummary, type MockBackend } from "$lib/backend";
import { DEMO_PRODUCTS } from "$lib/backend/mock-data";
import PrescriptionCard from "$lib/components/PrescriptionCard.svelte";
import PrescriptionHistory from "$lib/components/history/PrescriptionHistory.svelte";
import DispenseList from "$lib/components/reports/DispenseList.svelte";
import Reports from "$lib/components/reports/Reports.svelte";
import { localToday } from "$lib/format";
import App from "../../App.svelte";
import { catalogues, LANGS, setLocale, translate, type Lang } from "./index";
import { SAMPLE_STATES, sampleStateText, WITHDRAW_REASONS, withdrawReasonText } from "./codes";

afterEach(() => {
  cleanup();
  setLocale("uz");
});

const KEYS = Object.keys(catalogues.uz);

/** What a person must not see: raw codes, message keys, unfilled arguments. */
function rawTokens(text: string): string[] {
  const found = [...text.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)].map((m) => m[0]);
  found.push(...KEYS.filter((k) => text.includes(k)));
  found.push(...[...text.matchAll(/\{[^}]*\}/g)].map((m) => m[0]));
  return found;
}

function expectClean(el: Element = document.body) {
  expect(rawTokens(el.textContent ?? "")).toEqual([]);
}

async function signedInApp(lang: Lang): Promise<MockBackend> {
  const backend = createMockBackend({ signedIn: true, language: lang });
  render(App, { backend });
  await screen.findByTestId("samples");
  return backend;
}

describe("no raw codes or keys on the screens", () => {
  for (const lang of LANGS) {
    it(`${lang}: the sign-in screen and the training samples say each state in words`, async () => {
      render(App, { backend: createMockBackend({ language: lang }) });
      await screen.findByTestId("signin-submit");
      expectClean();
      cleanup();

      const backend = await signedInApp(lang);
      const states = screen.getAllByTestId("sample-state");
      expect(states.length).toBe(backend.demo.length);
      for (const s of states) {
        const state = s.getAttribute("data-state") ?? "";
        expect(s.textContent).toBe(sampleStateText(lang, state));
      }
      expectClean();
    });

    it(`${lang}: a prescription in each demo state says its states in words`, async () => {
      setLocale(lang);
      const backend = createMockBackend({ signedIn: true, language: lang });
      const today = localToday();
      for (const d of backend.demo) {
        const { container } = render(PrescriptionCard, { rx: d.rx, today, ownPharmacyId: "PH-0001" });
        expectClean(container);
        cleanup();
      }
    });

    it(`${lang}: history says a withdrawal's reason and a closed item's reason in words`, async () => {
      setLocale(lang);
      const backend = createMockBackend({ signedIn: true, language: lang });
      const d = backend.demo.find((x) => x.state === "active");
      if (!d) throw new Error("no active demo prescription");
      const item = d.rx.items[0]!;
      const product = DEMO_PRODUCTS.find((p) => p.inn.toLowerCase() === item.inn.toLowerCase());
      if (!product) throw new Error(`no demo product for ${item.inn}`);
      const hold = await backend.hold(d.rx.number);
      const out = await backend.dispense({
        prescription_number: d.rx.number,
        hold_id: hold.hold_id,
        lines: [
          { item_id: item.item_id, product_id: product.product_id, quantity: 1 },
          {
            item_id: item.item_id,
            product_id: "",
            quantity: 0,
            not_dispensed: { reason: "patient_declined", note: null },
          },
        ],
      });
      await backend.withdraw(d.rx.number, out.dispense_id, "wrong_product", null);
      render(PrescriptionHistory, { backend, number: d.rx.number });
      const entry = await screen.findByTestId("history-entry");
      expect(entry).toHaveTextContent(translate(lang, "withdraw.reason.wrong_product"));
      expectClean();
    });

    it(`${lang}: the reports screen and a list of withdrawals say modes and reasons in words`, async () => {
      setLocale(lang);
      const backend = createMockBackend({ signedIn: true, role: "manager", language: lang });
      render(Reports, { backend });
      await screen.findByTestId("total-dispenses");
      await userEvent.setup().click(screen.getByTestId("preset-month"));
      await waitFor(() => expect(screen.getByTestId("report-header")).toBeInTheDocument());
      expectClean();
      cleanup();

      const rows: DispenseSummary[] = WITHDRAW_REASONS.map((reason, i) => ({
        dispense_id: `d-${i}`,
        time: "2026-11-19 10:15",
        prescription_number: "7K3M9P2Q4R8S",
        pharmacist_name: "Karimova Dilnoza",
        mode: i % 2 ? "paper" : "offline_retry",
        state: "delivered",
        items: 1,
        packs: 2,
        withdrawn_at: "2026-11-19 11:00",
        withdraw_reason: reason === "other" ? "other: pack damaged" : reason,
      }));
      const { container } = render(DispenseList, { rows, testid: "withdrawals", withdrawals: true });
      expectClean(container);
    });
  }
});

describe("codes in words", () => {
  it("every sample state and withdrawal reason has words in every language", () => {
    for (const lang of LANGS) {
      for (const state of SAMPLE_STATES) expect(rawTokens(sampleStateText(lang, state)), state).toEqual([]);
      expect(sampleStateText(lang, "something_new")).toBe(translate(lang, "sample.state.other"));
      for (const reason of WITHDRAW_REASONS)
        expect(withdrawReasonText(lang, reason)).toBe(translate(lang, `withdraw.reason.${reason}`));
    }
    expect(withdrawReasonText("en", "other: pack damaged")).toBe("Other: pack damaged");
    expect(withdrawReasonText("ru", "wrong_quantity: 2 instead of 1")).toBe(
      "Выдано другое количество: 2 instead of 1",
    );
    expect(withdrawReasonText("en", "said in words by an older version")).toBe(
      "said in words by an older version",
    );
  });
});

import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type ReportQuery } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import Reports from "./Reports.svelte";

afterEach(() => setLocale("uz"));

const NOW = new Date("2026-11-19T08:00:00Z"); // Thursday, 13:00 in Tashkent

async function setup(): Promise<{ backend: MockBackend; user: ReturnType<typeof userEvent.setup> }> {
  const backend = createMockBackend({ signedIn: true, now: NOW });
  render(Reports, { backend, now: () => NOW });
  await screen.findByTestId("total-dispenses");
  return { backend, user: userEvent.setup() };
}

function lastQuery(backend: MockBackend): ReportQuery {
  const call = [...backend.calls].reverse().find((c) => c.command === "report");
  return call?.args[0] as ReportQuery;
}

function value(testid: string): number {
  return Number(within(screen.getByTestId(testid)).getByText(/^\d+$/).textContent);
}

describe("report scope", () => {
  it("says it covers every counter of the pharmacy, and how many of this counter's dispenses wait", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager", language: "en" });
    backend.outage.queue(2);
    render(Reports, { backend });
    const scope = await screen.findByTestId("report-scope");
    expect(scope).toHaveAttribute("data-scope", "pharmacy");
    expect(scope).toHaveTextContent("every counter of the pharmacy");
    expect(screen.getByTestId("report-unconfirmed")).toHaveTextContent("2 dispenses of this counter");
  });

  it("says that the report covers this counter only while the central system cannot be reached", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager", language: "en" });
    backend.outage.setOnline(false);
    render(Reports, { backend });
    const scope = await screen.findByTestId("report-scope");
    expect(scope).toHaveAttribute("data-scope", "this_counter");
    expect(scope).toHaveTextContent("this counter only");
    expect(screen.queryByTestId("report-unconfirmed")).toBeNull();
  });
});

describe("reports on a printer", () => {
  it("prints the report on the report printer chosen in Settings", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "manager", language: "en" });
    backend.printing = { printer: null, format: "pdf", after_dispense: false, report_printer: "Ofis" };
    render(Reports, { backend });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("report-to-printer"));
    expect(await screen.findByTestId("report-printed")).toHaveTextContent("Sent to Ofis");
    expect(backend.calls.find((c) => c.command === "printReport")?.args[0]).toMatchObject({
      from: expect.any(String),
    });
  });
});

describe("not dispensed, by reason", () => {
  it("counts the closed items per reason and lists them with their words", async () => {
    setLocale("en");
    const { backend, user } = await setup();
    await user.click(screen.getByTestId("preset-month"));
    const section = await screen.findByTestId("not-dispensed");
    await waitFor(() =>
      expect(within(section).getAllByTestId("not-dispensed-line").length).toBeGreaterThan(0),
    );
    const report = await backend.report(lastQuery(backend));
    const rows = within(section).getAllByTestId("not-dispensed-reason");
    expect(rows).toHaveLength(report.not_dispensed.filter((r) => r.items > 0).length);
    const first = report.not_dispensed.find((r) => r.items > 0);
    const row = rows.find((r) => r.dataset.reason === first?.reason);
    expect(row).toHaveTextContent(String(first?.items));
    expect(within(section).getAllByTestId("not-dispensed-line")).toHaveLength(
      report.not_dispensed_lines.length,
    );
    expect(section).toHaveTextContent("Out of stock");
  });
});

describe("reports screen", () => {
  it("opens on today and switches to this week and this month", async () => {
    const { backend, user } = await setup();
    expect(lastQuery(backend)).toMatchObject({ from: "2026-11-19", to: "2026-11-19" });
    await user.click(screen.getByTestId("preset-week"));
    await waitFor(() => expect(lastQuery(backend)).toMatchObject({ from: "2026-11-16", to: "2026-11-19" }));
    await user.click(screen.getByTestId("preset-month"));
    await waitFor(() => expect(lastQuery(backend)).toMatchObject({ from: "2026-11-01", to: "2026-11-19" }));
    await waitFor(() =>
      expect(screen.getByTestId("report-header")).toHaveTextContent("01.11.2026 — 19.11.2026"),
    );
  });

  it("shows totals equal to the sums of its breakdowns and both charts", async () => {
    const { backend, user } = await setup();
    await user.click(screen.getByTestId("preset-month"));
    await waitFor(() => expect(lastQuery(backend).from).toBe("2026-11-01"));
    const report = await backend.report(lastQuery(backend));
    await waitFor(() => expect(value("total-packs")).toBe(report.totals.packs));
    expect(value("total-dispenses")).toBe(report.totals.dispenses);
    expect(value("total-items")).toBe(report.totals.items);
    expect(value("total-patients")).toBe(report.totals.patients);
    const sum = report.by_mode.reduce((s, m) => s + m.volume.packs, 0);
    expect(sum).toBe(report.totals.packs);
    expect(screen.getByTestId("daily-chart").querySelectorAll("rect")).toHaveLength(19);
    expect(within(screen.getByTestId("top-inn-chart")).getByText("Metformin")).toBeInTheDocument();
    expect(within(screen.getByTestId("by-pharmacist")).getByText("Шоира Ўткирова")).toBeInTheDocument();
    expect(within(screen.getByTestId("by-mode")).getByText("Qogʻozda")).toBeInTheDocument();
    expect(screen.getAllByTestId("conflict-row")).toHaveLength(1);
  });

  it("drills down from a pharmacist row and from a day bar to the dispenses behind them", async () => {
    const { backend, user } = await setup();
    await user.click(screen.getByTestId("preset-week"));
    await waitFor(() => expect(lastQuery(backend).from).toBe("2026-11-16"));
    const rows = await screen.findAllByTestId("by-pharmacist-row");
    await user.click(rows[0]!);
    const drill = await screen.findByTestId("drill");
    const call = backend.lastCall();
    expect(call?.command).toBe("reportDrill");
    expect(call?.args[1]).toEqual({ kind: "pharmacist", pinfl: "41506881230016" });
    const listed = within(drill).getAllByTestId("drill-list-row");
    const report = await backend.report(lastQuery(backend));
    expect(listed).toHaveLength(report.by_pharmacist[0]!.volume.dispenses);
    await user.click(screen.getByTestId("drill-close"));
    expect(screen.queryByTestId("drill")).toBeNull();
    await user.click(screen.getByTestId("day-bar-2026-11-17"));
    await screen.findByTestId("drill");
    expect(backend.lastCall()?.args[1]).toEqual({ kind: "day", date: "2026-11-17" });
  });

  it("a custom range is used, and a reversed one is refused without asking the backend", async () => {
    const { backend, user } = await setup();
    await user.click(screen.getByTestId("preset-custom"));
    const from = screen.getByTestId("range-from") as HTMLInputElement;
    const to = screen.getByTestId("range-to") as HTMLInputElement;
    await user.clear(from);
    await user.type(from, "2026-11-02");
    await user.clear(to);
    await user.type(to, "2026-11-05");
    await user.click(screen.getByTestId("range-show"));
    await waitFor(() => expect(lastQuery(backend)).toMatchObject({ from: "2026-11-02", to: "2026-11-05" }));
    const before = backend.calls.length;
    await user.clear(from);
    await user.type(from, "2026-11-09");
    await user.click(screen.getByTestId("range-show"));
    expect(await screen.findByTestId("range-bad")).toBeInTheDocument();
    expect(backend.calls.length).toBe(before);
  });

  it("exports with the chosen CSV separator and opens the saved file", async () => {
    const { backend, user } = await setup();
    await user.selectOptions(screen.getByTestId("csv-separator"), "comma");
    await user.click(screen.getByTestId("export-csv"));
    const saved = await screen.findByTestId("export-saved");
    expect(saved).toHaveTextContent("hisobot_2026-11-19_2026-11-19.csv");
    const call = backend.calls.find((c) => c.command === "exportReport");
    expect(call?.args[1]).toBe("csv");
    expect(call?.args[2]).toEqual({ separator: "comma", bom: true });
    await user.click(screen.getByTestId("export-pdf"));
    await waitFor(() => expect(screen.getByTestId("export-saved")).toHaveTextContent(".pdf"));
    await user.click(screen.getByTestId("export-open"));
    expect(backend.lastCall()).toEqual({
      command: "openDocument",
      args: ["/home/demo/Documents/Dorixona/hisobot_2026-11-19_2026-11-19.pdf"],
    });
  });

  it("shows the error when the backend refuses", async () => {
    const { backend, user } = await setup();
    backend.failNext("FORBIDDEN", {}, "report");
    await user.click(screen.getByTestId("preset-week"));
    expect(await screen.findByRole("alert")).toBeInTheDocument();
  });
});

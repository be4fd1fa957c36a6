// The diagnostics screen: administrators open it from the header (Alt+8); it runs the self-check
// on opening and again on request, words each finding in the UI language with its advice, sums
// them up and copies the plain-text report. Nobody else is offered it.

import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type MockBackend, type StaffRole } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import App from "../../../App.svelte";
import Diagnostics from "./Diagnostics.svelte";

afterEach(() => setLocale("uz"));

async function app(role: StaffRole, language = "uz"): Promise<MockBackend> {
  const backend = createMockBackend({ signedIn: true, role, language });
  render(App, { backend });
  await screen.findByTestId("header-session");
  return backend;
}

function runs(backend: MockBackend): number {
  return backend.calls.filter((c) => c.command === "runDoctor").length;
}

describe("the diagnostics screen", () => {
  it("ru: an administrator opens it from the header; each finding in words, advice under a problem, the summary", async () => {
    const backend = await app("administrator", "ru");
    const user = userEvent.setup();
    const nav = await screen.findByTestId("nav-diagnostics");
    expect(nav).toHaveTextContent("Диагностика");
    expect(nav).toHaveAttribute("aria-keyshortcuts", "Alt+8");
    await user.click(nav);
    const list = await screen.findByTestId("diagnostics-findings");
    const findings = within(list).getAllByTestId("finding");
    expect(findings).toHaveLength(backend.setup.doctorFindings.length);
    const byCheck = (check: string) => findings.find((f) => f.dataset.check === check)!;
    expect(byCheck("database")).toHaveTextContent("ок");
    expect(byCheck("database")).toHaveTextContent("База данных:");
    expect(byCheck("database")).toHaveTextContent("Цела и зашифрована (12 МБ)");
    expect(byCheck("outbox")).toHaveTextContent("внимание");
    expect(within(byCheck("outbox")).getByTestId("finding-words")).toHaveTextContent(
      "3 записи ждут отправки, самая старая — 5 ч",
    );
    expect(within(byCheck("outbox")).getByTestId("finding-advice")).toHaveTextContent(
      "Что делать: Восстановите связь с центральной системой",
    );
    expect(within(byCheck("audit")).getByTestId("finding-words")).toHaveTextContent(
      "Цепочка цела (42 записи)",
    );
    expect(within(byCheck("tls")).queryByTestId("finding-advice")).toBeNull();
    expect(screen.getByTestId("diagnostics-summary")).toHaveTextContent("ошибок нет, 1 предупреждение");
    // The header's button goes back to the counter's screen.
    expect(screen.getByTestId("nav-diagnostics")).toHaveTextContent("Касса");
    expect(runs(backend)).toBe(1);
  });

  it("uz-Cyrl: the words, the statuses and the summary in Uzbek Cyrillic", async () => {
    const backend = createMockBackend({ signedIn: true, role: "administrator", language: "uz-Cyrl" });
    backend.setup.doctorFindings = [
      { check: "tls", status: "warn", outcome: "expires_soon", facts: { until: "2027-01-31", days: 5 } },
      { check: "disk", status: "fail", outcome: "low", facts: { mb: 80 } },
      { check: "cameras", status: "ok", outcome: "found", facts: { count: 2, names: "A, B" } },
    ];
    setLocale("uz-Cyrl");
    render(Diagnostics, { backend });
    const list = await screen.findByTestId("diagnostics-findings");
    const [tls, disk, cameras] = within(list).getAllByTestId("finding");
    expect(within(tls!).getByTestId("finding-status")).toHaveTextContent("диққат");
    expect(within(tls!).getByTestId("finding-words")).toHaveTextContent(
      "Сервер сертификатининг муддати 31.01.2027 да тугайди (5 кундан кейин)",
    );
    expect(within(disk!).getByTestId("finding-status")).toHaveTextContent("ХАТО");
    expect(within(disk!).getByTestId("finding-label")).toHaveTextContent("Диск:");
    expect(within(disk!).getByTestId("finding-advice")).toHaveTextContent(
      "Нима қилиш керак: Дискда жой бўшатинг: маълумотлар базаси ва захира нусхаларга жой керак",
    );
    expect(within(cameras!).getByTestId("finding-words")).toHaveTextContent("2 та топилди: A, B");
    expect(screen.getByTestId("diagnostics-summary")).toHaveTextContent("1 та хато, 1 та огоҳлантириш");
  });

  it("runs again on the button and on Ctrl+R, and copies the report as plain lines", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "administrator", language: "en" });
    const user = userEvent.setup();
    render(Diagnostics, { backend });
    await screen.findByTestId("diagnostics-summary");
    expect(runs(backend)).toBe(1);
    expect(screen.getByTestId("diagnostics-rerun")).toHaveAttribute("aria-keyshortcuts", "Control+R");

    backend.setup.doctorFindings = [{ check: "disk", status: "fail", outcome: "low", facts: { mb: 80 } }];
    await user.click(screen.getByTestId("diagnostics-rerun"));
    await waitFor(() =>
      expect(screen.getByTestId("diagnostics-summary")).toHaveTextContent("1 failure, no warnings"),
    );
    expect(runs(backend)).toBe(2);
    await user.keyboard("{Control>}r{/Control}");
    await waitFor(() => expect(runs(backend)).toBe(3));

    await waitFor(() => expect(screen.getByTestId("diagnostics-copy")).toBeEnabled());
    await user.click(screen.getByTestId("diagnostics-copy"));
    expect(await screen.findByText("Report copied.")).toBeInTheDocument();
    const text = await navigator.clipboard.readText();
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^Diagnostics · Checked \d\d\/\d\d\/\d{4} \d\d:\d\d$/);
    expect(lines.slice(2)).toEqual([
      "FAIL  Disk  Only 80 MB free",
      "      → Free space on the disk: the database and the backups need room",
      "",
      "1 failure, no warnings",
    ]);
  });

  it("a refusal is said in the UI language", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "administrator", language: "en" });
    backend.failNext("FORBIDDEN", { permission: "administer" }, "runDoctor");
    render(Diagnostics, { backend });
    expect(await screen.findByTestId("error-message")).toHaveAttribute("data-code", "FORBIDDEN");
    expect(screen.queryByTestId("diagnostics-findings")).toBeNull();
  });
});

describe("only administrators are offered the diagnostics", () => {
  for (const role of ["pharmacist", "manager", "nurse"] as const) {
    it(`${role}: no header entry, and Alt+8 does nothing`, async () => {
      const backend = await app(role);
      await screen.findByTestId("settings-open");
      expect(screen.queryByTestId("nav-diagnostics")).toBeNull();
      await userEvent.setup().keyboard("{Alt>}8{/Alt}");
      expect(screen.queryByTestId("diagnostics")).toBeNull();
      expect(runs(backend)).toBe(0);
      await expect(backend.runDoctor()).rejects.toMatchObject({ code: "FORBIDDEN" });
    });
  }

  it("administrator: Alt+8 opens it, Alt+1 goes back", async () => {
    await app("administrator");
    const user = userEvent.setup();
    await screen.findByTestId("no-counter");
    await user.keyboard("{Alt>}8{/Alt}");
    expect(await screen.findByTestId("diagnostics")).toBeInTheDocument();
    await user.keyboard("{Alt>}1{/Alt}");
    expect(await screen.findByTestId("no-counter")).toBeInTheDocument();
    expect(screen.queryByTestId("diagnostics")).toBeNull();
  });
});

import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { createMockBackend, type Session, type StaffRole } from "$lib/backend";
import { compareVersions } from "$lib/backend/mock-update";
import { catalogues, LANGS, setLocale } from "$lib/i18n";
import SettingsDialog from "../SettingsDialog.svelte";
import UpdatesPanel from "./UpdatesPanel.svelte";

afterEach(() => {
  cleanup();
  setLocale("uz");
});

async function panel(role: StaffRole = "administrator") {
  const backend = createMockBackend({ signedIn: true, role, language: "en" });
  const session = (await backend.currentSession()) as Session;
  render(UpdatesPanel, { backend, session });
  return backend;
}

describe("the updates panel", () => {
  it("shows the running version, checks, shows what is offered and installs it, then restarts", async () => {
    setLocale("en");
    const backend = await panel();
    expect(await screen.findByTestId("update-current")).toHaveTextContent("Installed version: 0.1.0");
    const user = userEvent.setup();
    await user.click(screen.getByTestId("update-check"));
    expect(await screen.findByTestId("update-available")).toHaveTextContent("Version 0.2.0 is available.");
    expect(screen.getByTestId("update-notes")).toHaveTextContent("faster lookups");
    expect(screen.getByTestId("update-date")).toHaveTextContent("Published 01/12/2026 14:00");
    expect(screen.queryByTestId("update-busy")).toBeNull();

    await user.click(screen.getByTestId("update-install"));
    expect(await screen.findByTestId("update-installed")).toHaveTextContent(
      "Version 0.2.0 is installed. Restart Dorixona to start using it.",
    );
    expect(backend.calls.find((c) => c.command === "installUpdate")?.args).toEqual(["0.2.0", false]);
    await user.click(screen.getByTestId("update-restart"));
    await waitFor(() => expect(backend.update.restarts).toBe(1));
  });

  it("a busy counter says why and offers install anyway or later, never a plain install", async () => {
    setLocale("en");
    const backend = await panel("manager");
    backend.outage.queue(2);
    backend.update.parkedSessions = 1;
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("update-check"));
    const busy = await screen.findByTestId("update-busy");
    expect(screen.getByTestId("update-busy-outbox")).toHaveTextContent(
      "2 records wait in the outbox, not yet sent to the central system.",
    );
    expect(screen.getByTestId("update-busy-parked")).toHaveTextContent("1 person has stepped away");
    expect(busy).toHaveTextContent("Better to install later");
    expect(screen.queryByTestId("update-install")).toBeNull();

    await user.click(screen.getByTestId("update-later-button"));
    expect(await screen.findByTestId("update-later")).toHaveTextContent("Not installed.");
    expect(backend.calls.some((c) => c.command === "installUpdate")).toBe(false);
    expect(backend.update.installed).toBeNull();

    await user.click(screen.getByTestId("update-check"));
    await user.click(await screen.findByTestId("update-install-anyway"));
    expect(await screen.findByTestId("update-installed")).toBeInTheDocument();
    expect(backend.calls.find((c) => c.command === "installUpdate")?.args).toEqual(["0.2.0", true]);
  });

  it("the backend refuses a busy install without anyway (UPDATE_BUSY with the reasons)", async () => {
    const backend = createMockBackend({ signedIn: true, role: "administrator" });
    backend.outage.queue(1);
    await expect(backend.installUpdate("0.2.0", false)).rejects.toMatchObject({
      code: "UPDATE_BUSY",
      details: { reasons: ["outbox"], outbox_pending: 1 },
    });
    await expect(backend.installUpdate("0.2.0", true)).resolves.toEqual({ version: "0.2.0", anyway: true });
  });

  it("an older version on the feed is said so and not offered; the same version is up to date", async () => {
    setLocale("en");
    const backend = await panel();
    backend.update.offered = { version: "0.0.9", notes: null, date: null };
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("update-check"));
    expect(await screen.findByTestId("update-older")).toHaveTextContent(
      "The update server offers version 0.0.9, which is older than the installed 0.1.0. An older version is never installed.",
    );
    expect(screen.queryByTestId("update-install")).toBeNull();
    expect(screen.queryByTestId("update-install-anyway")).toBeNull();
    await expect(backend.installUpdate("0.0.9", true)).rejects.toMatchObject({ code: "UPDATE_DOWNGRADE" });

    backend.update.offered = { version: "0.1.0", notes: null, date: null };
    await user.click(screen.getByTestId("update-check"));
    expect(await screen.findByTestId("update-up-to-date")).toHaveTextContent("Dorixona 0.1.0 is up to date.");
  });

  it("a bad signature or an unreachable feed is shown in words, with its code", async () => {
    setLocale("en");
    const backend = await panel();
    const user = userEvent.setup();
    backend.update.unreachable = true;
    await user.click(await screen.findByTestId("update-check"));
    const unreachable = await screen.findByTestId("update-error");
    expect(unreachable).toHaveAttribute("data-code", "UPDATE_UNREACHABLE");
    expect(unreachable).toHaveTextContent("The update server could not be reached.");

    backend.update.unreachable = false;
    backend.update.badSignature = true;
    await user.click(screen.getByTestId("update-check"));
    await user.click(await screen.findByTestId("update-install"));
    const bad = await screen.findByTestId("update-error");
    expect(bad).toHaveAttribute("data-code", "UPDATE_SIGNATURE_INVALID");
    expect(bad).toHaveTextContent("It may have been tampered with");
    expect(screen.queryByTestId("update-installed")).toBeNull();
    expect(backend.update.installed).toBeNull();
  });

  it("a copy not installed from a package is told how to update instead of an install button", async () => {
    setLocale("en");
    const backend = await panel();
    backend.update.installKind = "not_packaged";
    await userEvent.setup().click(await screen.findByTestId("update-check"));
    expect(await screen.findByTestId("update-not-packaged")).toHaveTextContent(
      "not installed from a package",
    );
    expect(screen.queryByTestId("update-install")).toBeNull();
  });

  it("is for administrators and managers only; the backend refuses others too", async () => {
    for (const role of ["pharmacist", "nurse", "registrar"] as const) {
      const backend = createMockBackend({ signedIn: true, role });
      const session = (await backend.currentSession()) as Session;
      render(UpdatesPanel, { backend, session });
      expect(screen.queryByTestId("updates")).toBeNull();
      await expect(backend.checkUpdate()).rejects.toMatchObject({ code: "FORBIDDEN" });
      cleanup();
    }
    render(UpdatesPanel, { backend: createMockBackend(), session: null });
    expect(screen.queryByTestId("updates")).toBeNull();
  });

  it("is part of the settings dialog for an administrator", async () => {
    const backend = createMockBackend({ signedIn: true, role: "administrator" });
    const session = (await backend.currentSession()) as Session;
    render(SettingsDialog, { backend, session, endpoint: "", onsaved: () => {}, onclose: () => {} });
    expect(await screen.findByTestId("updates")).toHaveTextContent("Yangilanishlar");
  });

  for (const lang of LANGS) {
    it(`${lang}: every state of the panel is in words, with no key, code or argument left`, async () => {
      setLocale(lang);
      const backend = await panel();
      backend.outage.queue(3);
      backend.update.parkedSessions = 2;
      const user = userEvent.setup();
      await user.click(await screen.findByTestId("update-check"));
      await screen.findByTestId("update-busy");
      const keys = Object.keys(catalogues[lang]);
      const text = () => screen.getByTestId("updates").textContent ?? "";
      const clean = () => {
        expect(text()).not.toMatch(/\{|\}|\b[a-z]+_[a-z_]+\b/);
        for (const k of keys.filter((k) => k.startsWith("update."))) expect(text()).not.toContain(k);
      };
      clean();
      await user.click(screen.getByTestId("update-install-anyway"));
      await screen.findByTestId("update-installed");
      clean();
      expect(text()).toContain(catalogues[lang]["update.restart"]);
    });
  }
});

describe("the mock's version rule follows the shell's", () => {
  it("newer, same, older; a pre-release is older than its release", () => {
    expect(compareVersions("0.1.0", "0.2.0")).toBe("newer");
    expect(compareVersions("0.9.0", "0.10.0")).toBe("newer");
    expect(compareVersions("0.1.0", "0.1.0")).toBe("same");
    expect(compareVersions("0.2.0", "0.1.9")).toBe("older");
    expect(compareVersions("0.2.0", "0.2.0-rc.1")).toBe("older");
    expect(compareVersions("0.2.0-rc.1", "0.2.0")).toBe("newer");
  });
});

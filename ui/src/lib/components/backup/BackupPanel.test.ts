import { cleanup, render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockBackend, type MockBackend, type Session, type StaffRole } from "$lib/backend";
import { DEMO_SECRET } from "$lib/backend/mock-data";
import { catalogues, LANGS, setLocale } from "$lib/i18n";
import SettingsDialog from "../SettingsDialog.svelte";
import BackupPanel from "./BackupPanel.svelte";

afterEach(() => {
  cleanup();
  setLocale("uz");
});

/** 3 December 2025, 08:40 UTC (13:40 in Tashkent). */
const NOW = new Date(1764751200000);
const PASSPHRASE = "olma anor uzum qovun";

async function panel(
  opts: { role?: StaffRole; ready?: boolean } = {},
): Promise<{ backend: MockBackend; user: ReturnType<typeof userEvent.setup> }> {
  const backend = createMockBackend({
    signedIn: true,
    role: opts.role ?? "administrator",
    language: "en",
    now: NOW,
  });
  if (opts.ready) {
    backend.backup.settings = { folder: "/media/usb", keep: null };
    backend.backup.passphrase = PASSPHRASE;
  }
  const session = (await backend.currentSession()) as Session;
  render(BackupPanel, { backend, session });
  return { backend, user: userEvent.setup() };
}

function sent(backend: MockBackend, command: string): unknown[][] {
  return backend.calls.filter((c) => c.command === command).map((c) => c.args);
}

describe("the backups panel", () => {
  it("saves the folder and how many backups stay; a wrong folder or number is caught first", async () => {
    setLocale("en");
    const { backend, user } = await panel();
    const folder = await screen.findByTestId("backup-folder");
    const keep = screen.getByTestId("backup-keep");
    expect(folder).toHaveValue("");
    expect(keep).toHaveValue("14");
    expect(folder).toHaveAccessibleDescription(
      "The full path of a USB disk or a network share, e.g. /media/… or \\\\server\\share. Leave it empty for no automatic backups.",
    );
    expect(screen.getByTestId("backup-now")).toBeDisabled();
    expect(screen.getByTestId("backup-now-needs")).toHaveTextContent(
      "Save a backup folder and set the passphrase first.",
    );
    expect(screen.getByTestId("backup-last")).toHaveTextContent("Last backup: never");

    await user.type(folder, "backups");
    await user.clear(keep);
    await user.type(keep, "0");
    await user.click(screen.getByTestId("backup-save"));
    expect(screen.getByTestId("backup-folder-invalid")).toHaveTextContent("must be a full path");
    expect(screen.getByTestId("backup-keep-invalid")).toHaveTextContent("from 1 to 366");
    expect(folder).toHaveAttribute("aria-invalid", "true");
    expect(sent(backend, "saveBackupSettings")).toEqual([]);

    await user.clear(folder);
    await user.type(folder, " /media/usb/dorixona ");
    await user.clear(keep);
    await user.type(keep, "30");
    await user.click(screen.getByTestId("backup-save"));
    expect(await screen.findByTestId("backup-saved")).toHaveTextContent(
      "Saved. The folder keeps the 30 newest backups of this counter.",
    );
    expect(sent(backend, "saveBackupSettings")).toEqual([[{ folder: "/media/usb/dorixona", keep: 30 }]]);
    expect(backend.backup.settings).toEqual({ folder: "/media/usb/dorixona", keep: 30 });
    expect(screen.queryByTestId("backup-folder-invalid")).toBeNull();
    // A folder, but no passphrase yet: still no backup.
    expect(screen.getByTestId("backup-now")).toBeDisabled();
  });

  it("catches a passphrase too short, or typed differently twice, before sending anything", async () => {
    setLocale("en");
    const { backend, user } = await panel();
    const spy = vi.spyOn(backend, "setBackupPassphrase");
    expect(await screen.findByTestId("backup-passphrase-state")).toHaveTextContent(
      "No passphrase is set: backups cannot be made.",
    );
    expect(screen.getByTestId("backup-passphrase-warning")).toHaveTextContent(
      "Without it no backup can be restored on another computer",
    );

    await user.type(screen.getByTestId("backup-secret"), DEMO_SECRET);
    await user.type(screen.getByTestId("backup-passphrase"), "qisqa parol");
    await user.type(screen.getByTestId("backup-passphrase-again"), "qisqa parol");
    await user.click(screen.getByTestId("backup-passphrase-submit"));
    const problem = screen.getByTestId("backup-passphrase-problem");
    expect(problem).toHaveAttribute("data-problem", "short");
    expect(problem).toHaveTextContent("The passphrase is too short: it needs at least 12 characters.");
    await waitFor(() => expect(screen.getByTestId("backup-passphrase")).toHaveFocus());

    await user.clear(screen.getByTestId("backup-passphrase"));
    await user.type(screen.getByTestId("backup-passphrase"), PASSPHRASE);
    await user.clear(screen.getByTestId("backup-passphrase-again"));
    await user.type(screen.getByTestId("backup-passphrase-again"), `${PASSPHRASE}!`);
    await user.click(screen.getByTestId("backup-passphrase-submit"));
    expect(screen.getByTestId("backup-passphrase-problem")).toHaveAttribute("data-problem", "mismatch");
    expect(screen.getByTestId("backup-passphrase-problem")).toHaveTextContent("The two passphrases differ.");

    await user.clear(screen.getByTestId("backup-secret"));
    await user.click(screen.getByTestId("backup-passphrase-submit"));
    expect(screen.getByTestId("backup-passphrase-problem")).toHaveAttribute("data-problem", "secret");
    expect(spy).not.toHaveBeenCalled();
    expect(sent(backend, "setBackupPassphrase")).toEqual([]);
  });

  it("sets the passphrase with the administrator's own secret, and empties the fields after", async () => {
    setLocale("en");
    const { backend, user } = await panel();
    const spy = vi.spyOn(backend, "setBackupPassphrase");
    const secret = await screen.findByTestId("backup-secret");
    expect(screen.getByTestId("backup-passphrase-submit")).toHaveTextContent("Set passphrase");

    // A wrong secret: said so, nothing set, nothing left typed.
    await user.type(secret, "not-my-secret");
    await user.type(screen.getByTestId("backup-passphrase"), PASSPHRASE);
    await user.type(screen.getByTestId("backup-passphrase-again"), PASSPHRASE);
    await user.click(screen.getByTestId("backup-passphrase-submit"));
    expect(await screen.findByTestId("backup-wrong-secret")).toHaveTextContent(
      "Your secret is not right, so the passphrase was not changed.",
    );
    expect(backend.backup.passphrase).toBeNull();
    for (const id of ["backup-secret", "backup-passphrase", "backup-passphrase-again"])
      expect(screen.getByTestId(id)).toHaveValue("");
    await waitFor(() => expect(secret).toHaveFocus());

    await user.type(secret, DEMO_SECRET);
    await user.type(screen.getByTestId("backup-passphrase"), PASSPHRASE);
    await user.type(screen.getByTestId("backup-passphrase-again"), PASSPHRASE);
    await user.click(screen.getByTestId("backup-passphrase-submit"));
    expect(await screen.findByTestId("backup-passphrase-saved")).toHaveTextContent("The passphrase is set.");
    expect(spy).toHaveBeenLastCalledWith(DEMO_SECRET, PASSPHRASE);
    expect(backend.backup.passphrase).toBe(PASSPHRASE);
    for (const id of ["backup-secret", "backup-passphrase", "backup-passphrase-again"])
      expect(screen.getByTestId(id)).toHaveValue("");
    expect(screen.queryByTestId("backup-wrong-secret")).toBeNull();
    expect(screen.getByTestId("backup-passphrase-state")).toHaveTextContent(
      "A passphrase is set: backups are encrypted with it.",
    );
    expect(screen.getByTestId("backup-passphrase-submit")).toHaveTextContent("Change passphrase");
    // The call log never holds the secret or the passphrase.
    expect(JSON.stringify(backend.calls)).not.toContain(DEMO_SECRET);
    expect(JSON.stringify(backend.calls)).not.toContain(PASSPHRASE);
  });

  it("backs up now (by its button or Ctrl+B) and shows the file written and the time", async () => {
    setLocale("en");
    const { backend, user } = await panel({ ready: true });
    const now = await screen.findByTestId("backup-now");
    expect(now).toBeEnabled();
    expect(now).toHaveAttribute("aria-keyshortcuts", "Control+B");
    expect(now).toHaveTextContent("Back up now");
    expect(screen.queryByTestId("backup-now-needs")).toBeNull();
    expect(screen.getByTestId("backup-last")).toHaveTextContent("Last backup: never");

    await user.click(now);
    expect(await screen.findByTestId("backup-written")).toHaveTextContent(
      "Backup written: dorixona_PH-0001_ab12cd34_1764751200000.dxbak",
    );
    expect(backend.backup.written).toEqual(["dorixona_PH-0001_ab12cd34_1764751200000.dxbak"]);
    await waitFor(() =>
      expect(screen.getByTestId("backup-last")).toHaveTextContent("Last backup: 03/12/2025 13:40"),
    );

    screen.getByTestId("backup-folder").focus();
    await user.keyboard("{Control>}b{/Control}");
    await waitFor(() => expect(sent(backend, "backupNow")).toHaveLength(2));
  });

  it("says what went wrong in the UI language (Russian)", async () => {
    setLocale("ru");
    const { backend, user } = await panel({ ready: true });
    backend.backup.folderMissing = true;
    await user.click(await screen.findByTestId("backup-now"));
    const missing = await screen.findByTestId("backup-now-error");
    expect(missing).toHaveAttribute("data-code", "BAD_REQUEST");
    expect(missing).toHaveTextContent(
      "Папка для резервных копий /media/usb недоступна. Подключите USB-диск или сетевую папку и попробуйте ещё раз.",
    );
    expect(screen.queryByTestId("backup-written")).toBeNull();

    backend.failNext("INVALID_SETTING", { setting: "backup.keep", reason: "400 is not between 1 and 366" });
    await user.click(screen.getByTestId("backup-save"));
    expect(await screen.findByTestId("backup-settings-error")).toHaveTextContent(
      "Число хранимых копий должно быть целым числом от 1 до 366.",
    );

    backend.failNext("BAD_REQUEST", { backup: "weak_passphrase" }, "setBackupPassphrase");
    await user.type(screen.getByTestId("backup-secret"), DEMO_SECRET);
    await user.type(screen.getByTestId("backup-passphrase"), PASSPHRASE);
    await user.type(screen.getByTestId("backup-passphrase-again"), PASSPHRASE);
    await user.click(screen.getByTestId("backup-passphrase-submit"));
    expect(await screen.findByTestId("backup-passphrase-error")).toHaveTextContent(
      "Парольная фраза слишком короткая: нужно не меньше 12 символов.",
    );
    expect(screen.getByTestId("backup-passphrase")).toHaveValue("");

    await user.type(screen.getByTestId("backup-passphrase"), "короткая");
    await user.click(screen.getByTestId("backup-passphrase-submit"));
    expect(screen.getByTestId("backup-passphrase-problem")).toHaveTextContent("Введите свой пароль");
  });

  it("is for administrators only: others see no panel, and the backend refuses them too", async () => {
    for (const role of ["pharmacist", "manager", "nurse", "registrar"] as const) {
      const { backend } = await panel({ role });
      expect(screen.queryByTestId("backups")).toBeNull();
      expect(sent(backend, "backupStatus")).toEqual([]);
      for (const call of [
        () => backend.backupStatus(),
        () => backend.saveBackupSettings({ folder: "/media/usb", keep: 14 }),
        () => backend.setBackupPassphrase(DEMO_SECRET, PASSPHRASE),
        () => backend.backupNow(),
      ])
        await expect(call()).rejects.toMatchObject({
          code: "FORBIDDEN",
          details: { permission: "administer" },
        });
      cleanup();
    }
    render(BackupPanel, { backend: createMockBackend(), session: null });
    expect(screen.queryByTestId("backups")).toBeNull();
  });

  it("is part of the settings dialog for an administrator, with how to restore", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "administrator" });
    const session = (await backend.currentSession()) as Session;
    render(SettingsDialog, { backend, session, endpoint: "", onsaved: () => {}, onclose: () => {} });
    expect(await screen.findByTestId("backups")).toHaveTextContent("Backups");
    expect(screen.getByTestId("backup-restore")).toHaveTextContent("close Dorixona and run the command");
    expect(screen.getByTestId("backup-restore-command")).toHaveTextContent(
      "dorixona restore FILE --login LOGIN",
    );
  });

  it("Ctrl+S in the settings saves the part of the backups the focus is in", async () => {
    setLocale("en");
    const backend = createMockBackend({ signedIn: true, role: "administrator" });
    const session = (await backend.currentSession()) as Session;
    render(SettingsDialog, { backend, session, endpoint: "", onsaved: () => {}, onclose: () => {} });
    const user = userEvent.setup();
    const folder = await screen.findByTestId("backup-folder");
    await user.type(folder, "/media/usb");
    await user.keyboard("{Control>}s{/Control}");
    await screen.findByTestId("backup-saved");
    expect(sent(backend, "saveBackupSettings")).toEqual([[{ folder: "/media/usb", keep: 14 }]]);
    expect(sent(backend, "saveSettings")).toEqual([]);

    await user.type(screen.getByTestId("backup-passphrase"), "qisqa");
    await user.keyboard("{Control>}s{/Control}");
    expect(await screen.findByTestId("backup-passphrase-problem")).toHaveAttribute("data-problem", "secret");
  });

  for (const lang of LANGS) {
    it(`${lang}: every part of the panel is in words, with no key or argument left`, async () => {
      setLocale(lang);
      const { user } = await panel({ ready: true });
      await user.click(await screen.findByTestId("backup-now"));
      await screen.findByTestId("backup-written");
      await user.click(screen.getByTestId("backup-save"));
      await screen.findByTestId("backup-saved");
      await user.click(screen.getByTestId("backup-passphrase-submit"));
      await screen.findByTestId("backup-passphrase-problem");
      const text = screen.getByTestId("backups").textContent ?? "";
      const keys = Object.keys(catalogues[lang]).filter((k) => k.startsWith("backup."));
      expect(keys.filter((k) => text.includes(k))).toEqual([]);
      expect(text).not.toMatch(/[{}]/);
      expect(text).toContain("dorixona restore FILE --login LOGIN");
    });
  }
});

describe("the backup rules of the in-memory backend", () => {
  it("refuses a folder that is not a full path, a number out of range, no folder, a short passphrase", async () => {
    const backend = createMockBackend({ signedIn: true, role: "administrator", now: NOW });
    await expect(backend.saveBackupSettings({ folder: "backups", keep: 14 })).rejects.toMatchObject({
      code: "INVALID_SETTING",
      details: { setting: "backup.folder" },
    });
    await expect(backend.saveBackupSettings({ folder: "/media/usb", keep: 367 })).rejects.toMatchObject({
      code: "INVALID_SETTING",
      details: { setting: "backup.keep" },
    });
    await expect(backend.backupNow()).rejects.toMatchObject({
      code: "INVALID_SETTING",
      details: { setting: "backup" },
    });
    await expect(backend.setBackupPassphrase("wrong", "short")).rejects.toMatchObject({
      code: "BAD_REQUEST",
      details: { backup: "weak_passphrase" },
    });
    await expect(backend.setBackupPassphrase("wrong", PASSPHRASE)).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
    expect(await backend.saveBackupSettings({ folder: "  \\\\server\\share  ", keep: null })).toEqual({
      settings: { folder: "\\\\server\\share", keep: null },
      passphrase_set: false,
      last_backup: null,
    });
    await expect(backend.backupNow()).rejects.toMatchObject({
      code: "BAD_REQUEST",
      details: { backup: "no_passphrase" },
    });
    await backend.setBackupPassphrase(DEMO_SECRET, PASSPHRASE);
    await backend.saveBackupSettings({ folder: "/media/usb", keep: 2 });
    for (let i = 0; i < 3; i++) await backend.backupNow();
    expect(backend.backup.written).toHaveLength(2);
    expect(await backend.backupStatus()).toMatchObject({
      passphrase_set: true,
      last_backup: NOW.toISOString(),
    });
  });
});

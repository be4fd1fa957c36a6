import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockBackend } from "$lib/backend";
import { DEMO_SECRET } from "$lib/backend/mock-data";
import { setLocale } from "$lib/i18n";
import App from "../../App.svelte";

afterEach(() => {
  setLocale("uz");
  vi.useRealTimers();
});

/** Signed in, with a prescription looked up: the screen shows a patient. */
async function withPatientOnScreen() {
  const backend = createMockBackend({ signedIn: true, language: "en" });
  setLocale("en");
  render(App, { backend });
  const user = userEvent.setup();
  const samples = await screen.findByTestId("samples");
  const first = samples.querySelector("button");
  if (!first) throw new Error("no sample prescription");
  await user.click(first);
  const card = await screen.findByTestId("rx-card");
  return { backend, user, card };
}

describe("the lock screen", () => {
  it("locks on Ctrl+L, names who is signed in and shows nothing about the patient", async () => {
    const { user, card } = await withPatientOnScreen();
    const patient = card.querySelector("[data-testid=rx-patient]")?.textContent ?? "";
    expect(patient).not.toBe("");
    await user.keyboard("{Control>}l{/Control}");
    const lock = await screen.findByTestId("lock-screen");
    expect(screen.getByTestId("lock-who")).toHaveTextContent("Pharmacist");
    expect(screen.getByTestId("lock-reason")).toHaveTextContent("Locked by its user.");
    expect(lock).not.toHaveTextContent(patient);
    expect(screen.getByTestId("rx-card")).not.toBeVisible();
    expect(screen.queryByTestId("lock-now")).toBeNull();
  });

  it("counts wrong secrets down, then unlocks to the screen as it was", async () => {
    const { user } = await withPatientOnScreen();
    await user.click(screen.getByTestId("lock-now"));
    await user.type(await screen.findByTestId("unlock-secret"), "wrong");
    await user.click(screen.getByTestId("unlock-submit"));
    expect(await screen.findByTestId("error-message")).toHaveTextContent("4 tries left");
    await user.clear(screen.getByTestId("unlock-secret"));
    await user.type(screen.getByTestId("unlock-secret"), DEMO_SECRET);
    await user.click(screen.getByTestId("unlock-submit"));
    await waitFor(() => expect(screen.queryByTestId("lock-screen")).toBeNull());
    expect(screen.getByTestId("rx-card")).toBeVisible();
  });

  it("signs out after five wrong secrets and says why", async () => {
    const { user } = await withPatientOnScreen();
    await user.click(screen.getByTestId("lock-now"));
    for (let left = 4; left >= 0; left--) {
      await user.clear(await screen.findByTestId("unlock-secret"));
      await user.type(screen.getByTestId("unlock-secret"), "wrong");
      await user.click(screen.getByTestId("unlock-submit"));
      if (left > 0)
        await waitFor(() =>
          expect(screen.getByTestId("error-message")).toHaveTextContent(
            left === 1 ? "1 try left" : `${left} tries left`,
          ),
        );
    }
    expect(await screen.findByTestId("signin-submit")).toBeInTheDocument();
    expect(screen.getByTestId("error-message")).toHaveTextContent("Five wrong secrets");
  });

  it("locks by itself after the chosen minutes without activity", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const backend = createMockBackend({ signedIn: true, language: "en" });
    setLocale("en");
    render(App, { backend });
    await screen.findByTestId("lookup-input");
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    await vi.advanceTimersByTimeAsync(61_000);
    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
    expect(screen.getByTestId("lock-reason")).toHaveTextContent("Locked after 5 minutes without activity.");
  });

  it("offers signing in as someone else and refuses a wrong secret in words", async () => {
    const { user } = await withPatientOnScreen();
    await user.click(screen.getByTestId("lock-now"));
    await user.click(await screen.findByTestId("lock-someone-else"));
    expect(screen.getByTestId("switch-hint")).toHaveTextContent("open dispense stays theirs");
    await user.type(screen.getByTestId("switch-login"), "someone");
    await user.type(screen.getByTestId("switch-secret"), "nope");
    await user.click(screen.getByTestId("switch-submit"));
    expect(await screen.findByTestId("error-message")).toHaveAttribute("data-code", "UNAUTHENTICATED");
    expect(screen.getByTestId("lock-screen")).toBeInTheDocument();
  });
});

describe("auto-lock settings", () => {
  it("lets a manager choose the minutes and refuses what is out of range", async () => {
    const backend = createMockBackend({ signedIn: true, role: "manager", language: "en" });
    setLocale("en");
    render(App, { backend });
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("settings-open"));
    const minutes = await screen.findByTestId("lock-minutes");
    await user.clear(minutes);
    await user.type(minutes, "0");
    await user.click(screen.getByTestId("lock-save"));
    expect(await screen.findByTestId("lock-minutes-invalid")).toBeInTheDocument();
    await user.clear(minutes);
    await user.type(minutes, "12");
    await user.click(screen.getByTestId("lock-save"));
    expect(await screen.findByTestId("lock-saved")).toHaveTextContent("12 minutes");
    expect((await backend.lockState()).lock_after_minutes).toBe(12);
  });

  it("shows the minutes read-only to a pharmacist", async () => {
    render(App, { backend: createMockBackend({ signedIn: true, language: "en" }) });
    setLocale("en");
    const user = userEvent.setup();
    await user.click(await screen.findByTestId("settings-open"));
    expect(await screen.findByTestId("lock-readonly")).toHaveTextContent("5 minutes");
    expect(screen.queryByTestId("lock-minutes")).toBeNull();
  });
});

import { render, screen, waitFor } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMockBackend, type Session } from "$lib/backend";
import { setLocale } from "$lib/i18n";
import SignIn from "./SignIn.svelte";

afterEach(() => setLocale("uz"));

async function setup(withDemo = true, platform = false) {
  const backend = createMockBackend();
  const info = await backend.appInfo();
  const onsignedin = vi.fn<(s: Session) => void>();
  render(SignIn, { backend, demo: withDemo ? info.training_demo : null, platform, onsignedin });
  return { backend, onsignedin, user: userEvent.setup() };
}

describe("sign-in screen", () => {
  it("fills in the demo account and signs in", async () => {
    const { onsignedin, user } = await setup();
    await user.click(screen.getByTestId("signin-fill-demo"));
    expect(screen.getByTestId("signin-pharmacy")).toHaveValue("PH-0001");
    expect(screen.getByTestId("signin-secret")).toHaveAttribute("type", "password");
    await user.click(screen.getByTestId("signin-submit"));
    await waitFor(() => expect(onsignedin).toHaveBeenCalledTimes(1));
    expect(onsignedin.mock.calls[0]?.[0].pharmacy.pharmacy_id).toBe("PH-0001");
  });

  it("shows a wrong secret as UNAUTHENTICATED in the UI language", async () => {
    setLocale("en");
    const { onsignedin, user } = await setup();
    await user.type(screen.getByTestId("signin-pharmacy"), "PH-0001");
    await user.type(screen.getByTestId("signin-login"), "farmatsevt1");
    await user.type(screen.getByTestId("signin-secret"), "wrong{Enter}");
    const error = await screen.findByTestId("error-message");
    expect(error).toHaveAttribute("data-code", "UNAUTHENTICATED");
    expect(error).toHaveTextContent("Wrong login or secret");
    expect(onsignedin).not.toHaveBeenCalled();
  });

  it("asks for every field before calling the backend", async () => {
    const { backend, user } = await setup();
    await user.click(screen.getByTestId("signin-submit"));
    expect(screen.getByTestId("signin-missing")).toHaveTextContent("Barcha maydonlarni toʻldiring.");
    expect(backend.calls.filter((c) => c.command === "signIn")).toHaveLength(0);
  });

  it("shows no demo account outside training mode", async () => {
    await setup(false);
    expect(screen.queryByTestId("signin-fill-demo")).toBeNull();
  });

  it("on the national platform says the sign-in is in the browser and the password only unlocks", async () => {
    setLocale("en");
    const { onsignedin, user } = await setup(true, true);
    expect(screen.getByTestId("signin-platform")).toHaveTextContent("browser window");
    expect(screen.getByTestId("signin-secret").parentElement).toHaveTextContent(
      "Password to unlock this counter",
    );
    await user.click(screen.getByTestId("signin-fill-demo"));
    await user.click(screen.getByTestId("signin-submit"));
    await waitFor(() => expect(onsignedin).toHaveBeenCalledTimes(1));
  });

  it("says nothing of a browser on contract v1", async () => {
    await setup(true, false);
    expect(screen.queryByTestId("signin-platform")).toBeNull();
    expect(screen.getByTestId("signin-secret").parentElement).toHaveTextContent("Parol");
  });

  it("focuses the pharmacy field first", async () => {
    await setup();
    await waitFor(() => expect(screen.getByTestId("signin-pharmacy")).toHaveFocus());
  });
});

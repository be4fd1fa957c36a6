import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { Session } from "$lib/backend";
import Header from "../Header.svelte";

function session(role: Session["pharmacist"]["role"]): Session {
  return {
    pharmacy: { pharmacy_id: "PH-1", name: "Shifo", address: "Toshkent" },
    pharmacist: { pinfl: "41506881230016", full_name: "Karimova Dilnoza", role },
    expires_at: "2026-11-19T20:00:00Z",
  };
}

const noop = () => {};

describe("reports entry in the header", () => {
  it("is shown to a manager and switches the view", async () => {
    const onview = vi.fn();
    render(Header, {
      session: session("manager"),
      onlanguage: noop,
      onsettings: noop,
      onsignout: noop,
      view: "counter",
      onview,
    });
    await userEvent.setup().click(screen.getByTestId("nav-reports"));
    expect(onview).toHaveBeenCalledWith("reports");
  });

  it("is hidden from a pharmacist", () => {
    render(Header, {
      session: session("pharmacist"),
      onlanguage: noop,
      onsettings: noop,
      onsignout: noop,
      view: "counter",
      onview: noop,
    });
    expect(screen.queryByTestId("nav-reports")).toBeNull();
  });
});

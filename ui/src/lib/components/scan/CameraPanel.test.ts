// The camera panel takes one slim line unless a camera is running, so that on a 1366×768 screen
// a looked-up prescription's first item is not pushed below the fold.

import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { createMockBackend } from "$lib/backend";
import CameraPanel from "./CameraPanel.svelte";

describe("the camera panel's size", () => {
  it("without a camera is one slim line, no preview frame, its Start button still there", async () => {
    const backend = createMockBackend({ signedIn: true });
    backend.scan.cameraOutcome = { state: "no_camera", source: null, detail: null };
    render(CameraPanel, { backend });
    const panel = await screen.findByTestId("camera-panel");
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "no_camera"));
    expect(panel).toHaveClass("slim");
    expect(within(panel).queryByTestId("camera-frame")).toBeNull();
    expect(within(panel).getByTestId("camera-state")).toHaveTextContent(/\S/);
    expect(within(panel).getByTestId("camera-start")).toBeEnabled();
  });

  it("with none started yet is slim too, and shows its preview frame once the camera runs", async () => {
    const backend = createMockBackend({ signedIn: true });
    render(CameraPanel, { backend, autostart: false });
    const panel = await screen.findByTestId("camera-panel");
    expect(panel).toHaveAttribute("data-state", "off");
    expect(panel).toHaveClass("slim");
    expect(within(panel).queryByTestId("camera-frame")).toBeNull();
    await userEvent.setup().click(within(panel).getByTestId("camera-start"));
    await waitFor(() => expect(panel).toHaveAttribute("data-state", "running"));
    expect(panel).not.toHaveClass("slim");
    expect(within(panel).getByTestId("camera-frame")).toBeInTheDocument();
  });
});

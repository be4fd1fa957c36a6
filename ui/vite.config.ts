/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";

// The desktop shell loads `dist/` from disk (relative base) and, in development, this dev
// server on a fixed port. WebKitGTK on Debian 12 is Safari-15 class.
export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  base: "./",
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: { target: "safari15", outDir: "dist", emptyOutDir: true },
  resolve: { alias: { $lib: new URL("./src/lib", import.meta.url).pathname } },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
    setupFiles: ["./src/test-setup.ts"],
    testTimeout: 20000,
    // app.css read as text by the colour contrast test (other CSS stays out of the tests).
    css: { include: [/app\.css/] },
  },
});

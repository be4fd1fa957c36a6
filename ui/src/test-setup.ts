import "@testing-library/jest-dom/vitest";
import { configure } from "@testing-library/svelte";

// Component tests type whole QR payloads and wait for the mock backend; on a busy 2-core CI
// machine that can take longer than Testing Library's 1 s default for `findBy…`/`waitFor`.
configure({ asyncUtilTimeout: 5000 });

import "@testing-library/jest-dom/vitest";
import { configure } from "@testing-library/svelte";

// Component tests type whole QR payloads and wait for the mock backend; on a busy 2-core CI
// machine under load that can take several seconds (Testing Library's default is 1 s).
configure({ asyncUtilTimeout: 10000 });

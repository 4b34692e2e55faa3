import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_PATH } from "./chromium-path";

/**
 * Debian's headless Chromium driven by playwright-core. The flags keep it off the network (the
 * machine has none) and away from shared state; playwright gives every launch a fresh profile.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

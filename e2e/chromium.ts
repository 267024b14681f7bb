import { access, constants } from "node:fs/promises";
import { chromium, type Browser } from "playwright-core";

/** Debian's chromium: playwright-core downloads no browser of its own. */
const CHROMIUM = "/usr/bin/chromium";
/** Headless as root, and no calls home: this machine's network is closed, and a test is no user. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Debian's Chromium, headless. Throws, saying what to install, when there is none: a skipped e2e
 * run proves nothing.
 */
export async function launchChromium(): Promise<Browser> {
  try {
    await access(CHROMIUM, constants.X_OK);
  } catch {
    throw new Error(
      `No Chromium at ${CHROMIUM}: the end-to-end test needs Debian's chromium package ` +
        `(apt-get update && apt-get install -y chromium, as .ci/run does). It fails rather than skip.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** A request that stays on this machine: loopback, or a blob:/data: URL the page made itself. */
export function staysLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === "blob:" || protocol === "data:") return true;
  return hostname === "localhost" || hostname === "127.0.0.1" || hostname === "[::1]";
}

/** How long a poll waits for the page to show something (expect.poll's own default is 1 s). */
export const UNTIL_SHOWN = { timeout: 30_000 };

/**
 * How the browser tests and benchmarks start Debian's Chromium: headless, no sandbox (root),
 * and none of the background connections a closed network would refuse. Never a downloaded browser.
 */
export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

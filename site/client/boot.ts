/**
 * Runs on every page: registers the service worker (production builds only — in `astro dev`
 * a caching worker would serve stale modules).
 */
import { siteRoot } from "./site-root";

if (import.meta.env.PROD && "serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register(new URL("sw.js", siteRoot()).href).catch(() => {
      // No offline support (e.g. file:// or a host that blocks workers): the site still works.
    });
  });
}

/** Absolute URL of the site root, from <html data-site-root> (made relative by the build). */
export function siteRoot(): string {
  const attr = document.documentElement.dataset.siteRoot ?? "/";
  return new URL(attr, document.baseURI).href;
}

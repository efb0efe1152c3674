import { chromium } from "playwright-core";
import { startServer } from "./scripts/serve.mjs";
const { server, url } = await startServer("dist", 0);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--headless", "--disable-gpu"] });
const [w, h] = (process.env.SIZE ?? "1400x900").split("x").map(Number);
const page = await browser.newPage({ viewport: { width: w, height: h } });
for (const path of process.argv.slice(2)) {
  await page.goto(url + path);
  await page.waitForTimeout(300);
  const name = path.replace(/[^a-z0-9]+/gi, "-");
  const scroller = process.env.SCROLL ?? ".lesson-text";
  const total = await page.evaluate((s) => { const el = document.querySelector(s); return el ? el.scrollHeight : document.documentElement.scrollHeight; }, scroller);
  let i = 0;
  for (let y = 0; y < total && i < 12; y += h - 100, i++) {
    await page.evaluate(([s, y]) => { const el = document.querySelector(s); if (el && el.scrollHeight > el.clientHeight) el.scrollTop = y; else window.scrollTo(0, y); }, [scroller, y]);
    await page.waitForTimeout(100);
    await page.screenshot({ path: `/tmp/shots/${name}${w}-${i}.png` });
  }
  console.log(path, total, i);
}
await browser.close(); server.close();

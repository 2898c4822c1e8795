// Developer helper: one screenshot of one URL (viewport only), for looking at a page while building it.
// Usage: npx tsx scripts/shot.mts URL OUT.png WIDTH HEIGHT
import { chromium } from 'playwright-core';
const [, , url, out, w, h] = process.argv;
const b = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const p = await b.newPage({ viewport: { width: Number(w ?? 1280), height: Number(h ?? 900) } });
await p.goto(url!);
await p.screenshot({ path: out! });
await b.close();

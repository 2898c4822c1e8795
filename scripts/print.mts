// Developer helper: how a page prints — a screenshot under print media at A4 width (794 CSS px).
// Usage: npx tsx scripts/print.mts URL OUT.png
import { chromium } from 'playwright-core';
const [, , url, out] = process.argv;
const b = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const p = await b.newPage({ viewport: { width: 794, height: 1123 } });
await p.emulateMedia({ media: 'print' });
await p.goto(url!);
await p.screenshot({ path: out!, fullPage: false });
await b.close();

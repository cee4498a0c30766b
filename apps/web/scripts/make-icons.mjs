// Renders the Beseda logo to the PNG icons the web app manifest needs. Run it after changing the logo:
//   node scripts/make-icons.mjs
// It drives the system Chromium (apt-get install -y chromium) instead of downloading a browser.
import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const iconsDir = new URL('../public/icons/', import.meta.url);

const brand = '#4f46e5';

/** The speech bubble with three dots, drawn on a 64-unit grid. */
const bubble = `
  <path d="M16 18h32a6 6 0 0 1 6 6v14a6 6 0 0 1-6 6H30l-9 8v-8h-5a6 6 0 0 1-6-6V24a6 6 0 0 1 6-6z" fill="#ffffff"/>
  <circle cx="24" cy="31" r="3" fill="${brand}"/>
  <circle cx="32" cy="31" r="3" fill="${brand}"/>
  <circle cx="40" cy="31" r="3" fill="${brand}"/>`;

/** Rounded tile, like the favicon: for "any" purpose icons shown as they are. */
const roundedLogo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="14" fill="${brand}"/>${bubble}
</svg>`;

// Maskable icons are cropped by the platform to any shape inside the central 80 % circle, so the
// background must bleed to the edges and the mark must shrink into that safe zone.
const maskableLogo = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect width="64" height="64" fill="${brand}"/>
  <g transform="translate(32 32) scale(0.72) translate(-32 -34)">${bubble}</g>
</svg>`;

// iOS paints transparent corners black and rounds the icon itself: a full square looks right.
const appleLogo = maskableLogo;

const outputs = [
  { file: 'icon-192.png', size: 192, svg: roundedLogo, transparent: true },
  { file: 'icon-512.png', size: 512, svg: roundedLogo, transparent: true },
  { file: 'icon-maskable-512.png', size: 512, svg: maskableLogo, transparent: false },
  { file: 'apple-touch-icon.png', size: 180, svg: appleLogo, transparent: false },
];

const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--headless'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const { file, size, svg, transparent } of outputs) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`,
    );
    const png = await page.screenshot({
      omitBackground: transparent,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await writeFile(new URL(file, iconsDir), png);
    process.stdout.write(`wrote public/icons/${file} (${size}x${size})\n`);
  }
} finally {
  await browser.close();
}

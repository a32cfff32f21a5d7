/**
 * The browser every browser test drives: Debian's Chromium (`/usr/bin/chromium`, or
 * `CHROMIUM_PATH`), never a downloaded one. WebGL runs on SwiftShader, which Chromium 139+ only
 * enables with the flags below.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless flags: software WebGL, and no network chatter of the browser's own. */
export const chromiumArgs = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

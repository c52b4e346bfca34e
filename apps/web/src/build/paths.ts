import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * apps/web/: two levels up from this module, both as src/build/paths.ts (tests) and as the
 * compiled .build/build/build-web.mjs (scripts/build.mjs), so every path derives from it.
 */
export const APP_DIR = fileURLToPath(new URL("../../", import.meta.url));
/** Where `pnpm --filter @llmnist/web build` writes the page. */
export const DIST_DIR = join(APP_DIR, "dist");
/** The page's sources: main.ts (bundled), index.html and styles.css (copied). */
export const PAGE_DIR = join(APP_DIR, "src", "page");
/** The models the CLI ships; the page ships copies. */
export const CLI_ASSETS_DIR = join(APP_DIR, "..", "cli", "assets");

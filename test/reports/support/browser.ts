/**
 * Headless Chromium for the report pages' browser tests: Debian's chromium through
 * playwright-core, every request outside file: and data: refused and recorded, script errors
 * collected, screenshots kept under pv-reports/screenshots/ for CI to keep as artifacts.
 */
import { mkdirSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { kitRoot } from '../../../kit/paths.ts';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(kitRoot, 'pv-reports', 'screenshots');

/** The reason to skip, said loudly, or false when Chromium is there. */
export function chromiumMissing(page: string): string | false {
  if (existsSync(CHROMIUM)) return false;
  const why = `${CHROMIUM} is missing; install it with: apt-get install -y chromium chromium-driver`;
  console.error(`the browser test of ${page} is SKIPPED: ${why}`);
  return why;
}

export interface OpenPage {
  page: Page;
  /** URLs the page tried to fetch from outside (all refused). */
  outside: string[];
  errors: string[];
  /** Saves `<name>.png` (the viewport) and `<name>-full.png`; returns their paths. */
  screenshots(name: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function openPage(file: string, viewport: { width: number; height: number }): Promise<OpenPage> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'pv-chromium-profile-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const outside: string[] = [];
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    const screenshots = async (name: string) => {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const paths = [join(SCREENSHOTS, `${name}.png`), join(SCREENSHOTS, `${name}-full.png`)];
      await page.screenshot({ path: paths[0] });
      await page.screenshot({ path: paths[1], fullPage: true });
      return paths;
    };
    return { page, outside, errors, screenshots, close };
  } catch (e) {
    await close();
    throw e;
  }
}

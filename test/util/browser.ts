// Helpers for tests that drive Debian's Chromium through puppeteer-core: launch flags, a French phone-sized
// page, text across open shadow roots (Lit elements render there), waiting for text, clicking a button by its
// label, and an axe-core check.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, ElementHandle, Page } from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for headless Chromium as root on a machine without network access. */
export const CHROMIUM_ARGS = [ '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage' ];

const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));

/** A phone screen, in CSS pixels. */
export const PHONE = { width: 360, height: 640, isMobile: true, hasTouch: true };

/** A new page at phone size in a French pupil's browser. */
export async function phonePage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.setViewport(PHONE);
  // A French pupil's browser (navigator.languages and Accept-Language): the pages follow it when no
  // language was chosen. Headless Chromium ignores --lang.
  const session = await page.createCDPSession();
  await session.send('Emulation.setUserAgentOverride', { userAgent: await page.browser().userAgent(), acceptLanguage: 'fr-FR,fr' });
  return page;
}

/**
 * Runs axe-core on the page and returns its violations, one line each. axe is evaluated through the DevTools
 * protocol rather than added as a script tag, which the apps' Content-Security-Policy (`script-src 'self'`)
 * would block.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(readFileSync(AXE, 'utf8'));
  return page.evaluate(async(): Promise<string[]> => {
    interface AxeResults { violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }
    const { axe } = window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } };
    const results = await axe.run(document);
    return results.violations.map((violation): string =>
      `${violation.id} (${violation.help}): ${violation.nodes.map((node): string => JSON.stringify(node.target)).join(' ')}`);
  });
}

/** Text of the page including open shadow roots. */
export async function deepText(page: Page): Promise<string> {
  return page.evaluate((): string => {
    const collect = (node: Node): string => {
      let text = node.nodeType === Node.TEXT_NODE ? node.textContent ?? '' : '';
      const element = node as Element;
      if (element.shadowRoot) {
        text += collect(element.shadowRoot);
      }
      for (const child of Array.from(node.childNodes)) {
        text += collect(child);
      }
      return text;
    };
    return collect(document.body).replace(/\s+/gu, ' ');
  });
}

/** Waits until the page's text (shadow roots included) matches; returns that text. */
export async function waitForText(page: Page, pattern: RegExp, timeout = 20_000): Promise<string> {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = await deepText(page).catch((): string => '');
    if (pattern.test(text)) {
      return text;
    }
    await new Promise((resolve): void => {
      setTimeout(resolve, 200);
    });
  }
  throw new Error(`Timed out waiting for ${pattern} on ${page.url()}; page text: ${text.slice(0, 500)}`);
}

/** Clicks the first enabled button, in any open shadow root, whose text is `label`. */
export async function clickButton(page: Page, label: string, timeout = 20_000): Promise<void> {
  const handle = await page.waitForFunction((text: string): HTMLButtonElement | false => {
    const find = (root: Document | ShadowRoot): HTMLButtonElement | undefined => {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        if (element instanceof HTMLButtonElement && element.textContent?.trim() === text && !element.disabled) {
          return element;
        }
        if (element.shadowRoot) {
          const found = find(element.shadowRoot);
          if (found) {
            return found;
          }
        }
      }
      return undefined;
    };
    return find(document) ?? false;
  }, { timeout, polling: 200 }, label);
  // Click outside the polling function: the click may navigate away and destroy its context.
  await (handle as ElementHandle<HTMLButtonElement>).click();
}

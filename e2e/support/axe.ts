import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * Runs axe on the page as it is now (WCAG 2.1 A/AA rules and best practices) and fails on any
 * serious or critical violation, listing each with the elements it found. Call it on every page a
 * journey visits; `label` names the page in the failure message.
 */
export async function expectNoSeriousA11yViolations(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = serious.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`).join('\n  ');
  expect(serious, `axe on ${label}:\n  ${report}`).toEqual([]);
}

/** Fails when the page is wider than its viewport (something scrolls sideways). */
export async function expectNoHorizontalScroll(page: Page, label: string): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `${label} scrolls sideways (${scrollWidth} px wide in a ${clientWidth} px viewport)`).toBeLessThanOrEqual(clientWidth);
}

import type { Page } from 'playwright-core';

/** What a learner does on a lab page, in the words they would use. */
export function labPage(page: Page) {
  const terminal = page.getByTestId('terminal');
  const screenLine = (pattern: RegExp) =>
    terminal.locator('.xterm-rows > div', { hasText: pattern });
  return {
    async start(): Promise<void> {
      await page.getByTestId('start-lab').click();
      await page
        .locator('[data-testid="terminal"][data-status="connected"]')
        .waitFor({ timeout: 30_000 });
      await screenLine(/learner@lab:~\/lab\$/)
        .first()
        .waitFor();
    },
    /** Types a line into the terminal and presses Enter. */
    async typeLine(text: string): Promise<void> {
      await terminal.click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    },
    /** Waits for a whole screen line matching the pattern. */
    async seeLine(pattern: RegExp, timeout = 15_000): Promise<void> {
      await screenLine(pattern).first().waitFor({ timeout });
    },
    async checkMyWork(): Promise<string> {
      await page.getByTestId('check-work').click();
      const result = page.getByTestId('grade-result').locator('.grade');
      await result.waitFor({ timeout: 60_000 });
      return result.innerText();
    },
  };
}

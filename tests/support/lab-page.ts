import type { Page } from 'playwright-core';

/** What a learner does on a lab page, in the words they would use. */
export function labPage(page: Page) {
  const terminal = page.getByTestId('terminal');
  /** The shown terminal's screen, read from xterm's buffer (the WebGL renderer draws no DOM text). */
  const screen = (): Promise<string> =>
    page.evaluate(() =>
      (document.querySelector('lab-console') as unknown as { screenText(): string }).screenText(),
    );
  const seeLine = async (pattern: RegExp, timeout = 15_000): Promise<void> => {
    const deadline = Date.now() + timeout;
    let text = '';
    while (Date.now() < deadline) {
      text = await screen();
      if (text.split('\n').some((line) => pattern.test(line))) return;
      await page.waitForTimeout(50);
    }
    throw new Error(
      `the terminal never showed a line matching ${pattern}; it shows:\n${text.trimEnd().slice(-1500)}`,
    );
  };
  return {
    screen,
    seeLine,
    async start(): Promise<void> {
      await page.getByTestId('start-lab').click();
      await page
        .locator('[data-testid="terminal"][data-status="connected"]')
        .waitFor({ timeout: 60_000 });
      await seeLine(/learner@lab:~\/lab\$/);
    },
    /** Types a line into the terminal and presses Enter. */
    async typeLine(text: string): Promise<void> {
      await terminal.click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    },
    async checkMyWork(): Promise<string> {
      await page.getByTestId('check-work').click();
      const result = page.getByTestId('grade-result').locator('.grade');
      await result.waitFor({ timeout: 60_000 });
      return result.innerText();
    },
  };
}

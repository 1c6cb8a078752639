// Keyboard helpers for the side panel of <touchpoint-journey editable> (Playwright).

/** Replaces a text field's value by typing, then Enter: the panel's fields commit on `change`. */
export async function typeInto(page, locator, text) {
  await locator.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

import { checkA11y, expect, test } from './fixtures';

test('the home page lists the municipalities and their plans, in Swedish and in English', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Planer mot våld' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Södertälje kommun/ })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Handlingsplan Fri från våld 2024–2027' })).toBeVisible();
  await checkA11y(page, 'home (sv)');

  await page.getByRole('button', { name: 'In English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plans against violence' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Plans against violence' })).toBeVisible();
  await checkA11y(page, 'home (en)');
  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Planer mot våld' })).toBeVisible();
});

test('searching from the home page finds measures without diacritics', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel('Sök bland planer och åtgärder').fill('orange week');
  await page.getByRole('button', { name: 'Sök' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('orange week');
  await expect(page.getByRole('link', { name: /Arrangera kampanjveckan Orange Week/ })).toBeVisible();
  await checkA11y(page, 'home search results');
});

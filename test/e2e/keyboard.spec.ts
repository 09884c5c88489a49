import type { Page } from '@playwright/test';
import { accounts, apiHelpers, checkA11y, expect, signIn, test } from './fixtures';

/*
 * One whole editing flow with the keyboard alone: no clicks, only page.keyboard (Tab, Shift+Tab,
 * Enter, Space, arrows, and typing text). From the home page to a plan created for the test, to a
 * measure's edit page; change its text and its units; save; verify.
 */

interface Focused {
  tag: string;
  id: string;
  name: string;
  href: string;
}

/** Presses Tab (or Shift+Tab) until the focused element matches, like a keyboard user moving through the page. */
async function tabTo(page: Page, what: string, match: (el: Focused) => boolean, { back = false, max = 250 } = {}): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { tag: a?.tagName.toLowerCase() ?? '', id: a?.id ?? '', name: (a?.getAttribute('aria-label') ?? a?.textContent ?? '').replace(/\s+/g, ' ').trim(), href: a?.getAttribute('href') ?? '' };
    });
    if (match(el)) return;
  }
  throw new Error(`Could not reach ${what} with ${back ? 'Shift+Tab' : 'Tab'}`);
}

test('edits a measure’s text and units with the keyboard alone', async ({ page, request }) => {
  const api = apiHelpers(request);
  const org = await api.organization('0880');
  const units = await api.units(org.id);
  const social = units.find((u) => u.name === 'Socialnämnden')!;
  const title = `Tangentbordsplan ${Date.now().toString(36)}`;
  const plan = await api.post<{ id: string }>('/api/v1/plans', {
    organizationId: org.id,
    title,
    kind: 'action_plan',
    nodes: [
      {
        role: 'goal',
        number: '1',
        label: 'Fokusområde',
        text: 'Kunskap och kompetens',
        measures: [{ code: '1:1', text: 'Utbilda personal i våld i nära relationer', leadUnitIds: [social.id] }],
      },
    ],
  });
  const measureId = (await api.tree(plan.id)).nodes[0].measures[0].id as string;

  // Home: search for the plan (a draft, visible to Kalmar's members) and open it, as its coordinator.
  await signIn(page, accounts.coordinator('kalmar'));
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Planer mot våld' })).toBeVisible();
  await tabTo(page, 'the search box', (el) => el.id === 'home-q');
  await page.keyboard.type(title);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await tabTo(page, 'the plan link', (el) => el.tag === 'a' && el.name === title);
  await page.keyboard.press('Enter');

  // The plan: its navigation leads to the goals and measures.
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await tabTo(page, 'the structure tab', (el) => el.tag === 'a' && el.href === `/plans/${plan.id}/structure`);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Mål och åtgärder' })).toBeVisible();
  await tabTo(page, 'the measure’s edit link', (el) => el.tag === 'a' && el.href === `/measures/${measureId}/edit`);
  await page.keyboard.press('Enter');

  // The measure's edit page.
  await expect(page.getByRole('heading', { level: 1, name: 'Redigera åtgärd 1:1' })).toBeVisible();
  await checkA11y(page, 'keyboard flow: edit measure');
  await tabTo(page, 'the measure text', (el) => el.id === 'measure-text');
  await page.keyboard.press('End');
  await page.keyboard.type(' och chefer');

  // Replace the responsible unit: remove the chip, then search without diacritics and choose with the arrows.
  await tabTo(page, 'the remove button of Socialnämnden', (el) => el.tag === 'button' && el.name.includes('Ta bort Socialnämnden'));
  await page.keyboard.press('Enter');
  await expect(page.locator('#measure-lead-input')).toBeFocused();
  await page.keyboard.type('socialforvaltningen');
  await expect(page.getByRole('option', { name: /^Socialförvaltningen/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#measure-lead-input')).toHaveAttribute('aria-activedescendant', /.+/);
  await checkA11y(page, 'keyboard flow: unit suggestions with an active option');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Valda – Ansvariga enheter' })).toContainText('Socialförvaltningen');

  // And a co-responsible unit, found by its spelling in another document.
  await tabTo(page, 'the co-responsible units', (el) => el.id === 'measure-co-input');
  await page.keyboard.type('sodermore kommundelsforv');
  await expect(page.getByRole('option', { name: /^Södermöre kommundelsförvaltning/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Valda – Medansvariga enheter' })).toContainText('Södermöre kommundelsförvaltning');

  // A prevention level with Space, then save with Enter on the button.
  await tabTo(page, 'the prevention level Selektiv', (el) => el.id === 'measure-preventionLevels-selective');
  await page.keyboard.press('Space');
  await tabTo(page, 'the save button', (el) => el.tag === 'button' && el.name === 'Spara åtgärden');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Åtgärden är sparad.' })).toBeFocused();
  await checkA11y(page, 'keyboard flow: saved');

  // Verify: the server has it, and it is there after a reload.
  const saved = await api.get<{ text: string; preventionLevels: string[]; units: { name: string; role: string }[] }>(`/api/v1/measures/${measureId}`);
  expect(saved.text).toBe('Utbilda personal i våld i nära relationer och chefer');
  expect(saved.preventionLevels).toEqual(['selective']);
  expect(saved.units.map((u) => [u.name, u.role])).toEqual([
    ['Socialförvaltningen', 'lead'],
    ['Södermöre kommundelsförvaltning', 'co'],
  ]);
  await page.reload();
  await expect(page.locator('#measure-text')).toHaveValue('Utbilda personal i våld i nära relationer och chefer');

  // Back to the structure from the saved notice, still by keyboard: the measure shows its new units.
  await tabTo(page, 'the link back to the structure', (el) => el.tag === 'a' && el.href === `/plans/${plan.id}/structure`);
  await page.keyboard.press('Enter');
  await expect(page.locator(`#measure-${measureId}`)).toContainText('Ansvarig: Socialförvaltningen');
  await expect(page.locator(`#measure-${measureId}`)).toContainText('Medansvarig: Södermöre kommundelsförvaltning');
});

import { request as playwrightRequest, type Page } from '@playwright/test';
import { accounts, apiHelpers, checkA11y, expect, sessionCookie, signIn, test } from './fixtures';

/*
 * Signing in and out in the browser: the login form by keyboard alone (a wrong password, then the
 * right one landing where the person was going), signing out from the header, a reset link that
 * does not work, a new person choosing a password and switching the language on the account page,
 * and a session that ends while a measure is being edited: the re-login dialog keeps what was typed
 * and the save goes through after signing in again.
 */

// Every state is checked with axe, some behind a modal dialog: more time than a plain page visit.
test.beforeEach(() => test.slow());

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Presses Tab until the element has focus: moving through a form the way a keyboard user does. */
async function tabTo(page: Page, locator: ReturnType<Page['locator']>, max = 30) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(locator).toBeFocused();
}

test('signs in with the keyboard alone: a wrong password is explained in the summary, the right one leads on to returnTo', async ({ page }) => {
  const reader = accounts.reader('kalmar');
  await page.goto('/login?returnTo=%2Fsearch%3Fq%3Dvald');
  await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
  await checkA11y(page, 'login page');

  await tabTo(page, page.getByLabel('E-postadress'));
  await page.keyboard.type(reader.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Lösenord', { exact: true })).toBeFocused();
  await page.keyboard.type('Fel-lösenord-2026');
  await page.keyboard.press('Enter');

  // Never says whether the account exists; the summary takes focus and links to the field.
  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText('Fel e-postadress eller lösenord.');
  await expect(page.getByLabel('Lösenord', { exact: true })).toHaveValue('');
  await checkA11y(page, 'login page with a wrong password');
  await page.keyboard.press('Tab');
  await expect(summary.getByRole('link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('E-postadress')).toBeFocused();

  await page.keyboard.press('Tab');
  await page.keyboard.type(reader.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=vald$/);
  await expect(page.getByRole('button', { name: /^Konto: / })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Logga in' })).toHaveCount(0);
  await checkA11y(page, 'signed in, back at returnTo');
});

test('a returnTo to another site is not followed, and SSO errors in the address are explained', async ({ page }) => {
  await page.goto('/login?returnTo=%2F%2Fevil.example%2F&error=sso_domain_refused');
  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary).toContainText('Din e-postadress hör inte till en domän som organisationen har godkänt');
  await checkA11y(page, 'login page with a single sign-on error');
  const reader = accounts.reader('vaxjo');
  await page.getByLabel('E-postadress').fill(reader.email);
  await page.getByLabel('Lösenord', { exact: true }).fill(reader.password);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/$/);
  await expect(page.getByRole('button', { name: /^Konto: / })).toBeVisible();
});

test('signs out from the menu in the header', async ({ page }) => {
  await signIn(page, accounts.coordinator('linkoping'), { fresh: true });
  await page.goto('/');
  const menu = page.getByRole('button', { name: /^Konto: / });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('link', { name: 'Mitt konto' })).toBeVisible();
  // A coordinator administers nothing.
  await expect(page.getByText('Administration')).toHaveCount(0);
  await checkA11y(page, 'header menu open');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();

  await menu.click();
  await page.getByRole('button', { name: 'Logga ut' }).click();
  await expect(page.getByRole('link', { name: 'Logga in' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Konto: / })).toHaveCount(0);
  expect((await (await page.request.get('/api/v1/auth/session')).json()).user).toBeNull();
  await checkA11y(page, 'signed out');
});

test('an admin’s menu links to the administration of their organization', async ({ page }) => {
  const admin = await signIn(page, accounts.admin('malmo'), { fresh: true });
  const malmo = admin.user.memberships.find((m) => m.role === 'admin')!.organization;
  await page.goto('/');
  await page.getByRole('button', { name: /^Konto: / }).click();
  await expect(page.getByRole('link', { name: `Medlemmar – ${malmo.name}` })).toHaveAttribute('href', `/organizations/${malmo.id}/members`);
  await expect(page.getByRole('link', { name: `Ändringslogg – ${malmo.name}` })).toHaveAttribute('href', `/organizations/${malmo.id}/audit`);
  await checkA11y(page, 'header menu of an admin');
});

test('a reset link that does not work says so, and an incomplete one is explained', async ({ page }) => {
  await page.goto('/reset-password');
  await expect(page.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' })).toBeVisible();
  await expect(page.getByText('Länken är ofullständig.')).toBeVisible();
  await checkA11y(page, 'reset password without a token');

  await page.goto('/reset-password#token=not-a-real-token');
  await page.reload();
  await page.getByLabel('Nytt lösenord', { exact: true }).fill('ett helt nytt lösenord 2026');
  await page.getByLabel('Upprepa det nya lösenordet').fill('ett annat lösenord 2026');
  await page.getByRole('button', { name: 'Spara lösenordet' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary.getByRole('link')).toHaveText('Lösenorden är inte lika');
  await checkA11y(page, 'reset password, passwords differ');

  await page.getByLabel('Upprepa det nya lösenordet').fill('ett helt nytt lösenord 2026');
  await page.getByRole('button', { name: 'Spara lösenordet' }).click();
  await expect(summary.getByRole('link')).toHaveText('Länken är ogiltig, har redan använts eller har gått ut. Be en administratör om en ny.');
  await expect(summary).toBeFocused();
  await checkA11y(page, 'reset password with a bad token');
});

test('a new person sets a password from the link, signs in, and switches the language on the account page', async ({ page, request }) => {
  const api = apiHelpers(request);
  const kalmar = await api.organization('0880');
  const email = `ny.${unique()}@kalmar.example`;
  const created = await api.post<{ resetLink: { url: string } }>(`/api/v1/organizations/${kalmar.id}/members`, { email, displayName: 'Nya Nilsson', role: 'reader' });
  const link = new URL(created.resetLink.url);
  const password = `Fridplan-ny-${unique()}`;

  await page.goto(`${link.pathname}${link.hash}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' })).toBeVisible();
  await checkA11y(page, 'reset password form');
  await page.getByLabel('Nytt lösenord', { exact: true }).fill(password);
  await page.getByLabel('Upprepa det nya lösenordet').fill(password);
  await page.getByRole('button', { name: 'Spara lösenordet' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('status').filter({ hasText: 'Ditt nya lösenord är sparat.' })).toBeVisible();
  await checkA11y(page, 'login page after a password reset');

  await page.getByLabel('E-postadress').fill(email);
  await page.getByLabel('Lösenord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Logga in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Konto: Nya Nilsson' })).toBeVisible();

  await page.getByRole('button', { name: 'Konto: Nya Nilsson' }).click();
  await page.getByRole('link', { name: 'Mitt konto' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mitt konto' })).toBeVisible();
  const memberships = page.getByRole('table', { name: 'Dina roller per organisation' });
  await expect(memberships.getByRole('row', { name: /Kalmar kommun/ })).toContainText('Läsare');
  await checkA11y(page, 'account page');

  // An empty name is refused at the field.
  await page.getByLabel('Namn', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Spara namn och språk' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' }).getByRole('link')).toHaveText('Ange ditt namn');
  await checkA11y(page, 'account page with an error');

  await page.getByLabel('Namn', { exact: true }).fill('Nya Nilsson-Berg');
  await page.getByLabel('Föredraget språk').selectOption('en');
  await page.getByRole('button', { name: 'Spara namn och språk' }).click();
  // The page switches to English at once, and the header shows the new name.
  await expect(page.getByRole('heading', { level: 1, name: 'My account' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('#main').getByText('Name and language are saved.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Account: Nya Nilsson-Berg' })).toBeVisible();
  await checkA11y(page, 'account page in English after saving');
  const account = (await (await page.request.get('/api/v1/account')).json()) as { displayName: string; preferredLanguage: string };
  expect(account).toMatchObject({ displayName: 'Nya Nilsson-Berg', preferredLanguage: 'en' });

  // A wrong current password is the server's field error.
  await page.getByLabel('Current password').fill('not my password at all');
  await page.getByLabel('New password', { exact: true }).fill('another long password 2026');
  await page.getByLabel('Repeat the new password').fill('another long password 2026');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'There is a problem' }).getByRole('link')).toHaveText(/current password/i);
  await checkA11y(page, 'account page, wrong current password');
  await page.getByRole('button', { name: 'På svenska' }).click();
});

test('a session that ends while a measure is edited: sign in again in the dialog, and the typed text is saved', async ({ page, request, baseURL }) => {
  const api = apiHelpers(request);
  const kalmar = await api.organization('0880');
  const plan = await api.post<{ id: string }>('/api/v1/plans', {
    organizationId: kalmar.id,
    title: `Sessionsplan ${unique()}`,
    kind: 'action_plan',
    nodes: [{ role: 'goal', number: '1', text: 'Kunskap', measures: [{ code: '1:1', text: 'Utbilda personal' }] }],
  });
  const measureId = (await api.tree(plan.id)).nodes[0].measures[0].id as string;
  const coordinator = accounts.coordinator('kalmar');
  // A session of this test's own, so that ending it leaves the other tests' sessions alone.
  const session = await signIn(page, coordinator, { fresh: true });

  await page.goto(`/measures/${measureId}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Redigera åtgärd 1:1' })).toBeVisible();
  const typed = 'Utbilda personal och chefer i att fråga om våld';
  await page.locator('#measure-text').fill(typed);

  // The session ends on the server (as after idle expiry), from another client with the same cookie.
  const other = await playwrightRequest.newContext({ baseURL });
  await other.addCookies([{ name: sessionCookie, value: session.token, url: baseURL! }]);
  expect((await other.post('/api/v1/auth/logout', { headers: { 'x-csrf-token': session.csrfToken } })).status()).toBe(204);
  await other.dispose();

  const save = page.getByRole('button', { name: 'Spara åtgärden' });
  await save.click();
  const dialog = page.getByRole('dialog', { name: 'Logga in igen' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('E-postadress')).toHaveValue(coordinator.email);
  await expect(dialog.getByLabel('Lösenord', { exact: true })).toBeFocused();
  await checkA11y(page, 'session expired dialog');
  // Focus stays in the modal dialog.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((el) => el.contains(document.activeElement) || document.activeElement === document.body)).toBe(true);
  }

  // Escape gives up: the refusal is shown at the form, and the text is still there.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('#measure-text')).toHaveValue(typed);
  await expect(page.getByRole('alert').filter({ hasText: 'Du behöver logga in för att göra detta.' })).toBeVisible();
  await checkA11y(page, 'save refused after closing the dialog');

  // Saving again asks again; a wrong password keeps the dialog open with the error.
  await save.click();
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Lösenord', { exact: true }).fill('fel lösenord');
  await dialog.getByRole('button', { name: 'Logga in och fortsätt' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Fel e-postadress eller lösenord.');
  await checkA11y(page, 'session expired dialog with a wrong password');
  await dialog.getByLabel('Lösenord', { exact: true }).fill(coordinator.password);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Åtgärden är sparad.' })).toBeVisible();
  await expect(page.locator('#measure-text')).toHaveValue(typed);
  await checkA11y(page, 'saved after signing in again');
  expect((await api.get<{ text: string }>(`/api/v1/measures/${measureId}`)).text).toBe(typed);
});

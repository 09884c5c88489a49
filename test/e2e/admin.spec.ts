import type { APIRequestContext, Page } from '@playwright/test';
import { checkA11y, expect, test } from './fixtures';

/*
 * Administration and history in the browser: an admin adds a reporter (keyboard only) and hands
 * over the password link, the new person chooses a password and signs in; a reporter meets the
 * limits of the role (no edit controls, a not-allowed page, a 403 from the API); the audit log names
 * the admin; a plan's and a measure's history show edits made here as old → new.
 */

const admin = { email: 'admin@kalmar.demo.fridplan.se', password: 'Fridplan-demo-admin-2026' };
const reporter = { email: 'rapportor@kalmar.demo.fridplan.se', password: 'Fridplan-demo-rapportor-2026' };
const kalmarCode = '0880';

// Long flows with an axe check after every step, on a shared two-core machine.
test.describe.configure({ timeout: 300_000 });

interface Session {
  csrfToken: string;
  user: { id: string; displayName: string; memberships: { organization: { id: string; code: string }; unitIds: string[] }[] };
}

/** Signs the page's browser context in through the API (the login page has its own spec) and returns the session. */
async function signInAs(request: APIRequestContext, account: { email: string; password: string }): Promise<Session> {
  const response = await request.post('/api/v1/auth/login', { data: account });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Session;
}

/** JSON API calls as the signed-in person, with the CSRF token every change needs. */
function apiAs(request: APIRequestContext, session: Session) {
  const headers = { 'x-csrf-token': session.csrfToken };
  const json = async <T>(response: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> => {
    if (!response.ok()) throw new Error(`${response.url()} → ${response.status()}: ${await response.text()}`);
    return (response.status() === 204 ? undefined : await response.json()) as T;
  };
  return {
    get: async <T = any>(url: string) => json<T>(await request.get(url)),
    post: async <T = any>(url: string, data: unknown) => json<T>(await request.post(url, { data, headers })),
    patch: async <T = any>(url: string, data: unknown) => json<T>(await request.patch(url, { data, headers })),
    rawPatch: (url: string, data: unknown) => request.patch(url, { data, headers }),
  };
}

const kalmarId = (session: Session) => session.user.memberships.find((m) => m.organization.code === kalmarCode)!.organization.id;

/** Presses Tab until the element has focus: moving through a form the way a keyboard user does. */
async function tabTo(page: Page, locator: ReturnType<Page['locator']>, max = 15) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(locator).toBeFocused();
}

test('an admin adds a reporter with the keyboard; the link sets a password and the new person signs in', async ({ page, browser }) => {
  const session = await signInAs(page.request, admin);
  const organizationId = kalmarId(session);
  const email = `e2e-rapportor-${Date.now()}@kalmar.demo.fridplan.se`;
  const name = 'Rut Rapportsson';

  await page.goto(`/organizations/${organizationId}/members`);
  await expect(page.getByRole('heading', { level: 1, name: 'Personer och roller' })).toBeVisible();
  await expect(page.getByRole('table', { name: /Personer med tillgång till Kalmar kommun/ })).toBeVisible();
  await checkA11y(page, 'members page');

  // The form, keyboard only: type, Tab, arrow keys in the radio group and the unit combobox, Enter.
  const emailField = page.getByLabel('E-postadress');
  await emailField.focus();
  await page.keyboard.press('Enter');
  // Submitting empty: the summary lists every missing answer, each linked to its field.
  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText(['E-postadress: Skriv personens e-postadress', 'Namn: Skriv personens namn', 'Roll: Välj en roll']);
  await checkA11y(page, 'add form with errors');
  await page.keyboard.press('Tab');
  await expect(summary.getByRole('link').first()).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(emailField).toBeFocused();

  // insertText: the keyboard's text input without a key event per letter (the machine is shared and slow).
  await page.keyboard.insertText(email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Namn', { exact: true })).toBeFocused();
  await page.keyboard.insertText(name);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('radio', { name: 'Administratör' })).toBeFocused();
  // Arrow keys move the choice in a radio group: admin → coordinator → reporter.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Rapportör' })).toBeChecked();
  const unitBox = page.getByRole('combobox', { name: 'Enheter som personen rapporterar för' });
  await expect(unitBox).toBeVisible();
  await tabTo(page, unitBox);
  await page.keyboard.type('socialnamnd');
  // Wait for the answer to the whole word (a slow machine may show results for "soc" first).
  await expect(page.getByRole('listbox', { name: /Förslag/ }).getByRole('option')).toHaveText([/^Socialnämnden/]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: /Valda/ }).getByText('Socialnämnden', { exact: true })).toBeVisible();
  await checkA11y(page, 'add form filled in');
  await tabTo(page, page.getByRole('button', { name: 'Lägg till personen' }));
  await page.keyboard.press('Enter');

  // The link to choose a password: shown once, with its expiry and a copy button; focus goes there.
  const panel = page.getByRole('region', { name: `Länk för att välja lösenord – ${name}` });
  await expect(panel).toBeFocused();
  await expect(panel).toContainText('Länken visas bara den här gången.');
  await expect(panel).toContainText(/Länken gäller till .+ och kan användas en gång/);
  await expect(panel.getByRole('button', { name: 'Kopiera länken' })).toBeVisible();
  const link = await panel.getByLabel('Länk').inputValue();
  expect(link).toMatch(/\/reset-password#token=[\w-]+/);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByRole('cell')).toContainText([email, 'Rapportör', 'Socialnämnden', 'Aldrig', 'Inte satt']);
  await checkA11y(page, 'person added with reset link');
  await panel.getByRole('button', { name: 'Klar, dölj länken' }).click();
  await expect(panel).toBeHidden();

  // The new person, in a browser of their own: the link, a password, then signing in with it.
  const context = await browser.newContext();
  try {
    const newcomer = await context.newPage();
    await newcomer.goto(link);
    await expect(newcomer.getByRole('heading', { level: 1, name: 'Välj ett nytt lösenord' })).toBeVisible();
    await checkA11y(newcomer, 'reset password page');
    const password = 'Mitt-eget-lösenord-för-Fridplan-42';
    await newcomer.getByLabel('Nytt lösenord', { exact: true }).fill(password);
    await newcomer.getByLabel('Upprepa det nya lösenordet').fill(password);
    await newcomer.getByRole('button', { name: 'Spara lösenordet' }).click();
    await expect(newcomer).toHaveURL(/\/login/);
    await expect(newcomer.getByText('Ditt nya lösenord är sparat. Logga in med det.')).toBeVisible();
    await checkA11y(newcomer, 'login after reset');
    await newcomer.getByLabel('E-postadress').fill(email);
    await newcomer.getByLabel('Lösenord', { exact: true }).fill(password);
    await newcomer.getByRole('button', { name: 'Logga in' }).click();
    await expect.poll(async () => (await (await newcomer.request.get('/api/v1/auth/session')).json()).user?.displayName).toBe(name);
    await expect(newcomer.getByRole('navigation', { name: 'Huvudmeny' })).toBeVisible();
    await checkA11y(newcomer, 'signed in as the new reporter');
  } finally {
    await context.close();
  }

  // The admin's table now says the person has a password and when they last signed in.
  await page.reload();
  await expect(page.getByRole('row', { name: new RegExp(name) }).getByRole('cell')).toContainText([email, 'Rapportör', 'Socialnämnden', /\d/, 'Satt']);
  await checkA11y(page, 'members after the first sign-in');
});

test('an admin changes a role, meets a conflict and removes the membership', async ({ page }) => {
  const session = await signInAs(page.request, admin);
  const organizationId = kalmarId(session);
  const h = apiAs(page.request, session);
  const name = `Läsare Konflikt ${Date.now()}`;
  const created = await h.post(`/api/v1/organizations/${organizationId}/members`, { email: `e2e-konflikt-${Date.now()}@kalmar.demo.fridplan.se`, displayName: name, role: 'reader' });

  await page.goto(`/organizations/${organizationId}/members?role=reader`);
  await expect(page.getByRole('table', { name: /Personer med rollen läsare/ })).toBeVisible();
  await page.getByRole('button', { name: `Ändra roll för ${name}` }).click();
  const form = page.getByRole('form', { name: `Ändra roll och enheter för ${name}` });
  await expect(form.getByRole('heading', { level: 2 })).toBeFocused();
  await checkA11y(page, 'edit member form');

  // Someone else makes the person a coordinator meanwhile; this admin's "admin" meets a 409.
  await h.patch(`/api/v1/organizations/${organizationId}/members/${created.member.userId}`, { version: created.member.version, role: 'coordinator' });
  await form.getByRole('radio', { name: 'Administratör' }).check();
  await form.getByRole('button', { name: 'Spara ändringarna' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Någon annan har ändrat samma uppgifter' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('row', { name: /Roll/ }).getByRole('cell')).toHaveText(['Samordnare', 'Administratör']);
  await checkA11y(page, 'member conflict');
  await conflict.getByRole('button', { name: 'Använd serverns version och behåll mina ändringar' }).click();
  await form.getByRole('button', { name: 'Spara ändringarna' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Rollen för ${name} är sparad: administratör.` })).toBeFocused();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toBeHidden(); // filtered to readers
  await page.getByRole('combobox', { name: 'Roll', exact: true }).selectOption('admin');
  await page.getByRole('button', { name: 'Visa', exact: true }).click();
  await expect(page).toHaveURL(/role=admin/);
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Administratör');

  // Removing asks first, in a dialog.
  await page.getByRole('button', { name: `Ta bort för ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Ta bort ${name} från Kalmar kommun?` });
  await expect(dialog).toBeVisible();
  await checkA11y(page, 'remove dialog');
  await dialog.getByRole('button', { name: 'Ta bort tillgången' }).click();
  await expect(page.getByText(`${name} har inte längre tillgång till organisationen.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toBeHidden();
  await checkA11y(page, 'member removed');
});

test('a reporter sees no edit controls on the city-wide plan, is refused its edit page and admin pages, and the API answers 403', async ({ page }) => {
  const session = await signInAs(page.request, reporter);
  const organizationId = kalmarId(session);
  const h = apiAs(page.request, session);
  const plans = await h.get<{ items: { id: string; title: string; parentPlanId: string | null }[] }>(`/api/v1/plans?organizationId=${organizationId}`);
  // The seeded strategy (tests elsewhere add plans of their own to Kalmar).
  const cityWide = plans.items.find((p) => p.parentPlanId === null && p.title.startsWith('Strategi för att förebygga och motverka mäns våld'))!;
  const plan = await h.get(`/api/v1/plans/${cityWide.id}`);

  await page.goto(`/plans/${plan.id}`);
  await expect(page.getByRole('heading', { level: 1, name: plan.title })).toBeVisible();
  const tabs = page.getByRole('navigation', { name: 'Planens sidor' });
  await expect(tabs.getByRole('link', { name: 'Historik' })).toBeVisible();
  await expect(tabs.getByRole('link', { name: 'Redigera uppgifter' })).toHaveCount(0);
  await expect(tabs.getByRole('link', { name: 'Redigera mål och åtgärder' })).toHaveCount(0);
  await checkA11y(page, 'city-wide plan as reporter');

  await page.goto(`/plans/${plan.id}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Du har inte behörighet till den här sidan' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Spara/ })).toHaveCount(0);
  await checkA11y(page, 'plan edit page refused');

  const refused = await h.rawPatch(`/api/v1/plans/${plan.id}`, { version: plan.version, title: 'Reporterns titel' });
  expect(refused.status()).toBe(403);

  // Administration is for admins: a clear page, no crash, no data.
  await page.goto(`/organizations/${organizationId}/members`);
  await expect(page.getByRole('heading', { level: 1, name: 'Du har inte behörighet till den här sidan' })).toBeVisible();
  await expect(page.getByText('Sidan är bara för organisationens administratörer.')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await checkA11y(page, 'members page refused');
  await page.goto(`/organizations/${organizationId}/audit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Du har inte behörighet till den här sidan' })).toBeVisible();
  await checkA11y(page, 'audit page refused');
  // And nothing in the header leads there.
  await expect(page.getByRole('link', { name: /Medlemmar|Ändringslogg|Administration/ })).toHaveCount(0);
});

test('the audit log shows the member creation with the admin’s name, filtered by the address, and exports it as CSV', async ({ page }) => {
  const session = await signInAs(page.request, admin);
  const organizationId = kalmarId(session);
  const h = apiAs(page.request, session);
  const email = `e2e-logg-${Date.now()}@kalmar.demo.fridplan.se`;
  await h.post(`/api/v1/organizations/${organizationId}/members`, { email, displayName: 'Lotta Loggad', role: 'reader' });

  await page.goto(`/organizations/${organizationId}/audit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Händelselogg' })).toBeVisible();
  await checkA11y(page, 'audit log');
  await page.getByLabel('Typ av post', { exact: true }).selectOption('membership');
  await page.getByLabel('Händelse', { exact: true }).selectOption('create');
  await page.getByRole('button', { name: 'Visa händelser' }).click();
  await expect(page).toHaveURL(/entity=membership/);
  await expect(page).toHaveURL(/action=create/);
  const row = page.getByRole('row', { name: new RegExp(email) });
  await expect(row.getByRole('cell')).toContainText([session.user.displayName, 'Skapade', `Medlemskap ${email}`]);
  await row.getByText(/Visa uppgifterna \(\d+\)/).click();
  await expect(row).toContainText('Roll: Läsare');
  await checkA11y(page, 'audit log filtered, creation opened');

  // The CSV has the same filters and the same event.
  const csvHref = await page.getByRole('link', { name: 'Ladda ner som CSV (för Excel)' }).getAttribute('href');
  expect(csvHref).toContain('entity=membership');
  expect(csvHref).toContain('action=create');
  const csv = await page.request.get(csvHref!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const text = await csv.text();
  expect(text).toContain(email);
  expect(text).toContain(session.user.displayName);

  // A date range that ends before it starts is caught at the field.
  await page.goto(`/organizations/${organizationId}/audit?from=2026-05-01&to=2026-04-01`);
  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary.getByRole('link', { name: 'Från-datumet måste vara före till-datumet' })).toBeVisible();
  await checkA11y(page, 'audit log with a bad date range');
});

test('a plan’s history tab and a measure’s history section show edits made here, old → new', async ({ page }) => {
  const session = await signInAs(page.request, admin);
  const organizationId = kalmarId(session);
  const h = apiAs(page.request, session);
  const title = `Historikplan ${Date.now()}`;
  let plan = await h.post('/api/v1/plans', {
    organizationId,
    title,
    kind: 'action_plan',
    nodes: [{ role: 'goal', label: 'Mål', number: '1', text: 'Förebygga våld', measures: [] }],
  });
  plan = await h.patch(`/api/v1/plans/${plan.id}`, { version: plan.version, title: `${title} (reviderad)` });
  const tree = await h.get(`/api/v1/plans/${plan.id}/tree`);
  // Added on its own, so the measure's history starts with its creation.
  await h.post(`/api/v1/nodes/${tree.nodes[0].id}/measures`, { code: '1:1', text: 'Utbilda personal' });
  const measure = (await h.get(`/api/v1/plans/${plan.id}/tree`)).nodes[0].measures[0];
  await h.patch(`/api/v1/measures/${measure.id}`, { version: measure.version, text: 'Utbilda all personal i bemötande' });

  await page.goto(`/plans/${plan.id}`);
  await page.getByRole('navigation', { name: 'Planens sidor' }).getByRole('link', { name: 'Historik' }).click();
  await expect(page).toHaveURL(new RegExp(`/plans/${plan.id}/history$`));
  const timeline = page.getByRole('list', { name: 'Historik' });
  const titleChange = timeline.locator(':scope > li').filter({ hasText: /Ändrade – Plan/ }).first();
  await expect(titleChange).toContainText(session.user.displayName);
  await expect(titleChange).toContainText(`Titel: från ${title} → till ${title} (reviderad)`);
  const measureChange = timeline.locator(':scope > li').filter({ hasText: 'Ändrade – Åtgärd 1:1' }).first();
  await expect(measureChange).toContainText('Text: från Utbilda personal → till Utbilda all personal i bemötande');
  // Newest first: the measure edit was made after the title.
  const items = await timeline.locator(':scope > li').allTextContents();
  expect(items.findIndex((t) => t.includes('Åtgärd 1:1') && t.includes('Ändrade'))).toBeLessThan(items.findIndex((t) => t.includes('reviderad') && t.includes('Ändrade')));
  await checkA11y(page, 'plan history');

  // The measure page's history is closed until asked for, then loaded.
  await measureChange.getByRole('link', { name: '1:1' }).click();
  await expect(page).toHaveURL(new RegExp(`/measures/${measure.id}$`));
  const toggle = page.getByRole('button', { name: 'Visa historiken' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await checkA11y(page, 'measure page, history closed');
  await toggle.click();
  await expect(page.getByRole('button', { name: 'Dölj historiken' })).toHaveAttribute('aria-expanded', 'true');
  const measureTimeline = page.getByRole('list', { name: 'Historik för åtgärden' });
  await expect(measureTimeline.locator(':scope > li').first()).toContainText('Text: från Utbilda personal → till Utbilda all personal i bemötande');
  await expect(measureTimeline.locator(':scope > li').last()).toContainText('Skapade – Åtgärd 1:1');
  await checkA11y(page, 'measure page, history open');
});

test('an admin sets up single sign-on: errors at each field, a secret that is never shown again, mapping rows', async ({ page }) => {
  const session = await signInAs(page.request, admin);
  const organizationId = kalmarId(session);
  await page.goto(`/organizations/${organizationId}/sso`);
  await expect(page.getByRole('heading', { level: 1, name: 'Inloggning via SSO' })).toBeVisible();
  await checkA11y(page, 'sso settings');

  // Empty: the summary links each missing answer to its field.
  const save = page.getByRole('button', { name: 'Spara inställningarna' });
  await page.getByLabel('Tillåtna e-postdomäner').fill('');
  await save.click();
  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary.getByRole('link')).toHaveText([
    'Utfärdare (issuer): Skriv identitetstjänstens adress',
    'Klient-id: Skriv klient-id',
    'Tillåtna e-postdomäner: Skriv minst en tillåten domän',
  ]);
  await checkA11y(page, 'sso settings with errors');
  await summary.getByRole('link', { name: /Klient-id/ }).click();
  await expect(page.getByLabel('Klient-id')).toBeFocused();

  // The server's own checks land at their fields too: the issuer must use https.
  await page.getByLabel('Utfärdare (issuer)').fill('http://login.kalmar.se');
  await page.getByLabel('Klient-id').fill('fridplan');
  await page.getByLabel('Klienthemlighet').fill('hemligt-värde-123');
  await page.getByLabel('Tillåtna e-postdomäner').fill('kalmar.se\nkalmar.demo.fridplan.se');
  await page.getByRole('radio', { name: 'Läsare' }).check();
  await page.getByLabel('Anspråk med roll (valfritt)').fill('groups');
  await page.getByRole('button', { name: 'Lägg till en rad' }).click();
  await expect(page.getByLabel('Värde i anspråket, rad 1')).toBeFocused();
  await page.keyboard.insertText('fridplan-samordnare');
  await page.getByLabel('Roll i Fridplan, rad 1').selectOption('coordinator');
  // Off: the sign-in page of the other tests keeps showing e-mail and password only.
  await page.getByLabel('Inloggning via SSO är på').uncheck();
  await save.click();
  await expect(summary.getByRole('link', { name: /Utfärdare \(issuer\)/ })).toBeVisible();
  await expect(page.getByLabel('Utfärdare (issuer)')).toHaveAttribute('aria-invalid', 'true');
  await checkA11y(page, 'sso settings refused by the server');

  await page.getByLabel('Utfärdare (issuer)').fill('https://login.kalmar.se');
  await save.click();
  await expect(page.getByRole('status').filter({ hasText: 'Inställningarna för inloggning via SSO är sparade.' })).toBeVisible();

  // Read back: the secret is kept, not shown; the mapping row is there.
  await page.reload();
  await expect(page.getByText('En klienthemlighet är sparad.')).toBeVisible();
  await expect(page.getByLabel('Behåll den sparade klienthemligheten')).toBeChecked();
  await expect(page.getByLabel('Ny klienthemlighet')).toHaveCount(0);
  await expect(page.getByLabel('Värde i anspråket, rad 1')).toHaveValue('fridplan-samordnare');
  await expect(page.getByLabel('Roll i Fridplan, rad 1')).toHaveValue('coordinator');
  await expect(page.getByLabel('Inloggning via SSO är på')).not.toBeChecked();
  const stored = await (await page.request.get(`/api/v1/organizations/${organizationId}/sso`)).json();
  expect(stored).toMatchObject({ issuer: 'https://login.kalmar.se', clientId: 'fridplan', hasClientSecret: true, allowedDomains: ['kalmar.se', 'kalmar.demo.fridplan.se'], roleMapping: { 'fridplan-samordnare': 'coordinator' }, enabled: false });
  expect(JSON.stringify(stored)).not.toContain('hemligt-värde-123');
  await checkA11y(page, 'sso settings saved');
});

import type { APIRequestContext, Page } from '@playwright/test';
import { accounts, apiHelpers, checkA11y, expect, signIn, test } from './fixtures';

/*
 * Editing through the UI: creating a plan and its goal tree, editing measures, moving them by
 * keyboard and by drag and drop, validation errors, a concurrent-edit conflict, and the lifecycle.
 * Every test works on plans it creates itself (through the API as the system administrator) and
 * edits them in the browser as Kalmar's coordinator, the role that writes the organization's plans.
 */

test.beforeEach(async ({ page }) => {
  await signIn(page, accounts.coordinator('kalmar'));
});

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function kalmar(request: APIRequestContext) {
  return apiHelpers(request).organization('0880');
}

/** A draft plan with two goals: goal 1 with measures 1:1 and 1:2, goal 2 with measure 2:1. */
async function createPlan(request: APIRequestContext, title = `E2E-plan ${unique()}`) {
  const api = apiHelpers(request);
  const org = await kalmar(request);
  const units = await api.units(org.id);
  const social = units.find((u) => u.name === 'Socialnämnden')!;
  const plan = await api.post<{ id: string; title: string; version: number }>('/api/v1/plans', {
    organizationId: org.id,
    title,
    kind: 'action_plan',
    nodes: [
      {
        role: 'goal',
        label: 'Fokusområde',
        number: '1',
        text: 'Tidig upptäckt',
        measures: [
          { code: '1:1', text: 'Utbilda personal i att fråga om våld', leadUnitIds: [social.id] },
          { code: '1:2', text: 'Ta fram rutiner för skolan' },
        ],
      },
      { role: 'goal', label: 'Fokusområde', number: '2', text: 'Stöd till våldsutsatta', measures: [{ code: '2:1', text: 'Erbjuda samtalsstöd till barn' }] },
    ],
  });
  const tree = await api.tree(plan.id);
  const [goal1, goal2] = tree.nodes;
  return { plan, org, tree, goal1, goal2, measure11: goal1.measures[0], measure12: goal1.measures[1], measure21: goal2.measures[0], social };
}

async function measureOf(request: APIRequestContext, id: string) {
  return apiHelpers(request).get<{ id: string; nodeId: string; position: number; text: string; timeFrame: string | null; units: { name: string; role: string }[]; version: number }>(
    `/api/v1/measures/${id}`,
  );
}

async function chooseUnit(page: Page, pickerInputId: string, search: string, name: string) {
  const input = page.locator(`#${pickerInputId}`);
  await input.fill(search);
  const option = page.getByRole('option', { name: new RegExp(`^${name}`) });
  await expect(option).toBeVisible();
  await option.click();
  await expect(page.getByRole('button', { name: `Ta bort ${name}` })).toBeVisible();
}

test('creates a plan with two goals and three measures through the UI', async ({ page, request }) => {
  const title = `Handlingsplan E2E ${unique()}`;
  await page.goto('/plans/new');
  await expect(page.getByRole('heading', { level: 1, name: 'Skapa ny plan' })).toBeVisible();
  await checkA11y(page, 'new plan form');

  await page.getByLabel('Organisation').selectOption({ label: 'Kalmar kommun' });
  await page.getByLabel('Titel').fill(title);
  await page.getByLabel('Typ av dokument').selectOption({ label: 'Handlingsplan' });
  await page.getByLabel('Gäller från').fill('2025-01-01');
  await page.getByLabel('Gäller till').fill('2027-12-31');
  await expect(page.getByLabel('Ägare')).toContainText('Socialnämnden');
  await page.getByLabel('Ägare').selectOption({ label: 'Socialnämnden' });
  await page.getByLabel('Uppföljning', { exact: true }).selectOption({ label: 'Årligen' });
  await page.getByRole('button', { name: 'Skapa planen' }).click();

  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]+\/structure$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('Planen har inga mål ännu.')).toBeVisible();
  await checkA11y(page, 'structure, empty plan');
  const planId = /\/plans\/([0-9a-f-]+)\/structure/.exec(page.url())![1]!;

  // Two goals at the top level.
  for (const [number, text] of [
    ['1', 'Förebygga våld'],
    ['2', 'Skydd och stöd'],
  ] as const) {
    await page.getByRole('button', { name: 'Lägg till mål', exact: true }).click();
    await expect(page.locator('#new-node-top-text')).toBeFocused();
    if (number === '1') await checkA11y(page, 'structure, add goal form');
    await page.locator('#new-node-top-label').fill('Fokusområde');
    await page.locator('#new-node-top-number').fill(number);
    await page.locator('#new-node-top-text').fill(text);
    await page.getByRole('button', { name: 'Spara', exact: true }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`Fokusområde ${number} ${text}`) })).toBeVisible();
  }

  // Three measures: two under goal 1, one under goal 2, with units chosen in the picker.
  const measures = [
    { goal: 'Förebygga våld', text: 'Utbilda personal om våld i nära relationer', code: '1:1', unit: ['sodermore', 'Södermöre kommundelsförvaltning'] },
    { goal: 'Förebygga våld', text: 'Genomföra kampanjen Orange Week', code: '1:2', unit: ['kultur', 'Kultur- och fritidsnämnden'] },
    { goal: 'Skydd och stöd', text: 'Erbjuda stödsamtal till barn som upplevt våld', code: '2:1', unit: ['socialn', 'Socialnämnden'] },
  ];
  for (const [index, m] of measures.entries()) {
    await page.getByRole('button', { name: new RegExp(`^Lägg till åtgärd under Fokusområde \\d ${m.goal}`) }).click();
    const form = page.locator('form.measure-form');
    const prefix = (await form.locator('textarea').first().getAttribute('id'))!.replace(/-text$/, '');
    await form.locator(`#${prefix}-code`).fill(m.code);
    await form.locator(`#${prefix}-text`).fill(m.text);
    await chooseUnit(page, `${prefix}-lead-input`, m.unit[0]!, m.unit[1]!);
    if (index === 0) {
      // The picker finds units without diacritics, and its open listbox passes axe.
      await page.locator(`#${prefix}-co-input`).fill('soc');
      await expect(page.getByRole('option').first()).toBeVisible();
      await checkA11y(page, 'structure, add measure form with unit suggestions open');
      await page.locator(`#${prefix}-co-input`).press('Escape');
      await page.locator(`#${prefix}-co-input`).fill('');
      await form.getByLabel('Universell').check();
    }
    await form.getByRole('button', { name: 'Spara åtgärden' }).click();
    await expect(page.getByRole('link', { name: new RegExp(`^Redigera Åtgärd ${m.code}`) })).toBeFocused();
  }
  await checkA11y(page, 'structure with two goals and three measures');

  const tree = await apiHelpers(request).tree(planId);
  expect(tree.plan.title).toBe(title);
  expect(tree.nodes.map((n: any) => n.text)).toEqual(['Förebygga våld', 'Skydd och stöd']);
  expect(tree.nodes.map((n: any) => n.measures.map((m: any) => m.code))).toEqual([['1:1', '1:2'], ['2:1']]);
  expect(tree.nodes[0].measures[0].preventionLevels).toEqual(['universal']);
  expect(tree.units.map((u: any) => u.name)).toEqual(expect.arrayContaining(['Södermöre kommundelsförvaltning', 'Kultur- och fritidsnämnden', 'Socialnämnden']));
});

test('edits a measure and sees the change after a reload', async ({ page, request }) => {
  const { measure11, goal1 } = await createPlan(request);
  await page.goto(`/measures/${measure11.id}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Redigera åtgärd 1:1' })).toBeVisible();
  await checkA11y(page, 'edit measure');

  await page.locator('#measure-text').fill('Utbilda all personal i att fråga om våld');
  await chooseUnit(page, 'measure-co-input', 'sodermore', 'Södermöre kommundelsförvaltning');
  await page.locator('#measure-timeFrame').fill('2025–2026');
  await page.getByLabel('Barnrättsperspektiv').check();
  await page.getByRole('button', { name: 'Lägg till exempel' }).click();
  await expect(page.locator('#measure-example-0')).toBeFocused();
  await page.keyboard.type('Utbildningsdag för skolkuratorer');
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Åtgärden är sparad.' })).toBeFocused();
  await checkA11y(page, 'edit measure, saved');

  await page.reload();
  await expect(page.locator('#measure-text')).toHaveValue('Utbilda all personal i att fråga om våld');
  await expect(page.locator('#measure-timeFrame')).toHaveValue('2025–2026');
  await expect(page.getByRole('list', { name: 'Valda – Medansvariga enheter' })).toContainText('Södermöre kommundelsförvaltning');
  await expect(page.getByRole('list', { name: 'Valda – Ansvariga enheter' })).toContainText('Socialnämnden');
  await expect(page.getByLabel('Barnrättsperspektiv')).toBeChecked();
  await expect(page.locator('#measure-example-0')).toHaveValue('Utbildningsdag för skolkuratorer');

  const saved = await measureOf(request, measure11.id);
  expect(saved.units).toEqual([
    { id: expect.any(String), name: 'Socialnämnden', role: 'lead' },
    { id: expect.any(String), name: 'Södermöre kommundelsförvaltning', role: 'co' },
  ]);
  expect(saved.nodeId).toBe(goal1.id);
});

test('creates a missing unit inline in the unit picker', async ({ page, request }) => {
  // Units are the organization's settings: its admin adds one (a coordinator is not offered it).
  await signIn(page, accounts.admin('kalmar'));
  const { measure12 } = await createPlan(request);
  const name = `Fritidsgården E2E ${unique()}`;
  await page.goto(`/measures/${measure12.id}/edit`);
  await page.locator('#measure-lead-input').fill(name);
  await expect(page.locator('#main').getByText(`Ingen enhet matchar ”${name}”`)).toBeVisible();
  const toggle = page.getByRole('button', { name: 'Hittar du inte enheten? Skapa en ny' }).first();
  await expect(toggle).toHaveAttribute('aria-controls', 'measure-lead-new-panel');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#measure-lead-new-name')).toBeFocused();
  await expect(page.locator('#measure-lead-new-name')).toHaveValue(name);
  await page.getByRole('button', { name: 'Skapa och välj enheten' }).click();
  await expect(page.getByText('Måste anges.')).toBeVisible();
  await checkA11y(page, 'unit picker, new unit with an error');
  await page.locator('#measure-lead-new-kind').selectOption({ label: 'Förvaltning' });
  await page.getByRole('button', { name: 'Skapa och välj enheten' }).click();
  await expect(page.getByRole('button', { name: `Ta bort ${name}` })).toBeVisible();
  await expect(page.locator('#measure-lead-input')).toBeFocused();
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  await expect(page.getByText('Åtgärden är sparad.')).toBeVisible();
  expect((await measureOf(request, measure12.id)).units.map((u) => u.name)).toEqual([name]);
});

test('moves a measure to another goal with the keyboard alternative', async ({ page, request }) => {
  const { plan, measure12, goal2, measure21 } = await createPlan(request);
  await page.goto(`/plans/${plan.id}/structure`);
  const move = page.getByRole('button', { name: /^Flytta Åtgärd 1:2/ });
  await move.focus();
  await page.keyboard.press('Enter');
  const target = page.getByLabel('Till mål eller nivå');
  await expect(target).toBeFocused();
  await checkA11y(page, 'structure, move form open');
  await target.selectOption({ label: 'Fokusområde 2 Stöd till våldsutsatta' });
  await page.getByLabel('Plats').selectOption({ label: 'Först' });
  await page.getByRole('button', { name: 'Flytta hit' }).click();

  await expect(page.locator('#main').getByText('Åtgärd 1:2 Ta fram rutiner för skolan har flyttats till Fokusområde 2 Stöd till våldsutsatta, plats 1 av 2.')).toBeVisible();
  await expect(page.getByRole('button', { name: /^Flytta Åtgärd 1:2/ })).toBeFocused();
  await expect(page.getByRole('list', { name: /^Åtgärder under Fokusområde 2/ }).getByRole('listitem')).toHaveCount(2);
  await checkA11y(page, 'structure, after a move');
  const moved = await measureOf(request, measure12.id);
  expect(moved.nodeId).toBe(goal2.id);
  expect(moved.position).toBe(0);
  expect((await measureOf(request, measure21.id)).position).toBe(1);

  // Move down within the goal with the quick button.
  await page.getByRole('button', { name: /^Flytta Åtgärd 1:2/ }).click();
  await page.getByRole('button', { name: 'Flytta ned' }).click();
  await expect(page.getByRole('button', { name: /^Flytta Åtgärd 1:2/ })).toBeFocused();
  await expect.poll(async () => (await measureOf(request, measure12.id)).position).toBe(1);
});

test('moves a measure to another goal by drag and drop', async ({ page, request }) => {
  const { plan, measure11, goal2 } = await createPlan(request);
  // Source and target both in view: a scroll between pressing and moving would start the drag elsewhere.
  await page.setViewportSize({ width: 1280, height: 1400 });
  await page.goto(`/plans/${plan.id}/structure`);
  const row = page.locator(`#measure-${measure11.id} .structure-measure__row`);
  const goalHeader = page.locator(`#node-${goal2.id} > .structure-node__header`);
  await row.dragTo(goalHeader);
  await expect(page.locator('#main').getByText(/^Åtgärd 1:1 .* har flyttats till Fokusområde 2 Stöd till våldsutsatta, plats 2 av 2\.$/)).toBeVisible();
  await expect.poll(async () => (await measureOf(request, measure11.id)).nodeId).toBe(goal2.id);
  await checkA11y(page, 'structure, after drag and drop');
});

test('edits, adds under, and deletes goals in the structure', async ({ page, request }) => {
  const { plan, goal1 } = await createPlan(request);
  await page.goto(`/plans/${plan.id}/structure`);
  await page.getByRole('button', { name: /^Redigera Fokusområde 1 Tidig upptäckt/ }).click();
  const text = page.locator(`#node-form-${goal1.id}-text`);
  await text.fill('Tidig upptäckt och samverkan');
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Fokusområde 1 Tidig upptäckt och samverkan/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Redigera Fokusområde 1 Tidig upptäckt och samverkan/ })).toBeFocused();

  await page.getByRole('button', { name: /^Lägg till undernivå under Fokusområde 1/ }).click();
  await page.locator(`#new-node-${goal1.id}-text`).fill('Genom att utbilda chefer');
  await page.getByRole('button', { name: 'Spara', exact: true }).click();
  await expect(page.getByRole('heading', { name: /Genom att utbilda chefer/ })).toBeVisible();

  await page.getByRole('button', { name: /^Ta bort Fokusområde 1/ }).click();
  const dialog = page.getByRole('dialog', { name: /Ta bort Fokusområde 1/ });
  await expect(dialog).toContainText('Med det tas även 1 undernivå och 2 åtgärder under det bort.');
  await checkA11y(page, 'structure, delete confirmation');
  await dialog.getByRole('button', { name: 'Ta bort' }).click();
  await expect(page.locator('#main').getByText('Fokusområde 1 Tidig upptäckt och samverkan har tagits bort.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Mål och åtgärder' })).toBeFocused();
  const tree = await apiHelpers(request).tree(plan.id);
  expect(tree.nodes.map((n: any) => n.text)).toEqual(['Stöd till våldsutsatta']);
});

test('invalid input shows the error summary linking to the field', async ({ page, request }) => {
  await page.goto('/plans/new');
  await page.getByRole('button', { name: 'Skapa planen' }).click();
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Det finns fel i formuläret' }) });
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveText(['Organisation: Måste anges.', 'Titel: Måste anges.', 'Typ av dokument: Måste anges.']);
  await checkA11y(page, 'new plan, error summary');
  await summary.getByRole('link', { name: 'Titel: Måste anges.' }).click();
  await expect(page.getByLabel('Titel')).toBeFocused();
  await expect(page.getByLabel('Titel')).toHaveAttribute('aria-invalid', 'true');

  // The same on a measure: an empty text and a date range the wrong way round on the plan.
  const { plan, measure11 } = await createPlan(request);
  await page.goto(`/measures/${measure11.id}/edit`);
  await page.locator('#measure-text').fill('');
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  const measureSummary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Det finns fel i formuläret' }) });
  await expect(measureSummary).toBeFocused();
  await checkA11y(page, 'edit measure, error summary');
  await measureSummary.getByRole('link', { name: 'Åtgärd: Måste anges.' }).click();
  await expect(page.locator('#measure-text')).toBeFocused();

  await page.goto(`/plans/${plan.id}/edit`);
  await page.getByLabel('Gäller från').fill('2026-01-01');
  await page.getByLabel('Gäller till').fill('2025-01-01');
  await page.getByRole('button', { name: 'Spara ändringarna' }).click();
  const planSummary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Det finns fel i formuläret' }) });
  await expect(planSummary.getByRole('link')).toHaveText(['Gäller till: Slutdatum får inte ligga före startdatum.']);
  await checkA11y(page, 'edit plan, error summary');
  await planSummary.getByRole('link').click();
  await expect(page.getByLabel('Gäller till')).toBeFocused();
});

test('a conflicting save shows what changed and re-applies the user’s edits on top', async ({ page, request }) => {
  const { measure11 } = await createPlan(request);
  await page.goto(`/measures/${measure11.id}/edit`);
  await page.locator('#measure-text').fill('Min formulering av åtgärden');
  await page.locator('#measure-description').fill('Min beskrivning');

  // Meanwhile someone else changes the same measure.
  const before = await measureOf(request, measure11.id);
  await apiHelpers(request).patch(`/api/v1/measures/${measure11.id}`, { version: before.version, text: 'Deras formulering', timeFrame: 'Hösten 2025' });

  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Någon annan har ändrat samma uppgifter' });
  await expect(notice).toBeFocused();
  const table = notice.getByRole('table', { name: 'Fält som har ändrats på servern sedan du öppnade sidan' });
  await expect(table.getByRole('row', { name: /^Åtgärd/ })).toContainText('Deras formulering');
  await expect(table.getByRole('row', { name: /^Åtgärd/ })).toContainText('Min formulering av åtgärden');
  await expect(table.getByRole('row', { name: /^Åtgärd/ })).toContainText('du har också ändrat');
  await expect(table.getByRole('row', { name: /^Tidsram/ })).toContainText('Hösten 2025');
  await expect(table.getByRole('row')).toHaveCount(3);
  await checkA11y(page, 'edit measure, conflict');

  await notice.getByRole('button', { name: 'Använd serverns version och behåll mina ändringar' }).click();
  await expect(notice).toBeHidden();
  await expect(page.locator('#measure-text')).toHaveValue('Min formulering av åtgärden');
  await expect(page.locator('#measure-timeFrame')).toHaveValue('Hösten 2025');
  await expect(page.locator('#measure-description')).toHaveValue('Min beskrivning');
  await expect(page.getByRole('button', { name: 'Spara åtgärden' })).toBeFocused();
  await page.getByRole('button', { name: 'Spara åtgärden' }).click();
  await expect(page.getByText('Åtgärden är sparad.')).toBeVisible();

  const after = await measureOf(request, measure11.id);
  expect(after.text).toBe('Min formulering av åtgärden');
  expect(after.timeFrame).toBe('Hösten 2025');
  expect(after.version).toBeGreaterThan(before.version + 1);
});

test('a conflict can also be resolved by discarding the user’s edits', async ({ page, request }) => {
  const { plan } = await createPlan(request);
  await page.goto(`/plans/${plan.id}/edit`);
  await page.getByLabel('Sammanfattning').fill('Min sammanfattning');
  const current = await apiHelpers(request).get<{ version: number }>(`/api/v1/plans/${plan.id}`);
  await apiHelpers(request).patch(`/api/v1/plans/${plan.id}`, { version: current.version, summary: 'Deras sammanfattning' });
  await page.getByRole('button', { name: 'Spara ändringarna' }).click();
  const notice = page.getByRole('alert').filter({ hasText: 'Någon annan har ändrat samma uppgifter' });
  await expect(notice.getByRole('row', { name: /^Sammanfattning/ })).toContainText('Deras sammanfattning');
  await checkA11y(page, 'edit plan, conflict');
  await notice.getByRole('button', { name: 'Kasta mina ändringar' }).click();
  await expect(page.getByLabel('Sammanfattning')).toHaveValue('Deras sammanfattning');
});

test('edits plan details and sections', async ({ page, request }) => {
  const { plan } = await createPlan(request);
  await page.goto(`/plans/${plan.id}/edit`);
  await checkA11y(page, 'edit plan');
  await page.getByLabel('Titel').fill(`${plan.title} (reviderad)`);
  await page.getByLabel('Kommentar om giltighet').fill('tills vidare');
  await page.getByRole('button', { name: 'Lägg till avsnitt' }).click();
  await expect(page.locator('#plan-section-0-heading')).toBeFocused();
  await page.locator('#plan-section-0-heading').fill('Bakgrund');
  await page.locator('#plan-section-0-body').fill('Våld i nära relationer är ett folkhälsoproblem.');
  await page.getByRole('button', { name: 'Lägg till avsnitt' }).click();
  await page.locator('#plan-section-1-heading').fill('Definitioner');
  await page.locator('#plan-section-1-body').fill('Med våld avses …');
  await page.getByRole('button', { name: 'Flytta upp Avsnitt 2' }).click();
  await expect(page.locator('#plan-section-0-heading')).toHaveValue('Definitioner');
  await expect(page.getByRole('button', { name: 'Flytta ned Avsnitt 1' })).toBeFocused();
  await page.locator('summary', { hasText: 'Agenda 2030' }).click();
  await page.getByRole('group', { name: 'Agenda 2030' }).getByLabel(/^5\. /).check();
  await page.getByLabel('Hedersrelaterat våld och förtryck').check();
  await page.getByRole('button', { name: 'Spara ändringarna' }).click();
  await expect(page.getByText('Ändringarna är sparade.')).toBeVisible();
  const saved = await apiHelpers(request).get<any>(`/api/v1/plans/${plan.id}`);
  expect(saved.title).toBe(`${plan.title} (reviderad)`);
  expect(saved.validityNote).toBe('tills vidare');
  expect(saved.sections.map((s: any) => s.heading)).toEqual(['Definitioner', 'Bakgrund']);
  expect(saved.frameworkLinks).toEqual(['agenda2030:5']);
  expect(saved.violenceForms).toEqual(['honour']);
});

test('lifecycle: send out, back to draft, adopt with a decision', async ({ page, request }) => {
  const { plan } = await createPlan(request);
  await page.goto(`/plans/${plan.id}/edit`);
  await expect(page.getByText('Planen har status: Utkast.')).toBeVisible();

  await page.getByRole('button', { name: 'Skicka på remiss' }).click();
  let dialog = page.getByRole('dialog', { name: 'Skicka planen på remiss' });
  await expect(dialog).toContainText('fryst version');
  await checkA11y(page, 'lifecycle, send out dialog');
  await dialog.getByLabel('Namn på versionen').fill('Remissversion');
  await dialog.getByRole('button', { name: 'Skicka på remiss' }).click();
  await expect(page.getByText('Planen har status: På remiss.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Status och beslut' })).toBeFocused();

  await page.getByRole('button', { name: 'Ta tillbaka till utkast' }).click();
  dialog = page.getByRole('dialog', { name: 'Ta tillbaka planen till utkast' });
  await dialog.getByRole('button', { name: 'Ta tillbaka till utkast' }).click();
  await expect(page.getByText('Planen har status: Utkast.')).toBeVisible();

  await page.getByRole('button', { name: 'Registrera beslut om antagande' }).click();
  dialog = page.getByRole('dialog', { name: 'Registrera att planen är antagen' });
  await dialog.getByLabel(/^Beslutande organ/).fill('Kommunfullmäktige');
  await dialog.getByLabel('Paragraf').fill('§ 42');
  await dialog.getByLabel('Diarienummer').fill('KS 2025/17');
  await dialog.getByRole('button', { name: 'Registrera beslutet' }).click();
  const summary = dialog.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'Det finns fel i formuläret' }) });
  await expect(summary.getByRole('link')).toHaveText(['Beslutsdatum: Måste anges.']);
  await expect(dialog.locator('#transition-decisionDate')).toHaveAttribute('aria-invalid', 'true');
  await checkA11y(page, 'lifecycle, adopt dialog with a missing date');
  await summary.getByRole('link').click();
  await expect(dialog.locator('#transition-decisionDate')).toBeFocused();
  await dialog.locator('#transition-decisionDate').fill('2025-03-20');
  await dialog.getByRole('button', { name: 'Registrera beslutet' }).click();
  await expect(page.getByText('Planen har status: Antagen.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Planen kan inte ändras' })).toBeVisible();
  await checkA11y(page, 'edit plan, adopted');

  const adopted = await apiHelpers(request).get<any>(`/api/v1/plans/${plan.id}`);
  expect(adopted.status).toBe('adopted');
  expect(adopted.decision).toEqual({ body: 'Kommunfullmäktige', date: '2025-03-20', paragraph: '§ 42', registryNumber: 'KS 2025/17' });
  const versions = await apiHelpers(request).get<any[]>(`/api/v1/plans/${plan.id}/versions`);
  expect(versions.map((v) => v.reason)).toEqual(expect.arrayContaining(['consultation', 'adoption']));

  // The structure says the plan is locked and offers a new version, which keeps the adopted plan.
  await page.goto(`/plans/${plan.id}/structure`);
  await expect(page.getByRole('heading', { name: 'Planen kan inte ändras' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Flytta/ })).toHaveCount(0);
  await checkA11y(page, 'structure, adopted plan');
  await page.getByRole('button', { name: 'Skapa ny version' }).click();
  dialog = page.getByRole('dialog', { name: 'Skapa en ny version av planen' });
  await expect(dialog).toContainText('Den antagna planen ligger kvar oförändrad');
  await dialog.getByLabel('Titel på den nya versionen').fill(`${plan.title} 2026`);
  await dialog.getByRole('button', { name: 'Skapa ny version' }).click();
  await page.waitForURL((url) => /\/plans\/[0-9a-f-]+\/structure$/.test(url.pathname) && !url.pathname.includes(plan.id));
  await expect(page.getByRole('heading', { level: 1, name: `${plan.title} 2026` })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Flytta Åtgärd 1:1/ })).toBeVisible();
  expect((await apiHelpers(request).get<any>(`/api/v1/plans/${plan.id}`)).status).toBe('adopted');
});

test('warns before leaving a form with unsaved changes', async ({ page, request }) => {
  const { plan, measure11 } = await createPlan(request);
  await page.goto(`/measures/${measure11.id}/edit`);
  await page.locator('#measure-text').fill('En ändring som inte är sparad');
  const messages: string[] = [];
  page.once('dialog', (dialog) => {
    messages.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('link', { name: 'Mål och åtgärder' }).click();
  await expect.poll(() => messages).toEqual(['Du har ändringar som inte är sparade. Vill du lämna sidan ändå?']);
  await expect(page).toHaveURL(new RegExp(`/measures/${measure11.id}/edit$`));
  await expect(page.locator('#measure-text')).toHaveValue('En ändring som inte är sparad');

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('link', { name: 'Mål och åtgärder' }).click();
  await expect(page).toHaveURL(new RegExp(`/plans/${plan.id}/structure$`));
  expect((await measureOf(request, measure11.id)).text).toBe('Utbilda personal i att fråga om våld');
});

test('the editing pages work in English', async ({ page, request }) => {
  const { plan, measure11 } = await createPlan(request);
  await page.goto('/plans/new');
  await page.getByRole('button', { name: 'In English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Create a new plan' })).toBeVisible();
  await page.getByRole('button', { name: 'Create the plan' }).click();
  await expect(page.getByRole('link', { name: 'Title: Is required.' })).toBeVisible();
  await checkA11y(page, 'new plan (en), error summary');
  await page.goto(`/plans/${plan.id}/structure`);
  await expect(page.getByRole('heading', { level: 2, name: 'Goals and measures' })).toBeVisible();
  await page.getByRole('button', { name: /^Move Measure 1:1/ }).click();
  await expect(page.getByLabel('To goal or level')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('button', { name: /^Move Measure 1:1/ })).toBeFocused();
  await checkA11y(page, 'structure (en)');
  await page.goto(`/measures/${measure11.id}/edit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Edit measure 1:1' })).toBeVisible();
  await expect(page.getByRole('group', { name: 'Prevention level' })).toContainText('Universal');
  await checkA11y(page, 'edit measure (en)');
  await page.goto(`/plans/${plan.id}/edit`);
  await expect(page.getByRole('button', { name: 'Send out for consultation' })).toBeVisible();
  await checkA11y(page, 'edit plan (en)');
  await page.getByRole('button', { name: 'På svenska' }).click();
});

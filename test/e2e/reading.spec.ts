import type { Page } from '@playwright/test';
import { accounts, apiHelpers, checkA11y, expect, signIn, test } from './fixtures';

/*
 * Reading plans: the plan page, the measures table with its filters and sorting, a measure's page,
 * the print view and the search page. The seeded plans are only read; the breakdown test creates an
 * organization and plans of its own.
 */

const sodertaljeTitle = 'Handlingsplan Fri från våld 2024–2027';

interface TreeMeasure {
  id: string;
  code: string | null;
  leadUnitIds: string[];
  coUnitIds: string[];
  preventionLevels: string[];
  position: number;
}
interface TreeNode {
  role: string;
  position: number;
  measures: TreeMeasure[];
  children: TreeNode[];
}

/** Every measure in document order, as the plan page shows them. */
function measuresInOrder(nodes: TreeNode[]): TreeMeasure[] {
  return [...nodes]
    .sort((a, b) => a.position - b.position)
    .flatMap((n) => [...[...n.measures].sort((a, b) => a.position - b.position), ...measuresInOrder(n.children)]);
}

/** "1:2" < "1:10" < "2:1". */
function byCode(a: string, b: string): number {
  const pa = a.split(/\D+/).map(Number);
  const pb = b.split(/\D+/).map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

async function sodertalje(request: Parameters<typeof apiHelpers>[0]) {
  const api = apiHelpers(request);
  const org = await api.organization('0181');
  const plan = (await api.plans(org.id)).items.find((p) => p.title === sodertaljeTitle)!;
  const tree = await api.tree(plan.id);
  const units = await api.units(org.id);
  const socialnamnden = units.find((u) => u.name === 'Socialnämnden')!;
  return { api, org, plan, tree, units, socialnamnden, measures: measuresInOrder(tree.nodes as TreeNode[]) };
}

const tableCodes = (page: Page) => page.locator('.measure-table tbody tr td:first-child').allInnerTexts();

test('a reader opens Södertälje’s plan from the home page and reads its decision, sections and goal tree', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: sodertaljeTitle }).click();
  await expect(page.getByRole('heading', { level: 1, name: sodertaljeTitle })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(sodertaljeTitle));
  await expect(page.getByRole('navigation', { name: 'Planens sidor' }).getByRole('link', { name: 'Översikt' })).toHaveAttribute('aria-current', 'page');

  const facts = page.locator('dl.summary-list');
  await expect(facts.locator('dt', { hasText: 'Diarienummer' }).locator('+ dd')).toHaveText('KS 23/189');
  await expect(facts.locator('time[datetime="2023-12-15"]')).toHaveText('15 december 2023');
  await expect(facts.locator('dt', { hasText: 'Fastställd av' }).locator('+ dd')).toHaveText('Kommunstyrelsen');
  await expect(facts.locator('dt', { hasText: 'Ersätter' }).locator('+ dd')).toContainText('KS 20/154');
  await expect(facts.locator('dt', { hasText: 'Giltighetstid' }).locator('+ dd')).toHaveText('1 januari 2024 – 31 december 2027');
  await expect(facts.locator('dt', { hasText: 'Kopplingar till mål och ramverk' }).locator('+ dd')).toContainText('Agenda 2030: Mål 5 Jämställdhet');
  await expect(facts.locator('dt', { hasText: 'Innehåll' }).locator('+ dd')).toHaveText('5 mål, 33 åtgärder');

  await expect(page.getByRole('heading', { level: 3, name: /^Fokusområde \d: / })).toHaveCount(5);
  await expect(page.getByRole('heading', { level: 3, name: 'Fokusområde 1: Kommunen arbetar våldsförebyggande' })).toBeVisible();
  await expect(page.locator('.goal-tree li.measure')).toHaveCount(33);
  await expect(page.getByText('Planen har 5 mål och 33 åtgärder.')).toBeVisible();
  // Conditions "på plats" read as a list under their focus area; 1:7 does not exist in the plan.
  await expect(page.getByRole('heading', { name: 'Behöver vara på plats' }).first()).toBeVisible();
  const orangeWeek = page.locator('li.measure', { hasText: 'Orange Week' });
  await expect(orangeWeek).toContainText('1:6');
  await expect(orangeWeek).toContainText('Ansvar: Kommunstyrelsen. Medansvar: Socialnämnden, Omsorgsnämnden');
  await expect(orangeWeek.locator('.chip')).toHaveText(['Universell']);
  await expect(page.locator('.measure__code', { hasText: /^1:7$/ })).toHaveCount(0);
  await checkA11y(page, 'plan page');

  const purpose = page.locator('details', { has: page.locator('summary', { hasText: 'Syfte' }) });
  await expect(purpose.getByText('Handlingsplanen ska fungera som ett stöd')).toBeHidden();
  await purpose.locator('summary').click();
  await expect(purpose.getByText('Handlingsplanen ska fungera som ett stöd')).toBeVisible();
  await checkA11y(page, 'plan page with a section open');

  // The plan navigation works from the keyboard: the heading has focus on arrival, Tab reaches the tabs.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: sodertaljeTitle })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Översikt' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Åtgärder', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/measures$/);
  await expect(page.getByRole('link', { name: 'Åtgärder', exact: true })).toHaveAttribute('aria-current', 'page');
});

test('the measures table filters to Socialnämnden + Indikerad, keeps the view in the address and sorts by code', async ({ page, request }) => {
  const { plan, socialnamnden, measures } = await sodertalje(request);
  const expected = measures
    .filter((m) => (m.leadUnitIds.includes(socialnamnden.id) || m.coUnitIds.includes(socialnamnden.id)) && m.preventionLevels.includes('indicated'))
    .map((m) => m.code!);
  const expectedLead = measures.filter((m) => m.leadUnitIds.includes(socialnamnden.id) && m.preventionLevels.includes('indicated')).map((m) => m.code!);
  expect(expected.length).toBeGreaterThan(5);
  expect(expectedLead.length).toBeLessThan(expected.length);

  await page.goto(`/plans/${plan.id}/measures`);
  await expect(page.getByRole('heading', { level: 1, name: sodertaljeTitle })).toBeVisible();
  await expect(page).toHaveTitle(/^Åtgärder – /);
  await expect(page.locator('.result-count')).toHaveText('33 åtgärder');
  await expect.poll(() => tableCodes(page)).toEqual(measures.map((m) => m.code));
  await checkA11y(page, 'measures table');

  await page.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Socialnämnden' });
  await page.getByRole('checkbox', { name: 'Indikerad' }).check();
  await page.getByRole('button', { name: 'Filtrera' }).click();
  await expect(page.locator('.result-count')).toHaveText(`${expected.length} av 33 åtgärder`);
  await expect.poll(() => tableCodes(page)).toEqual(expected);
  await expect(page).toHaveURL(new RegExp(`unit=${socialnamnden.id}`));
  await expect(page).toHaveURL(/level=indicated/);
  // The count is said to screen-reader users.
  await expect(page.locator('[role="status"]')).toHaveText(`${expected.length} av 33 åtgärder`);
  await checkA11y(page, 'measures filtered');

  // The address reproduces the view.
  const filteredUrl = page.url();
  await page.reload();
  await expect(page.locator('.result-count')).toHaveText(`${expected.length} av 33 åtgärder`);
  await expect.poll(() => tableCodes(page)).toEqual(expected);
  await expect(page.getByLabel('Enhet', { exact: true })).toHaveValue(socialnamnden.id);
  await expect(page.getByRole('checkbox', { name: 'Indikerad' })).toBeChecked();
  await page.goto(filteredUrl);
  await expect.poll(() => tableCodes(page)).toEqual(expected);

  // Sorting by code, both ways, with aria-sort on the column header; the filters stay.
  const codeHeader = page.getByRole('columnheader', { name: 'Nr' });
  await codeHeader.getByRole('button').click();
  await expect(codeHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => tableCodes(page)).toEqual([...expected].sort(byCode));
  await codeHeader.getByRole('button').click();
  await expect(codeHeader).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => tableCodes(page)).toEqual([...expected].sort(byCode).reverse());
  await expect(page).toHaveURL(/sort=code&dir=desc/);
  await expect(codeHeader.getByRole('button')).toBeFocused();
  await checkA11y(page, 'measures sorted by code, descending');
  await page.reload();
  await expect(page.getByRole('columnheader', { name: 'Nr' })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(() => tableCodes(page)).toEqual([...expected].sort(byCode).reverse());

  // Sorting by another column.
  await page.getByRole('columnheader', { name: 'Ansvarig', exact: true }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: 'Ansvarig', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  await expect(page.getByRole('columnheader', { name: 'Nr' })).not.toHaveAttribute('aria-sort', /.*/);

  // Only where Socialnämnden is the responsible board.
  await page.getByRole('radio', { name: 'Ansvarig', exact: true }).check();
  await page.getByRole('button', { name: 'Filtrera' }).click();
  await expect(page.locator('.result-count')).toHaveText(`${expectedLead.length} av 33 åtgärder`);
  await expect.poll(async () => (await tableCodes(page)).sort(byCode)).toEqual([...expectedLead].sort(byCode));
  await expect(page).toHaveURL(/role=lead/);

  await page.getByRole('link', { name: 'Rensa filter' }).click();
  await expect(page.locator('.result-count')).toHaveText('33 åtgärder');
  await expect(page.getByLabel('Enhet', { exact: true })).toHaveValue('');
  await expect(page.getByRole('checkbox', { name: 'Indikerad' })).not.toBeChecked();
});

test('free text in the measures table finds measures regardless of diacritics', async ({ page, request }) => {
  const { plan } = await sodertalje(request);
  await page.goto(`/plans/${plan.id}/measures`);
  await page.getByLabel('Fritext').fill('orange week');
  await page.getByRole('button', { name: 'Filtrera' }).click();
  await expect(page.locator('.result-count')).toHaveText('1 av 33 åtgärder');
  await expect.poll(() => tableCodes(page)).toEqual(['1:6']);
});

test('a measure page shows everything about the measure', async ({ page, request }) => {
  const { plan } = await sodertalje(request);
  await page.goto(`/plans/${plan.id}/measures`);
  await page.getByRole('link', { name: /^Arrangera kampanjveckan Orange Week/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Åtgärd 1:6' })).toBeVisible();
  await expect(page).toHaveTitle(/^Åtgärd 1:6 – Handlingsplan Fri från våld/);
  await expect(page.getByText(/^Arrangera kampanjveckan Orange Week/).first()).toBeVisible();
  const facts = page.locator('dl.summary-list');
  await expect(facts.locator('dt', { hasText: /^Ansvarig$/ }).locator('+ dd')).toHaveText('Kommunstyrelsen');
  await expect(facts.locator('dt', { hasText: /^Medansvarig$/ }).locator('+ dd')).toContainText('Socialnämnden, Omsorgsnämnden, Äldreomsorgsnämnden');
  await expect(facts.locator('dt', { hasText: 'Ansvar enligt planen' }).locator('+ dd')).toContainText('Kommunstyrelsen. Medansvarig:');
  await expect(facts.locator('dt', { hasText: 'Preventionsnivåer' }).locator('+ dd')).toHaveText('Universell');
  await expect(facts.getByRole('link', { name: 'Fokusområde 1: Kommunen arbetar våldsförebyggande' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Nedbrytning' })).toBeVisible();
  // The public reads the published plan but is offered no editing; the organization's coordinator is.
  await expect(page.getByRole('link', { name: 'Redigera åtgärden' })).toHaveCount(0);
  await checkA11y(page, 'measure page');
  await signIn(page, accounts.coordinator('sodertalje'));
  await page.reload();
  await expect(page.getByRole('link', { name: 'Redigera åtgärden' })).toHaveAttribute('href', /\/measures\/[0-9a-f-]+\/edit$/);
  await checkA11y(page, 'measure page, signed in as coordinator');

  // The goal link leads to the goal on the plan page.
  await facts.getByRole('link', { name: 'Fokusområde 1: Kommunen arbetar våldsförebyggande' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Fokusområde 1: Kommunen arbetar våldsförebyggande' })).toBeFocused();
});

test('a measure broken down in a unit’s plan shows where and how, and the plans link to each other', async ({ page, request }) => {
  const api = apiHelpers(request);
  // An organization of the test's own (any real municipality code the seeds and other tests leave free).
  let org: { id: string } | undefined;
  for (const [code, name] of [['2510', 'Jokkmokks kommun'], ['2506', 'Arjeplogs kommun'], ['2521', 'Pajala kommun'], ['2518', 'Övertorneå kommun'], ['2513', 'Överkalix kommun']] as const) {
    const response = await request.post('/api/v1/organizations', { data: { code, name }, headers: await api.headers() });
    if (response.ok()) {
      org = (await response.json()) as { id: string };
      break;
    }
  }
  if (!org) throw new Error('no free municipality code for the test organization');
  const board = await api.post<{ id: string }>(`/api/v1/organizations/${org.id}/units`, { name: 'Socialnämnden', kind: 'board' });
  const school = await api.post<{ id: string }>(`/api/v1/organizations/${org.id}/units`, { name: 'Skolnämnden', kind: 'board' });
  const cityPlan = await api.post<{ id: string }>('/api/v1/plans', {
    organizationId: org.id,
    title: 'Kommunövergripande plan mot våld 2025–2028',
    kind: 'plan',
    validFrom: '2025-01-01',
    nodes: [
      {
        role: 'goal',
        label: 'Mål',
        number: '1',
        text: 'Ingen ska utsättas för våld',
        measures: [{ code: 'A1', text: 'Utbilda all personal om våld i nära relationer', leadUnitIds: [board.id], coUnitIds: [school.id], preventionLevels: ['universal'] }],
      },
    ],
  });
  const cityTree = await api.tree(cityPlan.id);
  const parentMeasureId = cityTree.nodes[0].measures[0].id as string;
  const unitPlan = await api.post<{ id: string }>('/api/v1/plans', {
    organizationId: org.id,
    title: 'Skolnämndens aktivitetsplan 2025',
    kind: 'activity_plan',
    parentPlanId: cityPlan.id,
    ownerUnitId: school.id,
    nodes: [{ role: 'goal', text: 'Kunnig personal', measures: [{ code: 'S1', text: 'Utbildningsdag för lärare om våld', leadUnitIds: [school.id], parentMeasureId }] }],
  });

  // Draft plans of an organization without members: read as the system administrator.
  await signIn(page);
  await page.goto(`/measures/${parentMeasureId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Åtgärd A1' })).toBeVisible();
  const breakdowns = page.locator('section', { has: page.getByRole('heading', { name: 'Nedbrytning' }) });
  await expect(breakdowns.getByRole('link', { name: 'Skolnämndens aktivitetsplan 2025' })).toBeVisible();
  await expect(breakdowns).toContainText('Ansvarig för planen: Skolnämnden');
  await checkA11y(page, 'measure page with a breakdown');
  await breakdowns.getByRole('link', { name: 'S1 Utbildningsdag för lärare om våld' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Åtgärd S1' })).toBeVisible();
  await expect(page.locator('dl.summary-list dt', { hasText: 'Bryter ned åtgärden' }).locator('+ dd')).toContainText('A1 Utbilda all personal');

  await page.goto(`/plans/${cityPlan.id}`);
  await expect(page.locator('dt', { hasText: 'Planer som bryter ned den här planen' }).locator('+ dd').getByRole('link', { name: 'Skolnämndens aktivitetsplan 2025' })).toBeVisible();
  await expect(page.locator('dt', { hasText: 'Beslut' }).locator('+ dd')).toHaveText('Inget beslut registrerat');
  await expect(page.locator('dt', { hasText: 'Giltighetstid' }).locator('+ dd')).toHaveText('1 januari 2025 – tills vidare');
  await page.goto(`/plans/${unitPlan.id}`);
  await expect(page.locator('dt', { hasText: 'Bryter ned planen' }).locator('+ dd').getByRole('link', { name: 'Kommunövergripande plan mot våld 2025–2028' })).toBeVisible();
  // A goal without a written number is numbered by its place.
  await expect(page.getByRole('heading', { level: 3, name: 'Mål 1: Kunnig personal' })).toBeVisible();
  await checkA11y(page, 'unit plan that breaks down a city-wide plan');
});

test('the print view reads like the municipality’s document and leaves the chrome out of print', async ({ page, request }) => {
  const { plan } = await sodertalje(request);
  await page.goto(`/plans/${plan.id}`);
  await page.getByRole('navigation', { name: 'Planens sidor' }).getByRole('link', { name: 'Skriv ut' }).click();
  await expect(page.getByRole('heading', { level: 1, name: sodertaljeTitle })).toBeVisible();
  await expect(page.getByText('Fastställd av Kommunstyrelsen den 15 december 2023, dnr KS 23/189')).toBeVisible();
  await expect(page.getByText('1 januari 2024 – 31 december 2027')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Syfte' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Fokusområde \d: / })).toHaveCount(5);
  await expect(page.locator('.print-measure')).toHaveCount(33);
  const orangeWeek = page.locator('.print-measure', { hasText: 'Orange Week' });
  await expect(orangeWeek).toContainText('Åtgärd 1:6');
  await expect(orangeWeek).toContainText('Ansvarig: Kommunstyrelsen');
  await expect(orangeWeek).toContainText('Medansvarig: Socialnämnden');
  await expect(orangeWeek).toContainText('Preventionsnivå: Universell');
  const printButton = page.getByRole('button', { name: 'Skriv ut' });
  await expect(printButton).toBeVisible();
  await checkA11y(page, 'print view');

  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  await printButton.click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  await page.emulateMedia({ media: 'print' });
  await expect(printButton).toBeHidden();
  await expect(page.getByRole('navigation', { name: 'Planens sidor' })).toBeHidden();
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: sodertaljeTitle })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
});

test('the search page looks across an organization’s plans, with the same filters, and keeps its state in the address', async ({ page, request }) => {
  const { org, plan, socialnamnden, measures } = await sodertalje(request);
  const expected = measures.filter((m) => (m.leadUnitIds.includes(socialnamnden.id) || m.coUnitIds.includes(socialnamnden.id)) && m.preventionLevels.includes('indicated'));

  await page.goto('/');
  await page.getByRole('navigation', { name: 'Huvudmeny' }).getByRole('link', { name: 'Sök åtgärder' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sök åtgärder' })).toBeVisible();
  await checkA11y(page, 'search page, no organization chosen');
  await page.getByRole('button', { name: 'Visa åtgärder' }).click();
  const summary = page.getByRole('alert');
  await expect(summary).toBeFocused();
  await summary.getByRole('link', { name: 'Välj en organisation.' }).click();
  await expect(page.getByLabel('Organisation', { exact: true })).toBeFocused();
  await checkA11y(page, 'search page, organization missing');

  await page.getByLabel('Organisation', { exact: true }).selectOption({ label: 'Södertälje kommun' });
  await page.getByRole('button', { name: 'Visa åtgärder' }).click();
  await expect(page).toHaveURL(new RegExp(`org=${org.id}`));
  await expect(page.locator('.result-count')).toHaveText(`${measures.length} åtgärder i 1 plan`);
  await expect(page.getByRole('heading', { level: 3, name: sodertaljeTitle })).toBeVisible();
  await checkA11y(page, 'search page, all of an organization’s measures');

  await page.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Socialnämnden' });
  await page.getByRole('checkbox', { name: 'Indikerad' }).check();
  await page.getByLabel('Plan', { exact: true }).selectOption({ label: sodertaljeTitle });
  await page.getByRole('button', { name: 'Sök', exact: true }).click();
  await expect(page.locator('.result-count')).toHaveText(`${expected.length} åtgärder i 1 plan`);
  await expect(page.locator('.search-group li.measure')).toHaveCount(expected.length);
  await expect(page).toHaveURL(new RegExp(`plan=${plan.id}`));
  await checkA11y(page, 'search page filtered');
  await page.reload();
  await expect(page.locator('.result-count')).toHaveText(`${expected.length} åtgärder i 1 plan`);
  await expect(page.getByRole('checkbox', { name: 'Indikerad' })).toBeChecked();

  // The same view in the plan's own table.
  await page.getByRole('link', { name: 'Visa i planens åtgärdstabell' }).click();
  await expect(page.locator('.result-count')).toHaveText(`${expected.length} av 33 åtgärder`);

  // Free text, across organizations' words, and an organization whose measures are all unnumbered.
  await page.goto(`/search?org=${org.id}&q=orange`);
  await expect(page.locator('.result-count')).toHaveText('1 åtgärd i 1 plan');
  await expect(page.getByRole('link', { name: /^1:6 Arrangera kampanjveckan Orange Week/ })).toBeVisible();
  await page.getByLabel('Fritext').fill('ingenting sådant finns xyz');
  await page.getByRole('button', { name: 'Sök', exact: true }).click();
  await expect(page.getByText('Inga åtgärder matchar sökningen.')).toBeVisible();
  await checkA11y(page, 'search page, no hits');
});

test('plans without measures read well: Växjö’s development areas and focus items', async ({ page, request }) => {
  const api = apiHelpers(request);
  const org = await api.organization('0780');
  const plan = (await api.plans(org.id)).items[0]!;
  await page.goto(`/plans/${plan.id}`);
  await expect(page.getByRole('heading', { level: 1, name: plan.title })).toBeVisible();
  await expect(page.locator('dt', { hasText: 'Giltighetstid' }).locator('+ dd')).toHaveText('17 november 2020 – Tills vidare');
  await expect(page.locator('dt', { hasText: 'Paragraf' }).locator('+ dd')).toHaveText('§ 259');
  await expect(page.getByText('Planen innehåller inga åtgärder.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 3, name: /^Utvecklingsområde 3\.\d: / })).toHaveCount(4);
  await expect(page.getByRole('heading', { level: 4, name: /^Insatsområde 3\.1\.1: / })).toBeVisible();
  await expect(page.getByText('Inga åtgärder under det här målet.')).toHaveCount(0);
  await checkA11y(page, 'plan without measures');

  await page.getByRole('link', { name: 'Åtgärder', exact: true }).click();
  await expect(page.getByText('Planen innehåller inga åtgärder.')).toBeVisible();
  await expect(page.locator('.measure-table')).toHaveCount(0);
  await checkA11y(page, 'measures page of a plan without measures');

  await page.getByRole('link', { name: 'Skriv ut' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /^Utvecklingsområde 3\.1: / })).toBeVisible();
  await expect(page.getByText('Fastställd av Kommunfullmäktige den 17 november 2020, § 259, dnr KS/2016-00237')).toBeVisible();
  await checkA11y(page, 'print view of a plan without measures');
});

test('Malmö: the administration plan under the city-wide plan, with "genom att" strategies and unnumbered activities', async ({ page, request }) => {
  const api = apiHelpers(request);
  const org = await api.organization('1280');
  const plans = (await api.plans(org.id)).items;
  const cityWide = plans.find((p) => p.title === 'Fri från våld – en gemensam angelägenhet')!;
  await page.goto(`/plans/${cityWide.id}`);
  await expect(page.getByRole('heading', { name: 'Genom att' }).first()).toBeVisible();
  const children = page.locator('dt', { hasText: 'Planer som bryter ned den här planen' }).locator('+ dd');
  await children.getByRole('link').first().click();
  await expect(page.locator('dt', { hasText: 'Bryter ned planen' }).locator('+ dd')).toContainText(cityWide.title);
  await expect(page.getByRole('heading', { level: 3, name: /^Inriktningsmål 1: / })).toBeVisible();
  await checkA11y(page, 'Malmö administration plan');
  await page.getByRole('link', { name: 'Åtgärder', exact: true }).click();
  await expect(page.getByRole('columnheader', { name: 'Omfattning' })).toBeVisible();
  await page.getByRole('checkbox', { name: 'I samverkan' }).check();
  await page.getByRole('button', { name: 'Filtrera' }).click();
  await expect(page.locator('.result-count')).toHaveText(/^\d+ av 27 åtgärder$/);
  const scopes = await page.locator('.measure-table tbody tr td:last-child').allInnerTexts();
  expect(scopes.length).toBeGreaterThan(0);
  expect(new Set(scopes)).toEqual(new Set(['I samverkan']));
  await checkA11y(page, 'Malmö measures filtered by scope');
});

test('at 320 px the plan pages need no sideways scrolling, and the plan reads in English too', async ({ page, request }) => {
  const { org, plan } = await sodertalje(request);
  await page.setViewportSize({ width: 320, height: 800 });
  for (const path of [`/plans/${plan.id}`, `/plans/${plan.id}/measures`, `/plans/${plan.id}/print`, `/search?org=${org.id}`]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    expect(scrollWidth, `horizontal scroll on ${path}`).toBeLessThanOrEqual(innerWidth);
  }
  await page.goto(`/plans/${plan.id}`);
  await checkA11y(page, 'plan page at 320 px');
  await page.goto(`/plans/${plan.id}/measures`);
  await expect(page.getByRole('region', { name: 'Tabell med åtgärder, kan rullas i sidled' })).toBeVisible();
  await checkA11y(page, 'measures page at 320 px');

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`/plans/${plan.id}`);
  await page.getByRole('button', { name: 'In English' }).click();
  await expect(page.getByRole('navigation', { name: 'Plan pages' }).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
  await expect(page.locator('dt', { hasText: 'Registry number' }).locator('+ dd')).toHaveText('KS 23/189');
  await expect(page.getByRole('heading', { level: 3, name: /^Fokusområde 1: / })).toBeVisible();
  await expect(page.locator('li.measure', { hasText: 'Orange Week' })).toContainText('Responsible: Kommunstyrelsen. Co-responsible: Socialnämnden');
  await checkA11y(page, 'plan page in English');
  await page.getByRole('button', { name: 'På svenska' }).click();
  await expect(page.getByRole('navigation', { name: 'Planens sidor' })).toBeVisible();
});

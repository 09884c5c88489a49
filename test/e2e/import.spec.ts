import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIRequestContext } from '@playwright/test';
import { accounts, apiHelpers, checkA11y, expect, signIn, test } from './fixtures';

/*
 * Importing a plan document through the review screen: upload the Södertälje plan, look at the
 * structure beside the source text, correct a unit match and an item's kind, and save a draft.
 * The draft is saved in an organization of the test's own; the seeded organizations are not touched.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
/** The Södertälje plan as text (the importer's committed fixture, made from the shared seed). */
const sodertaljeFile = path.join(here, '../fixtures/import/sodertalje.txt');

/** What the preview finds, read from the API so the test follows the importer rather than fixed numbers. */
async function preview(request: APIRequestContext, organizationId: string, file: string) {
  const response = await request.post(`/api/v1/organizations/${organizationId}/imports`, {
    headers: await apiHelpers(request).headers(),
    multipart: { file: { name: path.basename(file), mimeType: 'text/plain', buffer: readFileSync(file) } },
  });
  expect(response.status()).toBe(200);
  return (await response.json()) as { nodes: any[]; units: { text: string; unitId: string | null; unitName: string | null }[]; metadata: any };
}

function flatten(nodes: any[]): { nodes: any[]; measures: any[] } {
  const all = { nodes: [] as any[], measures: [] as any[] };
  const walk = (list: any[]) =>
    list.forEach((n) => {
      all.nodes.push(n);
      all.measures.push(...n.measures);
      walk(n.children);
    });
  walk(nodes);
  return all;
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

const fold = (text: string) => text.toLocaleLowerCase('sv').replace(/ø/g, 'o').normalize('NFD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ').trim();

/**
 * An organization of the test's own with Södertälje's units (names, kinds, aliases): the saved draft
 * then changes no seeded organization, whose plan and measure counts other tests read.
 */
async function importOrganization(request: APIRequestContext) {
  const api = apiHelpers(request);
  const sodertalje = await api.organization('0181');
  for (const [code, name] of [['2584', 'Kiruna kommun'], ['2580', 'Luleå kommun'], ['2582', 'Bodens kommun'], ['2583', 'Haparanda kommun'], ['2581', 'Piteå kommun']] as const) {
    const response = await request.post('/api/v1/organizations', { data: { code, name }, headers: await api.headers() });
    if (!response.ok()) continue;
    const org = (await response.json()) as { id: string; name: string };
    for (const unit of await api.get<{ name: string; shortName: string | null; kind: string; aliases: string[] }[]>(`/api/v1/organizations/${sodertalje.id}/units`)) {
      // The seeds keep aliases that differ from the name only in case or diacritics; the API refuses those.
      const seen = new Set([fold(unit.name)]);
      const aliases = unit.aliases.filter((a) => !seen.has(fold(a)) && seen.add(fold(a)));
      await api.post(`/api/v1/organizations/${org.id}/units`, { name: unit.name, shortName: unit.shortName, kind: unit.kind, aliases });
    }
    return org;
  }
  throw new Error('no free municipality code for the test organization');
}

test('imports the Södertälje plan: preview beside the source, a unit match and a kind corrected, saved as a draft', async ({ page, request }) => {
  // Many states, each checked with axe over a long page (the structure and ~400 source lines).
  test.setTimeout(180_000);
  const api = apiHelpers(request);
  const org = await importOrganization(request);
  const units = await api.units(org.id);
  const file = sodertaljeFile;
  const found = await preview(request, org.id, file);
  const { measures } = flatten(found.nodes);
  expect(measures.length).toBeGreaterThan(2);

  // The organization is the test's own, with no members: the system administrator imports into it.
  await signIn(page);
  await page.goto('/import');
  await expect(page.getByRole('heading', { level: 1, name: 'Importera en plan' })).toBeVisible();
  await checkA11y(page, 'import: upload form');

  // Nothing chosen: GOV.UK-style errors at the top and at the fields.
  await page.getByRole('button', { name: 'Läs in dokumentet' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: /Organisation: Välj vilken organisation/ })).toBeVisible();
  await expect(summary.getByRole('link', { name: /Dokument: Välj en fil/ })).toBeVisible();
  await checkA11y(page, 'import: upload errors');
  await summary.getByRole('link', { name: /Dokument: Välj en fil/ }).click();
  await expect(page.getByLabel('Dokument')).toBeFocused();

  await page.getByLabel('Organisation').selectOption({ label: org.name });
  await page.getByLabel('Dokument').setInputFiles(file);
  await page.getByRole('button', { name: 'Läs in dokumentet' }).click();

  // The review: found structure beside the source text, with line ranges and certainty in words.
  await expect(page.getByRole('heading', { level: 1, name: 'Granska importen' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Källtext' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Källtext med radnummer' })).toBeVisible();
  await expect(page.getByText(/Säkerhet: (hög|medel|låg)/).first()).toBeVisible();
  const titleField = page.getByLabel('Titel', { exact: true });
  if (found.metadata.title) await expect(titleField).toHaveValue(found.metadata.title.value);
  await checkA11y(page, 'import: review');

  // A measure's line range scrolls the source to its lines and marks them; Escape goes back.
  const first = measures[0];
  const firstTitle = first.code ? `Åtgärd ${first.code}` : 'Åtgärd (utan nummer)';
  const firstCard = page.locator('li.import-item').filter({ has: page.getByRole('heading', { name: firstTitle, exact: true }) }).first();
  const linesButton = firstCard.getByRole('button', { name: /^Rad \d+/ });
  await linesButton.click();
  const markedText = first.source.from === first.source.to ? `Rad ${first.source.from} är markerad.` : `Rad ${first.source.from}–${first.source.to} är markerade.`;
  await expect(page.getByText(markedText)).toBeVisible();
  await expect(page.locator(`#import-line-${first.source.from}`)).toBeFocused();
  await expect(page.locator(`#import-line-${first.source.from}`)).toBeInViewport();
  await checkA11y(page, 'import: source lines marked');
  await page.keyboard.press('Escape');
  await expect(linesButton).toBeFocused();

  // Give the plan a title of its own, so this run's draft is told apart from others.
  const title = `Importerad handlingsplan ${unique()}`;
  await titleField.fill(title);

  // Fix one unit match: the first matched name goes to another existing unit.
  const later = measures.slice(1);
  const matched = found.units.find((u) => u.unitId && later.some((m) => m.lead.some((l: any) => l.text === u.text)))!;
  expect(matched).toBeDefined();
  const other = units.find((u) => u.id !== matched.unitId && u.name === 'Omsorgsnämnden') ?? units.find((u) => u.id !== matched.unitId)!;
  const unitGroup = page.getByRole('group', { name: `”${matched.text}”` });
  const unitSelect = unitGroup.getByLabel(`Enhet för ”${matched.text}”`);
  await expect(unitSelect).toHaveValue(matched.unitId!);
  await unitSelect.selectOption(other.id);
  // "Create a new unit" asks for a name and a kind; going back to an existing unit removes the question.
  await unitSelect.selectOption('new');
  await expect(unitGroup.getByLabel('Typ av enhet')).toBeVisible();
  await checkA11y(page, 'import: new unit fields');
  await unitSelect.selectOption(other.id);
  await expect(unitGroup.getByLabel('Typ av enhet')).toHaveCount(0);

  // Another name becomes a new unit of the organization, with a name and kind of the coordinator's choosing.
  const renamed = found.units.find((u) => u.text !== matched.text && later.some((m) => [...m.lead, ...m.co].some((l: any) => l.text === u.text)))!;
  const newUnitName = `Ny förvaltning ${unique()}`;
  const renamedGroup = page.getByRole('group', { name: `”${renamed.text}”` });
  await renamedGroup.getByLabel(`Enhet för ”${renamed.text}”`).selectOption('new');
  await renamedGroup.getByLabel('Namn på den nya enheten').fill(newUnitName);
  await renamedGroup.getByLabel('Typ av enhet').selectOption('administration');

  // Change one item's kind: the first measure becomes a heading.
  const cardId = await firstCard.getAttribute('id');
  await firstCard.getByRole('button', { name: `Ändra ${firstTitle}` }).click();
  const kindSelect = page.locator(`#${cardId}`).getByLabel('Typ', { exact: true });
  await expect(kindSelect).toBeFocused();
  await kindSelect.selectOption('heading');
  await checkA11y(page, 'import: item editor open');
  const headingCard = page.locator(`#${cardId}`);
  await expect(headingCard.getByRole('heading', { level: 3 })).toContainText(first.code ? `Rubrik ${first.code}` : 'Rubrik');
  await headingCard.getByRole('button', { name: /^Klar/ }).click();

  // Merge and undo: the list is back as it was.
  const itemCount = await page.locator('li.import-item').count();
  await headingCard.getByRole('button', { name: /^Slå ihop med nästa/ }).click();
  await expect(page.locator('li.import-item')).toHaveCount(itemCount - 1);
  await page.getByRole('button', { name: /^Ångra: sammanslagning/ }).click();
  await expect(page.locator('li.import-item')).toHaveCount(itemCount);

  // Split at the caret (a caret at the start is refused), then undo.
  await headingCard.getByRole('button', { name: /^Dela / }).click();
  const splitField = headingCard.getByLabel('Text att dela');
  await expect(splitField).toBeFocused();
  await splitField.press('Control+Home');
  await headingCard.getByRole('button', { name: 'Dela här' }).click();
  await expect(headingCard.getByText('Placera markören inne i texten')).toBeVisible();
  await checkA11y(page, 'import: split refused');
  await splitField.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(12, 12));
  await headingCard.getByRole('button', { name: 'Dela här' }).click();
  await expect(page.locator('li.import-item')).toHaveCount(itemCount + 1);
  await page.getByRole('button', { name: /^Ångra: delning/ }).click();
  await expect(page.locator('li.import-item')).toHaveCount(itemCount);

  // Leaving with unsaved changes asks first; staying keeps the review.
  page.once('dialog', (dialog) => void dialog.dismiss());
  await page.getByRole('link', { name: 'Start' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Granska importen' })).toBeVisible();

  // An empty title is refused before anything is sent.
  await titleField.fill('');
  await page.getByRole('button', { name: 'Spara som utkast' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: 'Titel: Ange planens titel.' })).toBeVisible();
  await checkA11y(page, 'import: review errors');
  await titleField.fill(title);

  // Names the importer proposes as new units without a kind it could guess get one.
  const kindless = await page.locator('select[id^="import-unit-"][id$="-kind"]').evaluateAll((selects) => selects.filter((s) => !(s as HTMLSelectElement).value).map((s) => s.id));
  for (const id of kindless) await page.locator(`#${id}`).selectOption('external');

  // Narrow screens: the columns stack.
  await page.setViewportSize({ width: 375, height: 800 });
  await checkA11y(page, 'import: review at 375 px');
  await page.setViewportSize({ width: 1280, height: 900 });

  await page.getByRole('button', { name: 'Spara som utkast' }).click();
  await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);
  await checkA11y(page, 'import: the new draft plan');

  // What was saved: a draft with the heading in place of the measure and the corrected unit.
  const planId = page.url().split('/').pop()!;
  const plan = await api.get<{ status: string; title: string }>(`/api/v1/plans/${planId}`);
  expect(plan).toMatchObject({ status: 'draft', title });
  const tree = flatten((await api.tree(planId)).nodes);
  expect(tree.measures).toHaveLength(measures.length - 1);
  expect(tree.nodes.some((n) => n.role === 'heading' && n.text === first.text.trim())).toBe(true);
  const previewed = later.find((m) => m.lead.some((l: any) => l.text === matched.text))!;
  const saved = tree.measures.find((m) => m.code === previewed.code && m.text === previewed.text.trim());
  expect(saved?.leadUnitIds).toContain(other.id);
  const created = (await api.units(org.id)).find((u) => u.name === newUnitName)!;
  expect(created).toBeDefined();
  const usingNew = later.find((m) => [...m.lead, ...m.co].some((l: any) => l.text === renamed.text))!;
  const savedNew = tree.measures.find((m) => m.code === usingNew.code && m.text === usingNew.text.trim());
  expect([...savedNew.leadUnitIds, ...savedNew.coUnitIds]).toContain(created.id);
});

test('refuses a file type the importer cannot read, at the file field', async ({ page }) => {
  // Importing creates a plan: Södertälje's coordinator may.
  await signIn(page, accounts.coordinator('sodertalje'));
  await page.goto('/import');
  await page.getByLabel('Organisation').selectOption({ label: 'Södertälje kommun' });
  await page.getByLabel('Dokument').setInputFiles({ name: 'plan.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a plan') });
  await page.getByRole('button', { name: 'Läs in dokumentet' }).click();
  await expect(page.getByRole('alert').getByRole('link', { name: /^Dokument: Filen måste vara/ })).toBeVisible();
  await checkA11y(page, 'import: wrong file type');

  // In English too.
  await page.getByRole('button', { name: 'In English' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import a plan' })).toBeVisible();
  await checkA11y(page, 'import: upload form (en)');
  await page.getByRole('button', { name: 'På svenska' }).click();
});

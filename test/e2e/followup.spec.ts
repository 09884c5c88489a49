import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { checkA11y, expect, test } from './fixtures';
import { coordinator, isoDay, jsonApi, openRoundAsCoordinator, reporter, reportsOf, signIn, unique } from './followup-fixtures';

/*
 * Follow-up in the browser, on Södertälje's plan: the coordinator opens a round (through the API),
 * the reporter for Socialnämnden goes from the inbox through the entry form by keyboard and submits,
 * and the coordinator reviews (returns with a comment, approves after resubmission) and reads the
 * roll-up. Every test opens rounds of its own; axe checks every page and state.
 */

const social = 'Socialnämnden';

// Each test walks a whole flow with an axe run after every step, on a machine shared with other runs.
test.describe.configure({ timeout: 240_000 });

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, matches: (el: { tag: string; type: string | null; name: string | null; id: string; text: string }) => boolean, max = 25) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return { tag: a?.tagName.toLowerCase() ?? '', type: a?.getAttribute('type') ?? null, name: a?.getAttribute('name') ?? null, id: a?.id ?? '', text: a?.textContent?.trim() ?? '' };
    });
    if (matches(el)) return;
  }
  throw new Error(`nothing matching was reached in ${max} presses of Tab`);
}

test('a reporter goes from the inbox through keyboard-only entry to submit and on to the next report', async ({ page }) => {
  const round = await openRoundAsCoordinator(page);
  const reporterApi = jsonApi(page, await signIn(page, reporter));
  const mine = await reportsOf(reporterApi, round.id, social);
  expect(mine.length).toBeGreaterThan(1);
  await page.goto('/me/assignments');
  await expect(page.getByRole('heading', { level: 1, name: 'Att rapportera' })).toBeVisible();
  const section = page.getByRole('region', { name: `Åtgärder att rapportera i ${round.name}` });
  await expect(section).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: round.name })).toBeVisible();
  await expect(section.getByRole('row')).toHaveCount(mine.length + 1);
  await checkA11y(page, 'reporter inbox');
  // The inbox lists the measures in the plan's order; the entry form goes through them in the same order.
  const links = section.getByRole('link');
  const idOf = async (n: number) => /\/status-reports\/([0-9a-f-]+)$/.exec((await links.nth(n).getAttribute('href'))!)![1]!;
  const [firstId, secondId] = [await idOf(0), await idOf(1)];
  const first = mine.find((r) => r.id === firstId)!;
  const second = mine.find((r) => r.id === secondId)!;
  expect(first && second).toBeTruthy();

  // Into the first report from the keyboard: focus its link in the round's table and press Enter.
  const firstLink = links.first();
  await firstLink.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/status-reports/${first.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(first.measureText.slice(0, 40));
  await expect(page.getByText(`1 av ${mine.length} i din lista`)).toBeVisible();
  await checkA11y(page, 'report entry form');

  // Status: Tab into the radio group, Space picks the first, arrow keys move to "Pågående".
  await tabTo(page, (el) => el.tag === 'input' && el.type === 'radio');
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Pågående' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Hur stor del är genomförd (procent)')).toBeFocused();
  await page.keyboard.type('40');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Beskrivning')).toBeFocused();
  const narrative = `Utbildningen har startat för två av tre arbetsgrupper ${unique()}`;
  await page.keyboard.type(narrative);
  await tabTo(page, (el) => el.text === 'Lägg till en länk');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Rubrik för länk 1')).toBeFocused();
  await page.keyboard.type('Protokoll');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Webbadress för länk 1')).toBeFocused();
  await page.keyboard.type('inte en adress');
  // Enter in a text field submits the form with its first button: "Skicka in och gå till nästa".
  await page.keyboard.press('Enter');

  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: /Webbadressen för länk 1 måste börja med http/ })).toBeVisible();
  await checkA11y(page, 'report entry with an error summary');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Webbadress för länk 1')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('https://www.sodertalje.se/protokoll');
  await page.keyboard.press('Enter');

  // Submitted: straight on to the next report, with word of the last one.
  await expect(page).toHaveURL(new RegExp(`/status-reports/${second.id}$`), { timeout: 30_000 });
  await expect(page.getByText(/är inskickad\. Här är nästa åtgärd att rapportera om\./)).toBeVisible();
  await expect(page.getByText(`2 av ${mine.length} i din lista`)).toBeVisible();
  await checkA11y(page, 'next report after submitting');
  const submitted = await reporterApi.get<{ state: string; status: string; progressPercent: number; narrative: string; evidenceLinks: { title: string | null; url: string }[] }>(`/status-reports/${first.id}`);
  expect(submitted).toMatchObject({ state: 'submitted', status: 'ongoing', progressPercent: 40, narrative });
  expect(submitted.evidenceLinks).toEqual([expect.objectContaining({ title: 'Protokoll', url: 'https://www.sodertalje.se/protokoll' })]);

  // A draft saved, then someone else's save in between: the conflict shows theirs, and re-applying keeps mine.
  await page.getByLabel('Hur stor del är genomförd (procent)').fill('10');
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await expect(page.getByText('Utkastet är sparat.')).toBeVisible();
  await checkA11y(page, 'draft saved');
  const current = await reporterApi.get<{ version: number }>(`/status-reports/${second.id}`);
  await reporterApi.patch(`/status-reports/${second.id}`, { version: current.version, narrative: 'Ändrat i en annan flik' });
  await page.getByLabel('Hur stor del är genomförd (procent)').fill('20');
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  const conflict = page.getByRole('alert').filter({ hasText: 'Någon annan har ändrat samma uppgifter' });
  await expect(conflict).toBeVisible();
  await expect(conflict.getByRole('cell', { name: 'Ändrat i en annan flik' })).toBeVisible();
  await checkA11y(page, 'version conflict');
  await conflict.getByRole('button', { name: 'Använd serverns version och behåll mina ändringar' }).click();
  await expect(page.getByLabel('Beskrivning')).toHaveValue('Ändrat i en annan flik');
  await expect(page.getByLabel('Hur stor del är genomförd (procent)')).toHaveValue('20');
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await expect(page.getByText('Utkastet är sparat.')).toBeVisible();
  expect(await reporterApi.get(`/status-reports/${second.id}`)).toMatchObject({ state: 'draft', progressPercent: 20, narrative: 'Ändrat i en annan flik' });

  // Back in the inbox the submitted report has left the list of what is owed.
  await page.getByRole('link', { name: 'Tillbaka till Att rapportera' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Att rapportera' })).toBeVisible();
  await expect(page.getByText(`${mine.length - 1} av ${mine.length} kvar att skicka in`)).toBeVisible();
  await expect(section.getByRole('row')).toHaveCount(mine.length);
  await checkA11y(page, 'inbox after submitting one report');
});

test('a coordinator returns a report with a comment, approves it after resubmission and reads the roll-up', async ({ page }) => {
  const round = await openRoundAsCoordinator(page);
  let reporterApi = jsonApi(page, await signIn(page, reporter));
  const [report] = await reportsOf(reporterApi, round.id, social);
  const draft = await reporterApi.patch<{ version: number }>(`/status-reports/${report!.id}`, { version: report!.version, status: 'done', progressPercent: 100, narrative: 'Rutinen är antagen och införd.' });
  await reporterApi.post(`/status-reports/${report!.id}/submit`, { version: draft.version });

  await signIn(page, coordinator);
  await page.goto(`/rounds/${round.id}`);
  await expect(page.getByRole('heading', { level: 1, name: round.name })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Att granska' })).toBeVisible();
  await expect(page.getByText('1 rapport väntar på granskning.')).toBeVisible();
  await checkA11y(page, 'round overview with one report to review');

  // Return: the comment is required; then sent back with it, from the keyboard.
  const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: new RegExp(escape(report!.measureText.slice(0, 40))) }) });
  await item.getByRole('button', { name: 'Skicka tillbaka', exact: true }).focus();
  await page.keyboard.press('Enter');
  const comment = item.getByRole('textbox', { name: /Kommentar till enheten/ });
  await expect(comment).toBeFocused();
  await item.getByRole('button', { name: 'Skicka tillbaka med kommentar' }).click();
  await expect(item.getByText('Skriv en kommentar om vad som behöver ändras')).toBeVisible();
  await checkA11y(page, 'return without a comment');
  await comment.fill('Beskriv också hur många som har gått utbildningen.');
  await item.getByRole('button', { name: 'Skicka tillbaka med kommentar' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('0 rapporter väntar på granskning.')).toBeVisible();
  await checkA11y(page, 'review queue empty after returning');

  // The reporter sees the comment, changes the text and submits again.
  reporterApi = jsonApi(page, await signIn(page, reporter));
  await page.goto(`/status-reports/${report!.id}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Samordnaren har skickat tillbaka rapporten' })).toBeVisible();
  await expect(page.getByText('Beskriv också hur många som har gått utbildningen.')).toBeVisible();
  await checkA11y(page, 'returned report with the comment');
  await page.getByLabel('Beskrivning').fill('Rutinen är antagen och införd. 48 medarbetare har gått utbildningen.');
  await page.getByRole('button', { name: 'Skicka in och gå till nästa' }).click();
  await expect(page).not.toHaveURL(new RegExp(`/status-reports/${report!.id}$`));
  expect(await reporterApi.get(`/status-reports/${report!.id}`)).toMatchObject({ state: 'submitted' });

  // Approved from the queue; the report then counts as done in the roll-up.
  await signIn(page, coordinator);
  await page.goto(`/rounds/${round.id}`);
  await expect(page.getByText('1 rapport väntar på granskning.')).toBeVisible();
  await item.getByRole('button', { name: 'Godkänn' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('0 rapporter väntar på granskning.')).toBeVisible();

  const rollup = page.getByRole('table', { name: 'Åtgärder per status och mål' });
  await expect(rollup).toBeVisible();
  const planRow = rollup.getByRole('row', { name: /Hela planen/ });
  const headers = await rollup.getByRole('columnheader').allTextContents();
  const doneColumn = headers.indexOf('Genomförd');
  expect(doneColumn).toBeGreaterThan(0);
  // The row header is the first cell of the row, so "Genomförd" is cell doneColumn - 1 of the data cells.
  await expect(planRow.getByRole('cell').nth(doneColumn - 1)).toHaveText('1');
  const perUnit = page.getByRole('table', { name: 'Rapporter per enhet' });
  await expect(perUnit.getByRole('row', { name: new RegExp(`^${social}`) })).toBeVisible();
  // The charts are drawn beside their data tables.
  await expect(page.locator('figure.chart svg').first()).toBeVisible();
  await checkA11y(page, 'round overview after approval, with the roll-up and charts');

  // Approved: the reporter sees it locked, as text.
  await signIn(page, reporter);
  await page.goto(`/status-reports/${report!.id}`);
  await expect(page.getByText(/godkändes .* och är låst/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Skicka in och gå till nästa' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Rapporten' }).getByText('48 medarbetare har gått utbildningen')).toBeVisible();
  // The approved text is the first entry of the report's history.
  const history = page.getByRole('region', { name: 'Historik' });
  await expect(history.getByRole('heading', { level: 3, name: /Den godkända versionen/ })).toBeVisible();
  await expect(history.getByText('48 medarbetare har gått utbildningen')).toBeVisible();
  await checkA11y(page, 'approved report, read-only');
});

test('a coordinator creates and opens a round through the forms; the plan tab and the annual wheel lead there', async ({ page }) => {
  const api = jsonApi(page, await signIn(page, coordinator));
  const organizations = await api.get<{ id: string; code: string }[]>('/organizations');
  const sodertalje = organizations.find((o) => o.code === '0181')!;
  const plan = (await api.get<{ items: { id: string; title: string }[] }>(`/plans?organizationId=${sodertalje.id}`)).items.find((p) => p.title.startsWith('Handlingsplan Fri från våld'))!;

  await page.goto(`/plans/${plan.id}`);
  await page.getByRole('navigation', { name: /Planens/ }).getByRole('link', { name: 'Uppföljning' }).click();
  await expect(page).toHaveURL(new RegExp(`/plans/${plan.id}/rounds$`));
  await expect(page.getByRole('heading', { level: 2, name: 'Uppföljning', exact: true })).toBeVisible();
  await checkA11y(page, 'rounds of a plan');

  const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Ny uppföljningsomgång' }) });
  await form.getByRole('button', { name: 'Skapa omgången' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary.getByRole('link', { name: 'Ange omgångens namn' })).toBeVisible();
  await checkA11y(page, 'new round form with errors');

  const name = `Delår 1 E2E ${unique()}`;
  await form.getByLabel('Namn').fill(name);
  await form.getByLabel('Perioden börjar').fill('2026-01-01');
  await form.getByLabel('Perioden slutar').fill('2026-04-30');
  await form.getByLabel('Sista dag att rapportera').fill(isoDay(20));
  await form.getByLabel('Även medansvariga enheter ska rapportera').check();
  await form.getByRole('button', { name: 'Skapa omgången' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Omgången är skapad.')).toBeVisible();
  await expect(page.getByText('Planerad', { exact: true })).toBeVisible();
  await checkA11y(page, 'planned round');

  await page.getByRole('button', { name: 'Öppna omgången' }).click();
  const dialog = page.getByRole('dialog', { name: `Öppna ${name}?` });
  await expect(dialog).toBeVisible();
  await checkA11y(page, 'open round dialog');
  await dialog.getByRole('button', { name: 'Öppna omgången' }).click();
  await expect(page.getByText('Öppen', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Stäng omgången' })).toBeVisible();
  const perUnit = page.getByRole('table', { name: 'Rapporter per enhet' });
  await expect(perUnit.getByRole('row', { name: new RegExp(`^${social}`) })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Hela omgången (XLSX)' })).toHaveAttribute('href', /\/export\.xlsx/);
  await expect(page.getByRole('link', { name: 'Rapport som Word-dokument (DOCX)' })).toHaveAttribute('href', /\/report\.docx/);
  await checkA11y(page, 'opened round');

  // The round's export downloads as a spreadsheet.
  const download = await page.request.get((await page.getByRole('link', { name: 'Hela omgången (XLSX)' }).getAttribute('href'))!);
  expect(download.status()).toBe(200);
  expect((await download.body()).subarray(0, 2).toString()).toBe('PK');

  // The annual wheel lists the round's deadline in its month, with the feed's address.
  await page.goto(`/plans/${plan.id}/rounds`);
  await page.getByRole('link', { name: 'Årshjulet med alla datum' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Årshjul' })).toBeVisible();
  await expect(page.getByRole('link', { name: /\/calendar\.ics$/ })).toBeVisible();
  await checkA11y(page, 'annual wheel');
  const deadline = isoDay(20);
  await page.goto(`/organizations/${sodertalje.id}/calendar?year=${deadline.slice(0, 4)}`);
  await expect(page.getByRole('link', { name: new RegExp(escape(name)) })).toBeVisible();
});

test("a reporter starts from last round's text with one button", async ({ page }) => {
  const earlier = await openRoundAsCoordinator(page, { name: `Delår 1 2030 E2E ${unique()}`, periodStart: '2030-01-01', periodEnd: '2030-06-30', deadline: '2030-08-15' });
  let reporterApi = jsonApi(page, await signIn(page, reporter));
  const [before] = await reportsOf(reporterApi, earlier.id, social);
  const text = `Samverkansrutinen är under framtagande ${unique()}`;
  const draft = await reporterApi.patch<{ version: number }>(`/status-reports/${before!.id}`, { version: before!.version, status: 'ongoing', progressPercent: 30, narrative: text });
  await reporterApi.post(`/status-reports/${before!.id}/submit`, { version: draft.version });

  const later = await openRoundAsCoordinator(page, { name: `Delår 2 2030 E2E ${unique()}`, periodStart: '2030-07-01', periodEnd: '2030-12-31', deadline: '2031-01-31' });
  reporterApi = jsonApi(page, await signIn(page, reporter));
  const now = (await reportsOf(reporterApi, later.id, social)).find((r) => r.measureId === before!.measureId)!;
  await page.goto(`/status-reports/${now.id}`);
  await expect(page.getByText(`Förra omgången (${earlier.name}) rapporterades status ”Pågående”.`)).toBeVisible();
  await expect(page.getByLabel('Beskrivning')).toHaveValue('');
  await checkA11y(page, 'report with a previous round to copy from');
  await page.getByRole('button', { name: 'Kopiera texten från förra omgången' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Beskrivning')).toHaveValue(text);
  await expect(page.getByLabel('Beskrivning')).toBeFocused();
  await expect(page.getByRole('radio', { name: 'Pågående' })).toBeChecked();
  await expect(page.getByLabel('Hur stor del är genomförd (procent)')).toHaveValue('30');
  await checkA11y(page, "last round's text copied in");
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await expect(page.getByText('Utkastet är sparat.')).toBeVisible();
  expect(await reporterApi.get(`/status-reports/${now.id}`)).toMatchObject({ state: 'draft', status: 'ongoing', progressPercent: 30, narrative: text });
});

test("a coordinator reads back a unit's spreadsheet: preview with per-row errors, then only the valid rows", async ({ page }) => {
  const round = await openRoundAsCoordinator(page);
  const api = jsonApi(page, await signIn(page, coordinator));
  const units = await api.get<{ id: string; name: string }[]>(`/organizations/${round.organizationId}/units`);
  const unit = units.find((u) => u.name === social)!;
  const exported = await page.request.get(`/api/v1/rounds/${round.id}/export.xlsx?unitId=${unit.id}`);
  expect(exported.status()).toBe(200);

  // Filled in offline: one row done, one with a status that is not in the list.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await exported.body()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Rapporter')!;
  const header = (sheet.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
  const col = (name: string) => header.indexOf(name);
  const good = sheet.getRow(2);
  const goodId = String(good.getCell(col('Rapport-id')).value);
  good.getCell(col('Status')).value = 'Genomförd';
  good.getCell(col('Framsteg (%)')).value = 100;
  good.getCell(col('Beskrivning av arbetet')).value = 'Ifyllt i kalkylarket och inläst.';
  sheet.getRow(3).getCell(col('Status')).value = 'Nästan klar';
  const file = Buffer.from(await workbook.xlsx.writeBuffer());

  await page.goto(`/rounds/${round.id}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Läs in kalkylark' })).toBeVisible();
  await page.getByLabel('Kalkylark (XLSX)').setInputFiles({ name: 'socialnamnden.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file });
  await page.getByRole('button', { name: 'Förhandsgranska' }).click();
  await expect(page.getByRole('heading', { level: 3, name: 'Förhandsgranskning' })).toBeFocused();
  await expect(page.getByText('1 med ändringar')).toBeVisible();
  await expect(page.getByText('1 med fel', { exact: true })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Raderna i kalkylarket' });
  await expect(rows.getByRole('row', { name: /^2 / })).toContainText('Ändras: status, andel genomförd, beskrivning');
  await expect(rows.getByRole('row', { name: /^3 / })).toContainText('Fel');
  await expect(page.getByRole('button', { name: /^Läs in \d+ ändrad/ })).toHaveCount(0);
  await checkA11y(page, 'import preview with a row in error');

  await page.getByRole('button', { name: 'Läs bara in den felfria raden (1)' }).click();
  await expect(page.getByText(/1 rad är inläst/)).toBeVisible();
  await checkA11y(page, 'import done');
  expect(await api.get(`/status-reports/${goodId}`)).toMatchObject({ status: 'done', progressPercent: 100, narrative: 'Ifyllt i kalkylarket och inläst.' });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

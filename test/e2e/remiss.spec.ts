import { readFile } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import mammoth from 'mammoth';
import { extractText } from 'unpdf';
import { checkA11y, expect, test } from './fixtures';
import { coordinator, linkPattern, openMailbox, signIn, signedInApi, type Mailbox } from './remiss-fixtures';

/*
 * Remiss end to end: a coordinator creates and sends a consultation on a plan of their own; two
 * recipients answer through their private links on a phone-sized screen (one with pointer and
 * buttons, one with the keyboard only); the coordinator disposes of the comments, downloads the
 * compiled report and publishes it. The tests run in order and share the consultation.
 */

// Long flows on a shared, busy machine: more time than the default minute per test.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const external = { name: `Kvinnojouren E2E ${unique}`, email: `jouren-${unique}@example.org` };
const internalEmail = `socialnamnden-${unique}@example.org`;
const phone = { width: 375, height: 667 };

const shared: {
  planId: string;
  consultationId: string;
  goal1: { id: string; text: string };
  goal2: { id: string; text: string };
  measure11: { id: string; text: string };
  measure21: { id: string; text: string };
  internalName: string;
} = {} as never;

let mailbox: Mailbox | null = null;
test.beforeAll(async () => {
  mailbox = await openMailbox();
});
test.afterAll(async () => {
  await mailbox?.close();
});

/** A recipient's page in a browser context of its own: no coordinator cookie, phone-sized. */
async function recipientPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: phone, locale: 'sv-SE', hasTouch: true, isMobile: true, baseURL: test.info().project.use.baseURL });
  return context.newPage();
}

async function linkFor(email: string): Promise<string> {
  const match = await mailbox!.waitFor(email, linkPattern);
  return `/remiss/${match[1]}`;
}

/** Presses Tab until `focused` (run in the page) is true, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, focused: () => boolean, what: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(focused)) return;
  }
  throw new Error(`${what} not reached with ${max} presses of Tab`);
}

test('a coordinator creates and sends a consultation from the plan’s Remiss tab', async ({ page }) => {
  const csrf = await signIn(page.request, coordinator);
  const api = signedInApi(page.request, csrf);
  const orgs = await api.get<{ id: string; code: string }[]>('/api/v1/organizations');
  const kalmar = orgs.find((o) => o.code === '0880')!;
  const units = await api.get<{ id: string; name: string }[]>(`/api/v1/organizations/${kalmar.id}/units`);
  const social = units.find((u) => u.name === 'Socialnämnden')!;
  const plan = await api.post<{ id: string }>('/api/v1/plans', {
    organizationId: kalmar.id,
    title: `Remissplan ${unique}`,
    kind: 'strategy',
    nodes: [
      { role: 'goal', label: 'Fokusområde', number: '1', text: 'Kommunen arbetar våldsförebyggande', measures: [{ code: '1.1', text: 'Utbilda personal i att fråga om våld' }] },
      { role: 'goal', label: 'Fokusområde', number: '2', text: 'Våldsutsatta får stöd och skydd', measures: [{ code: '2.1', text: 'Erbjuda samtalsstöd till barn som upplevt våld' }] },
    ],
  });
  const tree = await api.get<any>(`/api/v1/plans/${plan.id}/tree`);
  Object.assign(shared, {
    planId: plan.id,
    goal1: { id: tree.nodes[0].id, text: tree.nodes[0].text },
    goal2: { id: tree.nodes[1].id, text: tree.nodes[1].text },
    measure11: { id: tree.nodes[0].measures[0].id, text: tree.nodes[0].measures[0].text },
    measure21: { id: tree.nodes[1].measures[0].id, text: tree.nodes[1].measures[0].text },
    internalName: social.name,
  });

  await page.goto(`/plans/${plan.id}`);
  await page.getByRole('navigation', { name: 'Planens sidor' }).getByRole('link', { name: 'Remiss' }).click();
  await expect(page).toHaveURL(new RegExp(`/plans/${plan.id}/consultations$`));
  await expect(page.getByText('Planen har inte skickats på remiss än.')).toBeVisible();
  await checkA11y(page, 'consultations of a plan, none yet');

  // Sending without an invitation, deadline or recipients is refused with a summary that links to the fields.
  await page.getByRole('button', { name: 'Skapa och skicka' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Skriv inbjudans text' })).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Lägg till minst en mottagare innan remissen skickas' })).toBeVisible();
  await checkA11y(page, 'new consultation with errors');
  await summary.getByRole('link', { name: 'Skriv inbjudans text' }).click();
  await expect(page.getByLabel('Inbjudan (missiv)')).toBeFocused();

  await page.getByLabel('Inbjudan (missiv)').fill('Kommunstyrelsens arbetsutskott översänder förslaget för yttrande.\nSynpunkter på enskilda mål och åtgärder lämnas vid dem.');
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Sista svarsdag').fill(deadline);
  await page.getByLabel('Intern mottagare').selectOption({ label: social.name });
  await page.getByRole('button', { name: 'Lägg till vald enhet' }).click();
  await expect(page.getByLabel('E-post, mottagare 1')).toBeFocused();
  await page.getByLabel('E-post, mottagare 1').fill(internalEmail);
  await page.getByRole('button', { name: 'Lägg till extern mottagare' }).click();
  await page.getByLabel('Namn, mottagare 2').fill(external.name);
  await page.getByLabel('E-post, mottagare 2').fill(external.email);
  await checkA11y(page, 'new consultation filled in');
  await page.getByRole('button', { name: 'Skapa och skicka' }).click();

  await expect(page).toHaveURL(/\/consultations\/[0-9a-f-]{36}$/);
  shared.consultationId = page.url().split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Remiss: Remissplan ${unique}`);
  await expect(page.locator('.summary-list').getByText('Utskickad', { exact: true })).toBeVisible();
  const table = page.getByRole('table', { name: 'Mottagare och deras svar' });
  await expect(table.getByRole('row', { name: new RegExp(external.name) })).toContainText('Inbjuden');
  await expect(table.getByRole('row', { name: new RegExp(social.name) })).toContainText('Inbjuden');
  await checkA11y(page, 'consultation just sent');

  // The plan's Remiss tab lists it.
  await page.goto(`/plans/${plan.id}/consultations`);
  await expect(page.getByRole('link', { name: `Remiss: Remissplan ${unique}` })).toBeVisible();
  await expect(page.getByText('0 av 2 har svarat')).toBeVisible();
});

test('a wrong recipient link says so clearly, without the app’s navigation', async ({ browser }) => {
  const page = await recipientPage(browser);
  await page.goto(`/remiss/${'x'.repeat(43)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Länken fungerar inte' })).toBeVisible();
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await checkA11y(page, 'wrong recipient link');
  await page.context().close();
});

test('a recipient answers on a phone: comments on a goal and a measure, a draft, then submits and gets a receipt', async ({ browser }) => {
  const link = await linkFor(external.email);
  const page = await recipientPage(browser);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Remiss: Remissplan ${unique}`);
  // No signed-in navigation on the recipient's page: only the language switch in the header.
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expect(page.getByText('Kommunstyrelsens arbetsutskott översänder förslaget för yttrande.')).toBeVisible();
  await checkA11y(page, 'recipient page on a phone');
  // Nothing wider than the screen.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);

  await page.getByRole('button', { name: `Kommentera Fokusområde 1` }).click();
  await expect(page.getByRole('group', { name: `Synpunkt på Fokusområde 1: ${shared.goal1.text}` })).toBeVisible();
  await page.getByRole('group', { name: /Synpunkt på Fokusområde 1/ }).getByLabel('Synpunkt').fill('Förtydliga att även män och pojkar som utsätts omfattas.');
  await checkA11y(page, 'comment form at a goal');
  await page.getByRole('button', { name: 'Lägg till synpunkten' }).first().click();
  await expect(page.getByRole('link', { name: 'Ni har 1 synpunkt här' })).toBeVisible();

  // Selecting words in a measure's text offers a comment on exactly that passage.
  await page.evaluate((measureId) => {
    const holder = document.querySelector(`[data-passage-kind="measure"][data-passage-id="${measureId}"]`)!;
    const text = holder.firstChild!;
    const start = text.textContent!.indexOf('fråga om våld');
    const range = document.createRange();
    range.setStart(text, start);
    range.setEnd(text, start + 'fråga om våld'.length);
    const selection = window.getSelection()!;
    selection.removeAllRanges();
    selection.addRange(range);
  }, shared.measure11.id);
  const offer = page.getByRole('region', { name: 'Markerad text' });
  await expect(offer).toContainText('fråga om våld');
  await checkA11y(page, 'offer to comment on selected text');
  await offer.getByRole('button', { name: 'Kommentera markerad text' }).click();
  const passageForm = page.getByRole('group', { name: /Synpunkt på Åtgärd 1\.1/ });
  await expect(passageForm.locator('.remiss-quote')).toContainText('fråga om våld');
  await passageForm.getByLabel('Synpunkt').fill('Fråga också om våld mot äldre.');
  await passageForm.getByRole('button', { name: 'Lägg till synpunkten' }).click();
  await expect(page.getByRole('heading', { name: 'Era synpunkter (2)' })).toBeVisible();

  await page.getByRole('button', { name: 'Kommentera Åtgärd 2.1' }).click();
  await page.getByRole('group', { name: /Synpunkt på Åtgärd 2\.1/ }).getByLabel('Synpunkt').fill('Komplettera med ”och barn och unga som bevittnat våld”.');
  await page.getByRole('group', { name: /Synpunkt på Åtgärd 2\.1/ }).getByRole('button', { name: 'Lägg till synpunkten' }).click();
  await expect(page.getByRole('heading', { name: 'Era synpunkter (3)' })).toBeVisible();

  await page.getByLabel('Tillstyrker med synpunkter').check();
  await page.getByLabel('Övergripande yttrande').fill('Jouren ser positivt på strategin.');
  await page.getByRole('button', { name: 'Spara utkast' }).click();
  await expect(page.getByText(/Utkastet sparades/).first()).toBeVisible();
  await checkA11y(page, 'recipient draft saved');

  // The draft is kept by the server: a new visit shows it.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Era synpunkter (3)' })).toBeVisible();
  await expect(page.getByLabel('Tillstyrker med synpunkter')).toBeChecked();
  await expect(page.getByLabel('Övergripande yttrande')).toHaveValue('Jouren ser positivt på strategin.');
  const recipients = page.locator('.remiss-comment-list');
  await expect(recipients).toContainText(`Fokusområde 1: ${shared.goal1.text}`);
  await expect(recipients).toContainText(`Åtgärd 2.1: ${shared.measure21.text}`);
  await expect(recipients.locator('.remiss-quote')).toHaveText(/fråga om våld/);

  // An attachment of the wrong type is stopped in the page before it is sent.
  await page.getByLabel('Välj fil').setInputFiles({ name: 'yttrande.txt', mimeType: 'text/plain', buffer: Buffer.from('hej') });
  await page.getByRole('button', { name: 'Ladda upp filen' }).click();
  await expect(page.getByText('Filen måste vara en PDF eller ett Word-dokument (DOCX)').first()).toBeVisible();
  // The server decides by the content: a text file named .pdf is refused there.
  await page.getByLabel('Välj fil').setInputFiles({ name: 'falsk.pdf', mimeType: 'application/pdf', buffer: Buffer.from('inte en pdf') });
  await page.getByRole('button', { name: 'Ladda upp filen' }).click();
  await expect(page.locator('#answer-attachment-error')).toBeVisible();
  await expect(page.locator('#answer-attachment-error')).not.toHaveText('Filen måste vara en PDF eller ett Word-dokument (DOCX)');
  await page.getByLabel('Välj fil').setInputFiles({ name: 'yttrande.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n') });
  await page.getByRole('button', { name: 'Ladda upp filen' }).click();
  await expect(page.getByRole('link', { name: 'yttrande.pdf' })).toBeVisible();
  await checkA11y(page, 'attachment uploaded');

  await page.getByRole('button', { name: 'Skicka svaret' }).click();
  const dialog = page.getByRole('dialog', { name: 'Skicka svaret?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('3 synpunkter');
  await expect(dialog).toContainText('1 bifogad fil');
  await checkA11y(page, 'confirm submitting');
  await dialog.getByRole('button', { name: 'Skicka svaret' }).click();

  await expect(page.getByRole('heading', { name: 'Tack – ert svar har kommit in' })).toBeVisible();
  await expect(page.locator('.remiss-receipt__number')).toHaveText(/\S{6,}/);
  await expect(page.locator('.remiss-receipt')).toContainText('Tillstyrker med synpunkter');
  await expect(page.getByRole('button', { name: 'Skicka svaret' })).toHaveCount(0);
  await checkA11y(page, 'receipt');
  // And the receipt stays on the next visit.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Tack – ert svar har kommit in' })).toBeVisible();
  await page.context().close();
});

test('a recipient answers with the keyboard only, quoting a passage', async ({ browser }) => {
  const link = await linkFor(internalEmail);
  const page = await recipientPage(browser);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  // A comment at measure 1.1 through its button.
  await tabTo(page, () => document.activeElement?.getAttribute('aria-label') === 'Kommentera Åtgärd 1.1', 'the comment button of measure 1.1');
  await page.keyboard.press('Enter');
  await expect(page.locator('#inline-comment')).toBeFocused();
  await page.keyboard.type('Ange vilka verksamheter som ska utbildas först.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Era synpunkter (1)' })).toBeVisible();
  // Focus goes back to where the comment was made.
  await expect(page.getByRole('button', { name: 'Kommentera Åtgärd 1.1' })).toBeFocused();

  // Position with the arrow keys, then the statement.
  await tabTo(page, () => document.activeElement?.id === 'answer-position-tillstyrker', 'the first position');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Avstyrker')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Övergripande yttrande')).toBeFocused();
  await page.keyboard.type('Socialnämnden avstyrker i nuvarande form.');

  // The keyboard alternative to selecting text: choose the goal and quote words from it.
  await tabTo(page, () => document.activeElement?.id === 'new-comment-target', 'the comment target');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('#new-comment-target')).toHaveValue(`node:${shared.goal1.id}`);
  await page.keyboard.press('Tab');
  await page.keyboard.type('arbetar våldsförebyggande');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Beskriv hur det förebyggande arbetet följs upp.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Era synpunkter (2)' })).toBeVisible();
  await expect(page.locator('.remiss-comment-list .remiss-quote')).toContainText('arbetar våldsförebyggande');
  await checkA11y(page, 'keyboard answer with a quoted passage');

  await tabTo(page, () => document.activeElement?.textContent === 'Skicka svaret', 'the submit button');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Skicka svaret?' });
  await expect(dialog.getByRole('button', { name: 'Skicka svaret' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Tack – ert svar har kommit in' })).toBeVisible();
  await expect(page.locator('.remiss-receipt')).toContainText('Avstyrker');
  await checkA11y(page, 'keyboard answer receipt');
  await page.context().close();
});

test('a recipient added after sending declines to answer', async ({ page, browser }) => {
  const api = signedInApi(page.request, await signIn(page.request, coordinator));
  const late = { name: `Länsstyrelsen E2E ${unique}`, email: `lansstyrelsen-${unique}@example.org` };
  await api.post(`/api/v1/consultations/${shared.consultationId}/recipients`, { recipients: [{ kind: 'external', ...late }] });
  const recipient = await recipientPage(browser);
  await recipient.goto(await linkFor(late.email));
  await recipient.getByRole('button', { name: 'Vi avstår från att svara' }).click();
  const dialog = recipient.getByRole('dialog', { name: 'Avstå från att svara på remissen?' });
  await dialog.getByLabel('Skäl (valfritt)').fill('Frågan ligger utanför vårt uppdrag.');
  await checkA11y(recipient, 'decline dialog');
  await dialog.getByRole('button', { name: 'Avstå från att svara' }).click();
  await expect(recipient.getByRole('heading', { name: 'Ni har avstått från att svara' })).toBeVisible();
  await expect(recipient.getByRole('button', { name: 'Skicka svaret' })).toHaveCount(0);
  await checkA11y(recipient, 'declined');
  await recipient.context().close();

  await page.goto(`/consultations/${shared.consultationId}`);
  const row = page.getByRole('table', { name: 'Mottagare och deras svar' }).getByRole('row', { name: new RegExp(late.name) });
  await expect(row).toContainText('Avstår från att svara');
  await expect(row.getByRole('button', { name: /Skicka ny länk/ })).toBeVisible();
});

test('the coordinator disposes of the comments, downloads the report and publishes it', async ({ page }) => {
  const api = signedInApi(page.request, await signIn(page.request, coordinator));
  await page.goto(`/consultations/${shared.consultationId}`);
  const table = page.getByRole('table', { name: 'Mottagare och deras svar' });
  await expect(table.getByRole('row', { name: new RegExp(external.name) })).toContainText('Har svarat');
  await expect(table.getByRole('row', { name: new RegExp(external.name) })).toContainText('Tillstyrker med synpunkter');
  await expect(page.getByRole('heading', { name: 'Inkomna svar (2)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Synpunkter (5)' })).toBeVisible();
  await expect(page.getByText('5 av 5 synpunkter saknar ställningstagande.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ladda ned yttrande.pdf' })).toBeVisible();
  await checkA11y(page, 'consultation with answers');

  // Grouped in plan order: goal 1, measure 1.1, goal 2's measure 2.1.
  const groups = page.locator('.remiss-group h3');
  await expect(groups).toHaveCount(3);
  await expect(groups.nth(0)).toContainText(shared.goal1.text);
  await expect(groups.nth(1)).toContainText(`Åtgärd 1.1: ${shared.measure11.text}`);
  await expect(groups.nth(2)).toContainText(`Åtgärd 2.1: ${shared.measure21.text}`);

  const goalGroup = page.getByRole('region', { name: new RegExp(`Fokusområde 1.*${shared.goal1.text}`) });
  await goalGroup.getByText(`Ta ställning till synpunkten från ${external.name}`).click();
  const form = goalGroup.getByRole('form', { name: `Ställningstagande till synpunkten från ${external.name}` });
  await form.getByRole('button', { name: 'Spara ställningstagande' }).click();
  await expect(form.getByRole('alert')).toContainText('Välj ett ställningstagande');
  await checkA11y(page, 'disposition form with errors');
  await form.getByLabel('Tillgodosedd', { exact: true }).check();
  await form.getByLabel('Motivering').fill('Texten förtydligas så att alla våldsutsatta omfattas.');
  await form.getByRole('button', { name: 'Spara ställningstagande' }).click();
  await expect(page.getByText('4 av 5 synpunkter saknar ställningstagande.')).toBeVisible();
  await expect(goalGroup.locator('p', { hasText: 'Texten förtydligas så att alla våldsutsatta omfattas.' })).toBeVisible();

  // Only those without a disposition.
  await page.getByLabel('Visa bara synpunkter utan ställningstagande').click();
  await expect(page.getByLabel('Visa bara synpunkter utan ställningstagande')).toBeChecked();
  await expect(page).toHaveURL(/undisposed=1/);
  await expect(page.locator('.remiss-comment--coordinator')).toHaveCount(4);
  await checkA11y(page, 'comments without a disposition');

  const measureGroup = page.getByRole('region', { name: new RegExp(`Åtgärd 2\\.1`) });
  await measureGroup.getByText(`Ta ställning till synpunkten från ${external.name}`).click();
  const measureForm = measureGroup.getByRole('form');
  await measureForm.getByLabel('Delvis tillgodosedd').check();
  await measureForm.getByLabel('Motivering').fill('Barn som upplevt våld nämns i åtgärdens beskrivning.');
  await measureForm.getByRole('button', { name: 'Spara ställningstagande' }).click();
  await expect(page.locator('.remiss-comment--coordinator')).toHaveCount(3);
  await page.getByLabel('Visa bara synpunkter utan ställningstagande').click();
  await expect(page.getByLabel('Visa bara synpunkter utan ställningstagande')).not.toBeChecked();
  await expect(page.locator('.remiss-comment--coordinator')).toHaveCount(5);

  // The compiled report, read back.
  const [docx] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ned sammanställningen som Word (DOCX)' }).click()]);
  const docxText = (await mammoth.extractRawText({ path: (await docx.path())! })).value;
  expect(docxText).toContain(external.name);
  expect(docxText).toContain('Texten förtydligas så att alla våldsutsatta omfattas.');
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ladda ned sammanställningen som PDF' }).click()]);
  const pdfText = (await extractText(new Uint8Array(await readFile((await pdf.path())!)), { mergePages: true })).text;
  expect(pdfText).toContain('Barn som upplevt våld nämns i åtgärdens beskrivning.');

  // Next version, then publishing the report.
  await page.getByRole('button', { name: 'Skapa nästa version' }).click();
  await expect(page.getByText('Nästa version finns som utkast.')).toBeVisible();
  await expect(page.getByText('Inga ändringar är gjorda än.')).toBeVisible();
  // A change in the next version, linked from the disposition, shows with the comment behind it.
  const detail = await api.get<{ nextPlanId: string }>(`/api/v1/consultations/${shared.consultationId}`);
  const nextTree = await api.get<any>(`/api/v1/plans/${detail.nextPlanId}/tree`);
  const nextMeasure = nextTree.nodes[1].measures[0];
  await api.patch(`/api/v1/measures/${nextMeasure.id}`, { version: nextMeasure.version, text: `${nextMeasure.text} och unga som bevittnat våld` });
  await page.reload();
  const change = page.locator('.remiss-change').filter({ hasText: 'Åtgärd 2.1' });
  await expect(change).toContainText('Ändrad');
  await expect(change).toContainText('Ingen synpunkt är kopplad till ändringen.');
  const measureGroupAgain = page.getByRole('region', { name: /Åtgärd 2\.1/ });
  await measureGroupAgain.getByText(`Ändra ställningstagandet till synpunkten från ${external.name}`).click();
  await measureGroupAgain.getByLabel('Ändring som synpunkten ledde till').selectOption(nextMeasure.id);
  await measureGroupAgain.getByRole('button', { name: 'Spara ställningstagande' }).click();
  await expect(change).toContainText('Bygger på 1 synpunkt:');
  await expect(change).toContainText('Komplettera med ”och barn och unga som bevittnat våld”.');
  await page.getByRole('button', { name: 'Publicera sammanställningen' }).click();
  await expect(page.getByRole('button', { name: 'Publicera sammanställningen' })).toHaveAttribute('aria-pressed', 'true');
  await checkA11y(page, 'consultation with dispositions, next version and publication');
  await page.getByRole('link', { name: 'Öppna den publicerade sidan' }).click();
  await expect(page).toHaveURL(new RegExp(`/consultations/${shared.consultationId}/public$`));
  await expect(page.getByRole('heading', { name: 'Vi frågade' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Så tog vi hand om synpunkterna' })).toBeVisible();
  await expect(page.getByText('Texten förtydligas så att alla våldsutsatta omfattas.')).toBeVisible();
  await checkA11y(page, 'published report');
});

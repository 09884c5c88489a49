import { accounts, apiHelpers, checkA11y, expect, signIn, test } from './fixtures';

/*
 * Analysis and breakdown: versions and their comparison, coverage, and breaking a city-wide plan
 * down into a unit's plan. Tests that change data work on plans they create and delete again.
 */

const findMeasure = (nodes: any[], code: string): any => {
  for (const node of nodes) {
    const found = node.measures.find((m: any) => m.code === code) ?? findMeasure(node.children, code);
    if (found) return found;
  }
  return undefined;
};

test('versions: a snapshot is saved, and version 1 compared with the current content shows the changed words', async ({ page, request }) => {
  const h = apiHelpers(request);
  const org = await h.organization('0181');
  const units = await h.units(org.id);
  const unit = (name: string) => units.find((u) => u.name === name)!.id;
  let plan = await h.post('/api/v1/plans', {
    organizationId: org.id,
    title: `Jämförelseplan ${Date.now()}`,
    kind: 'action_plan',
    nodes: [
      {
        role: 'goal',
        label: 'Fokusområde',
        number: '1',
        text: 'Förebygga våld',
        measures: [
          { code: '1:1', text: 'Utbilda personal i våldsmedvetenhet', leadUnitIds: [unit('Socialnämnden')], preventionLevels: ['universal'] },
          { code: '1:2', text: 'Sprida information om stöd', leadUnitIds: [unit('Socialnämnden')] },
        ],
      },
      { role: 'goal', label: 'Fokusområde', number: '2', text: 'Stöd till våldsutsatta', measures: [{ code: '2:1', text: 'Erbjuda skyddat boende' }] },
    ],
  });
  try {
    // Sent out for consultation → version 1; back to draft to work on it.
    plan = await h.post(`/api/v1/plans/${plan.id}/transitions`, { to: 'consultation', version: plan.version, label: 'Remissversion' });
    plan = await h.post(`/api/v1/plans/${plan.id}/transitions`, { to: 'draft', version: plan.version });
    const tree = await h.tree(plan.id);
    const m11 = findMeasure(tree.nodes, '1:1');
    const m12 = findMeasure(tree.nodes, '1:2');
    await h.patch(`/api/v1/measures/${m11.id}`, { version: m11.version, text: 'Utbilda all personal i våldsmedvetenhet och bemötande' });
    await h.post(`/api/v1/nodes/${tree.nodes[0].id}/measures`, { code: '1:3', text: 'Arrangera kampanjveckan Orange Week' });
    await h.post(`/api/v1/measures/${m12.id}/move`, { version: m12.version, nodeId: tree.nodes[1].id, position: 1 });

    // A draft: Södertälje's coordinator reads it and saves snapshots.
    await signIn(page, accounts.coordinator('sodertalje'));
    await page.goto(`/plans/${plan.id}/versions`);
    await expect(page.getByRole('heading', { level: 1, name: plan.title })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Versioner', exact: true })).toBeVisible();
    const table = page.getByRole('table', { name: 'Frysta versioner av planen' });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('Skickad på remiss');
    await expect(table.getByRole('row').nth(1)).toContainText('Remissversion');
    await checkA11y(page, 'versions with one version');

    // The same version on both sides is refused, with an error summary linking to the field.
    await page.getByLabel('Jämför från').selectOption({ label: 'Nuvarande innehåll' });
    await page.getByRole('button', { name: 'Jämför' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
    await expect(summary).toContainText('Välj två olika versioner att jämföra.');
    await checkA11y(page, 'versions compare form with an error');
    await summary.getByRole('link', { name: 'Välj två olika versioner att jämföra.' }).click();
    await expect(page.getByLabel('Till', { exact: true })).toBeFocused();

    // Compare version 1 with the current content.
    await page.getByLabel('Jämför från').selectOption({ index: 1 });
    await page.getByLabel('Till', { exact: true }).selectOption({ label: 'Nuvarande innehåll' });
    await page.getByRole('button', { name: 'Jämför' }).click();
    await expect(page).toHaveURL(/\/compare\?from=[0-9a-f-]{36}&to=current$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Jämförelse' })).toBeVisible();
    const counts = page.getByRole('table', { name: 'Sammanfattning av ändringarna' });
    await expect(counts.getByRole('row', { name: /Åtgärder/ })).toHaveText(/Åtgärder\s*1\s*0\s*2/);
    // The changed words are marked, with hidden words saying what happened.
    const changed = page.locator('.diff-changed__item').filter({ hasText: 'Utbilda all personal' });
    await expect(changed.locator('ins')).toHaveText(['tillagt: all', 'tillagt: och bemötande']);
    await expect(changed.getByText('Text', { exact: true })).toBeVisible();
    // The move, by goal number and text.
    await expect(page.locator('.diff-changed__item').filter({ hasText: 'Sprida information om stöd' })).toContainText(
      'Flyttad från mål 1 Förebygga våld till mål 2 Stöd till våldsutsatta',
    );
    await expect(page.locator('.diff-list--added')).toContainText('1:3 Arrangera kampanjveckan Orange Week');
    await checkA11y(page, 'comparison of version 1 with the current content');

    // A snapshot of the current content, then the comparison with it is empty.
    await page.getByRole('link', { name: 'Tillbaka till versionerna' }).click();
    await page.getByLabel('Benämning (valfritt)').fill('Inför styrgruppen');
    await page.getByRole('button', { name: 'Spara ögonblicksbild' }).click();
    await expect(page.locator('.notice--success')).toContainText('Version 2 är sparad.');
    await expect(table.getByRole('row')).toHaveCount(3);
    await expect(table.getByRole('row').nth(1)).toContainText('Sparad ögonblicksbild');
    await expect(table.getByRole('row').nth(1)).toContainText('Inför styrgruppen');
    await checkA11y(page, 'versions after a snapshot');
    await table.getByRole('row').nth(1).getByRole('link', { name: /Jämför med nuvarande innehåll/ }).click();
    await expect(page.getByText('Det finns inga skillnader')).toBeVisible();
    await checkA11y(page, 'empty comparison');

    // In English the marks say so in English.
    await page.goto(`/plans/${plan.id}/versions`);
    await page.getByRole('button', { name: 'In English' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Versions', exact: true })).toBeVisible();
    await page.getByLabel('Compare from').selectOption({ index: 2 });
    await page.getByRole('button', { name: 'Compare', exact: true }).click();
    await expect(page.locator('.diff-changed__item').filter({ hasText: 'Utbilda all personal' }).locator('ins').first()).toHaveText('added: all');
    await checkA11y(page, 'comparison in English');
    await page.getByRole('button', { name: 'På svenska' }).click();
  } finally {
    const current = await h.get(`/api/v1/plans/${plan.id}`);
    await h.delete(`/api/v1/plans/${plan.id}?version=${current.version}`);
  }
});

test('coverage: the Södertälje matrices match the API, and Växjö explains why there is none', async ({ page, request }) => {
  const h = apiHelpers(request);
  const sodertalje = await h.organization('0181');
  const plan = (await h.plans(sodertalje.id)).items.find((p) => p.title === 'Handlingsplan Fri från våld 2024–2027')!;
  const coverage = await h.get(`/api/v1/plans/${plan.id}/coverage`);
  const taxonomies = await h.get(`/api/v1/organizations/${sodertalje.id}/taxonomies`);
  const levels: string[] = taxonomies.find((x: any) => x.taxonomy === 'prevention_level').terms.map((term: any) => term.code);
  const levelGaps = new Set(coverage.gaps.goalLevelGaps.map((g: any) => `${g.nodeId}:${g.level}`));

  await page.goto(`/plans/${plan.id}/coverage`);
  await expect(page.getByRole('heading', { level: 2, name: 'Täckning' })).toBeVisible();
  const levelTable = page.getByRole('table', { name: 'Antal åtgärder per mål och preventionsnivå' });
  const rows = levelTable.locator('tbody tr');
  await expect(rows).toHaveCount(coverage.goals.length);
  for (const [i, goal] of coverage.goals.entries()) {
    const without = coverage.gaps.goalsWithoutMeasures.includes(goal.nodeId);
    const expected = [
      ...levels.map((level) => (without || levelGaps.has(`${goal.nodeId}:${level}`) ? 'Lucka' : String(goal.byPreventionLevel[level] ?? 0))),
      without ? 'Lucka' : String(goal.measureCount),
    ];
    await expect(rows.nth(i).locator('th')).toContainText(goal.text);
    await expect(rows.nth(i).locator('td')).toHaveText(expected);
  }
  await expect(levelTable.locator('tfoot td').last()).toHaveText(String(coverage.measureCount));
  // At least one gap in the seeded plan, marked in words.
  expect(coverage.gaps.goalLevelGaps.length).toBeGreaterThan(0);
  await expect(levelTable.locator('td.gap-cell').first()).toHaveText('Lucka');

  const unitTable = page.getByRole('table', { name: /Antal åtgärder per enhet och mål/ });
  const unitRows = unitTable.locator('tbody tr');
  await expect(unitRows).toHaveCount(coverage.units.length);
  for (const [i, unit] of coverage.units.entries()) {
    await expect(unitRows.nth(i).locator('th')).toHaveText(unit.name);
    const cells = await unitRows.nth(i).locator('td').allTextContents();
    const expected = [...coverage.goals.map((g: any) => unit.byGoal[g.nodeId]), { lead: unit.lead, co: unit.co }];
    expect(cells.map((c) => (c.includes('–') ? null : (c.match(/\d+/g) ?? []).map(Number)))).toEqual(
      expected.map((e: any, j: number) => (j < coverage.goals.length && e.lead + e.co === 0 ? null : [e.lead, e.co])),
    );
  }
  // The charts are drawn, and hidden from assistive technology (the tables are the accessible version).
  await expect(page.locator('.chart__canvas svg')).toHaveCount(2);
  await expect(page.locator('.chart__canvas').first()).toHaveAttribute('aria-hidden', 'true');
  await expect(page.getByRole('heading', { name: 'Våldsformer som planen inte når' })).toBeVisible();
  await checkA11y(page, 'coverage of Södertälje');

  const vaxjo = await h.organization('0780');
  const vaxjoPlan = (await h.plans(vaxjo.id)).items.find((p) => p.title === 'Plan mot våld i nära relationer och hedersförtryck i Växjö kommun')!;
  await page.goto(`/plans/${vaxjoPlan.id}/coverage`);
  await expect(page.getByRole('heading', { name: 'Planen har inga åtgärder' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(page.locator('.chart')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Mål utan åtgärder' })).toBeVisible();
  await checkA11y(page, 'coverage of Växjö (no measures)');
});

test('breakdown: an administration breaks a Malmö city-wide goal down through the form, and the breakdown is listed', async ({ page, request }) => {
  const h = apiHelpers(request);
  const malmo = await h.organization('1280');
  const plans = (await h.plans(malmo.id)).items;
  const city = plans.find((p) => p.title === 'Fri från våld – en gemensam angelägenhet')!;
  const title = `Stadskontorets handlingsplan mot våld ${Date.now()}`;
  let createdId: string | undefined;
  try {
    // Malmö's coordinator breaks plans down (a reporter could, for their own unit only).
    await signIn(page, accounts.coordinator('malmo'));
    await page.goto(`/plans/${city.id}/breakdown`);
    await expect(page.getByRole('heading', { level: 2, name: 'Nedbrytning' })).toBeVisible();
    const goal1 = page.getByRole('region', { name: /Inriktningsmål 1: Staden bedriver/ });
    await expect(goal1.getByRole('listitem').filter({ hasText: 'Arbetsmarknads- och socialförvaltningen' })).toContainText(/Arbetsmarknads- och socialförvaltningen: \d+ aktivitet(er)? under inriktningsmål 1/);
    await checkA11y(page, 'breakdown of the Malmö city-wide plan');

    // Nothing filled in: every problem in the summary, each linked to its field.
    await page.getByRole('button', { name: 'Skapa enhetens plan' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Det finns fel i formuläret' });
    await expect(summary.getByRole('link')).toHaveText(['Välj vilken enhet planen ska tillhöra.', 'Ange en titel för planen.', 'Välj minst ett mål att bryta ned.']);
    await checkA11y(page, 'breakdown form with errors');
    await summary.getByRole('link', { name: 'Ange en titel för planen.' }).click();
    await expect(page.getByLabel('Planens titel')).toBeFocused();

    await page.getByLabel('Enhet', { exact: true }).selectOption({ label: 'Stadskontoret' });
    await page.getByLabel('Planens titel').fill(title);
    const goals = page.getByRole('group', { name: 'Vilka mål ska brytas ned?' });
    await goals.getByLabel(/Inriktningsmål 2: /).check();
    await goals.getByLabel(/Inriktningsmål 4: /).check();
    await page.getByRole('button', { name: 'Skapa enhetens plan' }).click();
    await expect(page).toHaveURL(/\/plans\/[0-9a-f-]{36}$/);
    createdId = page.url().split('/').pop()!;
    expect(createdId).not.toBe(city.id);

    const created = await h.tree(createdId);
    expect(created.plan).toMatchObject({ title, status: 'draft', parentPlanId: city.id });
    expect(created.nodes.map((n: any) => `${n.label} ${n.number}`)).toEqual(['Inriktningsmål 2', 'Inriktningsmål 4']);

    // The unit's plan shows what it breaks down.
    await page.goto(`/plans/${createdId}/breakdown`);
    await expect(page.getByRole('heading', { level: 2, name: 'Nedbrytning' })).toBeVisible();
    await expect(page.getByText('Planen bryter ned')).toBeVisible();
    await expect(page.getByRole('paragraph').filter({ hasText: 'Planen bryter ned' }).getByRole('link')).toHaveText('Fri från våld – en gemensam angelägenhet');
    const corresponding = page.getByRole('table', { name: 'Mål som motsvarar mål i en överordnad plan' });
    // The two goals and their "genom att" strategies (3 under goal 2, 4 under goal 4), and the header row.
    await expect(corresponding.getByRole('row')).toHaveCount(1 + 2 + 3 + 4);
    await expect(corresponding.getByRole('row', { name: /^2 Staden arbetar aktivt/ })).toContainText('Inriktningsmål 2 Staden arbetar aktivt');
    await checkA11y(page, 'breakdown page of the unit’s plan');

    // The city-wide plan lists it, per goal.
    await page.goto(`/plans/${city.id}/breakdown`);
    await expect(page.getByRole('table', { name: 'Planer som bryter ned den här planen' }).getByRole('row', { name: /Stadskontoret/ })).toContainText(title);
    const goal2 = page.getByRole('region', { name: /Inriktningsmål 2: / });
    await expect(goal2.getByRole('listitem').filter({ hasText: title })).toContainText('Stadskontoret: 0 aktiviteter under inriktningsmål 2');
    const goal3 = page.getByRole('region', { name: /Inriktningsmål 3: / });
    await expect(goal3.getByRole('listitem').filter({ hasText: title })).toHaveCount(0);
    await checkA11y(page, 'breakdown of the Malmö city-wide plan with the new plan');
  } finally {
    if (createdId) await h.delete(`/api/v1/plans/${createdId}?version=1`);
  }
});

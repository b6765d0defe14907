/**
 * The audience builder (web/) in real Chromium (Debian's, driven by playwright-core) against the
 * live platform: identity, catalog, audience and campaigns in-process on free ports, verifying
 * identity's real tokens, behind the edge proxy (Debian's nginx, config from the registry
 * renderer) on a free port, serving the freshly built app. Signs in as the local demo client,
 * builds a query and watches the count change, gets a problem on the right condition, saves a
 * segment, reloads and finds it, launches a campaign (a problem on the budget first).
 * Screenshots: test-artifacts/web/*.png.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServiceAuthenticator } from '@marquee/runtime';
import type { ProfileDocument } from '../../services/audience/src/domain/query';
import { buildWeb } from '../../scripts/web/build';
import { startEdge, type RunningEdge } from '../../scripts/edge/nginx';
import { freePort } from '../../scripts/lib/ports';
import { startAudience, startCampaigns, startCatalog, startIdentity, type Started } from '../support/platform';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(__dirname, '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts/web');
const TENANT = 'northstar-cinemas';
const REGIONS = ['CA-ON', 'CA-QC', 'CA-BC'] as const;
const THIS_YEAR = new Date().getUTCFullYear();

/** 90 members: regions in turn, ages 20..69, horror affinity in fifths. Expected counts are computed from this list. */
const members = Array.from({ length: 90 }, (_, i) => {
  const age = 20 + ((i * 7) % 50);
  const band = age < 25 ? '18-24' : age < 35 ? '25-34' : age < 45 ? '35-44' : age < 55 ? '45-54' : age < 65 ? '55-64' : '65+';
  const doc: ProfileDocument = {
    tenantId: TENANT,
    memberId: `web-${i}`,
    birthYear: THIS_YEAR - age,
    ageBand: band,
    gender: 'unknown',
    region: REGIONS[i % 3],
    membership: { memberSince: '2022-01-01', status: 'active' },
    visits: { last30d: i % 4, last90d: i % 9, last365d: i % 20, lifetime: i },
    spend: { tickets: 10 * i, concessions: 3 * i, avgPerVisit: 14 },
    filmsSeen: [],
    filmViews: [],
    genreAffinity: { horror: (i % 5) / 5, drama: 1 - (i % 5) / 5 },
    updatedAt: '2026-11-27T00:00:00Z',
  };
  return { doc, age };
});
const ontario = members.filter((m) => m.doc.region === 'CA-ON');
const ontario25to34 = ontario.filter((m) => m.age >= 25 && m.age <= 34);

describe('audience builder in Chromium behind the edge proxy', () => {
  const started: Started[] = [];
  let audience: Awaited<ReturnType<typeof startAudience>>;
  let edge: RunningEdge;
  let browser: Browser;
  let page: Page;
  let scratch: string;
  const problems: string[] = [];
  let expected400s = 0;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/chromium.sh (apt-get install chromium)`);
    mkdirSync(ARTIFACTS, { recursive: true });
    buildWeb();
    for (const file of readdirSync(join(ROOT, 'dist/web/assets'))) {
      expect(readFileSync(join(ROOT, 'dist/web/assets', file), 'utf8')).not.toContain('local-dev-secret');
    }
    const identity = await startIdentity();
    started.push(identity);
    const auth = createServiceAuthenticator(
      { IDENTITY_URL: identity.url, AUTH_JWKS_URL: `${identity.url}/.well-known/jwks.json`, SERVICE_CLIENT_ID: undefined, SERVICE_CLIENT_SECRET: undefined, RATE_LIMIT_PER_SECOND: 0, RATE_LIMIT_BURST: 1 },
      { jwksCooldownMs: 1000 },
    );
    const catalog = await startCatalog({ auth });
    started.push(catalog);
    audience = await startAudience(catalog.url, { PROFILES_ALIAS: `profiles-web-${process.pid}` }, undefined, auth);
    started.push(audience);
    await audience.profiles.drop();
    await audience.profiles.migrate();
    expect((await audience.profiles.bulkIndex(members.map((m) => m.doc), { refresh: true })).failed).toEqual([]);
    const campaigns = await startCampaigns(audience.url, { auth });
    started.push(campaigns);

    scratch = mkdtempSync(join(tmpdir(), 'marquee-web-edge-'));
    mkdirSync(join(scratch, 'docs'));
    writeFileSync(join(scratch, 'docs/index.html'), '<title>docs</title>');
    edge = await startEdge({
      listen: `127.0.0.1:${await freePort()}`,
      services: [
        { name: 'identity', upstream: identity.url },
        { name: 'catalog', upstream: catalog.url },
        { name: 'audience', upstream: audience.url },
        { name: 'campaigns', upstream: campaigns.url },
      ],
      webRoot: join(ROOT, 'dist/web'),
      docs: { root: join(scratch, 'docs') },
      runtimeDir: join(scratch, 'run'),
    });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // Chromium logs every 4xx as a console error; the expected 400s are counted below instead.
      if (m.type() === 'error' && !/status of 400/.test(m.text())) problems.push(`console error: ${m.text()}`);
    });
    page.on('requestfailed', (r) => {
      if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(edge.url) && !r.url().startsWith('data:')) problems.push(`outside request: ${r.url()}`);
    });
    page.on('response', (r) => {
      if (r.status() === 400 && r.url().startsWith(`${edge.url}/api/`)) expected400s++;
      else if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await edge?.stop();
    await audience?.profiles.drop();
    for (const s of started.reverse()) await s.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const count = (n: number) => page.locator(`[data-testid=count][data-state=ready]`, { hasText: new RegExp(`^${n.toLocaleString('en-US')}$`) }).waitFor();
  const condition = (i: number) => page.locator('[data-testid=condition]').nth(i);
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });

  test('sign in, build a query, save a segment, reload and find it, launch a campaign; problems land on their fields', async () => {
    const segmentName = `Ontario 25-34 ${process.pid}`;
    const campaignName = `Fall preview ${process.pid}`;

    // Sign in: the production build carries no credentials; the demo client's are typed.
    await page.goto(`${edge.url}/`);
    expect(await page.inputValue('input[name=client-id]')).toBe('');
    await page.fill('input[name=client-id]', 'northstar-demo');
    await page.fill('input[name=client-secret]', 'northstar-demo-local-dev-secret');
    await page.click('button:has-text("Sign in")');
    await page.getByTestId('tenant').filter({ hasText: TENANT }).waitFor();
    await count(members.length);
    await shot('1-signed-in-everyone.png');

    // region = CA-ON: the count follows.
    await page.click('button:has-text("+ condition")');
    await condition(0).locator('select[aria-label=field]').selectOption('region');
    expect(await condition(0).locator('select[aria-label=operator] option').allTextContents()).toEqual(['is', 'is one of', 'is present']);
    await condition(0).locator('input[aria-label=value]').fill('CA-ON');
    await count(ontario.length);

    // and age between 25 and 34.
    await page.locator('button:has-text("+ condition")').first().click();
    await condition(1).locator('select[aria-label=field]').selectOption('age');
    await condition(1).locator('select[aria-label=operator]').selectOption('between');
    await condition(1).locator('input[aria-label=from]').fill('25');
    await condition(1).locator('input[aria-label=to]').fill('34');
    await count(ontario25to34.length);
    const regionBars = await page.getByTestId('chart-region').locator('text.label').allTextContents();
    expect(regionBars).toEqual(['CA-ON']);
    await shot('2-query-count.png');

    // An age of 500: the API's problem (pointer /where/and/1/value...) shows on that condition only.
    await condition(1).locator('input[aria-label=to]').fill('500');
    await condition(1).locator('.problem').waitFor();
    expect(await condition(1).locator('input[aria-label=to]').getAttribute('aria-invalid')).toBe('true');
    expect(await condition(1).locator('input[aria-label=from]').getAttribute('aria-invalid')).toBe('false');
    expect(await condition(0).locator('.problem').count()).toBe(0);
    await shot('3-query-problem.png');
    await condition(1).locator('input[aria-label=to]').fill('34');
    await count(ontario25to34.length);
    await condition(1).locator('.problem').waitFor({ state: 'detached' });

    // Save: an empty name is refused on the name field, then saved.
    await page.click('button:has-text("Save segment")');
    await page.locator('#segment-name-problem').waitFor();
    expect(await page.getAttribute('input[name=segment-name]', 'aria-invalid')).toBe('true');
    await page.fill('input[name=segment-name]', segmentName);
    await page.fill('input[name=segment-description]', 'Ontario members aged 25-34');
    await page.click('button:has-text("Save segment")');
    await page.getByTestId('segments').getByRole('button', { name: segmentName }).waitFor();
    await page.getByTestId('campaign-segment').filter({ hasText: segmentName }).waitFor();
    await shot('4-segment-saved.png');

    // Reload: still signed in (this tab's session), the segment is listed and opens with its query.
    await page.reload();
    await page.getByTestId('segments').getByRole('button', { name: segmentName }).click();
    await page.locator('[data-testid=condition]').nth(1).waitFor();
    expect(await condition(0).locator('input[aria-label=value]').inputValue()).toBe('CA-ON');
    expect(await condition(1).locator('input[aria-label=from]').inputValue()).toBe('25');
    await count(ontario25to34.length);
    await shot('5-reloaded-segment.png');

    // Launch a campaign: a budget of 0 is refused on the budget field; then it is scheduled with its reach.
    await page.fill('input[name=campaign-name]', campaignName);
    await page.fill('input[name=campaign-budget]', '0');
    await page.click('button:has-text("Launch campaign")');
    await page.locator('.problem[data-field=amount]').waitFor();
    expect(await page.getAttribute('input[name=campaign-budget]', 'aria-invalid')).toBe('true');
    expect(await page.locator('.campaigns .problem').count()).toBe(1);
    await shot('6-campaign-problem.png');
    await page.fill('input[name=campaign-budget]', '2500');
    await page.click('button:has-text("Launch campaign")');
    const row = page.getByTestId('campaigns').locator('tr', { hasText: campaignName });
    await row.waitFor();
    expect(await row.locator('td').allTextContents()).toEqual([campaignName, 'scheduled', String(ontario25to34.length), '2500 CAD']);
    await shot('7-campaign-launched.png');

    expect(expected400s).toBeGreaterThanOrEqual(3);
    expect(problems).toEqual([]);
  }, 240_000);
});

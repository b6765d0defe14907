/**
 * The docs portal in a real browser: Debian's chromium (scripts/chromium.sh installs it)
 * driven by playwright-core, no browser download. Builds the portal over a repository with
 * release tags, serves it on port 0, searches for an operation, follows the result into the
 * Scalar reference, then the dependency graph and a changelog. No console errors, no page
 * errors, no failed or 4xx/5xx requests, nothing fetched from outside the portal.
 * Screenshots: test-artifacts/docs-portal/*.png.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { bundleSpec } from '@marquee/openapi';
import { emitServiceDocs } from '../../codegen/src/emit/docs';
import { buildIR } from '../../codegen/src/ir';
import { servePortal } from '../../codegen/src/portal/serve';
import { buildFixturePortal } from './portal-fixture';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../../test-artifacts/docs-portal');

describe('docs portal in Chromium', () => {
  let built: ReturnType<typeof buildFixturePortal>;
  let server: Server;
  let url: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: run scripts/chromium.sh (apt-get install chromium)`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    built = buildFixturePortal();
    ({ server, url } = await servePortal(built.out, 0));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.setDefaultTimeout(45_000);
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('request', (r) => {
      if (!r.url().startsWith(url) && !r.url().startsWith('data:')) problems.push(`outside request: ${r.url()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (built) rmSync(built.repo, { recursive: true, force: true });
  });

  test('search finds an operation, the result opens it in the reference, then the graph and a changelog', async () => {
    await page.goto(`${url}/`);
    await page.fill('#search', 'count audience');
    const first = page.locator('#results a.result').first();
    await first.waitFor();
    expect(await first.textContent()).toContain('/audience/count');
    await page.screenshot({ path: join(ARTIFACTS, '1-search.png'), fullPage: true });

    await first.click();
    await page.waitForURL(/\/audience\/current\/index\.html#tag\/queries\/POST\/audience\/count$/);
    const operation = page.locator('[id$="tag/queries/POST/audience/count"]').first();
    await operation.waitFor({ timeout: 45_000 });
    await page.getByText('Count moviegoers').first().waitFor();
    await page.getByText('TypeScript SDK').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '2-reference.png') });

    await page.click('header.bar >> text=Dependency graph');
    await page.waitForURL(/\/graph\/index\.html$/);
    expect(await page.locator('svg[aria-label="Service dependency graph"] text').allTextContents()).toEqual(expect.arrayContaining(['catalog', 'audience', 'calls']));
    await page.screenshot({ path: join(ARTIFACTS, '3-graph.png') });

    await page.click('header.bar >> text=Marquee API portal');
    await page.click('a[href="changelog/catalog.html"]');
    await page.getByText('Breaking changes and migration notes').first().waitFor();
    expect(await page.locator('ul.migration').first().textContent()).toContain('GET /genres');
    await page.screenshot({ path: join(ARTIFACTS, '4-changelog.png'), fullPage: true });

    await page.click('a[href="../catalog/1.0.0/index.html"]');
    await page.waitForURL(/\/catalog\/1\.0\.0\/index\.html$/);
    // 1.0.0 still has the genres tag that 2.0.0 removed
    await page.getByText('genres', { exact: true }).first().waitFor({ timeout: 45_000 });
    await page.screenshot({ path: join(ARTIFACTS, '5-release-1.0.0.png') });

    await page.click('a[href="../2.0.0/index.html"]');
    await page.waitForURL(/\/catalog\/2\.0\.0\/index\.html$/);
    await page.getByText('List films').first().waitFor({ timeout: 45_000 });
    await page.screenshot({ path: join(ARTIFACTS, '6-release-2.0.0-secured.png') });

    expect(problems).toEqual([]);
  }, 180_000);

  test('a paged reference (as large specs get): index, an operations page, the filter, and a schema link to its page', async () => {
    const { document } = bundleSpec(join(__dirname, '../../specs/catalog/openapi.yaml'));
    const dir = join(built.out, 'own', 'paged');
    mkdirSync(dir, { recursive: true });
    for (const file of emitServiceDocs(buildIR('catalog', document), document, { paged: true })) {
      writeFileSync(join(dir, file.path), file.content);
    }
    await page.goto(`${url}/own/paged/index.html`);
    await page.click('#contents a >> nth=0');
    await page.waitForURL(/\/own\/paged\/operations-1\.html#tag-/);
    await page.fill('#filter', 'createfilm');
    expect(await page.locator('nav li:visible').count()).toBe(1);
    await page.locator('article.op:visible a.ref').first().click();
    await page.waitForURL(/\/own\/paged\/schemas-1\.html#schema-/);
    const target = decodeURIComponent(new URL(page.url()).hash.slice(1));
    await page.locator(`[id="${target}"]`).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '7-paged-reference.png') });
    expect(problems).toEqual([]);
  }, 60_000);
});

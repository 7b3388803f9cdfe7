// A first visit (issue 20 §5): the studio opens the seed lab with what it demonstrates — the
// gallery's story — and its questions, each answered by one click: HTTPS to the private endpoint
// bypasses the hub firewall (its /32, E-5) while ping goes through it, and the spoke's DNS answers
// the endpoint's private IP. The card steps aside while an element is selected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, ARTIFACTS } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

/** Where the forward leg of the shown trace stops, in order. */
async function forwardPlaces(page) {
  await page.waitForSelector('ol.events > li.event');
  return page.$$eval('ol.events > li.event.forward', (els) => els.map((e) => e.querySelector('.event-head strong').textContent));
}

test('a first visit tells the seed lab story and answers its questions in one click each', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url);
    await waitForStudio(page);
    const about = page.locator('section.about-design');
    await about.waitFor({ timeout: 20000 });
    assert.equal(await about.locator('.about-title').textContent(), 'Private endpoint in a spoke (the seed lab)');
    assert.match(await about.locator('.about-story').textContent(), /bypasses the hub firewall through its \/32 route/);
    const asks = about.locator('button.about-ask');
    assert.deepEqual(await asks.allTextContents(), [
      'trace vm-spoke → pe-mftesting-blob: HTTPS (TCP 443)',
      'trace vm-spoke → pe-mftesting-blob: ping (ICMP)',
      'DNS vm-spoke resolves mftesting.blob.core.windows.net',
    ]);
    await page.screenshot({ path: join(ARTIFACTS, 'onboarding.png') });

    // HTTPS: delivered straight to the endpoint, the firewall not on the path.
    await asks.nth(0).click();
    await page.waitForFunction(() => /delivered/i.test(document.querySelector('.trace .outcome')?.textContent ?? ''), null, { timeout: 20000 });
    assert.equal(await page.locator('.tabs [role=tab][aria-selected=true]').textContent(), 'Trace');
    assert.deepEqual(await forwardPlaces(page), ['vm-spoke', 'pe-mftesting-blob'], 'TCP takes the /32 and bypasses afw-hub');

    // Ping: back on the Design tab, the second question; it crosses afw-hub.
    await page.locator('.tabs [role=tab]', { hasText: 'Properties' }).click();
    await asks.nth(1).click();
    await page.waitForFunction(() => document.querySelector('.trace select[name=protocol]')?.value === 'ICMP', null, { timeout: 20000 });
    await page.waitForFunction(
      () => [...document.querySelectorAll('ol.events > li.event.forward .event-head strong')].some((e) => e.textContent === 'afw-hub'),
      null,
      { timeout: 20000 },
    );
    assert.ok((await forwardPlaces(page)).includes('afw-hub'), 'ping follows the UDR through afw-hub');
    await page.screenshot({ path: join(ARTIFACTS, 'onboarding-ping.png') });

    // DNS: the DNS tab opens with the private answer.
    await page.locator('.tabs [role=tab]', { hasText: 'Properties' }).click();
    await asks.nth(2).click();
    await page.waitForFunction(() => /A 10\.1\.1\.4/.test(document.querySelector('.dns .outcome')?.textContent ?? ''), null, { timeout: 20000 });
    assert.equal(await page.locator('.tabs [role=tab][aria-selected=true]').textContent(), 'DNS');

    // Selecting an element shows its properties instead of the card.
    await page.locator('.tabs [role=tab]', { hasText: 'Properties' }).click();
    await page.locator('svg.canvas g.box', { has: page.locator('text.title[data-full="vm-spoke"]') }).locator('rect').first().click();
    await page.locator('.properties .element-form').waitFor();
    assert.equal(await about.count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// The properties panel edits every part of the model: a subnet's route table chosen from a list,
// a firewall's rules and a private zone's links typed as lines (a line that does not parse says
// which line and why; core's diagnostics land at the field), a VM's NIC tags and further NICs, and
// Escape closes the canvas menu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, ARTIFACTS, storedDesign } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

function box(page, name) {
  return page.locator('svg.canvas g.box', { has: page.locator(`text.title[data-full="${name}"]`) });
}

async function select(page, name) {
  await box(page, name).locator('rect').first().click({ position: { x: 12, y: 8 } });
  await page.locator('.properties .element-form').waitFor();
}

async function saved(page) {
  return storedDesign(page);
}

/** The autosaved document once `check` holds of it (autosave may follow the edit by a moment). */
async function savedWhen(page, check, what) {
  for (let i = 0; i < 50; i++) {
    const doc = await saved(page);
    if (doc && check(doc.design)) return doc.design;
    await page.waitForTimeout(100);
  }
  assert.fail(`never saved: ${what}`);
}

const field = (page, key) => page.locator(`.properties .field[data-key="${key}"]`);

test('a subnet takes a route table from the list; one undo step; (none) clears it', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await select(page, 'snet-data');
    const rt = field(page, 'routeTable').locator('select');
    assert.equal(await rt.locator('option:checked').textContent(), '(none)');
    assert.deepEqual(await rt.locator('option').allTextContents(), ['(none)', 'rt-spoke-vm']);
    await rt.selectOption({ label: 'rt-spoke-vm' });
    const drawn = await box(page, 'snet-data').elementHandle();
    await page.waitForFunction((g) => g.textContent.includes('RT rt-spoke-vm'), drawn);
    const data = (d) => d.subnets.find((s) => s.name === 'snet-data');
    await savedWhen(page, (d) => data(d).routeTable === 'rt12', 'snet-data uses rt12');
    await page.getByRole('button', { name: 'Undo' }).click();
    await savedWhen(page, (d) => data(d).routeTable === undefined, 'undo clears it');
    assert.equal(await rt.locator('option:checked').textContent(), '(none)', 'the list follows the undo');
    await page.getByRole('button', { name: 'Redo' }).click();
    assert.equal(await rt.locator('option:checked').textContent(), 'rt-spoke-vm');
    await rt.selectOption({ label: '(none)' });
    await savedWhen(page, (d) => data(d).routeTable === undefined, '(none) clears it');
    // The design has no NSG: the NSG list offers none.
    assert.equal(await field(page, 'nsg').locator('option:checked').textContent(), '(none)');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('firewall rules and zone links are edited as lines; errors name the line; diagnostics land at the field', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await select(page, 'afw-hub');
    const rules = field(page, 'ruleCollectionGroups').locator('textarea');
    assert.equal(
      await rules.inputValue(),
      'group spoke-traffic 200\n  network allow-spoke 200 Allow\n    spoke-to-anywhere Any 10.1.0.0/16 * *',
    );
    // A rule without its ports: the line and what to write.
    await rules.fill('group spoke-traffic 200\n  network allow-spoke 200 Allow\n    to-dns UDP 10.1.0.0/16 10.0.2.4/24');
    assert.match(await field(page, 'ruleCollectionGroups').locator('.field-error').textContent(), /^Line 3: write 'RULE PROTOCOLS SOURCES DESTINATIONS PORTS'/);
    // It parses; a destination with host bits is core's diagnostic, shown at the field.
    await rules.fill('group spoke-traffic 200\n  network allow-spoke 200 Allow\n    to-dns UDP, TCP 10.1.0.0/16 10.0.2.4/24 53\n    spoke-to-anywhere Any 10.1.0.0/16 * *');
    await field(page, 'ruleCollectionGroups').locator('.field-diag', { hasText: 'host bits set' }).waitFor();
    await rules.fill('group spoke-traffic 200\n  network allow-spoke 200 Allow\n    to-dns UDP, TCP 10.1.0.0/16 10.0.2.4 53\n    spoke-to-anywhere Any 10.1.0.0/16 * *');
    await page.waitForFunction(() => !document.querySelector('.field[data-key="ruleCollectionGroups"] .field-diag'));
    const first = (d) => d.firewalls[0].ruleCollectionGroups[0].collections[0].rules.rules[0];
    const design = await savedWhen(page, (d) => first(d).destinations[0] === '10.0.2.4/32', 'the new rule');
    assert.deepEqual(first(design), { name: 'to-dns', protocols: ['UDP', 'TCP'], sources: ['10.1.0.0/16'], destinations: ['10.0.2.4/32'], ports: ['53'] });
    await rules.blur();
    assert.match(await rules.inputValue(), /^    to-dns UDP,TCP 10\.1\.0\.0\/16 10\.0\.2\.4\/32 53$/m, 'the design\'s own text after leaving the field');
    // The grammar is one click away, under the label.
    await field(page, 'ruleCollectionGroups').locator('summary', { hasText: 'Syntax' }).click();
    assert.match(await field(page, 'ruleCollectionGroups').locator('.field-help pre').textContent(), /^group NAME PRIORITY/);
    await field(page, 'ruleCollectionGroups').scrollIntoViewIfNeeded();
    await page.locator('.properties').screenshot({ path: join(ARTIFACTS, 'properties-firewall.png') });

    await select(page, 'privatelink.blob.core.windows.net');
    const links = field(page, 'links').locator('textarea');
    assert.equal(await links.inputValue(), 'vnet-hub');
    await links.fill('vnet-hub\nvnet-spok');
    assert.equal(await field(page, 'links').locator('.field-error').textContent(), "Line 2: there is no VNet named 'vnet-spok'.");
    await links.fill('vnet-hub\nvnet-spoke autoregistration');
    await page.waitForFunction(() => !document.querySelector('.field[data-key="links"] .field-error'));
    const zone = (await savedWhen(page, (d) => d.dnsZones[0].links?.length === 2, 'two links')).dnsZones[0];
    assert.equal(zone.links[0].id, 'zl18', 'the kept link keeps its id');
    assert.equal(zone.links[1].vnet, 'v2');
    assert.equal(zone.links[1].registrationEnabled, true);
    assert.match(await box(page, 'privatelink.blob.core.windows.net').textContent(), /2 links/);
    // The same VNet twice is core's diagnostic (D-7), at the field.
    await links.fill('vnet-hub\nvnet-spoke autoregistration\nvnet-hub');
    await field(page, 'links').locator('.field-diag', { hasText: 'again' }).waitFor();
    await page.locator('.properties').screenshot({ path: join(ARTIFACTS, 'properties-zone.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('Escape closes the canvas context menu and keeps the selection', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await box(page, 'vm-spoke').locator('rect').first().click({ button: 'right' });
    const menu = page.locator('.canvas-menu');
    await menu.waitFor();
    await page.keyboard.press('Escape');
    assert.equal(await menu.count(), 0);
    assert.ok(await box(page, 'vm-spoke').evaluate((g) => g.classList.contains('selected')), 'the box stays selected');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('svg.canvas g.box.selected').count(), 0, 'a second Escape clears the selection');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a VM's role fields show for its role only: DNS forwarders, then NVA rules after switching", { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await select(page, 'vm-dns');
    assert.equal(await field(page, 'role.forwardAllTo').locator('input').inputValue(), '168.63.129.16');
    assert.equal(await field(page, 'role.rules').isVisible(), false, 'no NVA rules on a DNS server');
    const forwarders = field(page, 'role.conditionalForwarders').locator('textarea');
    await forwarders.fill('corp.contoso.com 192.168.10.53,192.168.10.54:5353');
    await savedWhen(page, (d) => d.vms[0].role.conditionalForwarders?.[0]?.targets?.[1] === '192.168.10.54:5353', 'the forwarder');
    // A fixed set of values is a dropdown (issue 20 §5).
    const role = field(page, 'role').locator('select');
    assert.deepEqual(await role.locator('option').allTextContents(), ['Plain', 'Nva', 'DnsServer']);
    assert.equal(await role.inputValue(), 'DnsServer');
    await role.selectOption('Nva');
    await field(page, 'role.rules').locator('textarea').waitFor();
    assert.equal(await field(page, 'role.forwardAllTo').isVisible(), false, 'the DNS fields hide');
    await field(page, 'role.rules').locator('textarea').fill('web Allow TCP 10.1.0.0/16 * 443\nrest Deny Any * * *');
    await field(page, 'role.snat').locator('input').fill('NicIp');
    const vm = await savedWhen(page, (d) => d.vms[0].role.snat?.mode === 'nicIp', 'the NVA settings');
    assert.equal(vm.vms[0].role.kind, 'nva');
    assert.deepEqual(vm.vms[0].role.rules.map((r) => r.name), ['web', 'rest']);
    await field(page, 'role.rules').locator('textarea').fill('web Allow TCP 10.1.0.0/16 *');
    assert.match(await field(page, 'role.rules').locator('.field-error').textContent(), /^Line 1: write 'NAME Allow\|Deny PROTOCOL SOURCE DESTINATION PORTS'/);
    // The NIC's tags (E-12) and a second NIC, one per line, its subnet named in the VM's VNet.
    await field(page, 'nics[0].tags').locator('input').fill('disableSnatOnPL=true');
    await savedWhen(page, (d) => d.vms[0].nics[0].tags?.disableSnatOnPL === 'true', 'the tag');
    const further = field(page, 'nics').locator('textarea');
    await further.fill('outside nowhere 10.0.2.9');
    assert.match(await field(page, 'nics').locator('.field-error').textContent(), /^Line 1: there is no subnet in this VM's VNet named 'nowhere'/);
    await further.fill('outside snet-dns 10.0.2.9 forwarding');
    const two = await savedWhen(page, (d) => d.vms[0].nics.length === 2, 'a second NIC');
    assert.equal(two.vms[0].nics[1].ip, '10.0.2.9');
    assert.equal(two.vms[0].nics[1].ipForwarding, true);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('SKUs, kinds and states are dropdowns: a firewall becomes Premium in one undo step', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await select(page, 'afw-hub');
    const sku = field(page, 'sku').locator('select');
    assert.deepEqual(await sku.locator('option').allTextContents(), ['Basic', 'Standard', 'Premium']);
    assert.equal(await sku.inputValue(), 'Standard');
    await sku.selectOption('Premium');
    const fw = await savedWhen(page, (d) => d.firewalls[0].sku === 'premium' || d.firewalls[0].sku === 'Premium', 'the SKU');
    assert.match(String(fw.firewalls[0].sku), /premium/i);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForFunction(() => document.querySelector('.properties .field[data-key="sku"] select')?.value === 'Standard');
    await select(page, 'pe-mftesting-blob');
    const state = field(page, 'connectionState').locator('select');
    assert.deepEqual(await state.locator('option').allTextContents(), ['Approved', 'Pending', 'Rejected', 'Disconnected']);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a PaaS resource's service firewall and a private endpoint's target and zone group", { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await select(page, 'pe-mftesting-blob');
    assert.equal(await field(page, 'target').locator('input').inputValue(), 'mftesting blob');
    assert.equal(await field(page, 'dnsZoneGroup').locator('input').inputValue(), 'privatelink.blob.core.windows.net');
    await field(page, 'target').locator('input').fill('nothing blob');
    assert.match(await field(page, 'target').locator('.field-error').textContent(), /no PaaS resource named 'nothing'/);
    await field(page, 'target').locator('input').fill('mftesting blob');
    await select(page, 'mftesting');
    await field(page, 'defaultAction').locator('input').fill('Deny');
    await field(page, 'allowedSubnets').locator('input').fill('vnet-spoke/snet-vm');
    const d = await savedWhen(page, (x) => x.paas[0].allowedSubnets?.[0] === 's5', 'the allowed subnet');
    assert.equal(d.paas[0].defaultAction, 'Deny');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// Schema v2's elements in the studio (issue 18 §2): a load balancer and a NAT gateway added from
// the palette, edited in their forms (errors name the line and the problem), drawn with their
// lines, and undone; an application security group; a gateway connection's learned prefixes with
// per-prefix next hops and a VNet-to-VNet connection made by dragging one gateway onto
// another (P-14); the design's own inputs and an on-premises DNS server's settings.
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

/** The autosaved design once `check` holds of it (autosave follows an edit by a moment). */
async function savedWhen(page, check, what) {
  for (let i = 0; i < 60; i++) {
    const doc = await storedDesign(page);
    if (doc && check(doc.design)) return doc.design;
    await page.waitForTimeout(100);
  }
  assert.fail(`never saved: ${what}`);
}

const field = (page, key) => page.locator(`.properties .element-form > .field[data-key="${key}"]`);
const center = (r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });

async function dragPoints(page, a, b, steps = 10) {
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps);
  await page.mouse.up();
}

test('a load balancer and a NAT gateway from the palette: edited, drawn with their lines, undone', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await select(page, 'snet-vm');
    await page.locator('.palette-item[data-kind="Load balancer"]').click();
    await box(page, 'ilb-1').waitFor();
    assert.equal(await field(page, 'frontendIp').locator('input').inputValue(), '10.1.0.5', 'the next free address');
    assert.equal(await field(page, 'rules').locator('textarea').inputValue(), 'ha-ports HA');
    assert.equal(await field(page, 'probe').locator('input').inputValue(), 'TCP 22');
    assert.equal(await field(page, 'subnet').locator('option:checked').textContent(), 'vnet-spoke/snet-vm');

    // The backend pool: a wrong name says which line and why; the right one draws a line.
    const pool = field(page, 'backends').locator('textarea');
    await pool.fill('vm-ghost');
    assert.equal(await field(page, 'backends').locator('.field-error').textContent(), "Line 1: there is no VM or NIC named 'vm-ghost'.");
    await pool.fill('vm-spoke');
    await page.locator('svg.canvas path.line.lb-backend').waitFor({ state: 'attached' });
    const lb = (d) => d.loadBalancers?.[0];
    await savedWhen(page, (d) => lb(d)?.backends?.[0]?.nic === d.vms[1].nics[0].id, 'vm-spoke is a backend');
    await pool.fill('vm-spoke unhealthy');
    await page.locator('svg.canvas path.line.lb-backend.down').waitFor({ state: 'attached' });
    await savedWhen(page, (d) => lb(d).backends[0].healthy === false, 'the backend is unhealthy');
    const rules = field(page, 'rules').locator('textarea');
    await rules.fill('ha-ports HA\nweb TCP 443 8443');
    assert.match(await field(page, 'rules').locator('.field-error').textContent(), /^Line 2: an HA ports rule and port rules cannot be combined/);
    await rules.fill('web TCP 443 8443');
    await field(page, 'probe').locator('input').fill('HTTP 80');
    await savedWhen(page, (d) => lb(d).rules?.[0]?.frontendPort === 443 && lb(d).probe?.protocol === 'HTTP', 'rule and probe');
    assert.match(await box(page, 'ilb-1').locator('text.detail').textContent(), /^10\.1\.0\.5 · pool 1$/);

    // A NAT gateway for snet-data, drawn in vnet-spoke under its subnets.
    await select(page, 'snet-data');
    await page.locator('.palette-item[data-kind="NAT gateway"]').click();
    await box(page, 'ng-snet-data').waitFor();
    const [ng, vnet, data] = await Promise.all(['ng-snet-data', 'vnet-spoke', 'snet-data'].map((n) => box(page, n).locator('rect').first().boundingBox()));
    assert.ok(ng.y > data.y + data.height && ng.y + ng.height <= vnet.y + vnet.height, 'inside the VNet, under its subnets');
    assert.equal(await page.locator('svg.canvas path.line.nat').count(), 1);
    assert.equal(await field(page, 'publicIps').locator('input').inputValue(), '198.18.1.4');
    const subnets = field(page, 'subnets').locator('input');
    await subnets.fill('vnet-spoke/snet-data, vnet-hub/snet-dns');
    assert.match(await field(page, 'subnets').locator('.field-error').textContent(), /a NAT gateway serves one VNet \(F-23\)/);
    await subnets.fill('vnet-spoke/snet-data, vnet-spoke/snet-vm');
    await page.waitForFunction(() => document.querySelectorAll('svg.canvas path.line.nat').length === 2);
    await field(page, 'publicIps').locator('input').fill('198.18.1.4, 198.18.1.5');
    await savedWhen(page, (d) => d.natGateways?.[0]?.subnets?.length === 2 && d.natGateways[0].publicIps.length === 2, 'the NAT gateway');
    await page.locator('.properties .field[data-key="meta.tags"] input').fill('env=lab, owner=net');
    await savedWhen(page, (d) => d.natGateways[0].meta?.tags?.owner === 'net', 'tags');
    assert.match(await page.locator('.properties .azure-id').textContent(), /Drawn in the studio/);
    await page.locator('.properties').screenshot({ path: join(ARTIFACTS, 'v2-nat-form.png') });
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(ARTIFACTS, 'v2-lb-nat.png') });
    await box(page, 'vnet-spoke').locator('rect').first().screenshot({ path: join(ARTIFACTS, 'v2-lb-nat-spoke.png') });

    // Undo, a step per field typed in and per element added: tags, public IPs, subnets, the NAT
    // gateway itself.
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForFunction(() => ![...document.querySelectorAll('svg.canvas text.title')].some((t) => t.dataset.full === 'ng-snet-data'));
    assert.equal(await page.locator('svg.canvas path.line.nat').count(), 0);
    await savedWhen(page, (d) => !d.natGateways?.length && lb(d)?.probe?.protocol === 'HTTP', 'the NAT gateway undone, the load balancer kept');
    // The probe, the rules, the backend pool (both edits: one field typed in), the load balancer.
    for (let i = 0; i < 4; i++) await page.getByRole('button', { name: 'Undo' }).click();
    await savedWhen(page, (d) => !d.loadBalancers?.length, 'the load balancer undone');
    assert.equal(await page.locator('svg.canvas path.line.lb-backend').count(), 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an application security group from the palette takes the selected VM; NSG rules name it', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await select(page, 'vm-spoke');
    await page.locator('.palette-item[data-kind="App security group"]').click();
    await box(page, 'asg-vm-spoke').waitFor();
    assert.equal(await field(page, 'nics').locator('input').inputValue(), 'vm-spoke');
    assert.equal(await page.locator('svg.canvas path.line.assoc').count(), 1, 'its member, shown with the selection');
    await field(page, 'name').locator('input').fill('asg-web');
    await field(page, 'nics').locator('input').fill('vm-spoke, vm-dns');
    assert.match(await field(page, 'nics').locator('.field-error').textContent(), /a group's members share one VNet/);
    await field(page, 'nics').locator('input').fill('vm-spoke');
    // An NSG rule names the group.
    await page.keyboard.press('Escape');
    await page.locator('.palette-item[data-kind="NSG"]').click();
    await page.locator('.properties .field[data-key="rules"] textarea').fill('web 100 Inbound Allow TCP * * asg:asg-web 443');
    const d = await savedWhen(page, (x) => x.nsgs?.[0]?.rules?.[0]?.destinationAsgs?.length === 1, 'the rule names the group');
    assert.equal(d.nsgs[0].rules[0].destinationAsgs[0], d.asgs[0].id);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("a connection's learned prefixes take their own next hops; gateways connect VNet-to-VNet", { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=hybrid-dns');
    await waitForStudio(page);
    await select(page, 'vpngw-hub');
    const conns = field(page, 'connections').locator('textarea');
    assert.equal(await conns.inputValue(), 'to-onprem-hq onprem-hq 192.168.0.0/16');
    await conns.fill('to-onprem-hq onprem-hq 192.168.0.0/16@10.0.255.9');
    assert.equal(
      await field(page, 'connections').locator('.field-error').textContent(),
      'Line 1: 10.0.255.9 is not an instance IP of this gateway (R-25): use 10.0.255.4, 10.0.255.5.',
    );
    await conns.fill('to-onprem-hq onprem-hq 192.168.0.0/16@10.0.255.4,172.16.0.0/12@10.0.255.4+10.0.255.5 bgp');
    const gw = await savedWhen(page, (d) => d.gateways[0].connections[0].learnedPrefixes.length === 2, 'per-prefix next hops');
    const c = gw.gateways[0].connections[0];
    assert.deepEqual(c.learnedPrefixes, [
      { prefix: '192.168.0.0/16', nextHops: ['10.0.255.4'] },
      { prefix: '172.16.0.0/12', nextHops: ['10.0.255.4', '10.0.255.5'] },
    ]);
    assert.equal(c.bgp, true);
    await conns.blur();
    assert.equal(await conns.inputValue(), 'to-onprem-hq onprem-hq 192.168.0.0/16@10.0.255.4,172.16.0.0/12@10.0.255.4+10.0.255.5 bgp');
    await field(page, 'connections').scrollIntoViewIfNeeded();
    await page.locator('.properties').screenshot({ path: join(ARTIFACTS, 'v2-connections.png') });

    // A second VPN gateway in the spoke, dragged onto the hub's: both sides, one line.
    await select(page, 'snet-workload');
    await page.locator('.palette-item[data-kind="VPN gateway"]').click();
    await box(page, 'vgw-2').waitFor();
    const from = await box(page, 'vgw-2').locator('circle.handle.connect').boundingBox();
    await dragPoints(page, center(from), center(await box(page, 'vpngw-hub').locator('rect').first().boundingBox()));
    assert.match(await page.locator('.canvas-hint').textContent(), /VNet-to-VNet, both directions \(P-14\)/);
    const both = await savedWhen(page, (d) => d.gateways.every((g) => g.connections?.some((x) => x.kind === 'vnet2vnet')), 'both sides');
    const [hubGw, spokeGw] = [both.gateways[0], both.gateways.at(-1)];
    assert.ok(hubGw.connections.some((x) => x.remoteGateway === spokeGw.id));
    assert.ok(spokeGw.connections.some((x) => x.remoteGateway === hubGw.id));
    assert.equal(await page.locator(`svg.canvas path.line.gw-conn[data-a="${hubGw.id}"][data-b="${spokeGw.id}"]`).count(), 1, 'one line for the pair');
    await page.screenshot({ path: join(ARTIFACTS, 'v2-vnet2vnet.png') });
    await select(page, 'vgw-2');
    assert.equal(await field(page, 'connections').locator('textarea').inputValue(), 'cn-vpngw-hub vpngw-hub');
    // One side removed: the line is dashed, no traffic (P-14).
    await field(page, 'connections').locator('textarea').fill('');
    await page.locator('svg.canvas path.line.gw-conn.half').waitFor({ state: 'attached' });
    await page.keyboard.press('Escape');
    await page.screenshot({ path: join(ARTIFACTS, 'v2-vnet2vnet-one-side.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("the design's inputs and an on-premises DNS server's settings", { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=hybrid-dns');
    await waitForStudio(page);
    await page.keyboard.press('Escape');
    await page.locator('.design-inputs summary').click();
    const pane = page.locator('.design-inputs');
    const dns = pane.locator('.field[data-key="publicDns"] textarea');
    await dns.waitFor();
    await dns.fill('mystorage.blob.core.windows.net CNAME blob.ams07.store.core.windows.net\nwww.contoso.com MX mail');
    assert.match(await pane.locator('.field[data-key="publicDns"] .field-error').textContent(), /^Line 2: use/);
    await dns.fill('mystorage.blob.core.windows.net CNAME blob.ams07.store.core.windows.net');
    await pane.locator('.field[data-key="servicePrefixes"] textarea').fill('Storage.WestEurope 20.60.0.0/16,20.150.0.0/17');
    await pane.locator('.field[data-key="description"] textarea').fill('Hybrid DNS through the resolver.');
    const d = await savedWhen(page, (x) => x.description && x.publicDns?.length === 1 && x.servicePrefixes?.['Storage.WestEurope']?.length === 2, 'the inputs');
    assert.equal(d.publicDns[0].name, 'mystorage.blob.core.windows.net');
    await page.locator('.properties').screenshot({ path: join(ARTIFACTS, 'v2-design-inputs.png') });

    // The on-premises server: follow CNAME off, and a zone it is authoritative for.
    const site = d.sites[0];
    await select(page, site.name);
    const server = page.locator(`.properties fieldset.onprem-dns[data-id="${site.dnsServers[0].id}"]`);
    const follow = server.locator('.field[data-key="followCname"] input');
    assert.equal(await follow.isChecked(), true, 'D-13: on by default');
    await follow.uncheck();
    await server.locator('.field[data-key="zones"] textarea').fill('corp.contoso.com app A 192.168.10.20');
    const after = await savedWhen(page, (x) => x.sites[0].dnsServers[0].zones?.length === 1 && x.sites[0].dnsServers[0].followCname === false, 'the server');
    assert.deepEqual(after.sites[0].dnsServers[0].zones[0], { name: 'corp.contoso.com', records: [{ name: 'app', type: 'A', ips: ['192.168.10.20'] }] });
    await server.scrollIntoViewIfNeeded();
    await page.locator('.properties').screenshot({ path: join(ARTIFACTS, 'v2-onprem-dns.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// The Security view (issue 18 §3): for the selected VM's NIC, the effective security rules as
// Azure lists them (N-12: the NIC's NSG, then the subnet's, defaults included, tags expanded) and
// IP flow verify (N-13: inbound the subnet's NSG then the NIC's, outbound the NIC's then the
// subnet's; the first NSG that denies answers Deny with its rule, else Allow with the last NSG's
// deciding rule; no NSG at all, Allow and no rule name). Next hop in the Routes view, as
// `az network watcher show-next-hop` answers it (R-19; a user route names its route table, the
// others say "System Route"), and "Copy as az JSON" for both tables.
//   trunk build --release --dist /work/dist-security
//   VNET_DIST=/work/dist-security node --test tests/e2e/security-view.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, linkFor, ARTIFACTS } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

const box = (page, name) => page.locator('svg.canvas g.box', { has: page.locator(`text.title[data-full="${name}"]`) });

async function select(page, name) {
  await box(page, name).locator('rect').first().click();
}

async function openTab(page, name, panel) {
  await page.locator('.tabs [role=tab]', { hasText: name }).click();
  await page.locator(panel).waitFor({ timeout: 20000 });
}

/** Fills IP flow verify's form and runs it; returns the verdict's text. */
async function verify(page, { direction, protocol = 'TCP', localPort, remoteIp, remotePort }) {
  const form = page.locator('.security form.flow-verify');
  await form.locator('select[name=direction]').selectOption(direction);
  await form.locator('select[name=protocol]').selectOption(protocol);
  await form.locator('input[name=local-port]').fill(String(localPort));
  await form.locator('input[name=remote-ip]').fill(remoteIp);
  await form.locator('input[name=remote-port]').fill(String(remotePort));
  await form.locator('button.run').click();
}

async function verdict(page) {
  const v = page.locator('.security .flow-verdict');
  await v.waitFor();
  return {
    access: (await v.locator('strong.access').textContent()).trim(),
    rule: (await v.locator('.rule-name').textContent()).trim(),
    text: await v.textContent(),
  };
}

/** The rows of each NSG table: { association, rows: [{ name, priority, access, decides, met }] }. */
async function nsgTables(page) {
  return page.$$eval('.security .nsg-entry', (entries) =>
    entries.map((e) => ({
      association: e.dataset.association,
      head: e.querySelector('.nsg-head').textContent,
      rows: [...e.querySelectorAll('tr.nsg-rule')].map((r) => ({
        name: r.dataset.name,
        priority: Number(r.querySelector('.prio').textContent),
        access: r.querySelector('.access').textContent,
        source: r.children[2].textContent,
        decides: r.classList.contains('decides'),
        met: r.classList.contains('met'),
      })),
    })),
  );
}

const marked = (tables) =>
  tables.flatMap((t) => t.rows.filter((r) => r.decides || r.met).map((r) => `${t.association} ${r.name} ${r.decides ? 'decides' : 'met'}`));

/**
 * Gallery "non-transitive peering" with an NSG on vm-02's subnet and one on its NIC. (Not the seed
 * lab: its VM subnet's 0.0.0.0/0 UDR makes VirtualNetwork every address, N-4, so the default
 * AllowVnetInBound would allow internet sources there too.)
 */
async function peeringWithNsgs() {
  const doc = await (await fetch(url + 'gallery/non-transitive-peering.json')).json();
  const d = doc.design;
  const rule = (name, priority, direction, access, protocol, source, destination, destinationPorts) => ({
    name, priority, direction, access, protocol, source, sourcePorts: '*', destination, destinationPorts,
  });
  d.nsgs = [
    {
      id: 'nsg-vnet02-workload',
      name: 'nsg-vnet02-workload',
      rules: [
        rule('allow-https-internet', 100, 'Inbound', 'Allow', 'TCP', 'Internet', '*', '443'),
        rule('deny-dns-internet', 100, 'Outbound', 'Deny', 'UDP', '*', 'Internet', '53'),
      ],
    },
    {
      id: 'nsg-vm-02-nic',
      name: 'nsg-vm-02-nic',
      rules: [
        rule('deny-ssh-from-vnet01', 200, 'Inbound', 'Deny', 'TCP', '10.1.0.0/16', '*', '22'),
        rule('allow-https', 300, 'Inbound', 'Allow', 'TCP', 'Internet', '*', '443'),
      ],
    },
  ];
  const vm = d.vms.find((v) => v.name === 'vm-02');
  d.subnets.find((s) => s.id === vm.nics[0].subnet).nsg = 'nsg-vnet02-workload';
  vm.nics[0].nsg = 'nsg-vm-02-nic';
  return doc;
}

test('gallery seed lab, no NSG: nothing listed, IP flow verify allows naming no rule (N-12, N-13)', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await box(page, 'vm-spoke').waitFor({ timeout: 20000 });
    await openTab(page, 'Security', 'section.panel.security');
    assert.match(await page.locator('.security .hint').textContent(), /Select a VM/);
    await select(page, 'vm-spoke');
    await page.locator('.security .no-nsg').waitFor();
    assert.match(await page.locator('.security .target').textContent(), /VM vm-spoke, NIC vm-spoke-nic \(10\.1\.0\.4, snet-vm\)/);
    assert.equal(await page.locator('.security select[name=local-ip]').inputValue(), '10.1.0.4');
    await verify(page, { direction: 'Inbound', localPort: 22, remoteIp: '203.0.113.10', remotePort: '*' });
    const v = await verdict(page);
    assert.equal(v.access, 'Allow');
    assert.equal(v.rule, 'no rule (no NSG)', 'N-13: no NSG at all, Allow and no ruleName');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('NSGs on a NIC and its subnet: effective rules in Azure order, IP flow verify both ways, az JSON', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#' + linkFor(await peeringWithNsgs()));
    await box(page, 'vm-02').waitFor({ timeout: 20000 });
    await select(page, 'vm-02');
    await openTab(page, 'Security', 'section.panel.security');
    await page.locator('.security .nsg-entry').first().waitFor();

    // N-12: the NIC's NSG first, then the subnet's; each with Azure's defaults (N-3).
    let tables = await nsgTables(page);
    assert.deepEqual(tables.map((t) => t.association), ['networkInterface', 'subnet']);
    assert.match(tables[0].head, /NSG nsg-vm-02-nic on NIC vm-02-nic/);
    assert.match(tables[1].head, /NSG nsg-vnet02-workload on subnet snet-workload/);
    for (const t of tables) {
      const deny = t.rows.find((r) => r.name === 'defaultSecurityRules/DenyAllInBound');
      assert.deepEqual([deny.priority, deny.access], [65500, 'Deny']);
      const names = t.rows.map((r) => r.name);
      assert.ok(names.includes('defaultSecurityRules/AllowVnetInBound') && names.includes('defaultSecurityRules/DenyAllOutBound'));
      // Inbound first, then outbound, each by ascending priority.
      const inbound = t.rows.slice(0, names.indexOf('defaultSecurityRules/DenyAllInBound') + 1).map((r) => r.priority);
      assert.deepEqual(inbound, [...inbound].sort((a, b) => a - b));
    }
    const https = tables[1].rows.find((r) => r.name === 'securityRules/allow-https-internet');
    assert.deepEqual([https.priority, https.access], [100, 'Allow']);
    assert.match(https.source, /^Internet \(\d+\)/, 'a tag, its prefixes folded under it');
    assert.deepEqual(tables[0].rows.filter((r) => r.name.startsWith('securityRules/')).map((r) => [r.name, r.priority, r.access]), [
      ['securityRules/deny-ssh-from-vnet01', 200, 'Deny'],
      ['securityRules/allow-https', 300, 'Allow'],
    ]);
    // The VirtualNetwork tag of VNet02's subnet: its VNet, both peered VNets, and 168.63.129.16 (N-4).
    const vnetTag = page.locator('.security .nsg-entry').first().locator('tr.nsg-rule[data-name="defaultSecurityRules/AllowVnetInBound"] details.tag').first();
    await vnetTag.locator('summary').click();
    const prefixes = await vnetTag.locator('li').allTextContents();
    for (const p of ['10.2.0.0/16', '10.1.0.0/16', '10.3.0.0/16', '168.63.129.16/32']) assert.ok(prefixes.includes(p), `${p} in ${prefixes}`);
    // A rule's name opens why it is there, with its rule ids.
    await page.locator('.security tr.nsg-rule[data-name="securityRules/deny-ssh-from-vnet01"] button.rule-name').click();
    const why = page.locator('.security tr.nsg-rule[data-name="securityRules/deny-ssh-from-vnet01"] + tr.explain');
    assert.match(await why.textContent(), /N-2.*first match decides/);
    await page.locator('.security .nsg-entry').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'security-rules.png') });

    // Inbound SSH from the internet: the subnet's NSG is met first and denies (N-5, N-13).
    await verify(page, { direction: 'Inbound', localPort: 22, remoteIp: '203.0.113.10', remotePort: '*' });
    let v = await verdict(page);
    assert.deepEqual([v.access, v.rule], ['Deny', 'defaultSecurityRules/DenyAllInBound']);
    assert.deepEqual(marked(await nsgTables(page)), ['subnet defaultSecurityRules/DenyAllInBound decides']);
    await page.screenshot({ path: join(ARTIFACTS, 'security-deny.png') });
    await page.locator('.security tr.decides').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'security-deny-row.png') });

    // Inbound SSH from vm-01: the subnet's AllowVnetInBound passes it (VNet01 is peered,
    // VirtualNetwork per N-4), the NIC's own rule denies.
    await verify(page, { direction: 'Inbound', localPort: 22, remoteIp: '10.1.1.4', remotePort: '*' });
    v = await verdict(page);
    assert.deepEqual([v.access, v.rule], ['Deny', 'securityRules/deny-ssh-from-vnet01']);
    assert.deepEqual(marked(await nsgTables(page)), [
      'networkInterface securityRules/deny-ssh-from-vnet01 decides',
      'subnet defaultSecurityRules/AllowVnetInBound met',
    ]);

    // Inbound HTTPS from the internet: both allow; the NIC's rule is named (the last evaluated).
    await verify(page, { direction: 'Inbound', localPort: 443, remoteIp: '203.0.113.10', remotePort: '*' });
    v = await verdict(page);
    assert.deepEqual([v.access, v.rule], ['Allow', 'securityRules/allow-https']);
    assert.deepEqual(marked(await nsgTables(page)), [
      'networkInterface securityRules/allow-https decides',
      'subnet securityRules/allow-https-internet met',
    ]);

    // Outbound: the NIC's NSG, then the subnet's. DNS to the internet passes the NIC's
    // AllowInternetOutBound and is denied by the subnet's rule.
    await verify(page, { direction: 'Outbound', protocol: 'UDP', localPort: '*', remoteIp: '8.8.8.8', remotePort: 53 });
    v = await verdict(page);
    assert.deepEqual([v.access, v.rule], ['Deny', 'securityRules/deny-dns-internet']);
    assert.deepEqual(marked(await nsgTables(page)), [
      'networkInterface defaultSecurityRules/AllowInternetOutBound met',
      'subnet securityRules/deny-dns-internet decides',
    ]);
    // HTTPS out: both allow, the subnet's default rule is named.
    await verify(page, { direction: 'Outbound', protocol: 'TCP', localPort: '*', remoteIp: '8.8.8.8', remotePort: 443 });
    v = await verdict(page);
    assert.deepEqual([v.access, v.rule], ['Allow', 'defaultSecurityRules/AllowInternetOutBound']);
    await page.locator('.security tr.decides').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'security-allow-outbound.png') });

    // Errors name their field: one the form reads, one the engine refuses (only the source port may be *).
    await verify(page, { direction: 'Outbound', localPort: '*', remoteIp: '300.1.1.1', remotePort: 443 });
    assert.match(await page.locator('.security .field-error').textContent(), /^Remote IP: '300\.1\.1\.1' is not an IPv4 address/);
    assert.equal(await page.locator('.security .field.invalid input').getAttribute('name'), 'remote-ip');
    assert.equal(await page.locator('.security .flow-verdict').count(), 0, 'no stale verdict beside an error');
    await verify(page, { direction: 'Outbound', localPort: '*', remoteIp: '8.8.8.8', remotePort: '*' });
    assert.match(await page.locator('.security .field-error').textContent(), /^Remote port: the remote port cannot be '\*'/);
    assert.equal(await page.locator('.security .field.invalid input').getAttribute('name'), 'remote-port');
    await page.screenshot({ path: join(ARTIFACTS, 'security-error.png') });

    // Copy as az JSON: the shape `az network nic list-effective-nsg` prints, no vnetStudio.
    await page.locator('.security .rules-head button', { hasText: 'Copy as az JSON' }).click();
    await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('effectiveSecurityRules'));
    const text = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(!text.includes('vnetStudio'));
    const az = JSON.parse(text);
    assert.match(az.value[0].association.networkInterface.id, /\/networkInterfaces\/vm-02-nic$/);
    assert.match(az.value[1].association.subnet.id, /\/virtualNetworks\/VNet02\/subnets\/snet-workload$/);
    const deny = az.value[1].effectiveSecurityRules.find((r) => r.name === 'defaultSecurityRules/DenyAllInBound');
    assert.deepEqual(
      [deny.priority, deny.access, deny.direction, deny.protocol, deny.sourceAddressPrefix, deny.destinationPortRange],
      [65500, 'Deny', 'Inbound', 'All', '0.0.0.0/0', '0-65535'],
    );
    assert.ok(az.value[1].tagMap.Internet.length > 0, 'tagMap lists the tags the rules use');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('Routes: next hop as Azure answers it, the selected route marked, and az JSON', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await box(page, 'vm-spoke').waitFor({ timeout: 20000 });
    await select(page, 'vm-spoke');
    await openTab(page, 'Routes', 'section.panel.routes');
    const hop = async (ip) => {
      await page.fill('.routes input[name=next-hop-to]', ip);
      await page.locator('.routes form.next-hop button.run').click();
      const a = page.locator('.routes .hop-answer');
      await a.waitFor();
      return {
        type: (await a.locator('.hop-type').textContent()).trim(),
        text: await a.textContent(),
        selected: await page.$$eval('.routes tr.route.selected', (rs) => rs.map((r) => [...r.children].slice(0, 5).map((c) => c.textContent).join(' '))),
      };
    };
    // R-19 with a user route: rt-spoke-vm's 0.0.0.0/0 to the firewall.
    let h = await hop('8.8.8.8');
    assert.equal(h.type, 'VirtualAppliance');
    assert.match(h.text, /10\.0\.1\.4/);
    assert.match(h.text, /rt-spoke-vm/, 'a user route names its route table');
    assert.deepEqual(h.selected, ['User Active 0.0.0.0/0 VirtualAppliance 10.0.1.4']);
    await page.screenshot({ path: join(ARTIFACTS, 'routes-next-hop.png') });
    // The hub over the peering: a system route, "System Route".
    h = await hop('10.0.2.4');
    assert.equal(h.type, 'VNetPeering');
    assert.match(h.text, /System Route/);
    assert.deepEqual(h.selected, ['Default Active 10.0.0.0/16 VNetPeering ']);
    // A field that does not read names itself.
    await page.fill('.routes input[name=next-hop-to]', '10.0.2');
    await page.locator('.routes form.next-hop button.run').click();
    assert.match(await page.locator('.routes .field-error').textContent(), /^Destination IP: '10\.0\.2' is not an IPv4 address/);
    assert.equal(await page.locator('.routes tr.route.selected').count(), 0);

    await page.locator('.routes .actions button', { hasText: 'Copy as az JSON' }).first().click();
    await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('addressPrefix'));
    const az = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    const udr = az.value.find((r) => r.name === 'default-to-fw');
    assert.deepEqual(udr, {
      addressPrefix: ['0.0.0.0/0'],
      disableBgpRoutePropagation: false,
      name: 'default-to-fw',
      nextHopIpAddress: ['10.0.1.4'],
      nextHopType: 'VirtualAppliance',
      source: 'User',
      state: 'Active',
    });
    assert.ok(az.value.every((r) => !('vnetStudio' in r)));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

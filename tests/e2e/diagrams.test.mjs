// Diagrams that tell the truth, measured on the drawn SVG: no peering line runs through a VNet
// it does not connect on any gallery design, and a design of up to 12 VNets shows every VNet's
// name and address range at 11 px or more at "Fit" in a 1440×900 window, whichever tab is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, ROOT, ARTIFACTS } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

const gallery = JSON.parse(await readFile(join(ROOT, 'public/gallery/index.json'), 'utf8'));
const slugs = gallery.map((e) => e.slug);

/** The drawn geometry: VNet boxes and peering lines (their points, from the path's M and L). */
async function geometry(page) {
  return page.evaluate(() => {
    const vnets = [...document.querySelectorAll('svg.canvas g.box.vnet')].map((g) => {
      const r = g.querySelector('rect');
      const n = (a) => Number(r.getAttribute(a));
      return { id: g.dataset.id, x: n('x'), y: n('y'), w: n('width'), h: n('height') };
    });
    const lines = [...document.querySelectorAll('svg.canvas path.line.peering')].map((p) => ({
      a: p.dataset.a,
      b: p.dataset.b,
      points: [...p.getAttribute('d').matchAll(/[ML]\s*(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]),
    }));
    return { vnets, lines };
  });
}

/** Whether segment p–q runs through the inside of rect r (Liang–Barsky; touching does not count). */
function crosses(r, [x0, y0], [x1, y1]) {
  const [left, top, right, bottom] = [r.x + 0.5, r.y + 0.5, r.x + r.w - 0.5, r.y + r.h - 0.5];
  const [dx, dy] = [x1 - x0, y1 - y0];
  let [t0, t1] = [0, 1];
  for (const [p, q] of [[-dx, x0 - left], [dx, right - x0], [-dy, y0 - top], [dy, bottom - y0]]) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

/** Whether two segments cross at a point inside both (shared ends and overlaps on a trunk do not count). */
function segmentsCross([a, b], [c, d]) {
  const side = (p, q, r) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const [s1, s2, s3, s4] = [side(a, b, c), side(a, b, d), side(c, d, a), side(c, d, b)];
  return s1 * s2 < 0 && s3 * s4 < 0;
}

/** The studio is up, with VNets around their hub and lines routed (the routing module is here). */
async function ready(page) {
  await waitForStudio(page);
  await page.waitForSelector('svg.canvas[data-routed="true"]', { timeout: 20000 });
  await page.waitForTimeout(200);
}

const segments = (l) => l.points.slice(1).map((p, i) => [l.points[i], p]);

/** Line–box crossings (peering through a VNet it does not join) and line–line crossings. */
export function measure({ vnets, lines }) {
  const through = [];
  for (const l of lines) {
    for (const v of vnets) {
      if (v.id === l.a || v.id === l.b) continue;
      if (segments(l).some(([p, q]) => crosses(v, p, q))) through.push(`${l.a}–${l.b} through ${v.id}`);
    }
  }
  let lineCrossings = 0;
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      for (const s of segments(lines[i])) for (const t of segments(lines[j])) if (segmentsCross(s, t)) lineCrossings++;
    }
  }
  return { through, lineCrossings };
}

test('no peering line runs through a VNet it does not connect, on any gallery design', { timeout: 180000 }, async () => {
  for (const slug of slugs) {
    const { context, page, problems } = await openPage(browser);
    try {
      await page.goto(url + '#gallery=' + slug);
      await ready(page);
      const g = await geometry(page);
      const { through, lineCrossings } = measure(g);
      console.log(`# ${slug}: ${g.vnets.length} VNets, ${g.lines.length} peering lines, line–box ${through.length}, line–line ${lineCrossings}`);
      assert.deepEqual(through, [], `${slug}: peering lines through VNets they do not connect`);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

test('at Fit, every VNet name and address range is 11 px or more on designs of up to 12 VNets', { timeout: 180000 }, async () => {
  for (const slug of slugs) {
    const { context, page, problems } = await openPage(browser, { width: 1440, height: 900 });
    try {
      await page.goto(url + '#gallery=' + slug);
      await ready(page);
      const count = await page.locator('svg.canvas g.box.vnet').count();
      if (count > 12) continue;
      for (const tab of ['Properties', 'Matrix']) {
        await page.locator('.tabs [role=tab]', { hasText: tab }).click();
        await page.getByRole('button', { name: 'Fit' }).click();
        await page.waitForTimeout(150);
        const sizes = await page.$$eval('svg.canvas g.box.vnet', (gs) =>
          gs.map((g) => ({
            id: g.dataset.id,
            title: g.querySelector('text.title')?.getBoundingClientRect().height ?? 0,
            detail: g.querySelector('text.detail')?.getBoundingClientRect().height ?? 0,
            range: g.querySelector('text.detail')?.textContent ?? '',
          })),
        );
        for (const s of sizes) {
          // A text's box is about 1.15 times its font size.
          assert.ok(s.title / 1.15 >= 11 && s.detail / 1.15 >= 11, `${slug} (${tab}): ${s.id} title ${s.title} px, range ${s.detail} px`);
          assert.match(s.range, /\d+\.\d+\.\d+\.\d+\/\d+/, `${slug}: ${s.id} shows its address range`);
        }
      }
      await page.screenshot({ path: join(ARTIFACTS, `fit-${slug}.png`) });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
});

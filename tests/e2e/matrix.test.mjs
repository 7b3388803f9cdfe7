// The reachability matrix (issue 7 §4): computed in a Web Worker fetched only when the Matrix tab
// opens, drawn on a canvas, readable through its offscreen table and hover readout; a click runs
// the pair's trace in the trace view. Gallery 7 (non-transitive peering): VNet01 cannot reach
// VNet03.
// The browser timing of the 100-spoke matrix is measured by matrix-bench.mjs, not here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, ARTIFACTS } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

/** The offscreen table's outcome for the pair of subnets labelled `from` → `to`. */
async function outcome(page, from, to) {
  return page.evaluate(
    ([from, to]) => {
      const table = document.querySelector('.matrix-table');
      const cols = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
      const row = [...table.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th').textContent === from);
      const col = cols.indexOf(to);
      return row && col >= 0 ? row.querySelectorAll('td')[col].dataset.outcome : null;
    },
    [from, to],
  );
}

test('gallery 7: the matrix shows VNet01 cannot reach VNet03, and a click traces it', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  try {
    await page.goto(url + '#gallery=non-transitive-peering');
    await waitForStudio(page);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(fetched.filter((p) => /worker/.test(p)), [], 'the first load fetches no worker file');

    await page.getByRole('tab', { name: 'Matrix' }).click();
    const panel = page.locator('.matrix-panel');
    await page.waitForSelector('.matrix-panel[data-state="done"]', { timeout: 30000 });
    assert.ok(fetched.includes('/matrix-worker.js') && fetched.includes('/vnet-worker_bg.wasm'), `the worker is fetched on opening: ${fetched}`);

    const w = 'snet-workload';
    assert.equal(await outcome(page, `VNet01 / ${w}`, `VNet03 / ${w}`), 'dropped', 'VNet01 → VNet03: no peering, R-4 None route');
    assert.equal(await outcome(page, `VNet03 / ${w}`, `VNet01 / ${w}`), 'dropped');
    assert.equal(await outcome(page, `VNet01 / ${w}`, `VNet02 / ${w}`), 'delivered', 'VNet01 → VNet02 is peered');
    assert.equal(await outcome(page, `VNet02 / ${w}`, `VNet03 / ${w}`), 'delivered');
    const label = await page.locator('canvas.matrix-canvas').getAttribute('aria-label');
    assert.match(label, /3 subnets, TCP 443: \d+ pairs delivered, 2 dropped/);

    // Hover the VNet01 → VNet03 cell: row 1, column 3 of a labelled 3 × 3 matrix.
    const canvas = page.locator('canvas.matrix-canvas');
    const cell = await canvasCell(canvas, 0, 2, 3);
    await page.mouse.move(cell.x, cell.y);
    const readout = page.locator('.matrix-readout');
    await assert.doesNotReject(readout.waitFor());
    assert.equal(await readout.getAttribute('data-outcome'), 'dropped');
    assert.equal((await readout.textContent()).trim(), `VNet01 / ${w} → VNet03 / ${w}: dropped`);

    // Clicking runs that trace in the trace view: dropped at vm-01 by the reserved 10.0.0.0/8
    // None route.
    const ms = await panel.getAttribute('data-ms');
    await page.mouse.click(cell.x, cell.y);
    await page.waitForSelector('[role="tab"][aria-selected="true"]:text("Trace")');
    const outcomeBox = page.locator('.panel.trace .outcome');
    await outcomeBox.waitFor({ timeout: 10000 });
    assert.match(await outcomeBox.getAttribute('class'), /dropped/);
    assert.match(await outcomeBox.textContent(), /vm-01.*R-4/s);

    // Back to the matrix: the result is still there, not recomputed.
    await page.getByRole('tab', { name: 'Matrix' }).click();
    assert.equal(await panel.getAttribute('data-state'), 'done');
    assert.equal(await panel.getAttribute('data-ms'), ms);
    assert.equal(await outcome(page, `VNet01 / ${w}`, `VNet03 / ${w}`), 'dropped');

    // Another protocol recomputes: ICMP gives the same picture for this design.
    await panel.locator('select').selectOption('ICMP');
    await page.waitForSelector('.matrix-panel[data-state="done"] canvas[aria-label*="ICMP"]', { timeout: 30000 });
    assert.equal(await outcome(page, `VNet01 / ${w}`, `VNet03 / ${w}`), 'dropped');

    // Keyboard: the canvas takes focus, arrows move the cursor, the readout follows.
    await canvas.focus();
    await page.keyboard.press('ArrowDown');
    assert.match(await readout.textContent(), /→/);

    await page.mouse.move(cell.x, cell.y);
    await page.screenshot({ path: join(ARTIFACTS, 'matrix.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

/** The centre of cell (row, col) on the canvas of an `n`-subnet matrix (labels when small). */
async function canvasCell(canvas, row, col, n) {
  const box = await canvas.boundingBox();
  // The view's geometry (canvas.rs `Geometry::fit`): labelled matrices keep a 168 px gutter on the
  // left and a 22 px header; cells are square and fill the rest, at most 44 px.
  const [left, top] = n <= 40 ? [168, 22] : [0, 0];
  const size = Math.min(44, (box.width - left) / n);
  const cell = size >= 4 ? Math.floor(size) : size;
  return { x: box.x + left + (col + 0.5) * cell, y: box.y + top + (row + 0.5) * cell };
}

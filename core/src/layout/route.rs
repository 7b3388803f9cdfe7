//! How a line between two boxes goes around the boxes between them (DECISIONS 30: drawing, not
//! semantics; kept here, pure and deterministic, so it is tested and measured natively).
//!
//! A line is straight from edge to edge when that runs through no other box. Otherwise it is
//! routed orthogonally: a shortest path with few bends over a sparse grid made of the lines that
//! run a margin outside each box (the orthogonal visibility graph of libavoid and ELK's
//! orthogonal router, simplified), from a port in the middle of one of the first box's sides to
//! one of the second's. A path that reuses a stretch an earlier line took costs less, so lines
//! from a hub to its spokes share a trunk instead of running side by side. The grid covers the
//! two boxes and their surroundings, and grows only when no path is found inside it, so a line
//! between neighbours costs what its neighbourhood costs, however large the design.

use super::Rect;
use std::cmp::Reverse;
#[cfg(test)]
use std::collections::HashSet;
use std::collections::{BinaryHeap, HashMap};

/// A point in canvas units.
pub type Point = (i32, i32);

/// How far outside a box a routed line runs.
pub const MARGIN: i32 = 16;

/// What a bend costs, in canvas units of length: a path with fewer bends reads better.
const BEND: i64 = 60;

/// What a stretch that an earlier line took costs, in quarters of its length: cheaper, so lines
/// share trunks, but not so much cheaper that a search looks far afield for one.
const SHARED: i64 = 3;

/// How far around the two boxes the first grid reaches; it doubles while no path is found.
const REACH: i32 = 240;

/// A line to draw, between the boxes `a` and `b`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wire {
    pub a: Rect,
    pub b: Rect,
}

/// The four directions a path moves in; a port's direction is the way out of its box.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Dir {
    Up,
    Down,
    Left,
    Right,
}

impl Dir {
    const ALL: [Dir; 4] = [Dir::Up, Dir::Down, Dir::Left, Dir::Right];

    fn opposite(self) -> Dir {
        match self {
            Dir::Up => Dir::Down,
            Dir::Down => Dir::Up,
            Dir::Left => Dir::Right,
            Dir::Right => Dir::Left,
        }
    }
}

/// Routes every wire around `boxes`, in order (a later wire may share an earlier one's trunk).
/// A box that holds, or is, one end of a wire is no obstacle to it. Each route is a polyline
/// from a point on `a`'s edge to a point on `b`'s edge, without collinear points.
pub fn route_all(boxes: &[Rect], wires: &[Wire]) -> Vec<Vec<Point>> {
    let mut used = Used::default();
    wires
        .iter()
        .map(|w| {
            let obstacles: Vec<Rect> = boxes.iter().copied().filter(|o| !holds(*o, w.a) && !holds(*o, w.b)).collect();
            let straight = [edge_toward(w.a, w.b.center()), edge_toward(w.b, w.a.center())];
            if holds(w.a, w.b) || holds(w.b, w.a) || !obstacles.iter().any(|o| crosses(*o, straight[0], straight[1])) {
                return straight.to_vec();
            }
            let path = orthogonal(&obstacles, w, &used).unwrap_or_else(|| straight.to_vec());
            for pair in path.windows(2) {
                used.add(pair[0], pair[1]);
            }
            path
        })
        .collect()
}

/// Whether `outer` holds `inner` (or is it).
fn holds(outer: Rect, inner: Rect) -> bool {
    outer.x <= inner.x && outer.y <= inner.y && inner.right() <= outer.right() && inner.bottom() <= outer.bottom()
}

/// Whether the segment from `p` to `q` runs through the inside of `r` (touching its edge does not).
pub fn crosses(r: Rect, p: Point, q: Point) -> bool {
    // Liang–Barsky clipping against the open rectangle, in f64 (no overflow at any coordinate).
    let (x0, y0) = (f64::from(p.0), f64::from(p.1));
    let (dx, dy) = (f64::from(q.0) - x0, f64::from(q.1) - y0);
    let (left, top) = (f64::from(r.x) + 0.5, f64::from(r.y) + 0.5);
    let (right, bottom) = (f64::from(r.right()) - 0.5, f64::from(r.bottom()) - 0.5);
    if left >= right || top >= bottom {
        return false;
    }
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (pk, qk) in [(-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)] {
        if pk == 0.0 {
            if qk < 0.0 {
                return false;
            }
        } else {
            let t = qk / pk;
            if pk < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

/// The point where the segment from `r`'s center toward `target` leaves `r`.
pub fn edge_toward(r: Rect, target: Point) -> Point {
    let (cx, cy) = r.center();
    let (dx, dy) = (f64::from(target.0) - f64::from(cx), f64::from(target.1) - f64::from(cy));
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let sx = if dx != 0.0 { (f64::from(r.w) / 2.0) / dx.abs() } else { f64::INFINITY };
    let sy = if dy != 0.0 { (f64::from(r.h) / 2.0) / dy.abs() } else { f64::INFINITY };
    let s = sx.min(sy);
    (cx.saturating_add((dx * s) as i32), cy.saturating_add((dy * s) as i32))
}

/// A port of `r`: the middle of its side facing `d`, `MARGIN` outside it, and the point on the
/// side itself.
fn port(r: Rect, d: Dir) -> (Point, Point) {
    let (cx, cy) = r.center();
    match d {
        Dir::Up => ((cx, r.y.saturating_sub(MARGIN)), (cx, r.y)),
        Dir::Down => ((cx, r.bottom().saturating_add(MARGIN)), (cx, r.bottom())),
        Dir::Left => ((r.x.saturating_sub(MARGIN), cy), (r.x, cy)),
        Dir::Right => ((r.right().saturating_add(MARGIN), cy), (r.right(), cy)),
    }
}

/// `r` grown by `by` on every side.
fn grown(r: Rect, by: i32) -> Rect {
    Rect::new(r.x.saturating_sub(by), r.y.saturating_sub(by), r.w.saturating_add(2 * by), r.h.saturating_add(2 * by))
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
}

/// The orthogonal route of `w`, on grids of growing reach; `None` when even the grid around
/// everything has no path (an end boxed in).
fn orthogonal(obstacles: &[Rect], w: &Wire, used: &Used) -> Option<Vec<Point>> {
    let ends = Rect::new(
        w.a.x.min(w.b.x),
        w.a.y.min(w.b.y),
        w.a.right().max(w.b.right()).saturating_sub(w.a.x.min(w.b.x)),
        w.a.bottom().max(w.b.bottom()).saturating_sub(w.a.y.min(w.b.y)),
    );
    let mut reach = REACH;
    loop {
        let window = grown(ends, reach);
        let inside: Vec<Rect> = obstacles.iter().copied().filter(|o| overlaps(grown(*o, MARGIN), window)).collect();
        let everything = inside.len() == obstacles.len();
        if let Some(path) = Grid::new(window, &inside, w).search(w, used) {
            return Some(path);
        }
        if everything || reach > super::MAX_COORD {
            return None;
        }
        reach = reach.saturating_mul(2);
    }
}

/// The sparse grid: every line a margin outside a box (and through every port), clipped to a
/// window; which of its unit edges run inside a box's margin.
struct Grid {
    xs: Vec<i32>,
    ys: Vec<i32>,
    /// Edge from (i, j) to (i + 1, j) is blocked.
    across: Vec<bool>,
    /// Edge from (i, j) to (i, j + 1) is blocked.
    down: Vec<bool>,
}

impl Grid {
    fn new(window: Rect, obstacles: &[Rect], w: &Wire) -> Grid {
        // The wire's own boxes are obstacles too: a path leaves through a port, not across its box.
        let keep_out: Vec<Rect> = obstacles.iter().chain([&w.a, &w.b]).map(|o| grown(*o, MARGIN)).collect();
        let mut xs = vec![window.x, window.right()];
        let mut ys = vec![window.y, window.bottom()];
        for k in &keep_out {
            xs.extend([k.x, k.right()]);
            ys.extend([k.y, k.bottom()]);
        }
        for d in Dir::ALL {
            for r in [w.a, w.b] {
                let ((x, y), _) = port(r, d);
                xs.push(x);
                ys.push(y);
            }
        }
        let clip = |v: &mut Vec<i32>, lo: i32, hi: i32| {
            v.retain(|c| (lo..=hi).contains(c));
            v.sort_unstable();
            v.dedup();
        };
        clip(&mut xs, window.x, window.right());
        clip(&mut ys, window.y, window.bottom());
        let (nx, ny) = (xs.len(), ys.len());
        let mut across = vec![false; nx * ny];
        let mut down = vec![false; nx * ny];
        let span = |v: &[i32], lo: i32, hi: i32| (v.partition_point(|&c| c < lo), v.partition_point(|&c| c <= hi));
        for k in &keep_out {
            let (i0, i1) = span(&xs, k.x, k.right());
            let (j0, j1) = span(&ys, k.y, k.bottom());
            for j in j0..j1 {
                for i in i0..i1 {
                    let (x, y) = (xs[i], ys[j]);
                    let inside_y = k.y < y && y < k.bottom();
                    let inside_x = k.x < x && x < k.right();
                    if inside_y && i + 1 < i1 {
                        across[j * nx + i] = true;
                    }
                    if inside_x && j + 1 < j1 {
                        down[j * nx + i] = true;
                    }
                }
            }
        }
        Grid { xs, ys, across, down }
    }

    fn node(&self, p: Point) -> Option<usize> {
        let i = self.xs.binary_search(&p.0).ok()?;
        let j = self.ys.binary_search(&p.1).ok()?;
        Some(j * self.xs.len() + i)
    }

    fn point(&self, n: usize) -> Point {
        let nx = self.xs.len();
        (self.xs[n % nx], self.ys[n / nx])
    }

    /// The neighbour of node `n` in direction `d`, if the edge there is free.
    fn step(&self, n: usize, d: Dir) -> Option<usize> {
        let nx = self.xs.len();
        let (i, j) = (n % nx, n / nx);
        match d {
            Dir::Right if i + 1 < nx && !self.across[n] => Some(n + 1),
            Dir::Left if i > 0 && !self.across[n - 1] => Some(n - 1),
            Dir::Down if j + 1 < self.ys.len() && !self.down[n] => Some(n + nx),
            Dir::Up if j > 0 && !self.down[n - nx] => Some(n - nx),
            _ => None,
        }
    }

    /// A* from `a`'s ports to `b`'s: cost is length (half on stretches already used) plus a
    /// bend's cost per turn, arriving straight into `b`'s side.
    fn search(&self, w: &Wire, used: &Used) -> Option<Vec<Point>> {
        let states = self.xs.len() * self.ys.len() * 4;
        let goal = states;
        let targets: Vec<(usize, Dir, Point, Point)> = Dir::ALL
            .iter()
            .filter_map(|&d| {
                let (p, side) = port(w.b, d);
                Some((self.node(p)?, d.opposite(), p, side))
            })
            .collect();
        // The distance to the nearest port of `b`, plus a bend when not level with it: not a
        // lower bound once shared stretches cost less, so the search is greedy toward `b` and
        // finds a good path, not always the cheapest, after visiting little of a large grid.
        let h = |n: usize| -> i64 {
            let (x, y) = self.point(n);
            let far = targets.iter().map(|t| {
                let (dx, dy) = ((t.2 .0 - x).abs(), (t.2 .1 - y).abs());
                i64::from(dx) + i64::from(dy) + if dx != 0 && dy != 0 { BEND } else { 0 }
            });
            far.min().unwrap_or(0)
        };
        let mut best = vec![i64::MAX; states + 1];
        let mut from = vec![usize::MAX; states + 1];
        let mut heap = BinaryHeap::new();
        let index = |n: usize, d: Dir| n * 4 + d as usize;
        for d in Dir::ALL {
            let (p, _) = port(w.a, d);
            if let Some(n) = self.node(p) {
                best[index(n, d)] = 0;
                heap.push(Reverse((h(n), 0i64, index(n, d))));
            }
        }
        while let Some(Reverse((_, deep, s))) = heap.pop() {
            let g = -deep;
            if s == goal {
                return Some(self.path(w, &from, goal));
            }
            if g > best[s] {
                continue;
            }
            let (n, dir) = (s / 4, Dir::ALL[s % 4]);
            for &(t, inward, _, _) in &targets {
                if t == n {
                    let cost = g + if dir == inward { 0 } else { BEND };
                    if cost < best[goal] {
                        best[goal] = cost;
                        from[goal] = s;
                        heap.push(Reverse((cost, -cost, goal)));
                    }
                }
            }
            for d in Dir::ALL {
                if d == dir.opposite() {
                    continue;
                }
                let Some(m) = self.step(n, d) else { continue };
                let (p, q) = (self.point(n), self.point(m));
                let len = i64::from((q.0 - p.0).abs() + (q.1 - p.1).abs());
                let len = if used.covers(p, q) { len * SHARED / 4 } else { len };
                let cost = g + len + if d == dir { 0 } else { BEND };
                let t = index(m, d);
                if cost < best[t] {
                    best[t] = cost;
                    from[t] = s;
                    heap.push(Reverse((cost + h(m), -cost, t)));
                }
            }
        }
        None
    }

    /// The polyline of the search that reached `goal`: `a`'s side, its port, the grid points,
    /// `b`'s port and side, without collinear points.
    fn path(&self, w: &Wire, from: &[usize], goal: usize) -> Vec<Point> {
        let mut nodes = Vec::new();
        let mut s = from[goal];
        while s != usize::MAX {
            nodes.push(s / 4);
            s = from[s];
        }
        nodes.reverse();
        let first = nodes.first().map(|&n| self.point(n));
        let last = nodes.last().map(|&n| self.point(n));
        let side_of = |r: Rect, p: Option<Point>| Dir::ALL.iter().map(|&d| port(r, d)).find(|(q, _)| Some(*q) == p);
        let mut points = Vec::new();
        points.extend(side_of(w.a, first).map(|(_, side)| side));
        points.extend(nodes.iter().map(|&n| self.point(n)));
        points.extend(side_of(w.b, last).map(|(_, side)| side));
        simplify(points)
    }
}

/// The stretches earlier routes took, by the grid line they run on: a later route's edge
/// within one of them is shared (a trunk).
#[derive(Default)]
struct Used {
    /// Horizontal stretches by y: (from x, to x).
    across: HashMap<i32, Vec<(i32, i32)>>,
    /// Vertical stretches by x: (from y, to y).
    down: HashMap<i32, Vec<(i32, i32)>>,
}

impl Used {
    fn add(&mut self, p: Point, q: Point) {
        if p.1 == q.1 {
            self.across.entry(p.1).or_default().push((p.0.min(q.0), p.0.max(q.0)));
        } else if p.0 == q.0 {
            self.down.entry(p.0).or_default().push((p.1.min(q.1), p.1.max(q.1)));
        }
    }

    fn covers(&self, p: Point, q: Point) -> bool {
        let within = |line: Option<&Vec<(i32, i32)>>, lo: i32, hi: i32| {
            line.is_some_and(|l| l.iter().any(|&(a, b)| a <= lo && hi <= b))
        };
        if p.1 == q.1 {
            within(self.across.get(&p.1), p.0.min(q.0), p.0.max(q.0))
        } else {
            within(self.down.get(&p.0), p.1.min(q.1), p.1.max(q.1))
        }
    }
}

/// Drops repeated points and the middle of three collinear ones.
fn simplify(points: Vec<Point>) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if out.last() == Some(&p) {
            continue;
        }
        if out.len() >= 2 {
            let (a, b) = (out[out.len() - 2], out[out.len() - 1]);
            if (a.0 == b.0 && b.0 == p.0) || (a.1 == b.1 && b.1 == p.1) {
                out.pop();
            }
        }
        out.push(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clear_of(path: &[Point], boxes: &[Rect]) -> bool {
        path.windows(2).all(|s| boxes.iter().all(|b| !crosses(*b, s[0], s[1])))
    }

    #[test]
    fn a_line_with_nothing_between_is_straight() {
        let (a, b) = (Rect::new(0, 0, 100, 100), Rect::new(300, 0, 100, 100));
        assert_eq!(route_all(&[a, b], &[Wire { a, b }]), vec![vec![(100, 50), (300, 50)]]);
    }

    #[test]
    fn a_box_between_two_others_is_gone_around_orthogonally() {
        let (a, mid, b) = (Rect::new(0, 0, 100, 100), Rect::new(200, -50, 100, 200), Rect::new(400, 0, 100, 100));
        let routes = route_all(&[a, mid, b], &[Wire { a, b }]);
        let path = &routes[0];
        assert!(path.len() > 2, "{path:?}");
        assert!(clear_of(path, &[mid]), "{path:?}");
        assert!(path.windows(2).all(|s| s[0].0 == s[1].0 || s[0].1 == s[1].1), "orthogonal: {path:?}");
        // It leaves a and reaches b on their edges.
        let on_edge = |p: Point, r: Rect| {
            (p.0 == r.x || p.0 == r.right()) && (r.y..=r.bottom()).contains(&p.1)
                || (p.1 == r.y || p.1 == r.bottom()) && (r.x..=r.right()).contains(&p.0)
        };
        assert!(on_edge(path[0], a) && on_edge(path[path.len() - 1], b), "{path:?}");
    }

    #[test]
    fn lines_from_a_hub_share_a_trunk() {
        // A hub under a wall with one gap, a box above it on either side: the gap has room
        // for two lines side by side, and the second line takes the first one's.
        let hub = Rect::new(340, 600, 200, 100);
        let row = vec![Rect::new(-600, 400, 1000, 100), Rect::new(480, 400, 1000, 100)];
        let (s1, s2) = (Rect::new(0, 100, 200, 100), Rect::new(680, 100, 200, 100));
        let mut boxes = row.clone();
        boxes.extend([hub, s1, s2]);
        let routes = route_all(&boxes, &[Wire { a: hub, b: s1 }, Wire { a: hub, b: s2 }]);
        for path in &routes {
            assert!(clear_of(path, &row), "{path:?}");
        }
        let shared: HashSet<Point> = routes[0].iter().copied().collect();
        let trunk = routes[1].windows(2).filter(|s| shared.contains(&s[0]) && shared.contains(&s[1])).count();
        assert!(trunk >= 1, "{routes:?}");
    }

    #[test]
    fn a_boxed_in_end_falls_back_to_a_straight_line_and_extremes_do_not_overflow() {
        let a = Rect::new(0, 0, 10, 10);
        let walls = [
            Rect::new(-40, -40, 90, 20),
            Rect::new(-40, 30, 90, 20),
            Rect::new(-40, -20, 20, 50),
            Rect::new(30, -20, 20, 50),
        ];
        let b = Rect::new(500, 0, 10, 10);
        let mut boxes = walls.to_vec();
        boxes.extend([a, b]);
        assert_eq!(route_all(&boxes, &[Wire { a, b }])[0].len(), 2);
        let huge = Rect::new(i32::MAX - 5, i32::MIN, i32::MAX, i32::MAX);
        let tiny = Rect::new(i32::MIN, i32::MAX, 1, 1);
        route_all(&[huge, tiny, a], &[Wire { a: huge, b: tiny }, Wire { a: tiny, b: a }]);
    }
}

//! The reachability matrix view (issue 7 §4): subnets × subnets for one protocol and port, as a
//! heat map on a canvas. The matrix is computed by `vnet-worker` in a Web Worker (started when
//! the tab first opens, so it costs nothing on the first page load), with a progress bar; the
//! page only draws. Hovering a cell names the pair and its outcome; clicking it (or Enter on the
//! focused canvas) runs that trace in the trace view, which animates it on the drawing.
//!
//! The panel stays mounted while its tab is hidden, so a result survives a visit to the trace
//! and a request already made keeps computing. A request is made when the tab is shown and the
//! design, protocol or port differ from the last one.
//!
//! Test hooks: the section carries `data-state` (`idle`, `computing`, `done`, `error`) and
//! `data-ms` (request to result); the readout and an offscreen table of small matrices carry
//! `data-outcome` with core's outcome keys.

mod canvas;
pub(super) mod worker;

use super::Views;
use crate::document::store::Store;
use canvas::{Geometry, Outcome, OUTCOMES};
use leptos::html;
use leptos::prelude::*;
use std::sync::Arc;
use vnet_core::codec::json;
use vnet_core::layout::Layout;
use vnet_core::Document;
use worker::{Client, Matrix, Reply};

/// Small matrices also get an offscreen table, so screen readers (and tests) can read them.
const TABLE_LIMIT: usize = 60;

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Computing { done: u32, total: u32 },
    Done { ms: f64 },
    Error(String),
}

impl Status {
    fn key(&self) -> &'static str {
        match self {
            Status::Idle => "idle",
            Status::Computing { .. } => "computing",
            Status::Done { .. } => "done",
            Status::Error(_) => "error",
        }
    }
}

#[component]
pub fn MatrixPanel(store: Store, views: Views, open: Signal<bool>) -> impl IntoView {
    let protocol = RwSignal::new("TCP".to_string());
    let port = RwSignal::new(443u16);
    let port_error = RwSignal::new(false);
    let status = RwSignal::new(Status::Idle);
    let matrix = RwSignal::new(None::<Arc<Matrix>>);
    let cursor = RwSignal::new(None::<(usize, usize)>);
    // What the last request was for: (design JSON, protocol, port).
    let asked = StoredValue::new(None::<(String, String, u16)>);
    let client = StoredValue::new_local(Client::default());
    let cells = StoredValue::new_local(None::<web_sys::HtmlCanvasElement>);
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let wrap_ref = NodeRef::<html::Div>::new();

    // A change of the design, protocol or port while shown is a new request; a running one is
    // abandoned (the worker restarts). Dragging changes only the layout, so it never recomputes.
    Effect::new(move |_| {
        if !open.get() {
            return;
        }
        let (proto, port) = (protocol.get(), port.get());
        let text = store.design.with(|d| json::to_json(&Document::new(d.clone(), Layout::default())));
        let key = Some((text, proto.clone(), port));
        if asked.with_value(|a| *a == key) {
            return;
        }
        let text = key.as_ref().map(|k| k.0.clone()).unwrap_or_default();
        asked.set_value(key);
        let started = js_sys::Date::now();
        status.set(Status::Computing { done: 0, total: 0 });
        client.with_value(|c| {
            c.matrix(&text, &proto, port, move |reply| match reply {
                Reply::Progress { done, total } => status.set(Status::Computing { done, total }),
                Reply::Matrix(m) => {
                    cells.set_value(canvas::pixels(&m));
                    let n = m.subnets.len();
                    cursor.update(|c| *c = c.filter(|(r, col)| *r < n && *col < n));
                    matrix.set(Some(Arc::new(m)));
                    status.set(Status::Done { ms: js_sys::Date::now() - started });
                }
                Reply::Diff(_) => {}
                Reply::Error(e) => {
                    asked.set_value(None);
                    status.set(Status::Error(e));
                }
            })
        });
    });

    // Redraw on a new result or a cursor move: one image copy and a few labels.
    Effect::new(move |_| {
        let cur = cursor.get();
        matrix.with(|m| {
            let (Some(m), Some(canvas), Some(wrap)) = (m, canvas_ref.get(), wrap_ref.get()) else { return };
            let g = Geometry::fit(m.subnets.len(), f64::from(wrap.client_width()));
            cells.with_value(|cells| {
                if let Some(cells) = cells {
                    canvas::draw(&canvas, &g, m, cells, cur);
                }
            });
        });
    });

    let geometry = move || {
        let n = matrix.with(|m| m.as_ref().map_or(0, |m| m.subnets.len()));
        Geometry::fit(n, wrap_ref.get().map_or(0.0, |w| f64::from(w.client_width())))
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let cell = geometry().cell_at(f64::from(ev.offset_x()), f64::from(ev.offset_y()));
        if cell.is_some() && cell != cursor.get_untracked() {
            cursor.set(cell);
        }
    };
    // The trace view runs and animates the cell's flow: from the row's NIC to the column's address.
    let run_trace = move |(row, col): (usize, usize)| {
        let Some(m) = matrix.get_untracked() else { return };
        let (Some(src), Some(dst)) = (m.subnets.get(row), m.subnets.get(col)) else { return };
        let (Some(nic), Some(target)) = (src.source.clone(), dst.target.clone()) else { return };
        let f = views.form;
        f.from.set(nic);
        f.to.set(target);
        f.protocol.set(super::trace_panel::protocol_named(&m.protocol));
        f.port.set(m.port.to_string());
        views.run_trace();
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some(cell) = geometry().cell_at(f64::from(ev.offset_x()), f64::from(ev.offset_y())) {
            cursor.set(Some(cell));
            run_trace(cell);
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let n = matrix.with_untracked(|m| m.as_ref().map_or(0, |m| m.subnets.len()));
        if n == 0 {
            return;
        }
        let (r, c) = cursor.get_untracked().unwrap_or((0, 0));
        let next = match ev.key().as_str() {
            "ArrowUp" => (r.saturating_sub(1), c),
            "ArrowDown" => ((r + 1).min(n - 1), c),
            "ArrowLeft" => (r, c.saturating_sub(1)),
            "ArrowRight" => (r, (c + 1).min(n - 1)),
            "Enter" | " " => {
                ev.prevent_default();
                run_trace((r, c));
                return;
            }
            _ => return,
        };
        ev.prevent_default();
        cursor.set(Some(next));
    };
    let on_port = move |ev: leptos::ev::Event| match event_target_value(&ev).trim().parse::<u16>() {
        Ok(p) if p > 0 => {
            port_error.set(false);
            port.set(p);
        }
        _ => port_error.set(true),
    };

    let readout = move || {
        let m = matrix.get()?;
        let (row, col) = cursor.get()?;
        let (src, dst) = (m.subnets.get(row)?, m.subnets.get(col)?);
        let outcome = Outcome::of(*m.outcomes.get(row * m.subnets.len() + col)?);
        let text = format!("{} → {}: {}", src.label(), dst.label(), outcome.label);
        Some(view! {
            <p class="matrix-readout" data-source=src.id.clone() data-target=dst.id.clone() data-outcome=outcome.key>
                <span class=format!("swatch {}", outcome.key)></span>
                {text}
            </p>
        })
    };

    view! {
        <section
            class="panel matrix-panel"
            hidden=move || !open.get()
            aria-label="Reachability matrix"
            data-state=move || status.with(Status::key)
            data-ms=move || match status.get() { Status::Done { ms } => format!("{ms:.0}"), _ => String::new() }
        >
            <h2>"Reachability matrix"</h2>
            <div class="matrix-controls">
                <label>
                    "Protocol"
                    <select on:change=move |ev| protocol.set(event_target_value(&ev)) prop:value=move || protocol.get()>
                        <option value="TCP">"TCP"</option>
                        <option value="UDP">"UDP"</option>
                        <option value="ICMP">"ICMP"</option>
                    </select>
                </label>
                <label>
                    "Port"
                    <input
                        type="number" min="1" max="65535" class="matrix-port"
                        class:invalid=move || port_error.get()
                        prop:value=move || port.get().to_string()
                        prop:disabled=move || protocol.get() == "ICMP"
                        on:change=on_port
                    />
                </label>
                <StatusLine status />
            </div>
            <div class="matrix-wrap" node_ref=wrap_ref>
                <canvas
                    class="matrix-canvas"
                    node_ref=canvas_ref
                    tabindex="0"
                    role="img"
                    aria-label=move || summary(&matrix.get())
                    on:pointermove=on_move
                    on:pointerleave=move |_| cursor.set(None)
                    on:click=on_click
                    on:keydown=on_key
                ></canvas>
            </div>
            {readout}
            <Legend matrix />
            <p class="hint">"Click a cell (or move with the arrow keys and press Enter) to trace it."</p>
            <OffscreenTable matrix />
        </section>
    }
}

#[component]
fn StatusLine(status: RwSignal<Status>) -> impl IntoView {
    move || match status.get() {
        Status::Idle => view! { <span class="matrix-status"></span> }.into_any(),
        Status::Computing { done, total } => view! {
            <span class="matrix-status computing" role="status">
                <progress max=total.max(1).to_string() value=done.to_string()></progress>
                {if total == 0 { "Starting…".to_string() } else { format!("{done} of {total} rows") }}
            </span>
        }
        .into_any(),
        Status::Done { ms } => {
            view! { <span class="matrix-status" role="status">{format!("Computed in {:.2} s", ms / 1000.0)}</span> }
                .into_any()
        }
        Status::Error(e) => view! { <span class="matrix-status error" role="alert">{e}</span> }.into_any(),
    }
}

/// The colours with their counts.
#[component]
fn Legend(matrix: RwSignal<Option<Arc<Matrix>>>) -> impl IntoView {
    move || {
        matrix.with(|m| {
            let m = m.as_ref()?;
            let mut counts = [0usize; 6];
            for &c in &m.outcomes {
                if let Some(slot) = counts.get_mut(usize::from(c)) {
                    *slot += 1;
                }
            }
            let items = OUTCOMES
                .iter()
                .zip(counts)
                .filter(|(o, count)| *count > 0 || o.code != 0)
                .map(|(o, count)| {
                    view! {
                        <li data-outcome=o.key>
                            <span class=format!("swatch {}", o.key)></span>
                            {format!("{} {}", o.label, count)}
                        </li>
                    }
                })
                .collect_view();
            Some(view! { <ul class="matrix-legend">{items}</ul> })
        })
    }
}

/// The matrix as a table, off screen, for screen readers and tests; only for small matrices.
#[component]
fn OffscreenTable(matrix: RwSignal<Option<Arc<Matrix>>>) -> impl IntoView {
    move || {
        let m = matrix.get()?;
        let n = m.subnets.len();
        (n <= TABLE_LIMIT).then(|| {
            let head = m.subnets.iter().map(|s| view! { <th scope="col">{s.label()}</th> }).collect_view();
            let rows = m
                .subnets
                .iter()
                .enumerate()
                .map(|(r, s)| {
                    let cells = (0..n)
                        .map(|c| {
                            let o = Outcome::of(m.outcomes[r * n + c]);
                            view! { <td data-source=s.id.clone() data-target=m.subnets[c].id.clone() data-outcome=o.key>{o.label}</td> }
                        })
                        .collect_view();
                    view! { <tr><th scope="row" data-id=s.id.clone()>{s.label()}</th>{cells}</tr> }
                })
                .collect_view();
            view! {
                <table class="visually-hidden matrix-table">
                    <caption>{format!("Reachability, {} {}", m.protocol, port_text(&m.protocol, m.port))}</caption>
                    <thead><tr><td></td>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    }
}

fn port_text(protocol: &str, port: u16) -> String {
    if protocol == "ICMP" {
        String::new()
    } else {
        port.to_string()
    }
}

/// The canvas's accessible name: what the picture shows, in numbers.
fn summary(m: &Option<Arc<Matrix>>) -> String {
    let Some(m) = m else { return "Reachability matrix (computing)".into() };
    let n = m.subnets.len();
    let count = |code: u8| m.outcomes.iter().filter(|&&c| c == code).count();
    format!(
        "Reachability matrix of {n} subnets, {} {}: {} pairs delivered, {} dropped, {} at risk, {} loop, {} no route. Use the arrow keys to move between cells and Enter to trace one.",
        m.protocol,
        port_text(&m.protocol, m.port),
        count(1),
        count(2),
        count(3),
        count(4),
        count(5)
    )
}

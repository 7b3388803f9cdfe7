//! Every user action — a toolbar button, a context-menu entry, a shortcut — is one entry of
//! [`ACTIONS`], as Excalidraw's `actions/` are: the toolbar, the context menu, the keyboard and
//! the shortcut sheet all read this table, so a shortcut can never do what the menu does not,
//! and the sheet can never list a key that does nothing.

use crate::actions::{edits, output};
use crate::canvas::gesture;
use crate::canvas::interaction::{Camera, GRID};
use crate::canvas::Scene;
use crate::document::open::{Incoming, Opener};
use crate::document::startup::{Notice, Origin};
use crate::document::store::Store;
use crate::panels::sim::{Ask, Shell};
use crate::platform::browser;
use leptos::prelude::*;
use vnet_core::edit::Edit;
use vnet_core::layout::Rect;

/// What an action may reach. Cheap to copy: every field is a handle.
#[derive(Clone, Copy)]
pub struct Ctx {
    pub store: Store,
    pub scene: Memo<Scene>,
    pub camera: Camera,
    pub shell: Shell,
    /// The shortcut sheet is open.
    pub sheet: RwSignal<bool>,
    /// The banner above the canvas, for what an action could not do.
    pub notice: RwSignal<Option<Notice>>,
    /// Presentation mode (larger type, no palette).
    pub presenting: RwSignal<bool>,
    /// Every box draws its text, whatever the zoom (while an export reads the drawing).
    pub full_text: RwSignal<bool>,
    /// The share link on show.
    pub share: RwSignal<Option<crate::actions::output::ShareLink>>,
    /// The one path that replaces the open design.
    pub opener: Opener,
}

/// One key combination: `key` is compared with `KeyboardEvent.key` ignoring ASCII case; `cmd`
/// is Ctrl or ⌘; `shift: None` accepts Shift held or not.
pub struct Chord {
    pub key: &'static str,
    pub cmd: bool,
    pub shift: Option<bool>,
}

impl Chord {
    const fn plain(key: &'static str) -> Self {
        Chord { key, cmd: false, shift: None }
    }

    const fn cmd(key: &'static str, shift: bool) -> Self {
        Chord { key, cmd: true, shift: Some(shift) }
    }

    /// Whether a key press is this chord.
    pub fn matches(&self, key: &str, cmd: bool, shift: bool) -> bool {
        self.key.eq_ignore_ascii_case(key) && self.cmd == cmd && self.shift.is_none_or(|s| s == shift)
    }
}

/// Where an action is offered besides its keys.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The keyboard only (and the sheet).
    Keys,
    /// The toolbar above the canvas; the text on its button.
    Toolbar(&'static str),
    /// A box's context menu (right-click or long press).
    Menu,
    /// Both the toolbar (with this text) and the context menu.
    ToolbarAndMenu(&'static str),
    /// The top bar, with this text.
    TopBar(&'static str),
}

pub struct Action {
    pub id: &'static str,
    /// What it does, in the sheet, the menu and the button's tooltip.
    pub label: &'static str,
    /// The keys as people read them; empty for an action without keys.
    pub keys: &'static str,
    pub chords: &'static [Chord],
    pub place: Place,
    /// Runs only while the canvas has focus (Ctrl+A elsewhere selects the page's text).
    pub canvas_only: bool,
    pub enabled: fn(&Ctx) -> bool,
    pub run: fn(&Ctx, &Trigger),
}

/// How an action was started: a click has neither.
#[derive(Clone, Default)]
pub struct Trigger {
    /// Shift was held: a nudge goes five grid steps.
    pub shift: bool,
    /// The box a context menu was opened on (it may not be the primary selection).
    pub target: Option<vnet_core::Id>,
}

impl Action {
    pub fn on_toolbar(&self) -> Option<&'static str> {
        match self.place {
            Place::Toolbar(text) | Place::ToolbarAndMenu(text) => Some(text),
            _ => None,
        }
    }

    pub fn on_top_bar(&self) -> Option<&'static str> {
        match self.place {
            Place::TopBar(text) => Some(text),
            _ => None,
        }
    }

    pub fn in_menu(&self) -> bool {
        matches!(self.place, Place::Menu | Place::ToolbarAndMenu(_))
    }

    /// The tooltip of its button: the label and the keys.
    pub fn title(&self) -> String {
        if self.keys.is_empty() {
            self.label.to_string()
        } else {
            format!("{} ({})", self.label, self.keys)
        }
    }
}

/// Keeps the open document as the checkpoint ("Compare with…" measures later edits against it).
fn set_checkpoint(c: &Ctx) {
    crate::document::checkpoint::Checkpoint::get().set(&c.store);
    c.notice.set(Some(Notice::info(
        "Checkpoint set. Edit the design, then “Compare with checkpoint” shows what the edits change.",
    )));
}

fn always(_: &Ctx) -> bool {
    true
}

fn has_selection(ctx: &Ctx) -> bool {
    ctx.store.selected.with(Option::is_some)
}

fn can_undo(ctx: &Ctx) -> bool {
    ctx.store.depth.get().0 > 0
}

fn can_redo(ctx: &Ctx) -> bool {
    ctx.store.depth.get().1 > 0
}

/// Moves the selection by (dx, dy) grid steps (five with Shift), as one undo step.
fn nudge(ctx: &Ctx, t: &Trigger, dx: i32, dy: i32) {
    let step = if t.shift { 5 * GRID } else { GRID };
    let (store, scene) = (ctx.store, ctx.scene);
    let items = gesture::moving_items(store, scene, &store.selection());
    let moves: Vec<Edit> = items
        .into_iter()
        .map(|(id, r, _)| Edit::SetRect {
            id,
            rect: Some(Rect::new(r.x.saturating_add(dx * step), r.y.saturating_add(dy * step), r.w, r.h)),
        })
        .collect();
    if !moves.is_empty() {
        let _ = store.apply(Edit::Batch(moves));
    }
}

/// Every element drawn on the canvas, in drawing order, each once.
fn select_everything(ctx: &Ctx) {
    let ids = ctx.scene.with_untracked(|s| {
        // A set, not a scan of the list: a 100-spoke design draws 1,400 boxes.
        let mut seen = std::collections::HashSet::new();
        s.shapes.iter().filter(|sh| seen.insert(&sh.id)).map(|sh| sh.id.clone()).collect::<Vec<_>>()
    });
    ctx.store.select_all(ids);
    // What the page had selected as text before is not the selection any more.
    browser::clear_text_selection();
}

/// A simulation question about the selected box: its tab opens at once, and the answer follows
/// when the simulation module is here.
fn ask(ctx: &Ctx, t: &Trigger, ask: Ask) {
    if let Some(id) = t.target.clone().or_else(|| ctx.store.selected.get_untracked()) {
        ctx.shell.ask(ask, id);
    }
}

/// Opens a blank design through the one replace path.
fn new_blank(ctx: &Ctx) {
    let blank = vnet_core::Document::new(Default::default(), Default::default());
    ctx.opener.open(Incoming::new(blank, Origin::New, "a new blank design"));
}

/// The table. Order matters where keys overlap: the first match wins (Ctrl+Shift+Z is redo
/// before Ctrl+Z is undo), and toolbar buttons and menu entries appear in this order.
pub const ACTIONS: &[Action] = &[
    Action {
        id: "undo",
        label: "Undo",
        keys: "Ctrl/⌘ + Z",
        chords: &[Chord::cmd("z", false)],
        place: Place::Toolbar("Undo"),
        canvas_only: false,
        enabled: can_undo,
        run: |c, _| c.store.undo(),
    },
    Action {
        id: "redo",
        label: "Redo",
        keys: "Ctrl/⌘ + Shift + Z, Ctrl + Y",
        chords: &[Chord::cmd("z", true), Chord::cmd("y", false)],
        place: Place::Toolbar("Redo"),
        canvas_only: false,
        enabled: can_redo,
        run: |c, _| c.store.redo(),
    },
    Action {
        id: "zoom-in",
        label: "Zoom in",
        keys: "+",
        chords: &[Chord::plain("+"), Chord::plain("=")],
        place: Place::Toolbar("+"),
        canvas_only: false,
        enabled: always,
        run: |c, _| c.camera.zoom_in(c.scene),
    },
    Action {
        id: "zoom-out",
        label: "Zoom out",
        keys: "−",
        chords: &[Chord::plain("-")],
        place: Place::Toolbar("−"),
        canvas_only: false,
        enabled: always,
        run: |c, _| c.camera.zoom_out(c.scene),
    },
    Action {
        id: "fit",
        label: "Fit the design",
        keys: "0",
        chords: &[Chord::plain("0")],
        place: Place::Toolbar("Fit"),
        canvas_only: false,
        enabled: always,
        run: |c, _| c.camera.fit(),
    },
    Action {
        id: "duplicate",
        label: "Duplicate",
        keys: "Ctrl/⌘ + D",
        chords: &[Chord::cmd("d", false)],
        place: Place::ToolbarAndMenu("Duplicate"),
        canvas_only: false,
        enabled: has_selection,
        run: |c, _| edits::duplicate_selected(c.store),
    },
    Action {
        id: "copy",
        label: "Copy",
        keys: "Ctrl/⌘ + C",
        chords: &[Chord::cmd("c", false)],
        place: Place::Menu,
        canvas_only: false,
        enabled: has_selection,
        run: |c, _| {
            let notice = c.notice;
            edits::copy_selected(c.store, move |copied| {
                if let Err(why) = copied {
                    notice.set(Some(Notice::error(why)));
                }
            });
        },
    },
    Action {
        id: "paste",
        label: "Paste (also into another design in this browser)",
        keys: "Ctrl/⌘ + V",
        chords: &[Chord::cmd("v", false)],
        place: Place::Keys,
        canvas_only: false,
        enabled: always,
        run: |c, _| edits::paste(c.store),
    },
    Action {
        id: "delete",
        label: "Delete",
        keys: "Delete, Backspace",
        chords: &[Chord::plain("Delete"), Chord::plain("Backspace")],
        place: Place::ToolbarAndMenu("Delete"),
        canvas_only: false,
        enabled: has_selection,
        run: |c, _| edits::delete_selected(c.store),
    },
    Action {
        id: "select-all",
        label: "Select every element (when the canvas has focus)",
        keys: "Ctrl/⌘ + A",
        chords: &[Chord::cmd("a", false)],
        place: Place::Keys,
        canvas_only: true,
        enabled: always,
        run: |c, _| select_everything(c),
    },
    Action {
        id: "clear-selection",
        label: "Clear the selection, close this sheet",
        keys: "Escape",
        chords: &[Chord::plain("Escape")],
        place: Place::Keys,
        canvas_only: false,
        enabled: always,
        run: |c, _| {
            c.sheet.set(false);
            c.store.select(None);
        },
    },
    Action {
        id: "nudge-left",
        label: "Nudge the selection left by one grid step (Shift: ×5)",
        keys: "←",
        chords: &[Chord::plain("ArrowLeft")],
        place: Place::Keys,
        canvas_only: false,
        enabled: has_selection,
        run: |c, t| nudge(c, t, -1, 0),
    },
    Action {
        id: "nudge-right",
        label: "Nudge right (Shift: ×5)",
        keys: "→",
        chords: &[Chord::plain("ArrowRight")],
        place: Place::Keys,
        canvas_only: false,
        enabled: has_selection,
        run: |c, t| nudge(c, t, 1, 0),
    },
    Action {
        id: "nudge-up",
        label: "Nudge up (Shift: ×5)",
        keys: "↑",
        chords: &[Chord::plain("ArrowUp")],
        place: Place::Keys,
        canvas_only: false,
        enabled: has_selection,
        run: |c, t| nudge(c, t, 0, -1),
    },
    Action {
        id: "nudge-down",
        label: "Nudge down (Shift: ×5)",
        keys: "↓",
        chords: &[Chord::plain("ArrowDown")],
        place: Place::Keys,
        canvas_only: false,
        enabled: has_selection,
        run: |c, t| nudge(c, t, 0, 1),
    },
    Action {
        id: "trace-from",
        label: "Trace from here",
        keys: "",
        chords: &[],
        place: Place::Menu,
        canvas_only: false,
        enabled: has_selection,
        run: |c, t| ask(c, t, Ask::TraceFrom),
    },
    Action {
        id: "trace-to",
        label: "Trace to here",
        keys: "",
        chords: &[],
        place: Place::Menu,
        canvas_only: false,
        enabled: has_selection,
        run: |c, t| ask(c, t, Ask::TraceTo),
    },
    Action {
        id: "resolve-from",
        label: "Resolve a name from here",
        keys: "",
        chords: &[],
        place: Place::Menu,
        canvas_only: false,
        enabled: has_selection,
        run: |c, t| ask(c, t, Ask::ResolveFrom),
    },
    Action {
        id: "routes",
        label: "Effective routes",
        keys: "",
        chords: &[],
        place: Place::Menu,
        canvas_only: false,
        enabled: has_selection,
        run: |c, t| ask(c, t, Ask::Routes),
    },
    Action {
        id: "add-intent",
        label: "Add intent…",
        keys: "",
        chords: &[],
        place: Place::Menu,
        canvas_only: false,
        enabled: has_selection,
        run: |c, t| ask(c, t, Ask::AddIntent),
    },
    Action {
        id: "new",
        label: "New blank design (asks before it replaces work)",
        keys: "",
        chords: &[],
        place: Place::Keys,
        canvas_only: false,
        enabled: always,
        run: |c, _| new_blank(c),
    },
    Action {
        id: "export-json",
        label: "Save a copy as a JSON file",
        keys: "Ctrl/⌘ + S",
        chords: &[Chord::cmd("s", false)],
        // The top bar's Export… dialog offers it too (shell::export_dialog).
        place: Place::Keys,
        canvas_only: false,
        enabled: always,
        run: |c, _| output::export_json(c.store, c.notice),
    },
    Action {
        id: "export-svg",
        label: "Export the drawing as SVG",
        keys: "",
        chords: &[],
        place: Place::TopBar("SVG"),
        canvas_only: false,
        enabled: always,
        run: |c, _| output::export_drawing(c, false),
    },
    Action {
        id: "export-png",
        label: "Export the drawing as PNG",
        keys: "",
        chords: &[],
        place: Place::TopBar("PNG"),
        canvas_only: false,
        enabled: always,
        run: |c, _| output::export_drawing(c, true),
    },
    Action {
        id: "present",
        label: "Present (larger type for a room)",
        keys: "",
        chords: &[],
        place: Place::TopBar("Present"),
        canvas_only: false,
        enabled: always,
        run: |c, _| c.presenting.update(|p| *p = !*p),
    },
    Action {
        id: "share",
        label: "Copy a link that holds the design",
        keys: "",
        chords: &[],
        place: Place::TopBar("Copy share link"),
        canvas_only: false,
        enabled: always,
        run: |c, _| output::share(c),
    },
    Action {
        id: "checkpoint",
        label: "Set a checkpoint: keep the design as it is now, to compare later edits with",
        keys: "",
        chords: &[],
        place: Place::Keys,
        canvas_only: false,
        enabled: always,
        run: |c, _| set_checkpoint(c),
    },
    Action {
        id: "compare",
        label: "Compare with the checkpoint, a saved design, a share link or a file: what the change does",
        keys: "",
        chords: &[],
        place: Place::Toolbar("Compare…"),
        canvas_only: false,
        enabled: always,
        run: |c, _| {
            c.shell.tab.set(crate::panels::sim::Tab::Compare);
            c.shell.load();
        },
    },
    Action {
        id: "shortcuts",
        label: "Help: how to use the studio, and the keyboard shortcuts",
        keys: "?",
        chords: &[Chord::plain("?")],
        place: Place::TopBar("Help"),
        canvas_only: false,
        enabled: always,
        run: |c, _| c.sheet.update(|s| *s = !*s),
    },
];

/// The action with this id (a programming error to name one that is not in the table, so the
/// toolbar simply leaves it out).
pub fn find(id: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.id == id)
}

/// The action a key press runs, if any.
pub fn for_key(key: &str, cmd: bool, shift: bool) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.chords.iter().any(|c| c.matches(key, cmd, shift)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_no_two_actions_share_a_chord() {
        for (i, a) in ACTIONS.iter().enumerate() {
            for b in &ACTIONS[i + 1..] {
                assert_ne!(a.id, b.id);
                for c in a.chords {
                    for shift in [false, true] {
                        assert!(
                            !b.chords.iter().any(|d| d.matches(c.key, c.cmd, shift) && c.matches(d.key, d.cmd, shift)),
                            "{} and {} share {}",
                            a.id,
                            b.id,
                            c.key
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn keys_reach_the_action_the_sheet_names() {
        assert_eq!(for_key("z", true, false).map(|a| a.id), Some("undo"));
        assert_eq!(for_key("Z", true, true).map(|a| a.id), Some("redo"));
        assert_eq!(for_key("y", true, false).map(|a| a.id), Some("redo"));
        assert_eq!(for_key("a", true, false).map(|a| a.id), Some("select-all"));
        assert_eq!(for_key("ArrowLeft", false, true).map(|a| a.id), Some("nudge-left"));
        assert_eq!(for_key("a", false, false).map(|a| a.id), None);
        assert_eq!(for_key("d", false, false).map(|a| a.id), None, "a plain d is typing, not duplicate");
    }

    #[test]
    fn an_action_with_keys_says_which() {
        for a in ACTIONS {
            assert_eq!(a.keys.is_empty(), a.chords.is_empty(), "{}", a.id);
        }
    }
}

//! The page side of the reachability (and diff) worker (`public/matrix-worker.js`, crate `vnet-worker`).
//! The worker is created on the first request, so its script and wasm are fetched only when the
//! matrix opens (DECISIONS 24). A request made while another computes terminates the worker
//! (a running matrix cannot be interrupted) and starts a fresh one; replies of superseded
//! requests are ignored by their id.

use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const SCRIPT: &str = "./matrix-worker.js";

/// One subnet of the matrix: a row and a column.
#[derive(Clone, Debug, PartialEq)]
pub struct Subnet {
    pub id: String,
    pub name: String,
    pub vnet: String,
    /// The NIC that stands for the subnet as a source.
    pub source: Option<String>,
    /// The address that stands for the subnet as a destination.
    pub target: Option<String>,
}

impl Subnet {
    pub fn label(&self) -> String {
        format!("{} / {}", self.vnet, self.name)
    }
}

/// A finished matrix: `outcomes[row * n + col]` is an outcome code (see `vnet-worker`).
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    pub protocol: String,
    pub port: u16,
    pub subnets: Vec<Subnet>,
    pub outcomes: Vec<u8>,
}

pub enum Reply {
    Progress {
        done: u32,
        total: u32,
    },
    Matrix(Matrix),
    /// The JSON of `vnet_core::diff::Diff` ("Compare with…").
    Diff(String),
    Error(String),
}

type Handler = Rc<dyn Fn(Reply)>;

#[derive(Default)]
struct State {
    worker: Option<web_sys::Worker>,
    /// The request whose replies count; older ones are ignored.
    current: u32,
    busy: bool,
    handler: Option<Handler>,
    /// Kept alive as long as the worker it listens to.
    on_message: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

/// A handle to the worker; cheap to clone.
#[derive(Clone, Default)]
pub struct Client(Rc<RefCell<State>>);

impl Client {
    /// Computes the matrix of `design_json` (core's document JSON).
    pub fn matrix(&self, design_json: &str, protocol: &str, port: u16, on_reply: impl Fn(Reply) + 'static) {
        self.post(
            &[
                ("kind", "matrix".into()),
                ("design", design_json.into()),
                ("protocol", protocol.into()),
                ("port", port.into()),
            ],
            on_reply,
        );
    }

    /// What changes from `before_json` to `after_json` (core's document JSON each): one reply,
    /// `Reply::Diff` with the diff's JSON, or an error.
    pub fn diff(&self, before_json: &str, after_json: &str, on_reply: impl Fn(Reply) + 'static) {
        self.post(&[("kind", "diff".into()), ("before", before_json.into()), ("after", after_json.into())], on_reply);
    }

    /// Stops the worker; the next request starts a new one.
    pub fn stop(&self) {
        let mut s = self.0.borrow_mut();
        if let Some(w) = s.worker.take() {
            w.terminate();
        }
        s.on_message = None;
        s.busy = false;
    }

    fn post(&self, fields: &[(&str, JsValue)], on_reply: impl Fn(Reply) + 'static) {
        if self.0.borrow().busy {
            self.stop();
        }
        let Some(worker) = self.worker() else {
            on_reply(Reply::Error("This browser could not start the worker.".into()));
            return;
        };
        let id = {
            let mut s = self.0.borrow_mut();
            s.current = s.current.wrapping_add(1);
            s.busy = true;
            s.handler = Some(Rc::new(on_reply));
            s.current
        };
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"id".into(), &id.into());
        for (k, v) in fields {
            let _ = js_sys::Reflect::set(&message, &(*k).into(), v);
        }
        if worker.post_message(&message).is_err() {
            self.finish(Reply::Error("The worker refused the request.".into()));
        }
    }

    fn worker(&self) -> Option<web_sys::Worker> {
        if let Some(w) = self.0.borrow().worker.clone() {
            return Some(w);
        }
        let worker = web_sys::Worker::new(SCRIPT).ok()?;
        let me = self.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            me.receive(ev.data());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let mut s = self.0.borrow_mut();
        s.worker = Some(worker.clone());
        s.on_message = Some(on_message);
        Some(worker)
    }

    fn receive(&self, data: JsValue) {
        let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let id = get("id").as_f64().unwrap_or(-1.0);
        if id != f64::from(self.0.borrow().current) {
            return;
        }
        let num = |k: &str| get(k).as_f64().unwrap_or(0.0) as u32;
        let reply = match get("kind").as_string().as_deref() {
            Some("progress") => Reply::Progress { done: num("done"), total: num("total") },
            Some("diff") => match get("diff").as_string() {
                Some(d) => Reply::Diff(d),
                None => Reply::Error("The worker's answer could not be read.".into()),
            },
            Some("result") => {
                let outcomes = get("outcomes").dyn_into::<js_sys::Uint8Array>().map(|a| a.to_vec()).unwrap_or_default();
                match get("meta").as_string().and_then(|m| parse_meta(&m, outcomes)) {
                    Some(m) => Reply::Matrix(m),
                    None => Reply::Error("The worker's answer could not be read.".into()),
                }
            }
            _ => Reply::Error(get("message").as_string().unwrap_or_else(|| "The worker failed.".into())),
        };
        match reply {
            Reply::Progress { .. } => {
                let handler = self.0.borrow().handler.clone();
                if let Some(h) = handler {
                    h(reply);
                }
            }
            done => self.finish(done),
        }
    }

    /// Delivers the last reply of the current request.
    fn finish(&self, reply: Reply) {
        let handler = {
            let mut s = self.0.borrow_mut();
            s.busy = false;
            s.handler.take()
        };
        if let Some(h) = handler {
            h(reply);
        }
    }
}

/// Reads the worker's `Meta` JSON (see `worker/src/job.rs`); `None` if it is not that shape or
/// does not fit the outcomes.
fn parse_meta(text: &str, outcomes: Vec<u8>) -> Option<Matrix> {
    let v: Value = serde_json::from_str(text).ok()?;
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let subnets: Vec<Subnet> = v
        .get("subnets")?
        .as_array()?
        .iter()
        .map(|x| Subnet {
            id: s(x, "id").unwrap_or_default(),
            name: s(x, "name").unwrap_or_default(),
            vnet: s(x, "vnet").unwrap_or_default(),
            source: s(x, "source"),
            target: s(x, "target"),
        })
        .collect();
    (outcomes.len() == subnets.len() * subnets.len()).then_some(())?;
    Some(Matrix {
        protocol: s(&v, "protocol").unwrap_or_default(),
        port: v.get("port").and_then(Value::as_u64).and_then(|p| u16::try_from(p).ok()).unwrap_or(0),
        subnets,
        outcomes,
    })
}

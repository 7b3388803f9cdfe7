//! IP flow verify's form (N-13): direction, protocol, local IP (one of the NIC's) and port, remote
//! IP and port; its verdict, Allow or Deny with the rule that decided and each NSG's part in it.
//! An error names the field it is about, and that field is marked.
//!
//! The fields are read here (an address, a port or `*`); everything else — which port may be `*`,
//! whether the local IP is the NIC's, the verdict — is `vnet_core::watcher::flow_verify`'s.

use super::super::copy::copy_az;
use super::super::rule_text::RuleLink;
use super::super::{ask_handlers, Views};
use leptos::prelude::*;
use std::net::Ipv4Addr;
use vnet_core::model::{Access, Direction, Protocol};
use vnet_core::trace::Engine;
use vnet_core::watcher::flow_verify::{verify as flow_verify, Endpoint, FlowQuery, FlowVerifyResult, Port};
use vnet_core::watcher::{target, WatcherError};
use vnet_core::Id;

/// A field of the form, for the error that is about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Protocol,
    LocalIp,
    LocalPort,
    RemoteIp,
    RemotePort,
}

impl Field {
    fn label(self) -> &'static str {
        match self {
            Field::Protocol => "Protocol",
            Field::LocalIp => "Local IP",
            Field::LocalPort => "Local port",
            Field::RemoteIp => "Remote IP",
            Field::RemotePort => "Remote port",
        }
    }
}

/// Why there is no verdict: about one field, or (`field: None`) about the NIC itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: Option<Field>,
    pub message: String,
}

impl FieldError {
    fn text(&self) -> String {
        match self.field {
            Some(f) => format!("{}: {}", f.label(), self.message),
            None => self.message.clone(),
        }
    }
}

pub type FlowVerdict = Result<FlowVerifyResult, FieldError>;

/// A question as asked: the NIC and N-13's parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowAsk {
    pub nic: Id,
    pub query: FlowQuery,
}

/// The form's fields, as typed.
#[derive(Clone, Copy)]
pub struct FlowForm {
    direction: RwSignal<Direction>,
    protocol: RwSignal<Protocol>,
    local_ip: RwSignal<String>,
    local_port: RwSignal<String>,
    remote_ip: RwSignal<String>,
    remote_port: RwSignal<String>,
    /// A field that could not be read, from the last "Verify".
    error: RwSignal<Option<FieldError>>,
}

impl FlowForm {
    /// Inbound HTTPS from any source port: the question people ask first.
    pub fn new() -> Self {
        FlowForm {
            direction: RwSignal::new(Direction::Inbound),
            protocol: RwSignal::new(Protocol::Tcp),
            local_ip: RwSignal::new(String::new()),
            local_port: RwSignal::new("443".into()),
            remote_ip: RwSignal::new(String::new()),
            remote_port: RwSignal::new("*".into()),
            error: RwSignal::new(None),
        }
    }

    /// The question the fields ask of `nic`, or the first field that does not read.
    fn read(&self, nic: Id) -> Result<FlowAsk, FieldError> {
        let local_ip = ip(Field::LocalIp, &self.local_ip.get_untracked())?;
        let local_port = port(Field::LocalPort, &self.local_port.get_untracked())?;
        let remote_ip = ip(Field::RemoteIp, &self.remote_ip.get_untracked())?;
        let remote_port = port(Field::RemotePort, &self.remote_port.get_untracked())?;
        let query = FlowQuery {
            direction: self.direction.get_untracked(),
            protocol: self.protocol.get_untracked(),
            local: Endpoint { ip: local_ip, port: local_port },
            remote: Endpoint { ip: remote_ip, port: remote_port },
        };
        Ok(FlowAsk { nic, query })
    }
}

fn ip(field: Field, text: &str) -> Result<Ipv4Addr, FieldError> {
    let text = text.trim();
    text.parse().map_err(|_| FieldError {
        field: Some(field),
        message: if text.is_empty() {
            "type an IPv4 address, such as 203.0.113.10".into()
        } else {
            format!("'{text}' is not an IPv4 address, such as 203.0.113.10")
        },
    })
}

fn port(field: Field, text: &str) -> Result<Port, FieldError> {
    match text.trim() {
        "*" => Ok(Port::Any),
        t => t.parse().map(Port::Number).map_err(|_| FieldError {
            field: Some(field),
            message: format!("'{t}' is not a port: a number from 0 to 65535, or * for the source port"),
        }),
    }
}

/// The engine's error, with the field it is about.
fn field_error(e: WatcherError) -> FieldError {
    let field = match &e {
        WatcherError::NotNicIp { .. } => Some(Field::LocalIp),
        WatcherError::Protocol(_) => Some(Field::Protocol),
        WatcherError::WildcardPort { which } if *which == "local" => Some(Field::LocalPort),
        WatcherError::WildcardPort { .. } => Some(Field::RemotePort),
        _ => None,
    };
    FieldError { field, message: e.to_string() }
}

/// N-13 for the question `ask`, on the engine's design.
pub fn verify(eng: &Engine, ask: &FlowAsk) -> FlowVerdict {
    let ix = target::nic(&eng.net, ask.nic.as_str()).map_err(field_error)?;
    flow_verify(eng, ix, &ask.query).map_err(field_error)
}

/// The form and the verdict of the question last asked about `nic` (`verdict`).
#[component]
pub fn FlowVerify(
    views: Views,
    form: FlowForm,
    asked: RwSignal<Option<FlowAsk>>,
    nic: Memo<Option<Id>>,
    ips: Signal<Vec<Ipv4Addr>>,
    verdict: Memo<Option<FlowVerdict>>,
) -> impl IntoView {
    // The local IP is always one of the shown NIC's (another VM may have been selected).
    Effect::new(move |_| {
        let ips = ips.get();
        let now = form.local_ip.get_untracked();
        if !ips.iter().any(|ip| ip.to_string() == now) {
            form.local_ip.set(ips.first().map(ToString::to_string).unwrap_or_default());
        }
    });
    let run = move || {
        let Some(nic) = nic.get_untracked() else { return };
        match form.read(nic) {
            Ok(ask) => {
                form.error.set(None);
                asked.set(Some(ask));
            }
            Err(e) => {
                asked.set(None);
                form.error.set(Some(e));
            }
        }
    };
    let (on_submit, on_enter) = ask_handlers(run);
    // The error shown: the form's own, else the engine's refusal of the question.
    let error = Memo::new(move |_| {
        form.error.get().or_else(|| verdict.with(|v| v.as_ref().and_then(|v| v.as_ref().err().cloned())))
    });
    let invalid = move |f: Field| error.with(|e| e.as_ref().is_some_and(|e| e.field == Some(f)));
    // Swapping the ports keeps the service port the destination: inbound 443 from `*` becomes
    // outbound from `*` to 443, which is the same service seen from the other side (N-13: only the
    // source port may be `*`).
    let set_direction = move |d: Direction| {
        if form.direction.get_untracked() != d {
            form.direction.set(d);
            let (l, r) = (form.local_port.get_untracked(), form.remote_port.get_untracked());
            form.local_port.set(r);
            form.remote_port.set(l);
        }
    };
    let role = move |local: bool| {
        let inbound = form.direction.get() == Direction::Inbound;
        if local == inbound {
            " (destination)"
        } else {
            " (source, * for any)"
        }
    };
    let ip_options = move || {
        let now = form.local_ip.get();
        ips.get()
            .into_iter()
            .map(|ip| {
                let ip = ip.to_string();
                let selected = ip == now;
                view! { <option value=ip.clone() selected=selected>{ip.clone()}</option> }
            })
            .collect_view()
    };
    let select = |d: Direction| move || form.direction.get() == d;
    let proto = |p: Protocol| move || form.protocol.get() == p;
    view! {
        <form class="ask flow-verify" on:submit=on_submit on:keydown=on_enter>
            <div class="row">
                <label class="field">
                    <span class="field-label">"Direction"</span>
                    <select name="direction" on:change=move |ev| set_direction(
                        if event_target_value(&ev) == "Outbound" { Direction::Outbound } else { Direction::Inbound })>
                        <option value="Inbound" selected=select(Direction::Inbound)>"Inbound"</option>
                        <option value="Outbound" selected=select(Direction::Outbound)>"Outbound"</option>
                    </select>
                </label>
                <label class="field" class:invalid=move || invalid(Field::Protocol)>
                    <span class="field-label">"Protocol"</span>
                    <select name="protocol" on:change=move |ev| form.protocol.set(
                        if event_target_value(&ev) == "UDP" { Protocol::Udp } else { Protocol::Tcp })>
                        <option value="TCP" selected=proto(Protocol::Tcp)>"TCP"</option>
                        <option value="UDP" selected=proto(Protocol::Udp)>"UDP"</option>
                    </select>
                </label>
            </div>
            <div class="row">
                <label class="field grow" class:invalid=move || invalid(Field::LocalIp)>
                    <span class="field-label">"Local IP (this NIC)"</span>
                    <select name="local-ip" on:change=move |ev| form.local_ip.set(event_target_value(&ev))>{ip_options}</select>
                </label>
                <label class="field" class:invalid=move || invalid(Field::LocalPort)>
                    <span class="field-label">"Local port"{move || role(true)}</span>
                    <input name="local-port" type="text" inputmode="numeric" spellcheck="false"
                        aria-invalid=move || invalid(Field::LocalPort).to_string()
                        prop:value=move || form.local_port.get() on:input=move |ev| form.local_port.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="row">
                <label class="field grow" class:invalid=move || invalid(Field::RemoteIp)>
                    <span class="field-label">"Remote IP"</span>
                    <input name="remote-ip" type="text" spellcheck="false" placeholder="e.g. 203.0.113.10"
                        aria-invalid=move || invalid(Field::RemoteIp).to_string()
                        prop:value=move || form.remote_ip.get() on:input=move |ev| form.remote_ip.set(event_target_value(&ev)) />
                </label>
                <label class="field" class:invalid=move || invalid(Field::RemotePort)>
                    <span class="field-label">"Remote port"{move || role(false)}</span>
                    <input name="remote-port" type="text" inputmode="numeric" spellcheck="false"
                        aria-invalid=move || invalid(Field::RemotePort).to_string()
                        prop:value=move || form.remote_port.get() on:input=move |ev| form.remote_port.set(event_target_value(&ev)) />
                </label>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e.text()}</p> })}
            <button type="button" class="primary run" on:click=move |_| run()>"Verify"</button>
        </form>
        {move || verdict.with(|v| match v {
            Some(Ok(r)) => Some(result(views, r)),
            _ => None,
        })}
    }
}

/// Allow or Deny, the rule as `az` names it, why, and each NSG met in N-5's order.
fn result(views: Views, r: &FlowVerifyResult) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let allow = r.access == Access::Allow;
    let class = if allow { "outcome delivered flow-verdict" } else { "outcome dropped flow-verdict" };
    let rule_name = r.rule_name.clone().unwrap_or_else(|| "no rule (no NSG)".into());
    let links = r.vnet_studio.rules.iter().map(|id| view! { <RuleLink views id=*id /> " " }).collect_view();
    let steps = r
        .vnet_studio
        .nsgs
        .iter()
        .map(|s| {
            let at = if s.association == "subnet" { "subnet" } else { "NIC" };
            view! {
                <li>
                    {format!("NSG {} ({at}): {:?} by {} (priority {}) ", s.nsg, s.access, s.rule_name, s.priority)}
                    <RuleLink views id=s.rule />
                </li>
            }
        })
        .collect_view();
    let copied = r.clone();
    view! {
        <div class=class role="status">
            <strong class="access">{if allow { "Allow" } else { "Deny" }}</strong>" "
            <button class="rule-name mono" title="Show it in the rules below" on:click=|_| show_deciding_row()>{rule_name}</button>
            <p>{links}<span class="why">{r.vnet_studio.why.clone()}</span></p>
            <ol class="nsg-steps">{steps}</ol>
            <div class="actions">
                <button on:click=move |_| copy_az(&copied, "ip-flow-verify.az.json", status)
                    title="As az network watcher test-ip-flow prints it">"Copy as az JSON"</button>
                <span class="status" role="status">{move || status.get()}</span>
            </div>
        </div>
    }
}

/// Scrolls the rules table to the row the verdict marked (`rules_table`'s `decides`).
fn show_deciding_row() {
    if let Ok(Some(row)) = document().query_selector(".security tr.nsg-rule.decides") {
        row.scroll_into_view_with_bool(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_that_do_not_read_are_named() {
        assert_eq!(port(Field::LocalPort, " * "), Ok(Port::Any));
        assert_eq!(port(Field::LocalPort, "443"), Ok(Port::Number(443)));
        let e = port(Field::RemotePort, "70000").unwrap_err();
        assert_eq!(e.field, Some(Field::RemotePort));
        assert!(e.text().starts_with("Remote port: '70000' is not a port"), "{}", e.text());
        let e = ip(Field::RemoteIp, "").unwrap_err();
        assert_eq!(e.text(), "Remote IP: type an IPv4 address, such as 203.0.113.10");
    }

    #[test]
    fn n13_refusals_name_the_field_they_are_about() {
        let e = field_error(WatcherError::WildcardPort { which: "local" });
        assert_eq!(e.field, Some(Field::LocalPort));
        let e = field_error(WatcherError::WildcardPort { which: "remote" });
        assert_eq!(e.field, Some(Field::RemotePort));
        assert!(e.text().starts_with("Remote port: the remote port cannot be '*'"), "{}", e.text());
        let ip: Ipv4Addr = "10.9.9.9".parse().unwrap();
        let e = field_error(WatcherError::NotNicIp { ip, nic: "n".into(), nic_ips: vec![] });
        assert_eq!(e.field, Some(Field::LocalIp));
        assert_eq!(field_error(WatcherError::NoNic { vm: "vm".into() }).field, None);
    }
}

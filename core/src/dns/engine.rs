//! The DNS engine of one design version: the index of its DNS facts and the memoized network
//! legs (DECISIONS 23), over the routing engine that traces them.

use super::index::{Client, FastMap, Index};
use super::legs::LegResult;
use super::servers::Resolver;
use super::{normalize, Answer, DnsError, Resolution};
use crate::id::Id;
use crate::model::FlowSource;
use crate::network::VnetIx;
use crate::trace::Engine;
use std::cell::RefCell;
use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::rc::Rc;

/// Where a client's query enters: the first server that the query reaches, with the VNet whose
/// context 168.63.129.16 answers in; or public DNS (an on-premises host without a DNS server).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Entry {
    Server(Ipv4Addr, Option<VnetIx>),
    Public,
}

pub struct DnsEngine<'e, 'd> {
    pub(super) eng: &'e Engine<'d>,
    pub(super) ix: Index<'d>,
    /// Legs by destination, then source: found without cloning the source's id.
    #[allow(clippy::type_complexity)]
    pub(super) legs: RefCell<FastMap<(Ipv4Addr, u16), Vec<(FlowSource, Rc<LegResult>)>>>,
}

/// The answers of [`DnsEngine::sweep`]: `cells[c][k]` indexes into `answers` for client `c`
/// (a VM's primary NIC) and name `k`. Answers are shared: a landing zone has few distinct ones.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sweep {
    pub clients: Vec<Id>,
    pub names: Vec<String>,
    pub answers: Vec<Answer>,
    pub cells: Vec<Vec<u32>>,
}

impl Sweep {
    /// What client `c` gets for name `k`.
    pub fn answer(&self, c: usize, k: usize) -> Option<&Answer> {
        let i = *self.cells.get(c)?.get(k)?;
        self.answers.get(i as usize)
    }
}

impl<'e, 'd> DnsEngine<'e, 'd> {
    pub fn new(eng: &'e Engine<'d>) -> Self {
        DnsEngine { eng, ix: Index::new(&eng.net), legs: RefCell::new(FastMap::default()) }
    }

    /// The routing engine the legs are traced with (for `connect`).
    pub fn engine(&self) -> &'e Engine<'d> {
        self.eng
    }

    /// Resolves `name` as the VM/NIC or on-premises host `from` (id or name) would, step by step.
    pub fn resolve(&self, from: &str, name: &str) -> Result<Resolution, DnsError> {
        let name = normalize(name);
        let mut r = Resolver::new(self);
        let answer = match from.strip_prefix("internet:") {
            Some(_) => r.public(&name, None, 0),
            None => {
                let client = self.client(from)?;
                r.client(client, &name)
            }
        };
        Ok(Resolution { name, steps: r.steps, answer })
    }

    pub(super) fn client(&self, key: &str) -> Result<Client, DnsError> {
        self.ix.clients.get(key).copied().ok_or_else(|| DnsError::UnknownClient(key.to_string()))
    }

    /// Every VM's primary NIC resolving every name in `names`: the answers only. Clients whose
    /// queries enter at the same server (and VNet context) share one resolution per name, so a
    /// landing zone's spokes cost one resolution each per name, plus their own legs.
    pub fn sweep(&self, names: &[String]) -> Sweep {
        let names: Vec<String> = names.iter().map(|n| normalize(n)).collect();
        let mut answers: Vec<Answer> = Vec::new();
        let mut distinct: HashMap<Answer, u32> = HashMap::new();
        let mut intern = |a: Answer| -> u32 {
            *distinct.entry(a).or_insert_with_key(|a| {
                answers.push(a.clone());
                (answers.len() - 1) as u32
            })
        };
        // One row of answers per entry point, filled on first use.
        let mut rows: HashMap<Entry, Vec<u32>> = HashMap::new();
        let (mut clients, mut cells) = (Vec::new(), Vec::new());
        for (i, n) in self.eng.net.nics.iter().enumerate() {
            if n.vm.nics.first().is_none_or(|f| f.id != n.nic.id) {
                continue;
            }
            let row = match Resolver::new(self).entry(Client::Nic(i), "") {
                Ok(e) => rows
                    .entry(e)
                    .or_insert_with(|| names.iter().map(|name| intern(Resolver::new(self).resume(e, name))).collect())
                    .clone(),
                Err(a) => vec![intern(a); names.len()],
            };
            clients.push(n.nic.id.clone());
            cells.push(row);
        }
        Sweep { clients, names, answers, cells }
    }
}

#[cfg(test)]
impl DnsEngine<'_, '_> {
    /// Every public name this design's DNS knows, and a few odd ones: what tests ask of every
    /// client (here and in `connect`).
    pub(crate) fn test_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self.ix.public.keys().map(|k| k.to_string()).collect();
        names.extend(["", ".", "a..b", "x.internal.cloudapp.net", "corp.contoso.com."].map(String::from));
        names
    }

    /// The names of every VM and on-premises host: every client that can ask.
    pub(crate) fn test_clients(&self) -> Vec<String> {
        let d = self.eng.net.design;
        d.vms
            .iter()
            .map(|v| v.name.clone())
            .chain(d.sites.iter().flat_map(|s| &s.hosts).map(|h| h.name.clone()))
            .collect()
    }
}

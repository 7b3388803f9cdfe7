//! Intents for gallery designs and tests: promises the design keeps (issue 21), written with the
//! element ids the builder handed out.

use super::DesignBuilder;
use crate::id::{Id, IdKind};
use crate::model::{DnsExpectation, Intent, IntentCheck, IntentEnd, Protocol};

/// An end of an intent: an element of the design.
pub fn at(id: &Id) -> IntentEnd {
    IntentEnd::Element { id: id.clone() }
}

impl DesignBuilder {
    /// A promise the design keeps, checked on every edit.
    pub fn intent(&mut self, title: &str, check: IntentCheck) -> Id {
        let id = self.ids.next(IdKind::Intent);
        self.design.intents.push(Intent { id: id.clone(), title: title.to_string(), check });
        id
    }

    /// `from` reaches `to` over TCP `port`.
    pub fn intent_reach(&mut self, title: &str, from: &Id, to: &Id, port: u16) -> Id {
        self.intent(title, IntentCheck::Reach { from: at(from), to: at(to), protocol: Protocol::Tcp, port })
    }

    /// `from` reaches `to` over TCP `port`, crossing `device` both ways.
    pub fn intent_through(&mut self, title: &str, from: IntentEnd, to: IntentEnd, port: u16, device: &Id) -> Id {
        let check = IntentCheck::Through { from, to, protocol: Protocol::Tcp, port, device: device.clone() };
        self.intent(title, check)
    }

    /// `name`, asked from `from`, resolves to a private endpoint.
    pub fn intent_private_name(&mut self, title: &str, from: &Id, name: &str) -> Id {
        let check =
            IntentCheck::Resolves { from: at(from), name: name.to_string(), expect: DnsExpectation::PrivateEndpoint };
        self.intent(title, check)
    }
}

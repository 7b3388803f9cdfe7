//! Simulated public DNS (D-15): the records the design gives answer first, then the chain the
//! catalog generates for each PaaS resource (D-10: public name → privatelink name → cluster
//! name → public IP, the first link only while the resource has a private endpoint), else
//! NXDOMAIN. CNAME chains run across both kinds alike. Reached by Azure-provided DNS's last step
//! (D-2), by resolvers and servers without a matching forwarder, and by the internet.

use super::index::{Public, PublicData, PublicOrigin};
use super::servers::{list, Resolver};
use super::{Answer, MAX_DEPTH};
use crate::network::VnetIx;
use crate::packet::RuleId;

impl Resolver<'_, '_, '_> {
    /// Public recursion for `name`. A CNAME is followed in the Azure context if there is one
    /// (Azure DNS restarts at the target with the VNet's linked zones, D-2, D-11), else publicly.
    pub fn public(&mut self, name: &str, azure_context: Option<VnetIx>, depth: usize) -> Answer {
        const AT: &str = "public DNS";
        if depth > MAX_DEPTH {
            return self.too_deep(AT, None, name, "D-15");
        }
        let dns = self.dns;
        let Some(Public { data, origin }) = dns.ix.public.get(name) else {
            let detail = "no public record given in the design or generated for a resource: NXDOMAIN".into();
            self.step(AT, None, name, "D-15", detail);
            return Answer::NxDomain { chain: self.chain.clone() };
        };
        let (rule, why): (RuleId, &str) = match origin {
            PublicOrigin::Given => ("D-15", "public record given in the design"),
            PublicOrigin::Name { endpoint: true } => ("D-10", "a private endpoint exists for this resource"),
            PublicOrigin::Name { endpoint: false } => {
                ("D-11", "the service's cluster: no private endpoint exists for this resource")
            }
            PublicOrigin::Privatelink => ("D-10", "the privatelink name continues publicly to the service's cluster"),
            PublicOrigin::Cluster => ("D-11", "the resource's public IP"),
        };
        match data {
            PublicData::A(ips) => {
                self.step(AT, None, name, rule, format!("public answer: {} ({why})", list(ips)));
                Answer::A { ips: ips.clone(), chain: self.chain.clone() }
            }
            PublicData::Cname(target) => {
                self.step(AT, None, name, rule, format!("public CNAME {target} ({why})"));
                self.chain.push(target.to_string());
                match azure_context {
                    Some(v) => self.azure(v, target, depth + 1),
                    None => self.public(target, None, depth + 1),
                }
            }
        }
    }
}

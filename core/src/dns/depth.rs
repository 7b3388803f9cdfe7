//! The depth bound, told honestly (issue 24 §1). Every forward to another server and every CNAME
//! followed goes one level deeper; past [`MAX_DEPTH`] levels resolution stops with SERVFAIL. What
//! stopped it is said as it is:
//!
//! - a **CNAME loop**: a name comes back in the chain (D-23, as the loops it names);
//! - a **forwarding loop**: a server is asked the same name again, which `Resolver::ask` finds
//!   before any bound (D-23);
//! - otherwise no loop at all: a **CNAME chain too long** when CNAMEs made most of the depth, else
//!   a **forward depth exceeded**. **Sim choice** (AZURE.md has no rule for a bound: real resolvers
//!   have their own, such as BIND's `max-recursion-depth`): the step cites the rule of the server
//!   that would have gone on, and says that no name or server repeated.

use super::servers::Resolver;
use super::Answer;
use crate::id::Id;
use crate::packet::RuleId;

/// No real chain of forwarders and CNAMEs is this deep: 12 levels, counting both.
pub(super) const MAX_DEPTH: usize = 12;

/// The chain up to the first name that comes back in it (that name included), if one does.
fn repeated(chain: &[String]) -> Option<&[String]> {
    chain.iter().enumerate().find(|(i, name)| chain[..*i].contains(name)).map(|(i, _)| &chain[..=i])
}

impl Resolver<'_, '_, '_> {
    /// Ends a query that went past [`MAX_DEPTH`] at `at` (the server that would have gone on,
    /// whose rule is `rule`), with the reason that is true of it.
    pub(super) fn too_deep(&mut self, at: &str, element: Option<&Id>, name: &str, rule: RuleId) -> Answer {
        if let Some(round) = repeated(&self.chain) {
            let again = round.last().map(String::as_str).unwrap_or_default();
            let detail = format!("the CNAME chain comes back to {again} ({}): a CNAME loop", round.join(" → "));
            self.step(at, element, name, "D-23", detail);
            return Answer::ServFail { reason: "CNAME loop".into() };
        }
        let cnames = self.chain.len();
        let (reason, detail) = if 2 * cnames > MAX_DEPTH {
            (
                "CNAME chain too long",
                format!(
                    "the CNAME chain is {cnames} names long, longer than the simulator follows ({MAX_DEPTH} CNAMEs \
                     and forwards together); no name repeats, so it is not a CNAME loop"
                ),
            )
        } else {
            (
                "forward depth exceeded",
                format!(
                    "the query has gone through {MAX_DEPTH} forwards and CNAMEs ({cnames} CNAMEs), more than the \
                     simulator follows; no server was asked for the same name twice, so it is not a forwarding loop"
                ),
            )
        };
        self.step(at, element, name, rule, detail);
        Answer::ServFail { reason: reason.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::repeated;

    #[test]
    fn finds_the_first_name_met_again() {
        let chain = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(repeated(&chain(&["a", "b", "c"])), None);
        assert_eq!(repeated(&chain(&["a", "b", "a", "b"])), Some(&chain(&["a", "b", "a"])[..]));
        assert_eq!(repeated(&chain(&["x", "x"])), Some(&chain(&["x", "x"])[..]));
    }
}

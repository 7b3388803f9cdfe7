//! The command line's surface: subcommands, their arguments and their help, declared with
//! clap's derive API. Invariant: this module only parses; it reads no file and asks the engine
//! nothing. `main.rs` dispatches what it returns.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use vnet_core::model::{Direction, Protocol};
use vnet_core::watcher::flow_verify::Endpoint;

/// The exit codes, as the top-level `--help` shows them (the doc comment of `main.rs` has the
/// same table).
const EXIT_CODES: &str = "\
Exit codes:
  0  ok: the command ran and found nothing wrong
  1  a finding: an error diagnostic (check) or insight (insights), an intent that fails
     (verify) or newly fails (diff; any change with --fail-on-change), a flow not delivered
     (trace), a name that does not resolve to an address (resolve), a connection that
     fails (connect), a next hop of None (next-hop), a denied flow (flow-verify), an
     answer that differs from the file given to --compare
  2  usage or input error: bad arguments, an unreadable file, a design or share link that
     does not decode, an element that does not exist";

/// Check Azure network designs, print effective routes and security rules, trace flows and
/// resolve names, with the same engine as vnet-studio, so designs can live in git and be checked
/// in CI.
#[derive(Debug, Parser)]
#[command(name = "vnet", version, after_help = EXIT_CODES, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the design's diagnostics; exit 1 if one is an error
    ///
    /// Repairs made on read (a repeated id) come first, as warnings; then one line per
    /// diagnostic, naming the element and field it is about; then the count of errors and
    /// warnings.
    #[command(after_help = "Exit codes: 0 no error, 1 an error diagnostic, 2 usage or input error.")]
    Check {
        #[command(flatten)]
        design: Design,
    },
    /// Print the traps the design falls into, with rules and fixes; exit 1 if one is an error
    #[command(after_help = "Exit codes: 0 no error, 1 an insight that is an error, 2 usage or input error.")]
    Insights {
        #[command(flatten)]
        design: Design,
    },
    /// Check the design's intents; exit 1 if one fails
    ///
    /// One line per intent: PASS, FAIL or UNCHECKED (it cannot be checked as written: an element
    /// is gone, a subnet has nothing to send from), its title, and why: where the flow breaks
    /// with the rule that decided, or the DNS answer. A VNet or subnet stands for every NIC in
    /// it; the worst pair is shown. Unchecked intents fail too, so a CI job cannot pass on a
    /// promise nobody checks.
    #[command(
        after_help = "Exit codes: 0 every intent holds, 1 an intent fails or cannot be checked, 2 usage or input error."
    )]
    Verify {
        #[command(flatten)]
        design: Design,
        #[command(flatten)]
        output: Output,
    },
    /// Print what changes from one design to another: elements, routes, reachability, DNS,
    /// intents and cost
    ///
    /// Elements are paired by Azure resource id, then by id when both files share lineage, then
    /// by kind and name (a subnet under its VNet's name), so a snapshot imported from Azure can
    /// be compared with a proposed design. Effects are computed by the engine on both sides:
    /// effective route rows per subnet (with the rule that decided each), subnet × subnet
    /// reachability for the intents' ports plus TCP 443, TCP 22, UDP 53 and ICMP (with the
    /// reason and rule of the failing side), the DNS answer of every VM for every private-zone
    /// record and PaaS name, intents that pass or fail, and the monthly cost. One line per
    /// effect, grouped, then a summary line; --json prints the whole diff.
    #[command(
        after_help = "Exit codes: 0 no intent newly fails (and, with --fail-on-change, nothing changed), 1 an intent \
that passed (or was not there) fails or cannot be checked, or with --fail-on-change any effect, 2 usage or input error."
    )]
    Diff {
        /// The design before the change (a design file, Azure's JSON as `vnet import` reads it, or a share link)
        #[arg(value_name = "BEFORE")]
        before: PathBuf,
        /// The design after the change (the same kinds of input)
        #[arg(value_name = "AFTER")]
        after: PathBuf,
        /// Print the diff as JSON instead of text
        #[arg(long)]
        json: bool,
        /// Exit 1 on any effect, not only on an intent that newly fails
        #[arg(long)]
        fail_on_change: bool,
    },
    /// Print the monthly cost estimate, per element and in total
    #[command(after_help = "Exit codes: 0 ok, 2 usage or input error.")]
    Cost {
        #[command(flatten)]
        design: Design,
    },
    /// Print the design's share-link fragment
    #[command(after_help = "Exit codes: 0 ok, 2 usage or input error.")]
    Link {
        #[command(flatten)]
        design: Design,
    },
    /// Import Azure's JSON and print the report; -o writes the design
    ///
    /// Resource Graph output (`az graph query`, `{"data": [...]}`, a paged result as several
    /// files), REST output (`{"value": [...]}`), `az ... list -o json` output, single resources
    /// and ARM templates (with --parameters), in any mix; a folder stands for its .json files.
    /// The report lists what was imported, skipped (and why), made up for references outside the
    /// input, coerced and assumed, and the insights of the result. Every other subcommand also
    /// takes these files in place of a design file.
    #[command(
        after_help = "Exit codes: 0 imported, 2 usage or input error (an unreadable file, no Azure resources, inputs over 256 MB together)."
    )]
    Import {
        /// Azure JSON files or folders of them
        #[arg(value_name = "FILES", required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// An ARM parameters file for the templates among the inputs
        #[arg(long, value_name = "FILE")]
        parameters: Option<PathBuf>,
        /// Write the imported design to FILE
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Print the report as JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Write the design in one of Azure's shapes
    ///
    /// arm: an ARM deployment template (azuredeploy.json) with parameters for regions and for
    /// what the design does not hold (VM size and image, secrets without defaults), and
    /// metadata.vnetStudio for what ARM cannot carry; `vnet import` reads it back to the same
    /// design. arm-resources: the flat REST / Resource Graph shape `{"value": [...]}` with a
    /// vnetStudio object beside the resources (VM roles, site hosts and DNS servers, learned
    /// prefixes, public DNS records, service prefixes, traffic, questions, intents, settings);
    /// `vnet import` reads it back too. bicep: main.bicep. terraform: main.tf (azurerm).
    /// Placeholders (elements outside the design) are references, not resources; the layout is
    /// not written. A private endpoint's DNS records are its zone group, never record sets.
    #[command(after_help = "Exit codes: 0 ok, 2 usage or input error.")]
    Export {
        #[command(flatten)]
        design: Design,
        /// The shape to write
        #[arg(long, value_name = "FORMAT", value_enum, ignore_case = true, default_value = "arm-resources")]
        format: ExportFormat,
        /// Write the files into DIR (made if missing) instead of printing the one file
        #[arg(short = 'o', long = "output", value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Print the design in a share link as JSON
    ///
    /// What was repaired on read (a repeated id) is told on stderr, so the JSON stays clean.
    #[command(after_help = "Exit codes: 0 ok, 2 usage error or a link that does not decode.")]
    Unlink {
        /// The share link: a whole URL, its fragment (with or without '#'), or d=<link>
        #[arg(value_name = "LINK")]
        link: String,
    },
    /// Print the effective routes of a VM, NIC or subnet, as Azure shows them
    ///
    /// --json prints what `az network nic show-effective-route-table` prints, plus a vnetStudio
    /// key per route with the rules behind it; --format az leaves that key out.
    #[command(after_help = "Exit codes: 0 ok (or, with --compare, the same routes), 1 routes that differ from \
the --compare file, 2 usage or input error (such as no element of that name).")]
    Routes {
        #[command(flatten)]
        design: Design,
        /// The subnet, the NIC, or a VM with one NIC, by name or id
        #[arg(value_name = "VM_NIC_OR_SUBNET")]
        at: String,
        #[command(flatten)]
        output: AzOutput,
    },
    /// Print a NIC's effective security rules, as Network Watcher lists them (N-12)
    ///
    /// The rules of the NSG on the NIC and of the NSG on its subnet, Azure's default rules
    /// included, service tags expanded into prefixes for the NIC's subnet. --json prints what
    /// `az network nic list-effective-nsg` prints, plus a vnetStudio key per NSG and rule; --format
    /// az leaves that key out.
    #[command(after_help = "Exit codes: 0 ok (or, with --compare, the same rules), 1 rules that differ from \
the --compare file, 2 usage or input error (such as no VM or NIC of that name, or a VM with several NICs).")]
    Security {
        #[command(flatten)]
        design: Design,
        #[command(flatten)]
        target: Target,
        #[command(flatten)]
        output: AzOutput,
    },
    /// Print the next hop from a NIC to an address, as Network Watcher answers it
    ///
    /// The next hop type, its IP when it has one, and the route table the route comes from (or
    /// "System Route"), as `az network watcher show-next-hop` prints them.
    #[command(
        name = "next-hop",
        after_help = "Exit codes: 0 a next hop, 1 next hop None (the packet is dropped) \
or an answer that differs from the --compare file, 2 usage or input error."
    )]
    NextHop {
        #[command(flatten)]
        design: Design,
        #[command(flatten)]
        target: Target,
        /// The destination IP address
        #[arg(value_name = "DESTINATION_IP", value_parser = ipv4)]
        destination: std::net::Ipv4Addr,
        #[command(flatten)]
        output: AzOutput,
    },
    /// Say whether a NIC's NSGs allow one packet, and which rule decided (IP flow verify, N-13)
    ///
    /// As `az network watcher test-ip-flow` answers it: Allow or Deny and the rule name. Only the
    /// NSGs of the NIC and of its subnet are evaluated, in Azure's order; use trace for routes,
    /// firewalls and everything else on the path.
    #[command(
        name = "flow-verify",
        after_help = "Exit codes: 0 allowed, 1 denied or an answer that differs \
from the --compare file, 2 usage or input error (such as ICMP, or a local IP that is not the NIC's)."
    )]
    FlowVerify {
        #[command(flatten)]
        design: Design,
        #[command(flatten)]
        target: Target,
        /// The packet's direction, seen from the NIC
        #[arg(value_name = "DIRECTION", ignore_case = true)]
        direction: Dir,
        /// TCP or UDP (IP flow verify tests no other protocol)
        #[arg(value_name = "PROTOCOL", ignore_case = true)]
        protocol: Proto,
        /// The NIC's IP and port; the port may be * for outbound packets (it is their source)
        #[arg(value_name = "LOCAL_IP:PORT", value_parser = endpoint)]
        local: Endpoint,
        /// The other side's IP and port; the port may be * for inbound packets
        #[arg(value_name = "REMOTE_IP:PORT", value_parser = endpoint)]
        remote: Endpoint,
        #[command(flatten)]
        output: AzOutput,
    },
    /// Trace a flow forward and back, hop by hop; exit 1 unless it is delivered
    ///
    /// A flow that is not delivered comes with fixes, each proved by tracing again on the
    /// changed design.
    #[command(after_help = "Exit codes: 0 delivered, 1 not delivered, 2 usage or input error.")]
    Trace {
        #[command(flatten)]
        design: Design,
        #[command(flatten)]
        source: Source,
        /// Where it goes: an IP address, or a VM, NIC, private endpoint, firewall, PaaS resource
        /// or on-premises host by name or id
        #[arg(value_name = "DESTINATION")]
        to: String,
        /// The protocol, upper or lower case
        #[arg(value_name = "PROTOCOL", ignore_case = true)]
        protocol: Proto,
        /// The destination port, 0 to 65535
        #[arg(value_name = "PORT", value_parser = port)]
        port: u16,
        #[command(flatten)]
        output: Output,
    },
    /// Resolve a name as a VM or on-premises host would, step by step; exit 1 unless it
    /// resolves to an address
    #[command(after_help = "Exit codes: 0 an address, 1 NXDOMAIN or SERVFAIL, 2 usage or input error.")]
    Resolve {
        #[command(flatten)]
        design: Design,
        #[command(flatten)]
        source: Source,
        /// The DNS name to resolve, such as mystorage.blob.core.windows.net
        #[arg(value_name = "NAME")]
        name: String,
        #[command(flatten)]
        output: Output,
    },
    /// Resolve, then trace TCP, as a client connecting to a service; exit 1 unless connected
    ///
    /// Says whether the service is reached through a private endpoint, a service endpoint or
    /// the internet, which source address it sees, and its verdict.
    #[command(after_help = "Exit codes: 0 connected, 1 not connected, 2 usage or input error.")]
    Connect {
        #[command(flatten)]
        design: Design,
        #[command(flatten)]
        source: Source,
        /// What to connect to: https://name[:port], http://name[:port], name:port, or an IP
        /// address with an optional port (443 when none is given)
        #[arg(value_name = "URL|NAME:PORT|IP")]
        target: String,
        #[command(flatten)]
        output: Output,
    },
}

/// The design file every subcommand but `unlink` reads.
#[derive(Debug, Args)]
pub struct Design {
    /// The design, a JSON file as the studio saves it; or Azure's JSON imported in its place (as
    /// `vnet import` reads it): a file, a folder of .json files, or several joined with commas
    #[arg(value_name = "DESIGN_FILE")]
    pub file: PathBuf,
}

/// The shapes `vnet export` writes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    /// An ARM deployment template (azuredeploy.json)
    Arm,
    /// The flat REST / Resource Graph shape (`{"value": [...]}`)
    ArmResources,
    /// Bicep (main.bicep)
    Bicep,
    /// Terraform, azurerm provider (main.tf)
    Terraform,
}

impl From<ExportFormat> for vnet_core::export::Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Arm => vnet_core::export::Format::Arm,
            ExportFormat::ArmResources => vnet_core::export::Format::ArmResources,
            ExportFormat::Bicep => vnet_core::export::Format::Bicep,
            ExportFormat::Terraform => vnet_core::export::Format::Terraform,
        }
    }
}

/// Where a flow or a DNS question starts.
#[derive(Debug, Args)]
pub struct Source {
    /// Where it starts: a VM (its first NIC), NIC or on-premises host by name or id, or
    /// internet:<ip>
    #[arg(value_name = "SOURCE")]
    pub from: String,
}

/// The output flag the subcommands that answer a question share.
#[derive(Debug, Args)]
pub struct Output {
    /// Print the answer as JSON instead of text
    #[arg(long)]
    pub json: bool,
}

/// The NIC a Network Watcher question is about.
#[derive(Debug, Args)]
pub struct Target {
    /// The NIC, or a VM with one NIC, by name or id
    #[arg(value_name = "VM_OR_NIC")]
    pub nic: String,
}

/// The output flags of the answers that have an Azure shape (DECISIONS 29).
#[derive(Debug, Args)]
pub struct AzOutput {
    /// Print Azure's JSON shape, as az prints it, plus a vnetStudio key per row with the
    /// engine's explanation (the same as --format json)
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// text (the default), json (as --json), or az: exactly what az prints, without vnetStudio
    #[arg(long, value_name = "FORMAT", value_enum, ignore_case = true)]
    pub format: Option<Format>,
    /// Compare with az's JSON output saved in FILE (order, case, vnetStudio and the
    /// subscription and resource group of ids ignored); print the differences
    #[arg(long, value_name = "FILE", conflicts_with_all = ["json", "format"])]
    pub compare: Option<PathBuf>,
}

impl AzOutput {
    pub fn format(&self) -> Format {
        match (self.json, self.format) {
            (true, _) => Format::Json,
            (false, Some(f)) => f,
            (false, None) => Format::Text,
        }
    }
}

/// How an answer with an Azure shape is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Az,
}

/// A packet's direction, seen from the NIC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Dir {
    Inbound,
    Outbound,
}

impl From<Dir> for Direction {
    fn from(d: Dir) -> Self {
        match d {
            Dir::Inbound => Direction::Inbound,
            Dir::Outbound => Direction::Outbound,
        }
    }
}

/// The protocols a trace can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Proto {
    Tcp,
    Udp,
    Icmp,
}

impl From<Proto> for Protocol {
    fn from(p: Proto) -> Self {
        match p {
            Proto::Tcp => Protocol::Tcp,
            Proto::Udp => Protocol::Udp,
            Proto::Icmp => Protocol::Icmp,
        }
    }
}

/// A port, with the sentence the command line has always given for a bad one.
fn port(text: &str) -> Result<u16, String> {
    text.parse().map_err(|_| "not a number from 0 to 65535".to_string())
}

fn ipv4(text: &str) -> Result<std::net::Ipv4Addr, String> {
    text.parse().map_err(|_| "not an IPv4 address".to_string())
}

/// `ip:port`, with core's sentence for a bad one.
fn endpoint(text: &str) -> Result<Endpoint, String> {
    text.parse().map_err(|e: vnet_core::watcher::WatcherError| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_declaration_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn trace_takes_any_case_and_a_json_flag_anywhere() {
        let cli = Cli::try_parse_from(["vnet", "trace", "--json", "d.json", "vm", "10.0.0.4", "TCP", "443"]);
        let Ok(Cli { command: Command::Trace { protocol, port, output, .. } }) = cli else {
            panic!("parses: {cli:?}");
        };
        assert_eq!((protocol, port, output.json), (Proto::Tcp, 443, true));
    }

    #[test]
    fn flow_verify_takes_endpoints_and_any_case() {
        let cli = Cli::try_parse_from([
            "vnet",
            "flow-verify",
            "d.json",
            "vm",
            "INBOUND",
            "Tcp",
            "10.0.0.4:22",
            "10.1.0.4:*",
            "--format",
            "az",
        ]);
        let Ok(Cli { command: Command::FlowVerify { direction, protocol, local, remote, output, .. } }) = cli else {
            panic!("parses: {cli:?}");
        };
        assert_eq!((direction, protocol, output.format()), (Dir::Inbound, Proto::Tcp, Format::Az));
        assert_eq!((local.to_string(), remote.to_string()), ("10.0.0.4:22".to_string(), "10.1.0.4:*".to_string()));
        let err = Cli::try_parse_from(["vnet", "security", "d.json", "vm", "--json", "--format", "az"]).unwrap_err();
        assert!(err.to_string().contains("cannot be used with"), "{err}");
    }

    #[test]
    fn a_bad_port_says_the_range() {
        let err = Cli::try_parse_from(["vnet", "trace", "d.json", "vm", "10.0.0.4", "tcp", "99999"]).unwrap_err();
        assert!(err.to_string().contains("not a number from 0 to 65535"), "{err}");
    }
}

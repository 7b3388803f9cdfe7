//! `vnet`: the engine on the command line, so teams can keep designs in git and check them in CI.
//!
//! `args` declares the subcommands and their help (clap); this file reads the design and
//! dispatches; `check`, `insights`, `routes`, `dns`, `diff` and `watcher` print the engine's answers,
//! every line through `out` (control characters escaped, a closed pipe ended quietly). Invariant: no
//! module here computes network behaviour; each asks `vnet-core` and renders the answer.
//!
//! Exit codes, the same for every subcommand (and in `vnet --help`):
//!
//! | code | meaning |
//! | --- | --- |
//! | 0 | ok: the command ran and found nothing wrong |
//! | 1 | a finding: an error diagnostic (`check`) or insight (`insights`), an intent that fails or cannot be checked (`verify`) or newly does (`diff`; any effect with `--fail-on-change`), a flow not delivered (`trace`), a name that does not resolve to an address (`resolve`), a connection that fails (`connect`), a next hop of None (`next-hop`), a denied flow (`flow-verify`), an answer that differs from the `--compare` file |
//! | 2 | usage or input error: bad arguments (clap's own usage errors included), an unreadable file, a design or share link that does not decode, an element that does not exist |

mod args;
mod check;
mod diff;
mod dns;
mod export;
mod import;
mod insights;
mod load;
mod out;
mod routes;
mod verify;
mod watcher;

use args::{Cli, Command};
use clap::Parser;
use out::{say, tell};
use std::path::Path;
use std::process::ExitCode;
use vnet_core::codec::{json, link, Opened};
use vnet_core::Document;

/// Exit 2, for a usage or input error; clap exits 2 on its own usage errors too.
const INPUT_ERROR: u8 = 2;

fn main() -> ExitCode {
    run(Cli::parse().command).unwrap_or_else(|msg| {
        tell!("{msg}");
        ExitCode::from(INPUT_ERROR)
    })
}

/// Runs one subcommand. `Err` is an input error, told on stderr, and exits 2; a finding is an
/// `Ok` exit code of 1 ([`finding_if`]).
fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Check { design } => read_with_repairs(&design.file).map(|opened| check::check(&opened)),
        Command::Insights { design } => read(&design.file).map(|doc| insights::print_insights(&doc)),
        Command::Diff { before, after, json, fail_on_change } => {
            diff::run(&read(&before)?, &read(&after)?, json, fail_on_change)
        }
        Command::Verify { design, output } => verify::run(&read(&design.file)?, output.json),
        Command::Cost { design } => read(&design.file).map(|doc| insights::print_cost(&doc)),
        Command::Link { design } => read(&design.file).map(|doc| {
            say!("{}", link::encode(&doc));
            ExitCode::SUCCESS
        }),
        Command::Export { design, format, output } => {
            export::run(&read(&design.file)?, format.into(), output.as_deref())
        }
        Command::Import { files, parameters, output, json } => {
            import::run(&files, parameters.as_deref(), output.as_deref(), json)
        }
        Command::Unlink { link: fragment } => {
            let opened = link::decode_with_repairs(&fragment).map_err(|e| e.to_string())?;
            for r in &opened.repairs {
                tell!("warning: {r}");
            }
            out::json(&json::to_json(&opened.doc));
            Ok(ExitCode::SUCCESS)
        }
        Command::Routes { design, at, output } => routes::print(&read(&design.file)?, &at, &output),
        Command::Security { design, target, output } => watcher::security(&read(&design.file)?, &target.nic, &output),
        Command::NextHop { design, target, destination, output } => {
            watcher::next_hop(&read(&design.file)?, &target.nic, destination, &output)
        }
        Command::FlowVerify { design, target, direction, protocol, local, remote, output } => watcher::flow_verify(
            &read(&design.file)?,
            &target.nic,
            direction.into(),
            protocol.into(),
            local,
            remote,
            &output,
        ),
        Command::Trace { design, source, to, protocol, port, output } => {
            routes::trace(&read(&design.file)?, &source.from, &to, protocol.into(), port, output.json)
        }
        Command::Resolve { design, source, name, output } => {
            dns::resolve(&read(&design.file)?, &source.from, &name, output.json)
        }
        Command::Connect { design, source, target, output } => {
            dns::connect(&read(&design.file)?, &source.from, &target, output.json)
        }
    }
}

/// Exit 1 when the command found something wrong (see the table above), else 0.
fn finding_if(found: bool) -> ExitCode {
    if found {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The design argument (a design file, or Azure's JSON imported in its place: `load`), with what
/// was repaired on read (repeated ids, `codec::restore`).
fn read_with_repairs(path: &Path) -> Result<Opened, String> {
    load::open(path)
}

/// The design in a file; repairs made on read are told on stderr, so `--json` output stays clean.
fn read(path: &Path) -> Result<Document, String> {
    let opened = read_with_repairs(path)?;
    for r in &opened.repairs {
        tell!("warning: {}: {r}", path.display());
    }
    Ok(opened.doc)
}

//! Input the CLI must survive (issue 24 §1), through the real binary: files too large to read,
//! names made to drive a terminal, and a reader that closes the pipe early.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A file in a directory of this test's own, removed on drop.
struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Temp {
        let dir = std::env::temp_dir().join(format!("vnet-cli-hostile-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        Temp(dir.join(name))
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

/// Waits at most `limit` for the child; a child still running then is killed and the test fails
/// (before the cap, `/dev/zero` never ended and a 3 GB file took gigabytes and many seconds).
fn finish_within(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().expect("waits").is_some() {
            return child.wait_with_output().expect("output");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("vnet still reading after {limit:?}");
}

fn check(path: &std::path::Path) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_vnet"))
        .arg("check")
        .arg(path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    finish_within(child, Duration::from_secs(10))
}

/// Exit 2 (an input error) and a message naming the file and the cap.
fn assert_refused(out: &Output, path: &std::path::Path) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!("{}: larger than 256 MB, the most vnet reads from its inputs", path.display()),
        "{stderr}"
    );
}

#[test]
fn a_3_gb_file_is_refused_by_its_size_without_being_read() {
    let big = Temp::new("big.json");
    // Sparse: 3 GB by its size, no disk space used.
    std::fs::File::create(&big.0).and_then(|f| f.set_len(3 << 30)).expect("sparse file");
    // Refused by its size: `check` would wait on a read of 3 GB past its watchdog otherwise.
    let out = check(&big.0);
    assert_refused(&out, &big.0);
}

#[cfg(unix)]
#[test]
fn dev_zero_stops_at_the_cap() {
    let zero = std::path::Path::new("/dev/zero");
    assert_refused(&check(zero), zero);
}

/// Control characters and bidi overrides in names, as a JSON design file may hold them.
const HOSTILE_NAME: &str = r#"evil\u001b[2J\u001b[31m\r\u0000\u202eyreve\u202c\u2066x\u2069"#;

#[test]
fn names_cannot_drive_the_terminal() {
    let design = Temp::new("names.json");
    let text = format!(
        r#"{{"schema":1,"design":{{"vnets":[{{"id":"v1","name":"{HOSTILE_NAME}","region":"westeurope","addressSpace":[]}}]}}}}"#
    );
    std::fs::write(&design.0, text).expect("design");
    let out = check(&design.0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    for c in ['\u{1b}', '\r', '\0', '\u{202e}', '\u{202c}', '\u{2066}', '\u{2069}'] {
        assert!(!stdout.contains(c), "{c:?} printed raw: {stdout:?}");
    }
    // The diagnostic names the VNet by its name, every unsafe character visibly escaped.
    let escaped = r"evil\u{1b}[2J\u{1b}[31m\u{d}\u{0}\u{202e}yreve\u{202c}\u{2066}x\u{2069}";
    let error = stdout.lines().find(|l| l.starts_with("error[vnet-without-address-space]")).expect("the error");
    assert!(error.starts_with(&format!("error[vnet-without-address-space] {escaped}")), "{error}");

    // Errors on stderr too: an unknown source echoed back.
    let out = Command::new(env!("CARGO_BIN_EXE_vnet"))
        .args(["trace".as_ref(), design.0.as_os_str(), "\u{1b}]0;owned\u{7}".as_ref(), "10.0.0.4".as_ref()])
        .args(["tcp", "443"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(r"no VM, NIC or on-premises host named '\u{1b}]0;owned\u{7}'"), "{stderr:?}");
}

#[test]
fn a_closed_pipe_ends_quietly_with_the_answers_exit_code() {
    // 5,000 VNets without an address space: one error line each, far more than a pipe buffers,
    // so the CLI is still writing when the reader goes away.
    let design = Temp::new("many.json");
    let vnets: Vec<String> = (0..5000)
        .map(|i| format!(r#"{{"id":"v{i}","name":"n{i}","region":"westeurope","addressSpace":[]}}"#))
        .collect();
    std::fs::write(&design.0, format!(r#"{{"schema":1,"design":{{"vnets":[{}]}}}}"#, vnets.join(","))).expect("design");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vnet"))
        .arg("check")
        .arg(&design.0)
        .env("RUST_BACKTRACE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    // `| head -1`: read one line, then close the pipe.
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout")).read_line(&mut first).expect("a line");
    assert!(first.starts_with("error[vnet-without-address-space] n0"), "{first}");
    let out = finish_within(child, Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr, "", "nothing on stderr: no panic, no backtrace");
    // The answer's own code: the design has errors.
    assert_eq!(out.status.code(), Some(1));
}

//! The external tools the pipeline needs, pinned in one table, checked by
//! asking each for its version, and installed outside the clone when missing
//! or at the wrong version.
//!
//! Nothing here downloads a prebuilt binary: every tool comes through an
//! ordinary package client (rustup, `cargo install`, npm, apt-get), and Trunk
//! itself runs with `--offline`, so it must find each tool already on `PATH`
//! at exactly the version `Trunk.toml` names.

use crate::process::{self, seconds, timed};
use crate::workspace_root;
use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every pinned tool, in the order they are checked.
///
/// `Trunk.toml` repeats the wasm-bindgen and wasm-opt pins under `[tools]`
/// (Trunk refuses other versions); a unit test below keeps the two in step.
pub const TOOLS: &[Tool] = &[
    Tool {
        name: "wasm32-unknown-unknown",
        version: Pin::Toolchain,
        install: Install::RustupTarget,
        tests_only: false,
    },
    Tool {
        name: "trunk",
        version: Pin::Exactly("0.21.14"),
        install: Install::Cargo {
            package: "trunk",
            locked: true,
        },
        tests_only: false,
    },
    Tool {
        name: "wasm-bindgen",
        version: Pin::CargoLock("wasm-bindgen"),
        // `--locked` fails to build wasm-bindgen-cli here, so its own
        // dependencies float; only its version is pinned.
        install: Install::Cargo {
            package: "wasm-bindgen-cli",
            locked: false,
        },
        tests_only: false,
    },
    Tool {
        name: "wasm-opt",
        version: Pin::Exactly("132"),
        install: Install::Npm {
            package: "binaryen",
        },
        tests_only: false,
    },
    Tool {
        name: "terser",
        version: Pin::Exactly("5.51.4"),
        // Minifies the JavaScript of `dist/` after the Trunk build
        // (`build::minify_scripts`); Trunk's own minifier cannot read
        // wasm-bindgen's glue.
        install: Install::Npm { package: "terser" },
        tests_only: false,
    },
    Tool {
        name: "mdbook",
        version: Pin::Exactly("0.4.52"),
        // Only `test` builds the book: `serve` and `dist` do not wait for it.
        // Builds the example book in docs/book (`cargo xtask test`).
        install: Install::Cargo {
            package: "mdbook",
            locked: true,
        },
        tests_only: true,
    },
];

/// The release-profile settings `cargo install` builds the pinned tools
/// with (Cargo's profile environment variables, which override the
/// installed crate's own profile): no link-time optimisation, 16 codegen
/// units, optimisation level 1.
pub const INSTALL_PROFILE: &[(&str, &str)] = &[
    ("CARGO_PROFILE_RELEASE_LTO", "off"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16"),
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1"),
];

/// Debian's Chromium, the browser the browser tests drive.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Debian's ChromeDriver, matching [`CHROMIUM`].
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The Debian packages that provide [`CHROMIUM`] and [`CHROMEDRIVER`].
pub const BROWSER_PACKAGES: &[&str] = &["chromium", "chromium-driver"];

/// One external tool: what it is called, which version, where it comes from.
#[derive(Debug)]
pub struct Tool {
    /// The program run with `--version`, or the name of a rustup target.
    pub name: &'static str,
    /// The version the pipeline is pinned to.
    pub version: Pin,
    /// How the tool is installed when it is missing or at another version.
    pub install: Install,
    /// Whether only `cargo xtask test` needs it (not the site's build), so
    /// `serve` and `dist` on a fresh machine do not wait for it.
    pub tests_only: bool,
}

/// Where a tool's pinned version is written down.
#[derive(Debug)]
pub enum Pin {
    /// A version written in this table.
    Exactly(&'static str),
    /// The version of this crate in the workspace's `Cargo.lock`, because the
    /// tool must match the library the code links (wasm-bindgen's CLI and
    /// crate must agree exactly).
    CargoLock(&'static str),
    /// Whatever the active Rust toolchain is (for a rustup target).
    Toolchain,
}

/// How a tool is installed.
#[derive(Debug)]
pub enum Install {
    /// `rustup target add NAME`.
    RustupTarget,
    /// `cargo install PACKAGE --version =VERSION`, into Cargo's own bin folder.
    Cargo {
        /// The crate that provides the program.
        package: &'static str,
        /// Whether to pass `--locked` (build with the crate's own lockfile).
        locked: bool,
    },
    /// `npm install PACKAGE@VERSION` into [`npm_prefix`], outside the clone.
    Npm {
        /// The npm package that provides the program.
        package: &'static str,
    },
}

impl Tool {
    /// The version this tool must report, resolved against the workspace.
    pub fn pinned_version(&self) -> Result<String> {
        match self.version {
            Pin::Exactly(version) => Ok(version.to_owned()),
            Pin::CargoLock(package) => {
                let path = workspace_root().join("Cargo.lock");
                let lock = std::fs::read_to_string(&path)
                    .with_context(|| format!("could not read {}", path.display()))?;
                locked_version(&lock, package)
                    .with_context(|| format!("{} has no entry for `{package}`", path.display()))
            }
            Pin::Toolchain => Ok("toolchain".to_owned()),
        }
    }
}

/// The tools, ready: `PATH` for child processes that need them.
#[derive(Debug, Clone)]
pub struct Toolchain {
    /// `PATH` with the npm and Cargo bin folders in front, in that order, so
    /// the pinned copies win over any other copy on the machine.
    path: OsString,
}

impl Toolchain {
    /// Checks every tool in [`TOOLS`] and installs what is missing or at the
    /// wrong version. A tool already at its pin is left alone.
    ///
    /// The checks are quick and run first; then the rustup target is added,
    /// and every other missing tool is installed at the same time as the
    /// others (a thread each: npm's downloads overlap Cargo's builds, and
    /// one build's single-threaded link overlaps another's compiling). Each
    /// install's output goes to a log under `target/tool-installs/`, shown
    /// when it fails; the console gets one line when an install starts and
    /// one when it ends, with its time and what is still running.
    pub fn ensure() -> Result<Self> {
        Self::ensure_these(|_| true)
    }

    /// [`Toolchain::ensure`] for the tools the site's build needs (not
    /// those only `test` uses): what `serve` and `dist` wait for.
    pub fn ensure_site() -> Result<Self> {
        Self::ensure_these(|tool| !tool.tests_only)
    }

    fn ensure_these(wanted: impl Fn(&Tool) -> bool) -> Result<Self> {
        let toolchain = Toolchain { path: tool_path()? };
        let (result, took) = timed(|| toolchain.ensure_all(&wanted));
        result?;
        println!("tools ready ({})", seconds(took));
        Ok(toolchain)
    }

    fn ensure_all(&self, wanted: &dyn Fn(&Tool) -> bool) -> Result<()> {
        let mut missing = Vec::new();
        for tool in TOOLS.iter().filter(|tool| wanted(tool)) {
            let version = tool.pinned_version()?;
            match self.check(tool, &version) {
                Some(found) => println!("tool {} {version}: ok ({found})", tool.name),
                None => missing.push((tool, version)),
            }
        }
        // The target first: it is quick, and `cargo install` does not need it.
        let (targets, others): (Vec<_>, Vec<_>) = missing
            .into_iter()
            .partition(|(tool, _)| matches!(tool.install, Install::RustupTarget));
        for (tool, version) in &targets {
            self.install(tool, version, None)?;
        }
        if others.is_empty() {
            return Ok(());
        }
        let logs = workspace_root().join("target").join("tool-installs");
        std::fs::create_dir_all(&logs)
            .with_context(|| format!("could not create {}", logs.display()))?;
        let running =
            std::sync::Mutex::new(others.iter().map(|(tool, _)| tool.name).collect::<Vec<_>>());
        println!(
            "installing {} tool(s) side by side: {}",
            others.len(),
            running
                .lock()
                .map(|names| names.join(", "))
                .unwrap_or_default()
        );
        let results: Vec<Result<()>> = std::thread::scope(|scope| {
            let handles: Vec<_> = others
                .iter()
                .map(|(tool, version)| {
                    let log = logs.join(format!("{}.log", tool.name));
                    let running = &running;
                    scope.spawn(move || {
                        let result = self.install(tool, version, Some(&log));
                        if let Ok(mut names) = running.lock() {
                            names.retain(|name| *name != tool.name);
                            let left = if names.is_empty() {
                                "none".to_owned()
                            } else {
                                names.join(", ")
                            };
                            println!("  still installing: {left}");
                        }
                        result
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|_| bail!("an install thread stopped unexpectedly"))
                })
                .collect()
        });
        results.into_iter().collect()
    }

    /// Installs `tool` at `version` and checks it then reports that
    /// version. With a `log`, the install's output goes there (and its end
    /// is printed if it fails); without, to the console.
    fn install(&self, tool: &Tool, version: &str, log: Option<&Path>) -> Result<()> {
        let mut install = self.install_command(tool, version)?;
        println!(
            "tool {} {version}: missing or another version; installing (`{}`{})",
            tool.name,
            process::display(&install),
            log.map(|log| format!(", log in {}", log.display()))
                .unwrap_or_default()
        );
        let (result, took) = timed(|| match log {
            Some(log) => process::run_logged(&mut install, log),
            None => process::run(&mut install),
        });
        result.with_context(|| format!("installing {} {version} failed", tool.name))?;
        println!(
            "tool {} {version}: installed in {}",
            tool.name,
            seconds(took)
        );
        match self.check(tool, version) {
            Some(_) => Ok(()),
            None => bail!(
                "{} still does not report version {version} after installing it; \
                 is another copy earlier on PATH ({})?",
                tool.name,
                self.path.to_string_lossy()
            ),
        }
    }

    /// A command for `program`, which sees the pinned tools on its `PATH`.
    pub fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command.env("PATH", &self.path);
        command
    }

    /// Where the tool was found at its pinned version, or `None`.
    fn check(&self, tool: &Tool, version: &str) -> Option<String> {
        if let Install::RustupTarget = tool.install {
            return rust_target_installed(tool.name).then(|| "rust sysroot".to_owned());
        }
        let output = process::output(self.command(tool.name).arg("--version"))?;
        let text = String::from_utf8_lossy(&output.stdout);
        let matches = output.status.success() && reports_version(&text, version);
        matches.then(|| {
            find_on_path(tool.name, &self.path)
                .map_or_else(|| tool.name.to_owned(), |path| path.display().to_string())
        })
    }

    fn install_command(&self, tool: &Tool, version: &str) -> Result<Command> {
        let command = match tool.install {
            Install::RustupTarget => {
                let mut command = Command::new("rustup");
                command.args(["target", "add", tool.name]);
                command
            }
            Install::Cargo { package, locked } => {
                let mut command = process::cargo();
                command.arg("install");
                if locked {
                    command.arg("--locked");
                }
                // A cheaper release profile for the install only: these
                // tools' own profiles (fat LTO, one codegen unit) cost
                // minutes of a fresh machine's first run for speed nobody
                // notices in a build tool (Trunk took 546 s instead of
                // 752 s on a 2-core machine). The workspace's own profiles
                // are untouched.
                for (key, value) in INSTALL_PROFILE {
                    command.env(key, value);
                }
                command.args([package, "--version", &format!("={version}")]);
                command
            }
            Install::Npm { package } => {
                let prefix = npm_prefix()?;
                std::fs::create_dir_all(&prefix)
                    .with_context(|| format!("could not create {}", prefix.display()))?;
                let mut command = self.command("npm");
                command
                    .args(["install", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&prefix)
                    .arg(format!("{package}@{version}"));
                command
            }
        };
        Ok(command)
    }
}

/// Makes sure Debian's Chromium and ChromeDriver are installed, installing
/// them with apt-get when running as root.
pub fn ensure_browser() -> Result<()> {
    let missing = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect::<Vec<_>>();
    if missing.is_empty() {
        println!("browser: ok ({CHROMIUM}, {CHROMEDRIVER})");
        return Ok(());
    }
    let packages = BROWSER_PACKAGES.join(" ");
    if !running_as_root() {
        bail!(
            "{} missing; install the Debian packages `{packages}` \
             (as root: apt-get install {packages})",
            missing.join(" and ")
        );
    }
    println!(
        "browser: {} missing; installing {packages}",
        missing.join(" and ")
    );
    let (result, took) = timed(|| -> Result<()> {
        process::run(Command::new("apt-get").arg("update"))?;
        process::run(
            Command::new("apt-get")
                .env("DEBIAN_FRONTEND", "noninteractive")
                .args(["install", "-y", "--no-install-recommends"])
                .args(BROWSER_PACKAGES),
        )
    });
    result.context("installing the browser packages failed")?;
    println!("browser: installed in {}", seconds(took));
    Ok(())
}

/// The folder npm installs pinned packages into: `$XDG_CACHE_HOME` or
/// `~/.cache`, then `rendezvous/npm`. Outside the clone, so a fresh clone
/// reuses it and `git status` never sees it.
pub fn npm_prefix() -> Result<PathBuf> {
    let cache = match std::env::var_os("XDG_CACHE_HOME") {
        Some(cache) if !cache.is_empty() => PathBuf::from(cache),
        _ => home()?.join(".cache"),
    };
    Ok(cache.join("rendezvous").join("npm"))
}

/// Cargo's bin folder, where `cargo install` puts programs.
pub fn cargo_bin() -> Result<PathBuf> {
    let cargo_home = match std::env::var_os("CARGO_HOME") {
        Some(home) if !home.is_empty() => PathBuf::from(home),
        _ => home()?.join(".cargo"),
    };
    Ok(cargo_home.join("bin"))
}

/// `PATH` with the npm bin folder and Cargo's bin folder in front.
pub fn tool_path() -> Result<OsString> {
    let front = [
        npm_prefix()?.join("node_modules").join(".bin"),
        cargo_bin()?,
    ];
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let all = front.into_iter().chain(std::env::split_paths(&rest));
    std::env::join_paths(all).context("a folder on PATH contains the separator")
}

/// The version of `package` recorded in the text of a `Cargo.lock`.
pub fn locked_version(lock: &str, package: &str) -> Option<String> {
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines().map(str::trim);
    lines.by_ref().find(|line| *line == name_line)?;
    let version = lines
        .next()?
        .strip_prefix("version = \"")?
        .strip_suffix('"')?;
    Some(version.to_owned())
}

/// Whether a `--version` output names `version` as one of its words, as in
/// `trunk 0.21.14`, `wasm-bindgen 0.2.130` or `wasm-opt version 132 (version_132)`,
/// or with a leading `v`, as in `mdbook v0.4.52`.
fn reports_version(output: &str, version: &str) -> bool {
    output
        .split_whitespace()
        .any(|word| word == version || word.strip_prefix('v') == Some(version))
}

fn rust_target_installed(target: &str) -> bool {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Some(output) = process::output(Command::new(rustc).args(["--print", "sysroot"])) else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    Path::new(&sysroot)
        .join("lib/rustlib")
        .join(target)
        .is_dir()
}

fn find_on_path(program: &str, path: &OsString) -> Option<PathBuf> {
    std::env::split_paths(path)
        .map(|folder| folder.join(program))
        .find(|candidate| candidate.is_file())
}

fn running_as_root() -> bool {
    process::output(Command::new("id").arg("-u"))
        .is_some_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

fn home() -> Result<PathBuf> {
    match std::env::var_os("HOME") {
        Some(home) if !home.is_empty() => Ok(PathBuf::from(home)),
        _ => bail!("HOME is not set; cannot place the tool caches"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tool(name: &str) -> &'static Tool {
        TOOLS.iter().find(|tool| tool.name == name).unwrap()
    }

    /// The value of `key = "..."` in the text of a TOML file.
    fn toml_string(text: &str, key: &str) -> Option<String> {
        text.lines().find_map(|line| {
            let (left, right) = line.split_once('=')?;
            (left.trim() == key).then(|| right.trim().trim_matches('"').to_owned())
        })
    }

    #[test]
    fn cargo_installs_use_the_cheaper_profile_and_npm_ones_do_not() {
        let toolchain = Toolchain {
            path: OsString::from("/nowhere"),
        };
        let envs = |name: &str| -> Vec<(String, String)> {
            let command = toolchain.install_command(tool(name), "1.0.0").unwrap();
            command
                .get_envs()
                .filter_map(|(key, value)| {
                    Some((
                        key.to_string_lossy().into_owned(),
                        value?.to_string_lossy().into_owned(),
                    ))
                })
                .collect()
        };
        for name in ["trunk", "wasm-bindgen", "mdbook"] {
            let envs = envs(name);
            for (key, value) in INSTALL_PROFILE {
                assert!(
                    envs.contains(&((*key).to_owned(), (*value).to_owned())),
                    "{name}: {envs:?}"
                );
            }
        }
        assert!(envs("terser")
            .iter()
            .all(|(key, _)| !key.starts_with("CARGO_PROFILE")));
    }

    #[test]
    fn a_failed_logged_install_shows_the_end_of_its_log() {
        let folder = std::env::temp_dir().join(format!("xtask-log-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let log = folder.join("tool.log");
        let mut failing = Command::new("sh");
        failing.args(["-c", "echo first; echo reason >&2; exit 3"]);
        let error = process::run_logged(&mut failing, &log)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("reason") && error.contains("first"),
            "{error}"
        );
        let mut passing = Command::new("sh");
        passing.args(["-c", "echo fine"]);
        process::run_logged(&mut passing, &log).unwrap();
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "fine\n");
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn trunk_toml_names_the_pinned_tool_versions() {
        let trunk_toml = std::fs::read_to_string(workspace_root().join("Trunk.toml")).unwrap();
        let wasm_bindgen = tool("wasm-bindgen").pinned_version().unwrap();
        let wasm_opt = tool("wasm-opt").pinned_version().unwrap();
        assert_eq!(toml_string(&trunk_toml, "wasm_bindgen"), Some(wasm_bindgen));
        assert_eq!(
            toml_string(&trunk_toml, "wasm_opt"),
            Some(format!("version_{wasm_opt}"))
        );
    }

    #[test]
    fn locked_version_reads_the_line_after_the_name() {
        let lock = "[[package]]\nname = \"wasm-bindgen-shared\"\nversion = \"9\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            locked_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(lock, "serde"), None);
    }

    #[test]
    fn version_outputs_of_each_tool_are_recognised() {
        assert!(reports_version("trunk 0.21.14\n", "0.21.14"));
        assert!(!reports_version("trunk 0.21.13\n", "0.21.14"));
        assert!(reports_version("wasm-bindgen 0.2.130\n", "0.2.130"));
        assert!(reports_version(
            "wasm-opt version 132 (version_132)\n",
            "132"
        ));
        assert!(!reports_version(
            "wasm-opt version 123 (version_123)\n",
            "132"
        ));
        assert!(reports_version("mdbook v0.4.52\n", "0.4.52"));
        assert!(!reports_version("mdbook v0.4.51\n", "0.4.52"));
        assert!(reports_version("terser 5.51.4\n", "5.51.4"));
        assert!(!reports_version("terser 5.51.40\n", "5.51.4"));
    }
}

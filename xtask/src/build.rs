//! The Trunk build: `static/index.html`, the `web` crate (the page's wasm)
//! and the `checker-wasm` crate (the checker's wasm, loaded by the checker's
//! worker) become `dist/`.
//!
//! All of Trunk's settings live in `Trunk.toml` at the workspace root and on
//! the `<link data-trunk>` elements of `static/index.html`, so a
//! plain `trunk build --release --offline` there gives the same `dist/`,
//! except that only this build gives the wasms' imports short names (see
//! [`crate::wasm_names`]), minifies the JavaScript modules (with terser,
//! see [`minify_scripts`]) and stamps the service worker (`dist/sw.js`)
//! with the site's files and version (see [`crate::service_worker`]).

use crate::process::{self, seconds, timed};
use crate::service_worker::{stamp_dist, SERVICE_WORKER};
use crate::tools::Toolchain;
use crate::wasm_names;
use crate::{dist_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::path::Path;

/// Runs a release `trunk build --offline` into `dist/`, checks that it
/// produced an `index.html`, and stamps the service worker.
pub fn trunk_build(toolchain: &Toolchain) -> Result<()> {
    let mut command = toolchain.command("trunk");
    command
        .current_dir(workspace_root())
        .args(["build", "--release", "--offline"]);
    // The caller's own flags for the wasm target, if any, win.
    if std::env::var_os(WASM_RUSTFLAGS).is_none() {
        if let Some(flags) = remapped_registry(&cargo_home()) {
            command.env(WASM_RUSTFLAGS, flags);
        }
    }
    let (result, took) = timed(|| process::run(&mut command));
    result.context("the Trunk build failed")?;
    let index = dist_dir().join("index.html");
    if !index.is_file() {
        bail!("trunk build succeeded but wrote no {}", index.display());
    }
    let renamed = wasm_names::shorten_dist(&dist_dir())
        .context("could not shorten the names between the wasm and its glue")?;
    minify_scripts(toolchain, &dist_dir(), MINIFIED_MODULES, true)?;
    let stamp = stamp_dist(&dist_dir()).context("could not stamp the service worker")?;
    // Stamped first: the stamp fills in two placeholder lines of the source.
    minify_scripts(toolchain, &dist_dir(), &[SERVICE_WORKER], false)?;
    println!(
        "trunk build: dist/ ready in {} ({renamed} imports and exports renamed, service worker {}, {} files precached)",
        seconds(took),
        stamp.version,
        stamp.files.len()
    );
    Ok(())
}

/// The variable that gives rustc flags for the wasm target only.
const WASM_RUSTFLAGS: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";

/// Cargo's home folder: `CARGO_HOME`, else `~/.cargo`.
fn cargo_home() -> std::path::PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .unwrap_or_default()
}

/// rustc flags that write the source paths of downloaded crates without
/// the machine's registry folder (`/root/.cargo/registry/src/index…/`):
/// a panic's location is kept in the wasm as text, so the folder's name
/// cost the page 158 bytes of gzip, and more on a machine whose home is
/// longer, which made the budgets depend on the machine. One flag per
/// registry folder, space-separated (a folder whose path holds a space is
/// left out: the variable splits on spaces). `None` when `cargo_home` has
/// no registry.
pub fn remapped_registry(cargo_home: &Path) -> Option<String> {
    let mut folders: Vec<_> = std::fs::read_dir(cargo_home.join("registry").join("src"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    let flags: Vec<String> = folders
        .iter()
        .filter_map(|folder| folder.to_str())
        .filter(|folder| !folder.contains(char::is_whitespace))
        .map(|folder| format!("--remap-path-prefix={folder}="))
        .collect();
    (!flags.is_empty()).then(|| flags.join(" "))
}

/// The ES modules of `dist/` that [`minify_scripts`] rewrites: the
/// wasm-bindgen glue of both wasms and the site's own modules. The service worker, a
/// classic script, is minified after [`stamp_dist`] has filled in its
/// placeholder lines.
pub const MINIFIED_MODULES: &[&str] = &[
    "rendezvous-web.js",
    "rendezvous-checker.js",
    "boot.js",
    "checker-worker.js",
    "rendezvous-embed.js",
];

/// Minifies each of `names` in `dist` in place with terser (compressed,
/// names mangled, a module's exports kept): about a third of the glue's gzip
/// size.
pub fn minify_scripts(
    toolchain: &Toolchain,
    dist: &Path,
    names: &[&str],
    modules: bool,
) -> Result<()> {
    for name in names {
        let path = dist.join(name);
        if !path.is_file() {
            bail!("the Trunk build wrote no {}", path.display());
        }
        let mut command = toolchain.command("terser");
        command.arg(&path);
        if modules {
            command.arg("--module");
        }
        command
            .args(["--compress", "--mangle", "--output"])
            .arg(&path);
        process::run(&mut command).with_context(|| format!("could not minify {name}"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_registry_folder_is_written_as_its_crates_path_only() {
        let home = std::env::temp_dir().join(format!("xtask-remap-{}", std::process::id()));
        let src = home.join("registry").join("src");
        assert_eq!(remapped_registry(&home), None, "no registry yet");
        for index in ["index.b", "index.a"] {
            std::fs::create_dir_all(src.join(index)).unwrap();
        }
        std::fs::write(src.join("a-file"), "").unwrap();
        let flags = remapped_registry(&home);
        std::fs::remove_dir_all(&home).unwrap();
        let (a, b) = (src.join("index.a"), src.join("index.b"));
        assert_eq!(
            flags,
            Some(format!(
                "--remap-path-prefix={}= --remap-path-prefix={}=",
                a.display(),
                b.display()
            ))
        );
    }
}

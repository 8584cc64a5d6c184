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

//! The Trunk build: `static/index.html` plus the `web` crate become `dist/`.
//!
//! All of Trunk's settings live in `Trunk.toml` at the workspace root, so a
//! plain `trunk build --release --offline` there gives the same `dist/`.

use crate::process::{self, seconds, timed};
use crate::tools::Toolchain;
use crate::{dist_dir, workspace_root};
use anyhow::{bail, Context, Result};

/// Runs a release `trunk build --offline` into `dist/` and checks that it
/// produced an `index.html`.
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
    println!("trunk build: dist/ ready in {}", seconds(took));
    Ok(())
}

//! The example mdBook in `docs/book`: a page that embeds two Rendezvous
//! widgets (an iframe and one mounted with `rendezvous-embed.js`), built
//! with the pinned `mdbook` and served with the site copied beside it.

use crate::process::{self, seconds, timed};
use crate::tools::Toolchain;
use crate::{dist_dir, workspace_root};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Where `cargo xtask test` builds the book: `target/book`.
pub fn book_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("book")
}

/// Builds `docs/book` into `dest` with `mdbook build`, then copies the
/// built site (`dist/`, which must exist) into `dest/site`, where the
/// book's pages expect it. Returns `dest`.
pub fn build_book(toolchain: &Toolchain, dest: &Path) -> Result<PathBuf> {
    let dist = dist_dir();
    if !dist.join("index.html").is_file() {
        bail!("{} has no index.html; build the site first", dist.display());
    }
    let mut command = toolchain.command("mdbook");
    command
        .current_dir(workspace_root())
        .args(["build", "docs/book", "--dest-dir"])
        .arg(dest);
    let (result, took) = timed(|| process::run(&mut command));
    result.context("mdbook build failed")?;
    let site = dest.join("site");
    std::fs::create_dir_all(&site)
        .with_context(|| format!("could not create {}", site.display()))?;
    for entry in std::fs::read_dir(&dist)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            let to = site.join(entry.file_name());
            std::fs::copy(entry.path(), &to)
                .with_context(|| format!("could not copy to {}", to.display()))?;
        }
    }
    println!(
        "book: {} ready in {} (site in {})",
        dest.display(),
        seconds(took),
        site.display()
    );
    Ok(dest.to_path_buf())
}

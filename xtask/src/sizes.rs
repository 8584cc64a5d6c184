//! What the site costs to download: the gzip size of each asset in `dist/`.

use anyhow::{Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file extensions whose sizes the report lists: every kind of file the
/// site has, so the total is the whole app (the page, its wasm and glue,
/// styles, the service worker, the embed script and the icon).
pub const REPORTED_EXTENSIONS: &[&str] = &["wasm", "js", "css", "html", "svg"];

/// The whole app's size budget, gzip, in bytes: every file of `dist/`
/// together stays under 200 KB (KiB). `cargo xtask test` fails over it.
pub const BUDGET_GZIP_BYTES: u64 = 200 * 1024;

/// One asset's size, raw and gzipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetSize {
    /// The path relative to `dist/`, with `/` separators.
    pub path: String,
    /// Bytes on disk.
    pub raw: u64,
    /// Bytes after gzip at its best level, roughly what a server sends.
    pub gzip: u64,
}

/// The sizes of every reported asset under `dist`, sorted by path.
pub fn measure(dist: &Path) -> Result<Vec<AssetSize>> {
    let mut files = Vec::new();
    collect_files(dist, &mut files)?;
    files.sort();
    let mut sizes = Vec::new();
    for file in files {
        let reported = file
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| REPORTED_EXTENSIONS.contains(&extension));
        if !reported {
            continue;
        }
        let bytes =
            std::fs::read(&file).with_context(|| format!("could not read {}", file.display()))?;
        let relative = file.strip_prefix(dist).unwrap_or(&file);
        sizes.push(AssetSize {
            path: relative.to_string_lossy().replace('\\', "/"),
            raw: bytes.len() as u64,
            gzip: gzip_len(&bytes)?,
        });
    }
    Ok(sizes)
}

/// The report `cargo xtask dist` prints: one line per asset and the total.
pub fn report(sizes: &[AssetSize]) -> String {
    let width = sizes
        .iter()
        .map(|size| size.path.len())
        .chain([5])
        .max()
        .unwrap_or(5);
    let mut text = format!("{:<width$} {:>12} {:>12}\n", "asset", "bytes", "gzip");
    for size in sizes {
        let line = format!("{:<width$} {:>12} {:>12}\n", size.path, size.raw, size.gzip);
        text.push_str(&line);
    }
    let raw: u64 = sizes.iter().map(|size| size.raw).sum();
    let gzip = total_gzip(sizes);
    text.push_str(&format!("{:<width$} {raw:>12} {gzip:>12}\n", "total"));
    text
}

/// The total gzip size of `sizes`.
pub fn total_gzip(sizes: &[AssetSize]) -> u64 {
    sizes.iter().map(|size| size.gzip).sum()
}

/// Fails when `sizes` together exceed [`BUDGET_GZIP_BYTES`], naming the
/// largest assets; otherwise says how much of the budget is left.
pub fn check_budget(sizes: &[AssetSize]) -> Result<String> {
    let total = total_gzip(sizes);
    let kib = |bytes: u64| bytes as f64 / 1024.0;
    if total >= BUDGET_GZIP_BYTES {
        let mut largest: Vec<&AssetSize> = sizes.iter().collect();
        largest.sort_by_key(|size| std::cmp::Reverse(size.gzip));
        let names: Vec<String> = largest
            .iter()
            .take(3)
            .map(|size| format!("{} {:.1} KB", size.path, kib(size.gzip)))
            .collect();
        anyhow::bail!(
            "the site is {:.1} KB gzip, over its budget of {:.0} KB (largest: {})",
            kib(total),
            kib(BUDGET_GZIP_BYTES),
            names.join(", ")
        );
    }
    Ok(format!(
        "the site is {:.1} KB gzip: {:.1} KB under its budget of {:.0} KB",
        kib(total),
        kib(BUDGET_GZIP_BYTES - total),
        kib(BUDGET_GZIP_BYTES)
    ))
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

fn collect_files(folder: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(folder)
        .with_context(|| format!("could not list {}", folder.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            collect_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_lists_each_asset_and_the_total() {
        let sizes = [
            AssetSize {
                path: "app.js".to_owned(),
                raw: 100,
                gzip: 40,
            },
            AssetSize {
                path: "app_bg.wasm".to_owned(),
                raw: 1000,
                gzip: 400,
            },
        ];
        let report = report(&sizes);
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("app.js") && lines[1].ends_with(" 40"));
        assert!(lines[3].starts_with("total") && lines[3].ends_with(" 440"));
    }

    #[test]
    fn the_budget_holds_below_200_kb_and_fails_at_it() {
        let asset = |path: &str, gzip: u64| AssetSize {
            path: path.to_owned(),
            raw: gzip * 3,
            gzip,
        };
        let under = [asset("a_bg.wasm", 190_000), asset("a.js", 14_000)];
        let message = check_budget(&under).unwrap();
        assert!(message.contains("199.2 KB gzip"), "{message}");
        let over = [asset("a_bg.wasm", 200_000), asset("a.js", 4_800)];
        let error = check_budget(&over).unwrap_err().to_string();
        assert!(error.contains("200.0 KB gzip, over its budget"), "{error}");
        assert!(error.contains("a_bg.wasm 195.3 KB"), "{error}");
    }

    #[test]
    fn gzip_shrinks_repetitive_text() {
        let text = "rendezvous ".repeat(1000);
        assert!(gzip_len(text.as_bytes()).unwrap() < 200);
    }
}

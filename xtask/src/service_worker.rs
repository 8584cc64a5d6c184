//! Stamping the service worker (`static/sw.js`, copied to `dist/sw.js` by
//! Trunk) after each build.
//!
//! The worker precaches every file of `dist/` and serves the site from that
//! cache, so it needs two facts only the finished build knows: the list of
//! files, and a version that changes whenever any of them does (the cache's
//! name, so a new build replaces the old cache). `static/sw.js` holds two
//! placeholder lines, valid JavaScript on their own (an empty precache list
//! makes a harmless pass-through worker); [`stamp_dist`] replaces them in
//! `dist/sw.js`.

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The service worker's file name, in `static/` and in `dist/`.
pub const SERVICE_WORKER: &str = "sw.js";

/// The version line of `static/sw.js`, replaced by the content hash.
pub const VERSION_PLACEHOLDER: &str = "const VERSION = \"unstamped\";";

/// The precache line of `static/sw.js`, replaced by the list of files.
pub const FILES_PLACEHOLDER: &str = "const FILES = [];";

/// What [`stamp_dist`] wrote into `dist/sw.js`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The content hash of the site, 16 hex digits.
    pub version: String,
    /// The precached files: URLs relative to `sw.js`, sorted.
    pub files: Vec<String>,
}

/// Stamps `dist/sw.js` with the version (a hash of every file under `dist`,
/// sub-folders included, and of `sw.js` as built) and the list of every
/// other file. Fails when `sw.js` is missing or
/// already stamped, so a build that lost its placeholders cannot slip by.
pub fn stamp_dist(dist: &Path) -> Result<Stamp> {
    let worker = dist.join(SERVICE_WORKER);
    let source = std::fs::read_to_string(&worker)
        .with_context(|| format!("could not read {}", worker.display()))?;
    let mut paths = Vec::new();
    collect_files(dist, &mut paths)?;
    let mut site = Vec::new();
    for path in paths {
        let relative = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if relative == SERVICE_WORKER {
            continue;
        }
        let bytes =
            std::fs::read(&path).with_context(|| format!("could not read {}", path.display()))?;
        site.push((url_path(&relative), bytes));
    }
    site.sort();
    // The worker's own code counts too: it is not precached, but a new
    // worker gets a new cache.
    let mut hashed = site.clone();
    hashed.push((SERVICE_WORKER.to_owned(), source.clone().into_bytes()));
    let stamp = Stamp {
        version: version_of(&hashed),
        files: site.into_iter().map(|(file, _)| file).collect(),
    };
    let stamped = stamp_source(&source, &stamp)
        .with_context(|| format!("could not stamp {}", worker.display()))?;
    std::fs::write(&worker, stamped)
        .with_context(|| format!("could not write {}", worker.display()))?;
    Ok(stamp)
}

/// `source` (the text of `sw.js`) with both placeholder lines replaced.
pub fn stamp_source(source: &str, stamp: &Stamp) -> Result<String> {
    for placeholder in [VERSION_PLACEHOLDER, FILES_PLACEHOLDER] {
        let found = source.matches(placeholder).count();
        if found != 1 {
            bail!("expected the line `{placeholder}` once, found it {found} time(s)");
        }
    }
    let mut files = String::from("const FILES = [\n");
    for file in &stamp.files {
        // `url_path` leaves no quote or backslash to escape.
        let _ = writeln!(files, "  \"{file}\",");
    }
    files.push_str("];");
    Ok(source
        .replace(
            VERSION_PLACEHOLDER,
            &format!("const VERSION = \"{}\";", stamp.version),
        )
        .replace(FILES_PLACEHOLDER, &files))
}

/// A 64-bit FNV-1a hash of every file's name and bytes, as 16 hex digits:
/// any change to a name or a byte changes it (with overwhelming odds), and
/// the same files always give the same version.
pub fn version_of(files: &[(String, Vec<u8>)]) -> String {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    let mut feed = |bytes: &[u8]| {
        for &byte in bytes {
            hash = (hash ^ u64::from(byte)).wrapping_mul(PRIME);
        }
    };
    for (name, bytes) in files {
        // Lengths first, so no two different lists feed the same bytes.
        feed(&(name.len() as u64).to_le_bytes());
        feed(name.as_bytes());
        feed(&(bytes.len() as u64).to_le_bytes());
        feed(bytes);
    }
    format!("{hash:016x}")
}

/// A relative file path as a URL path: everything but unreserved
/// characters and `/` percent-encoded.
fn url_path(relative: &str) -> String {
    let mut encoded = String::with_capacity(relative.len());
    for byte in relative.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}

fn collect_files(folder: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(folder)
        .with_context(|| format!("could not list {}", folder.display()))?;
    for entry in entries {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_files(&entry.path(), files)?;
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scratch::Scratch;

    /// The placeholder part of `static/sw.js`, as a test source.
    const SOURCE: &str = "// head\nconst VERSION = \"unstamped\";\nconst FILES = [];\n// tail\n";

    /// A throwaway `dist/`.
    fn dist(name: &str) -> Scratch {
        Scratch::new(
            &format!("stamp-{name}"),
            &[
                ("index.html", b"<!doctype html>"),
                ("app_bg.wasm", b"\0asm"),
                ("assets/a b.svg", b"<svg/>"),
                (SERVICE_WORKER, SOURCE.as_bytes()),
            ],
        )
    }

    #[test]
    fn the_real_worker_has_both_placeholders_once() {
        let path = crate::workspace_root().join("static").join(SERVICE_WORKER);
        let source = std::fs::read_to_string(path).unwrap();
        let stamp = Stamp {
            version: "0123456789abcdef".to_owned(),
            files: vec!["index.html".to_owned()],
        };
        let stamped = stamp_source(&source, &stamp).unwrap();
        assert!(stamped.contains("const VERSION = \"0123456789abcdef\";"));
        assert!(stamped.contains("const FILES = [\n  \"index.html\",\n];"));
    }

    #[test]
    fn stamping_lists_every_other_file_and_hashes_them() {
        let dist = dist("list");
        let stamp = stamp_dist(&dist.0).unwrap();
        assert_eq!(
            stamp.files,
            ["app_bg.wasm", "assets/a%20b.svg", "index.html"]
        );
        assert_eq!(stamp.version.len(), 16);
        let worker = std::fs::read_to_string(dist.0.join(SERVICE_WORKER)).unwrap();
        assert_eq!(
            worker,
            format!(
                "// head\nconst VERSION = \"{}\";\nconst FILES = [\n  \"app_bg.wasm\",\n  \
                 \"assets/a%20b.svg\",\n  \"index.html\",\n];\n// tail\n",
                stamp.version
            )
        );
        // Stamped once: a second stamp finds no placeholders.
        assert!(stamp_dist(&dist.0).is_err());
    }

    #[test]
    fn the_version_changes_with_any_file_and_only_then() {
        let dist = dist("version");
        let first = stamp_dist(&dist.0).unwrap().version;
        std::fs::write(dist.0.join(SERVICE_WORKER), SOURCE).unwrap();
        assert_eq!(stamp_dist(&dist.0).unwrap().version, first, "same files");
        std::fs::write(dist.0.join(SERVICE_WORKER), SOURCE).unwrap();
        std::fs::write(dist.0.join("app_bg.wasm"), b"\0asn").unwrap();
        let changed = stamp_dist(&dist.0).unwrap().version;
        assert_ne!(changed, first, "a changed byte");
        let edited = SOURCE.replace("// tail", "// the worker's code changed");
        std::fs::write(dist.0.join(SERVICE_WORKER), edited).unwrap();
        assert_ne!(
            stamp_dist(&dist.0).unwrap().version,
            changed,
            "a new worker"
        );
        // A renamed file with the same bytes is a different site too.
        let files = |name: &str| vec![(name.to_owned(), b"x".to_vec())];
        assert_ne!(version_of(&files("a.js")), version_of(&files("b.js")));
        // Lengths keep the boundary between name and bytes.
        assert_ne!(
            version_of(&[("ab".to_owned(), b"c".to_vec())]),
            version_of(&[("a".to_owned(), b"bc".to_vec())])
        );
    }

    #[test]
    fn stamping_fails_without_the_placeholders() {
        let stamp = Stamp {
            version: "0".to_owned(),
            files: Vec::new(),
        };
        assert!(stamp_source("const FILES = [];", &stamp).is_err());
        assert!(stamp_source(&format!("{SOURCE}{SOURCE}"), &stamp).is_err());
        let dist = dist("missing");
        std::fs::remove_file(dist.0.join(SERVICE_WORKER)).unwrap();
        assert!(stamp_dist(&dist.0).is_err());
    }
}

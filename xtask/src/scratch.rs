//! Throwaway folders for the unit tests.

use std::path::PathBuf;

/// A folder under the system's temporary directory, filled with the given
/// files, and removed on drop. The tuple field is its path.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// A fresh folder named after `name` and this process, holding `files`
    /// (relative path and contents; parent folders are made).
    pub fn new(name: &str, files: &[(&str, &[u8])]) -> Scratch {
        let root =
            std::env::temp_dir().join(format!("rendezvous-xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for (path, contents) in files {
            let path = root.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(path, contents).unwrap();
        }
        Scratch(root)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

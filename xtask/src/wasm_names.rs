//! Short names for what a wasm of the site and its glue call each other.
//!
//! wasm-bindgen names each JavaScript function the wasm calls after what it
//! does plus a hash (`__wbg_appendChild_8c4e…`), all imported from the
//! module `./NAME_bg.js` (`./rendezvous-web_bg.js` for the page). Those
//! names, about 10 KB in the page's wasm, are written twice: in the wasm's
//! import section and as the keys of the glue's import object. After the
//! Trunk build, [`shorten_dist`] renames each import to a short identifier
//! (`a`, `b`, …, and the module to `w`) in both files, which takes about
//! 6 KB off the page's gzip size. It does the same for the wasm's internal
//! exports, which only the glue calls (`wasm.__wbindgen_malloc`, closure
//! shims, `__wbg_widget_free`, …: `Xa`, `Xb`, …), and leaves the exports of
//! the API (`mount`, `serve_in_worker`, …) as they are. The build applies
//! it to each wasm of [`WASM_MODULES`]: the page's and the checker's.
//! Anything it does not recognise stops the build rather than leave the two
//! files disagreeing.

use anyhow::{bail, Context, Result};
use std::path::Path;
use wasm_encoder::{EntityType, ExportKind, ExportSection, ImportSection, Module, RawSection};
use wasmparser::{ExternalKind, Parser, Payload, TypeRef};

/// The wasm modules of `dist/` whose names are shortened, by the name
/// Trunk gives their files (`NAME.js`, the glue, and `NAME_bg.wasm`): the
/// page's and the checker's.
pub const WASM_MODULES: &[&str] = &["rendezvous-web", "rendezvous-checker"];

/// The glue module a wasm called `name` imports from, as wasm-bindgen names
/// it: `./rendezvous-web_bg.js` for the page's.
pub fn glue_module(name: &str) -> String {
    format!("./{name}_bg.js")
}

/// The glue module's new name.
pub const SHORT_MODULE: &str = "w";

/// How the names of wasm-bindgen's internal exports begin. Only these are
/// renamed, and only when the glue calls them as `wasm.NAME`.
const INTERNAL_EXPORTS: &[&str] = &["__wbindgen_", "__externref_", "wasm_bindgen__convert__"];

/// Whether `name` is an export only the glue calls.
fn is_internal_export(name: &str) -> bool {
    name != "__wbindgen_start"
        && (INTERNAL_EXPORTS
            .iter()
            .any(|prefix| name.starts_with(prefix))
            || (name.starts_with("__wbg_") && name.ends_with("_free")))
}

/// The wasm and glue with their imports renamed.
#[derive(Debug)]
pub struct Shortened {
    /// The wasm module.
    pub wasm: Vec<u8>,
    /// The JavaScript glue.
    pub js: String,
    /// How many imports and exports were renamed.
    pub renamed: usize,
}

/// Renames the imports and internal exports of each wasm of
/// [`WASM_MODULES`] in `dist` and of its glue, in place; returns how many
/// were renamed in all.
pub fn shorten_dist(dist: &Path) -> Result<usize> {
    let mut renamed = 0;
    for name in WASM_MODULES {
        renamed += shorten_module(dist, name).with_context(|| format!("in {name}"))?;
    }
    Ok(renamed)
}

/// Renames the imports and internal exports of `dist/NAME_bg.wasm` and its
/// glue `dist/NAME.js` in place; returns how many were renamed.
pub fn shorten_module(dist: &Path, name: &str) -> Result<usize> {
    let wasm_path = dist.join(format!("{name}_bg.wasm"));
    let js_path = dist.join(format!("{name}.js"));
    let wasm = std::fs::read(&wasm_path)
        .with_context(|| format!("could not read {}", wasm_path.display()))?;
    let js = std::fs::read_to_string(&js_path)
        .with_context(|| format!("could not read {}", js_path.display()))?;
    let shortened = shorten(&wasm, &js, &glue_module(name))?;
    std::fs::write(&wasm_path, &shortened.wasm)
        .with_context(|| format!("could not write {}", wasm_path.display()))?;
    std::fs::write(&js_path, &shortened.js)
        .with_context(|| format!("could not write {}", js_path.display()))?;
    Ok(shortened.renamed)
}

/// Renames every function import of `wasm` from `glue` (its glue module, see
/// [`glue_module`]) and every internal export the glue calls, and the same
/// names in `js`.
pub fn shorten(wasm: &[u8], js: &str, glue: &str) -> Result<Shortened> {
    let mut module = Module::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.context("the wasm does not parse")?;
        match payload {
            Payload::Version { encoding, .. } => {
                if encoding != wasmparser::Encoding::Module {
                    bail!("the wasm is not a core module");
                }
            }
            Payload::ImportSection(reader) => {
                let mut section = ImportSection::new();
                for import in reader.into_imports() {
                    let import = import.context("an import does not parse")?;
                    let ty = match import.ty {
                        TypeRef::Func(index) => EntityType::Function(index),
                        other => bail!(
                            "import {}::{} is a {other:?}; only functions are renamed",
                            import.module,
                            import.name
                        ),
                    };
                    if import.module != glue {
                        bail!(
                            "import {}::{} is not from {glue}",
                            import.module,
                            import.name
                        );
                    }
                    let short = short_name(renames.len());
                    section.import(SHORT_MODULE, &short, ty);
                    renames.push((import.name.to_owned(), short));
                }
                module.section(&section);
            }
            Payload::ExportSection(reader) => {
                let mut section = ExportSection::new();
                for export in reader {
                    let export = export.context("an export does not parse")?;
                    let kind = match export.kind {
                        ExternalKind::Func | ExternalKind::FuncExact => ExportKind::Func,
                        ExternalKind::Table => ExportKind::Table,
                        ExternalKind::Memory => ExportKind::Memory,
                        ExternalKind::Global => ExportKind::Global,
                        ExternalKind::Tag => ExportKind::Tag,
                    };
                    let called = js.contains(&format!("wasm.{}", export.name));
                    if is_internal_export(export.name) && called {
                        let short = format!("X{}", short_name(renames.len()));
                        section.export(&short, kind, export.index);
                        renames.push((export.name.to_owned(), short));
                    } else {
                        section.export(export.name, kind, export.index);
                    }
                }
                module.section(&section);
            }
            Payload::End(_) => break,
            other => {
                if let Some((id, range)) = other.as_section() {
                    module.section(&RawSection {
                        id,
                        data: &wasm[range],
                    });
                }
            }
        }
    }
    let js = rename_in_glue(js, glue, &renames)?;
    Ok(Shortened {
        wasm: module.finish(),
        js,
        renamed: renames.len(),
    })
}

/// The `index`th short name: `a` to `Z`, then two letters, and so on.
fn short_name(mut index: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[index % LETTERS.len()]);
        index /= LETTERS.len();
        if index == 0 {
            break;
        }
        index -= 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// `js` with each old name replaced as a whole identifier, and the module's
/// name replaced where the glue hands its import object to the wasm.
fn rename_in_glue(js: &str, glue: &str, renames: &[(String, String)]) -> Result<String> {
    let quoted_module = format!("\"{glue}\"");
    if js.matches(&quoted_module).count() != 1 {
        bail!("the glue does not name {quoted_module} exactly once");
    }
    let mut js = js.replace(&quoted_module, &format!("\"{SHORT_MODULE}\""));
    for (old, new) in renames {
        let (renamed, count) = replace_identifier(&js, old, new);
        if count == 0 {
            bail!("the glue never names the import {old}");
        }
        js = renamed;
    }
    Ok(js)
}

/// Replaces `old` where it stands as a whole JavaScript identifier.
fn replace_identifier(text: &str, old: &str, new: &str) -> (String, usize) {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut count = 0;
    let mut rest = text;
    while let Some(at) = rest.find(old) {
        let before = rest[..at].chars().next_back().or(out.chars().next_back());
        let after = rest[at + old.len()..].chars().next();
        out.push_str(&rest[..at]);
        if before.is_some_and(is_part) || after.is_some_and(is_part) {
            out.push_str(old);
        } else {
            out.push_str(new);
            count += 1;
        }
        rest = &rest[at + old.len()..];
    }
    out.push_str(rest);
    (out, count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::ValType;
    use wasm_encoder::{CodeSection, Function, FunctionSection, Instruction, TypeSection};

    /// A module importing `names` from the glue, with one function that
    /// calls the last import, exported as `run`.
    fn module(names: &[&str], import_from: &str) -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([ValType::I32], []);
        types.ty().function([], []);
        module.section(&types);
        let mut imports = ImportSection::new();
        for name in names {
            imports.import(import_from, name, EntityType::Function(0));
        }
        module.section(&imports);
        let mut functions = FunctionSection::new();
        functions.function(1);
        module.section(&functions);
        let mut exports = ExportSection::new();
        exports.export("run", ExportKind::Func, names.len() as u32);
        exports.export("__wbindgen_malloc", ExportKind::Func, names.len() as u32);
        exports.export("__wbindgen_unused", ExportKind::Func, names.len() as u32);
        module.section(&exports);
        let mut code = CodeSection::new();
        let mut body = Function::new([]);
        body.instruction(&Instruction::I32Const(7));
        body.instruction(&Instruction::Call(names.len() as u32 - 1));
        body.instruction(&Instruction::End);
        code.function(&body);
        module.section(&code);
        module.finish()
    }

    fn exports_of(wasm: &[u8]) -> Vec<String> {
        let mut found = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::ExportSection(reader) = payload.unwrap() {
                for export in reader {
                    found.push(export.unwrap().name.to_owned());
                }
            }
        }
        found
    }

    fn imports_of(wasm: &[u8]) -> Vec<(String, String)> {
        let mut found = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            if let Payload::ImportSection(reader) = payload.unwrap() {
                for import in reader.into_imports() {
                    let import = import.unwrap();
                    found.push((import.module.to_owned(), import.name.to_owned()));
                }
            }
        }
        found
    }

    /// The page's glue module.
    const PAGE_GLUE: &str = "./rendezvous-web_bg.js";

    const GLUE: &str = r#"function imports() {
    const import0 = {
        __proto__: null,
        __wbg_log_0123456789abcdef: function(arg0) { console.log(arg0); },
        __wbg_log_0123456789abcdef_more: 1,
        __wbindgen_throw_fedcba9876543210: function(arg0) { throw arg0; },
    };
    return { __proto__: null, "./rendezvous-web_bg.js": import0 };
}
export function run() { const ptr = wasm.__wbindgen_malloc(8, 1); wasm.run(ptr); }"#;

    #[test]
    fn imports_get_short_names_in_the_wasm_and_the_glue() {
        let names = [
            "__wbg_log_0123456789abcdef",
            "__wbindgen_throw_fedcba9876543210",
        ];
        let wasm = module(&names, PAGE_GLUE);
        let shortened = shorten(&wasm, GLUE, PAGE_GLUE).unwrap();
        assert_eq!(shortened.renamed, 3);
        assert_eq!(
            imports_of(&shortened.wasm),
            [
                ("w".to_owned(), "a".to_owned()),
                ("w".to_owned(), "b".to_owned())
            ]
        );
        wasmparser::validate(&shortened.wasm).expect("still a valid module");
        assert!(shortened
            .js
            .contains("        a: function(arg0) { console.log"));
        assert!(shortened.js.contains("        b: function(arg0) { throw"));
        // A longer identifier that starts with an old name is not touched.
        assert!(shortened.js.contains("__wbg_log_0123456789abcdef_more: 1"));
        assert!(shortened.js.contains("\"w\": import0"));
        // The API's export and one the glue never calls keep their names;
        // the glue's own call is renamed.
        assert_eq!(
            exports_of(&shortened.wasm),
            ["run", "Xc", "__wbindgen_unused"]
        );
        assert!(shortened
            .js
            .contains("const ptr = wasm.Xc(8, 1); wasm.run(ptr);"));
        assert!(shortened.wasm.len() < wasm.len());
    }

    #[test]
    fn a_glue_that_does_not_match_stops_the_build() {
        let wasm = module(&["__wbg_missing_0000000000000000"], PAGE_GLUE);
        let error = shorten(&wasm, GLUE, PAGE_GLUE).unwrap_err().to_string();
        assert!(error.contains("never names the import"), "{error}");
        let elsewhere = module(&["__wbg_log_0123456789abcdef"], "env");
        let error = shorten(&elsewhere, GLUE, PAGE_GLUE)
            .unwrap_err()
            .to_string();
        assert!(error.contains("is not from"), "{error}");
        let error = shorten(&module(&["x"], PAGE_GLUE), "no module here", PAGE_GLUE)
            .unwrap_err()
            .to_string();
        assert!(error.contains("exactly once"), "{error}");
    }

    #[test]
    fn each_wasm_is_renamed_against_its_own_glue() {
        assert_eq!(glue_module("rendezvous-web"), PAGE_GLUE);
        let checker_glue = glue_module("rendezvous-checker");
        assert_eq!(checker_glue, "./rendezvous-checker_bg.js");
        let names = ["__wbg_log_0123456789abcdef"];
        let glue = GLUE.replace(PAGE_GLUE, &checker_glue);
        let wasm = module(&names, &checker_glue);
        let shortened = shorten(&wasm, &glue, &checker_glue).unwrap();
        assert_eq!(
            imports_of(&shortened.wasm),
            [("w".to_owned(), "a".to_owned())]
        );
        assert!(shortened.js.contains("\"w\": import0"));
        // The page's glue name does not fit the checker's wasm.
        let error = shorten(&wasm, &glue, PAGE_GLUE).unwrap_err().to_string();
        assert!(error.contains("is not from"), "{error}");
    }

    #[test]
    fn short_names_run_through_one_then_two_letters() {
        assert_eq!(short_name(0), "a");
        assert_eq!(short_name(25), "z");
        assert_eq!(short_name(26), "A");
        assert_eq!(short_name(51), "Z");
        assert_eq!(short_name(52), "aa");
        assert_eq!(short_name(53), "ab");
        let names: std::collections::HashSet<_> = (0..3000).map(short_name).collect();
        assert_eq!(names.len(), 3000);
    }
}

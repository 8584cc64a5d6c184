//! Every CSS class the page puts in its markup (its own, and the markup the
//! checker's worker writes for it) has a rule in
//! `static/rendezvous.css`, or is on [`UNSTYLED`], the short list of
//! classes that are deliberately left to the browser's defaults.
//!
//! A class without a rule is how a panel ends up unstyled with no test
//! noticing (the checker's verdicts once ran together as
//! "S1exclusive tracingbroken…"). The scanner reads the web crate's source
//! as text: the string literals of `class="…"` attributes (also inside
//! markup kept in Rust strings, `class=\"…\"`) and of `classes!(…)` calls.
//! Classes built at run time (`actor-w{index}`, a status name) are not
//! literals and are not checked here; the browser tests check those that
//! carry meaning through computed styles.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Classes in the markup that no rule needs to style, and why.
const UNSTYLED: &[(&str, &str)] = &[
    // State and grouping hooks: the elements are styled by other classes.
    (
        "playing",
        "marks the app while playback runs, for tests and readers of the DOM",
    ),
    (
        "progress",
        "the challenges' wrapper, laid out by its .app class",
    ),
    (
        "panel",
        "the checker and bug panels, styled as every section is",
    ),
    (
        "lane-row",
        "groups one SVG lane of the timeline; its shapes are styled",
    ),
];

/// The classes a piece of Rust source puts in markup.
fn classes_in_source(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    // `class="a b"` in `html!`, and `class=\"a b\"` in markup kept in a
    // Rust string.
    for opener in ["class=\"", "class=\\\""] {
        let mut rest = source;
        while let Some(at) = rest.find(opener) {
            rest = &rest[at + opener.len()..];
            let end = rest.find(['"', '\\']).unwrap_or(rest.len());
            // A word with a `format!` placeholder (`verdict {outcome}`) is
            // built at run time: not a literal class.
            found.extend(
                rest[..end]
                    .split_whitespace()
                    .filter(|word| !word.contains(['{', '}']))
                    .map(str::to_owned),
            );
            rest = &rest[end..];
        }
    }
    // Every string literal inside `classes!( … )`, parentheses balanced.
    let mut rest = source;
    while let Some(at) = rest.find("classes!(") {
        rest = &rest[at + "classes!(".len()..];
        let mut depth = 1;
        let mut end = 0;
        let mut in_string = false;
        let mut literal = String::new();
        for (index, character) in rest.char_indices() {
            if in_string {
                if character == '"' {
                    in_string = false;
                    if is_class_name(&literal) {
                        found.insert(std::mem::take(&mut literal));
                    }
                    literal.clear();
                } else {
                    literal.push(character);
                }
                continue;
            }
            match character {
                '"' => in_string = true,
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = index;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    found
}

/// Whether a literal could be a class name (not a format string).
fn is_class_name(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || "-_".contains(character))
}

/// The classes a stylesheet's selectors name, inside `@media` and
/// `@container` blocks too; declarations are skipped, so a value such as
/// `0.5rem` is never read as a class.
fn classes_in_stylesheet(css: &str) -> BTreeSet<String> {
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(at) = rest.find("/*") {
        text.push_str(&rest[..at]);
        rest = rest[at..]
            .find("*/")
            .map_or("", |end| &rest[at + end + 2..]);
    }
    text.push_str(rest);
    let mut found = BTreeSet::new();
    selectors_of_block(&text, &mut found);
    found
}

/// Reads a list of rules (a whole sheet, or an at-rule's body) and returns
/// the unread rest, after the block's closing brace if there is one.
fn selectors_of_block<'a>(mut text: &'a str, found: &mut BTreeSet<String>) -> &'a str {
    loop {
        let Some(at) = text.find(['{', '}', ';']) else {
            return "";
        };
        let prelude = text[..at].trim();
        let mark = text.as_bytes()[at];
        text = &text[at + 1..];
        match mark {
            b'}' => return text,
            b';' => continue,
            _ if prelude.starts_with('@') => text = selectors_of_block(text, found),
            _ => {
                found.extend(classes_in_selector(prelude));
                text = skip_declarations(text);
            }
        }
    }
}

/// The rest after a declaration block's closing brace.
fn skip_declarations(text: &str) -> &str {
    let mut depth = 1;
    for (index, character) in text.char_indices() {
        match character {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[index + 1..];
                }
            }
            _ => {}
        }
    }
    ""
}

/// The classes one selector list names: `.a.b > .c:hover` names a, b, c.
fn classes_in_selector(selector: &str) -> Vec<String> {
    let mut classes = Vec::new();
    let mut rest = selector;
    while let Some(at) = rest.find('.') {
        rest = &rest[at + 1..];
        let name: String = rest
            .chars()
            .take_while(|character| character.is_ascii_alphanumeric() || "-_".contains(*character))
            .collect();
        if name.starts_with(|first: char| first.is_ascii_alphabetic() || first == '-') {
            classes.push(name);
        }
    }
    classes
}

/// Every `.rs` file under `folder`, sorted.
fn rust_files(folder: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![folder.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", folder.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The classes used in `sources` (file name, text) that `css` has no rule
/// for and `allowed` does not excuse, each with the files using it.
fn unstyled(sources: &[(String, String)], css: &str, allowed: &[&str]) -> Vec<String> {
    let styled = classes_in_stylesheet(css);
    let mut missing: Vec<String> = Vec::new();
    for (name, source) in sources {
        for class in classes_in_source(source) {
            if !styled.contains(&class) && !allowed.contains(&class.as_str()) {
                match missing
                    .iter_mut()
                    .find(|line| line.starts_with(&format!("{class} ")))
                {
                    Some(line) => line.push_str(&format!(", {name}")),
                    None => missing.push(format!("{class} (in {name}")),
                }
            }
        }
    }
    missing.iter_mut().for_each(|line| line.push(')'));
    missing
}

#[test]
fn every_class_in_the_markup_has_a_rule_or_is_excused() {
    let web = Path::new(env!("CARGO_MANIFEST_DIR"));
    let css_path = web.join("../static/rendezvous.css");
    let css = std::fs::read_to_string(&css_path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", css_path.display()));
    // The page's source, and the worker's, whose markup (the builder's
    // form, the checker's report, the Real bugs list) the page inserts.
    let mut files = rust_files(&web.join("src"));
    files.extend(rust_files(&web.join("../checker-wasm/src")));
    let sources: Vec<(String, String)> = files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("a source file");
            let name = path
                .strip_prefix(web)
                .unwrap_or(&path)
                .display()
                .to_string();
            (name, text)
        })
        .collect();
    let allowed: Vec<&str> = UNSTYLED.iter().map(|(class, _)| *class).collect();
    let missing = unstyled(&sources, &css, &allowed);
    assert!(
        missing.is_empty(),
        "classes in the markup with no rule in static/rendezvous.css (style them, or add \
         them to UNSTYLED with a reason):\n  {}",
        missing.join("\n  ")
    );
    // The list stays honest: an excused class is still used, and unstyled.
    let used: BTreeSet<String> = sources
        .iter()
        .flat_map(|(_, source)| classes_in_source(source))
        .collect();
    let styled = classes_in_stylesheet(&css);
    for (class, why) in UNSTYLED {
        assert!(
            used.contains(*class),
            "UNSTYLED lists {class} ({why}), which the markup no longer uses"
        );
        assert!(
            !styled.contains(*class),
            "UNSTYLED lists {class}, which now has a rule"
        );
    }
}

#[test]
fn the_scanner_finds_classes_in_markup_and_in_classes_calls() {
    let source = r#"
        html! { <p class="summary note">{ "x" }</p> }
        let class = classes!("lane", view::worker_colour(index), parked.then_some("parked"),
            match cas { Some(true) => Some("cas-won"), _ => None }, format!("x{index}"));
        const MARKUP: &str = "<dl class=\"terms\"><dt>a</dt></dl>";
        format!("<li class=\"verdict {outcome}\">")
    "#;
    let found: Vec<String> = classes_in_source(source).into_iter().collect();
    assert_eq!(
        found,
        ["cas-won", "lane", "note", "parked", "summary", "terms", "verdict"]
    );
}

#[test]
fn the_scanner_reads_selectors_but_not_values() {
    let css = "/* .commented { } */
        .a, .b > .c:hover { margin: 0.5rem; content: \".fake\"; }
        @media (max-width: 520px) { .d.e { gap: 1.5rem; } }
        @container (min-width: 560px) { .app.embed .f { padding: 0; } }
        @keyframes spin { from { opacity: 0.2; } }
        :root { --x: 1; }";
    let found: Vec<String> = classes_in_stylesheet(css).into_iter().collect();
    assert_eq!(found, ["a", "app", "b", "c", "d", "e", "embed", "f"]);
}

#[test]
fn a_class_without_a_rule_fails_the_check() {
    let sources = vec![(
        "src/components/checker_panel.rs".to_owned(),
        r#"html! { <li class={classes!("verdict", outcome)}><span class="code">{ code }</span></li> }"#
            .to_owned(),
    )];
    // The stylesheet before the verdicts had rules: only `.code`.
    let missing = unstyled(&sources, "code, .code { font-family: monospace; }", &[]);
    assert_eq!(missing, ["verdict (in src/components/checker_panel.rs)"]);
    // A rule, or an excuse, makes it pass.
    assert!(unstyled(&sources, ".code, .verdict { gap: 0; }", &[]).is_empty());
    assert!(unstyled(&sources, ".code { gap: 0; }", &["verdict"]).is_empty());
}

//! Text written into markup: the page's HTML, the builder's form (which
//! the worker writes as HTML and the page inserts whole), the timeline's
//! SVG export and the CLI's SVG frames all escape through [`escape`], so
//! a scenario's names, descriptions and narrations read the same in each
//! and can never open an element or end an attribute.

/// `text` with the five characters HTML and XML give a meaning written as
/// references: `&` as `&amp;`, `<` as `&lt;`, `>` as `&gt;`, `"` as
/// `&quot;` and `'` as `&#39;` (a numeric reference, which HTML and XML
/// both read; HTML 4 has no `&apos;`). Safe in element content and in
/// attribute values quoted either way. Every other character is kept; the
/// result is at most six times as long as `text`, in bytes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn the_five_meaningful_characters_are_references_and_the_rest_is_kept() {
        assert_eq!(
            escape(r#"<b class="x">Tom & 'Jerry'</b> é"#),
            "&lt;b class=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/b&gt; é"
        );
        assert_eq!(escape("plain text"), "plain text");
        assert_eq!(escape(""), "");
    }

    #[test]
    fn escaping_twice_escapes_the_ampersands_again() {
        assert_eq!(escape(&escape("&")), "&amp;amp;");
    }
}

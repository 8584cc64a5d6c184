//! JSON text for the checker's worker: requests in, answers out, and the
//! page's trace files ([`crate::files`]).
//!
//! In the browser the text is read and written by the browser's own
//! `JSON.parse` and `JSON.stringify`, and serde moves values in and out
//! through `serde-wasm-bindgen`; this keeps a JSON parser and printer out
//! of the wasm. Natively, where the crate's logic is tested, `serde_json`
//! does the same job. The two print the same text: two-space indents,
//! `"key": value`, integers without a fraction (the browser test of
//! exports checks that the page's trace file is byte for byte what core
//! writes).

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use std::fmt;

/// Why a text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The text is not JSON at all.
    Syntax(String),
    /// It is JSON, but not of the expected shape.
    Data(String),
}

impl fmt::Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Syntax(message) | Error::Data(message) => formatter.write_str(message),
        }
    }
}

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    imp::write(value, false)
}

/// `value` as JSON text indented by two spaces, as the CLI writes it.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    imp::write(value, true)
}

/// Reads a `T` from JSON text.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    imp::read(text)
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::Error;
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use wasm_bindgen::JsValue;

    /// Maps become objects and `None` becomes `null`, as in JSON.
    const SERIALIZER: serde_wasm_bindgen::Serializer =
        serde_wasm_bindgen::Serializer::json_compatible();

    pub(super) fn write<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Result<String, String> {
        let value = value
            .serialize(&SERIALIZER)
            .map_err(|error| error.to_string())?;
        let text = if pretty {
            js_sys::JSON::stringify_with_replacer_and_space(
                &value,
                &JsValue::NULL,
                &JsValue::from_f64(2.0),
            )
        } else {
            js_sys::JSON::stringify(&value)
        };
        text.map(String::from).map_err(|error| message(&error))
    }

    pub(super) fn read<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
        let value = js_sys::JSON::parse(text).map_err(|error| Error::Syntax(message(&error)))?;
        serde_wasm_bindgen::from_value(value).map_err(|error| Error::Data(error.to_string()))
    }

    /// The message of a thrown JavaScript error.
    fn message(error: &JsValue) -> String {
        js_sys::Error::from(error.clone())
            .message()
            .as_string()
            .unwrap_or_else(|| "unreadable JSON".to_owned())
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::Error;
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    pub(super) fn write<T: Serialize + ?Sized>(value: &T, pretty: bool) -> Result<String, String> {
        let text = if pretty {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        };
        text.map_err(|error| error.to_string())
    }

    /// Syntax first, as `JSON.parse` does, then the shape.
    pub(super) fn read<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
        serde_json::from_str::<serde::de::IgnoredAny>(text)
            .map_err(|error| Error::Syntax(error.to_string()))?;
        serde_json::from_str(text).map_err(|error| Error::Data(error.to_string()))
    }
}

/// Any JSON value, kept as compact text with its keys in their written
/// order: how the page reads the recorded events of a trace file without a
/// decoder for each kind of event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> de::Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut text = String::new();
        deserializer.deserialize_any(Writer(&mut text, 0))?;
        Ok(Text(text))
    }
}

/// How deeply arrays and objects may nest in a [`Text`], as in
/// `serde_json` (which stops at 128): deeper input is refused rather than
/// recursed into until the wasm's stack runs out.
pub const MAX_DEPTH: usize = 128;

/// Writes the value it visits into a string as compact JSON; the number is
/// how many containers it is inside.
struct Writer<'a>(&'a mut String, usize);

impl Writer<'_> {
    /// The depth of a container's contents, or an error past [`MAX_DEPTH`].
    fn nested<E: de::Error>(&self) -> Result<usize, E> {
        if self.1 >= MAX_DEPTH {
            return Err(E::custom(format!(
                "arrays and objects nested more than {MAX_DEPTH} deep"
            )));
        }
        Ok(self.1 + 1)
    }

    fn string(&mut self, value: &str) {
        self.0.push('"');
        for c in value.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                '\n' => self.0.push_str("\\n"),
                '\r' => self.0.push_str("\\r"),
                '\t' => self.0.push_str("\\t"),
                c if u32::from(c) < 0x20 => {
                    self.0.push_str(&format!("\\u{:04x}", u32::from(c)));
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
    }
}

impl<'de> Visitor<'de> for Writer<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<(), E> {
        self.0.push_str(if value { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<(), E> {
        self.0.push_str(&value.to_string());
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<(), E> {
        self.0.push_str(&value.to_string());
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<(), E> {
        if value.fract() == 0.0 && value.abs() < 9.0e15 {
            self.0.push_str(&(value as i64).to_string());
        } else {
            self.0.push_str(&value.to_string());
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(mut self, value: &str) -> Result<(), E> {
        self.string(value);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let depth = self.nested::<A::Error>()?;
        self.0.push('[');
        let mut first = true;
        loop {
            let mark = self.0.len();
            if !first {
                self.0.push(',');
            }
            if seq.next_element_seed(Element(self.0, depth))?.is_none() {
                self.0.truncate(mark);
                break;
            }
            first = false;
        }
        self.0.push(']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        let depth = self.nested::<A::Error>()?;
        self.0.push('{');
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            if !first {
                self.0.push(',');
            }
            first = false;
            self.string(&key);
            self.0.push(':');
            map.next_value_seed(Element(self.0, depth))?;
        }
        self.0.push('}');
        Ok(())
    }
}

/// One element or value of a container, written by a [`Writer`] at the
/// given depth.
struct Element<'a>(&'a mut String, usize);

impl<'de> de::DeserializeSeed<'de> for Element<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(Writer(self.0, self.1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_any_value_as_compact_json_in_written_order() {
        let Text(text) =
            from_str(r#" { "b": [1, -2, 2.5, true, null], "a": { "x\"y": "t\nu" } } "#).unwrap();
        assert_eq!(text, r#"{"b":[1,-2,2.5,true,null],"a":{"x\"y":"t\nu"}}"#);
        let Text(empty) = from_str("[ ]").unwrap();
        assert_eq!(empty, "[]");
    }

    #[test]
    fn text_matches_what_the_writer_prints() {
        let value = serde_json::json!({"kind": "arrived", "worker": 1, "count": [2, 3]});
        let Text(text) = from_str(&to_string_pretty(&value).unwrap()).unwrap();
        assert_eq!(text, to_string(&value).unwrap());
    }

    #[test]
    fn text_refuses_deep_nesting_instead_of_recursing_for_ever() {
        let within = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(from_str::<Text>(&within).unwrap().0, within);
        // serde_json's reader stops at 128 levels itself; the browser's
        // JSON.parse does not, so read a deeper tree the way the page does,
        // from values already parsed.
        let mut deep = serde_json::json!(1);
        for _ in 0..200 {
            deep = serde_json::json!([deep]);
        }
        let error = <Text as serde::Deserialize>::deserialize(deep).unwrap_err();
        assert!(
            error.to_string().contains("nested more than 128 deep"),
            "{error}"
        );
    }

    #[test]
    fn syntax_and_shape_errors_are_told_apart() {
        assert!(matches!(from_str::<u32>("{"), Err(Error::Syntax(_))));
        assert!(matches!(from_str::<u32>("\"x\""), Err(Error::Data(_))));
        assert_eq!(from_str::<u32>("7"), Ok(7));
    }
}

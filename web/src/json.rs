//! JSON text for the page: its requests to the checker's worker and the
//! worker's answers (`checker_bridge`). Trace files are read and written in
//! the worker (`checker-wasm/src/files.rs`, whose `json` module also reads
//! any value as text and prints indented JSON).
//!
//! In the browser the text is read and written by the browser's own
//! `JSON.parse` and `JSON.stringify`: no JSON parser or printer is compiled
//! into the page's wasm. Requests and answers are made of text, whole
//! numbers, flags and objects of those, so they are written with a
//! [`Writer`] and read as an [`Object`], field by field, not with serde:
//! serde's readers (one visitor per type, with error messages that format
//! floating-point numbers) cost the page's wasm about 18 KB gzip, measured
//! with `cargo xtask dist`, and its writers with `serde-wasm-bindgen`
//! about 3 KB more. The checker's worker reads and writes the same JSON with
//! serde (`checker-wasm/src/lib.rs`), and the native tests of both crates
//! hold the two ends to each other. Natively, where the crate is tested,
//! `serde_json` parses and prints.

/// A value the page writes as JSON: a request to the worker.
pub trait ToJson {
    /// The value as a JSON object.
    fn to_json(&self) -> Writer;
}

/// `value` as compact JSON text. Errors: the browser's `JSON.stringify`
/// refused (it does not for text, numbers and flags).
pub fn to_string(value: &impl ToJson) -> Result<String, String> {
    imp::finish(value.to_json().0)
}

/// A JSON object being written, field by field, in order.
pub struct Writer(imp::Map);

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    /// An empty object, `{}`.
    pub fn new() -> Writer {
        Writer(imp::new_map())
    }

    /// Adds the text field `key`.
    pub fn text(mut self, key: &str, value: &str) -> Writer {
        imp::set(&mut self.0, key, imp::text_value(value));
        self
    }

    /// Adds the text field `key` when `value` is `Some`; leaves it out
    /// otherwise.
    pub fn text_if(self, key: &str, value: Option<&str>) -> Writer {
        match value {
            Some(value) => self.text(key, value),
            None => self,
        }
    }

    /// Adds the whole-number field `key` (exact up to 2^53, as in any JSON
    /// reader that reads numbers as doubles).
    pub fn number(mut self, key: &str, value: u64) -> Writer {
        imp::set(&mut self.0, key, imp::number_value(value));
        self
    }

    /// Adds the true-or-false field `key`.
    pub fn flag(mut self, key: &str, value: bool) -> Writer {
        imp::set(&mut self.0, key, imp::flag_value(value));
        self
    }

    /// Adds the object field `key`.
    pub fn object(mut self, key: &str, value: Writer) -> Writer {
        imp::set(&mut self.0, key, imp::object_value(value.0));
        self
    }
}

/// A JSON object read from text, whose fields are read one at a time by
/// name. Reading a field never fails: a field that is absent or of another
/// type is `None`, and the caller names what it needed.
pub struct Object(imp::Value);

impl Object {
    /// Reads `text`, which must be a JSON object. Errors: the text is not
    /// JSON (the browser's or serde_json's message), or not an object.
    pub fn parse(text: &str) -> Result<Object, String> {
        let value = imp::parse(text)?;
        if imp::is_object(&value) {
            Ok(Object(value))
        } else {
            Err("expected a JSON object".to_owned())
        }
    }

    /// The object's first key and its value, when that value is an object:
    /// how an answer names its kind (`{"done": {…}}`).
    pub fn first(&self) -> Option<(String, Object)> {
        let key = imp::first_key(&self.0)?;
        let value = self.object(&key)?;
        Some((key, value))
    }

    /// The text field `key`.
    pub fn text(&self, key: &str) -> Option<String> {
        imp::text(&imp::get(&self.0, key)?)
    }

    /// The field `key` as a whole number from 0 to 2^53 (the numbers a
    /// JSON number holds exactly).
    pub fn number(&self, key: &str) -> Option<u64> {
        let value = imp::number(&imp::get(&self.0, key)?)?;
        ((0.0..=9_007_199_254_740_992.0).contains(&value) && value.fract() == 0.0)
            .then_some(value as u64)
    }

    /// The true-or-false field `key`.
    pub fn flag(&self, key: &str) -> Option<bool> {
        imp::flag(&imp::get(&self.0, key)?)
    }

    /// The object field `key`; `None` when it is absent, `null` or not an
    /// object.
    pub fn object(&self, key: &str) -> Option<Object> {
        let value = imp::get(&self.0, key)?;
        imp::is_object(&value).then_some(Object(value))
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::{JsCast, JsValue};

    /// A value `JSON.parse` made.
    pub(super) type Value = JsValue;

    /// An object being written.
    pub(super) type Map = js_sys::Object;

    pub(super) fn new_map() -> Map {
        js_sys::Object::new()
    }

    pub(super) fn set(map: &mut Map, key: &str, value: JsValue) {
        // Setting a field of a plain object does not throw.
        let _ = js_sys::Reflect::set(map, &JsValue::from_str(key), &value);
    }

    pub(super) fn text_value(value: &str) -> JsValue {
        JsValue::from_str(value)
    }

    pub(super) fn number_value(value: u64) -> JsValue {
        JsValue::from_f64(value as f64)
    }

    pub(super) fn flag_value(value: bool) -> JsValue {
        JsValue::from_bool(value)
    }

    pub(super) fn object_value(map: Map) -> JsValue {
        map.into()
    }

    pub(super) fn finish(map: Map) -> Result<String, String> {
        js_sys::JSON::stringify(&map)
            .map(String::from)
            .map_err(|error| message(&error))
    }

    pub(super) fn parse(text: &str) -> Result<Value, String> {
        js_sys::JSON::parse(text).map_err(|error| message(&error))
    }

    pub(super) fn is_object(value: &Value) -> bool {
        value.is_object() && !js_sys::Array::is_array(value)
    }

    pub(super) fn first_key(value: &Value) -> Option<String> {
        js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>())
            .get(0)
            .as_string()
    }

    pub(super) fn get(value: &Value, key: &str) -> Option<Value> {
        let field = js_sys::Reflect::get(value, &JsValue::from_str(key)).ok()?;
        (!field.is_undefined() && !field.is_null()).then_some(field)
    }

    pub(super) fn text(value: &Value) -> Option<String> {
        value.as_string()
    }

    pub(super) fn number(value: &Value) -> Option<f64> {
        value.as_f64()
    }

    pub(super) fn flag(value: &Value) -> Option<bool> {
        value.as_bool()
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
    /// A value serde_json read.
    pub(super) type Value = serde_json::Value;

    /// An object being written (serde_json keeps its fields in order only
    /// with its `preserve_order` feature; the tests compare values, not
    /// text).
    pub(super) type Map = serde_json::Map<String, Value>;

    pub(super) fn new_map() -> Map {
        Map::new()
    }

    pub(super) fn set(map: &mut Map, key: &str, value: Value) {
        map.insert(key.to_owned(), value);
    }

    pub(super) fn text_value(value: &str) -> Value {
        Value::from(value)
    }

    pub(super) fn number_value(value: u64) -> Value {
        Value::from(value)
    }

    pub(super) fn flag_value(value: bool) -> Value {
        Value::from(value)
    }

    pub(super) fn object_value(map: Map) -> Value {
        Value::Object(map)
    }

    pub(super) fn finish(map: Map) -> Result<String, String> {
        serde_json::to_string(&Value::Object(map)).map_err(|error| error.to_string())
    }

    pub(super) fn parse(text: &str) -> Result<Value, String> {
        serde_json::from_str(text).map_err(|error| error.to_string())
    }

    pub(super) fn is_object(value: &Value) -> bool {
        value.is_object()
    }

    pub(super) fn first_key(value: &Value) -> Option<String> {
        value.as_object()?.keys().next().cloned()
    }

    pub(super) fn get(value: &Value, key: &str) -> Option<Value> {
        value.get(key).filter(|field| !field.is_null()).cloned()
    }

    pub(super) fn text(value: &Value) -> Option<String> {
        value.as_str().map(str::to_owned)
    }

    pub(super) fn number(value: &Value) -> Option<f64> {
        value.as_f64()
    }

    pub(super) fn flag(value: &Value) -> Option<bool> {
        value.as_bool()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_are_written_and_read_field_by_field() {
        struct Request;
        impl ToJson for Request {
            fn to_json(&self) -> Writer {
                Writer::new().object(
                    "check",
                    Writer::new()
                        .text("scenario", "a \"b\"\n")
                        .text_if("built", None)
                        .text_if("code", Some("c"))
                        .number("workers", 3)
                        .flag("fix", false)
                        .object("empty", Writer::new()),
                )
            }
        }
        let text = to_string(&Request).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"check": {"scenario": "a \"b\"\n", "code": "c",
                "workers": 3, "fix": false, "empty": {}}})
        );
        let object = Object::parse(
            r#"{"done": {"html": "<p>", "states": 12, "half": 1.5, "big": -1,
                "edited": true, "none": null, "inner": {"a": "b"}, "list": []}}"#,
        )
        .unwrap();
        let (kind, done) = object.first().unwrap();
        assert_eq!(kind, "done");
        assert_eq!(done.text("html").as_deref(), Some("<p>"));
        assert_eq!(done.text("states"), None);
        assert_eq!(done.number("states"), Some(12));
        assert_eq!(done.number("half"), None);
        assert_eq!(done.number("big"), None);
        assert_eq!(done.number("html"), None);
        assert_eq!(done.flag("edited"), Some(true));
        assert_eq!(done.text("none"), None);
        assert!(done.object("none").is_none());
        assert!(done.object("list").is_none());
        assert_eq!(
            done.object("inner").unwrap().text("a").as_deref(),
            Some("b")
        );
        assert!(done.first().is_none());
        assert!(Object::parse("{").is_err());
        assert!(Object::parse("[1]").is_err());
        assert!(Object::parse("\"x\"").is_err());
        assert!(Object::parse("{}").unwrap().first().is_none());
    }
}

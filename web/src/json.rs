//! JSON text for the page: its requests to the checker's worker and the
//! worker's answers (`checker_bridge`). Trace files are read and written in
//! the worker (`checker-wasm/src/files.rs`, whose `json` module also reads
//! any value as text and prints indented JSON).
//!
//! In the browser the text is read and written by the browser's own
//! `JSON.parse` and `JSON.stringify`, and serde moves values in and out
//! through `serde-wasm-bindgen`: no JSON parser or printer is compiled into
//! the page's wasm. Natively, where the crate is tested, `serde_json` does
//! the same job.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// `value` as compact JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    imp::write(value)
}

/// Reads a `T` from JSON text; the error says why it could not.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    imp::read(text)
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use wasm_bindgen::JsValue;

    /// Maps become objects and `None` becomes `null`, as in JSON.
    const SERIALIZER: serde_wasm_bindgen::Serializer =
        serde_wasm_bindgen::Serializer::json_compatible();

    pub(super) fn write<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
        let value = value
            .serialize(&SERIALIZER)
            .map_err(|error| error.to_string())?;
        js_sys::JSON::stringify(&value)
            .map(String::from)
            .map_err(|error| message(&error))
    }

    pub(super) fn read<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        let value = js_sys::JSON::parse(text).map_err(|error| message(&error))?;
        serde_wasm_bindgen::from_value(value).map_err(|error| error.to_string())
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
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    pub(super) fn write<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
        serde_json::to_string(value).map_err(|error| error.to_string())
    }

    pub(super) fn read<T: DeserializeOwned>(text: &str) -> Result<T, String> {
        serde_json::from_str(text).map_err(|error| error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_bad_text_is_refused() {
        let text = to_string(&(1u32, "two", [3u8])).unwrap();
        assert_eq!(text, r#"[1,"two",[3]]"#);
        assert_eq!(from_str::<(u32, String, Vec<u8>)>(&text).unwrap().1, "two");
        assert!(from_str::<u32>("{").is_err());
        assert!(from_str::<u32>("\"x\"").is_err());
    }
}

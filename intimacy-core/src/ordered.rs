//! [`OrderedMap`]: a map that keeps insertion order and serialises as a JSON
//! object in that order (scale ids in the instrument's order).
//!
//! It wraps [`indexmap::IndexMap`] (hashed lookups, so building a map of a
//! hundred thousand answers stays linear) and refuses a repeated key when
//! read from JSON: a second answer to the same item would otherwise
//! silently replace the first.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use indexmap::IndexMap;
use serde::de::{Error as _, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An insertion-ordered map from string keys to values.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V>(IndexMap<String, V>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(IndexMap::new())
    }
}

impl<V> OrderedMap<V> {
    /// The entry at position `i`, in insertion order.
    pub fn get_index(&self, i: usize) -> Option<(&str, &V)> {
        self.0.get_index(i).map(|(k, v)| (k.as_str(), v))
    }

    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add an entry at the end; a key already present keeps its place and
    /// takes the new value.
    pub fn push(&mut self, key: impl Into<String>, value: V) {
        self.0.insert(key.into(), value);
    }

    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.get(key)
    }

    /// The entries in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.values()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V> std::ops::Index<&str> for OrderedMap<V> {
    type Output = V;
    fn index(&self, key: &str) -> &V {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no entry {key:?}"),
        }
    }
}

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V_<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for V_<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut out = IndexMap::with_capacity(a.size_hint().unwrap_or(0).min(4096));
                while let Some((k, v)) = a.next_entry::<String, V>()? {
                    if out.contains_key(&k) {
                        return Err(A::Error::custom(format_args!("duplicate key {k:?}")));
                    }
                    out.insert(k, v);
                }
                Ok(OrderedMap(out))
            }
        }
        d.deserialize_map(V_(PhantomData))
    }
}

impl<V: schemars::JsonSchema> schemars::JsonSchema for OrderedMap<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": g.subschema_for::<V>(),
        })
    }
}

//! JavaScript's names for the core's values: struct fields in camelCase,
//! decided here once for the runtime (the [`CamelCase`] serializer adapter the
//! wasm binding uses) and for the generated TypeScript declarations (which
//! name each field with [`camel_case`]), so the two cannot drift apart.
//!
//! Map keys (item ids, scale ids: user data) are kept as they are, which is
//! why the renaming happens in a serializer adapter and not on the finished
//! value, where a field and a map key look the same.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;

use serde::ser::{
    Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant, SerializeTuple,
    SerializeTupleStruct, SerializeTupleVariant, Serializer,
};

/// A snake_case field name in camelCase (`author_label` → `authorLabel`).
///
/// ```
/// assert_eq!(intimacy_core::naming::camel_case("min_answered"), "minAnswered");
/// assert_eq!(intimacy_core::naming::camel_case("key"), "key");
/// ```
pub fn camel_case(key: &str) -> Cow<'_, str> {
    if !key.contains('_') {
        return Cow::Borrowed(key);
    }
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`camel_case`] of a field name, interned: serde wants `&'static str`.
fn camel(key: &'static str) -> &'static str {
    if !key.contains('_') {
        return key;
    }
    static NAMES: Mutex<Option<HashMap<&'static str, &'static str>>> = Mutex::new(None);
    let mut guard = match NAMES.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    };
    let names = guard.get_or_insert_with(HashMap::new);
    names.entry(key).or_insert_with(|| {
        // Field names are a finite set fixed at compile time: each is leaked once.
        Box::leak(camel_case(key).into_owned().into_boxed_str())
    })
}

/// Serialises the value it holds with struct fields in camelCase (map keys kept).
#[derive(Debug)]
pub struct CamelCase<'a, T: ?Sized>(pub &'a T);

impl<T: Serialize + ?Sized> Serialize for CamelCase<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(CamelSer(s))
    }
}

struct CamelSer<S>(S);
struct Wrap<T>(T);

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method(self $(, $arg: $ty)*) -> Result<Self::Ok, Self::Error> {
            self.0.$method($($arg),*)
        })*
    };
}

impl<S: Serializer> Serializer for CamelSer<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Wrap<S::SerializeSeq>;
    type SerializeTuple = Wrap<S::SerializeTuple>;
    type SerializeTupleStruct = Wrap<S::SerializeTupleStruct>;
    type SerializeTupleVariant = Wrap<S::SerializeTupleVariant>;
    type SerializeMap = Wrap<S::SerializeMap>;
    type SerializeStruct = Wrap<S::SerializeStruct>;
    type SerializeStructVariant = Wrap<S::SerializeStructVariant>;

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> Result<Self::Ok, Self::Error> {
        self.0.serialize_some(&CamelCase(v))
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        v: &T,
    ) -> Result<Self::Ok, Self::Error> {
        self.0.serialize_newtype_struct(name, &CamelCase(v))
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Self::Ok, Self::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, &CamelCase(v))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        self.0.serialize_seq(len).map(Wrap)
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, Self::Error> {
        self.0.serialize_tuple(len).map(Wrap)
    }
    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        self.0.serialize_tuple_struct(name, len).map(Wrap)
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        self.0
            .serialize_tuple_variant(name, index, variant, len)
            .map(Wrap)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        self.0.serialize_map(len).map(Wrap)
    }
    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        self.0.serialize_struct(name, len).map(Wrap)
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        self.0
            .serialize_struct_variant(name, index, variant, len)
            .map(Wrap)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

impl<T: SerializeSeq> SerializeSeq for Wrap<T> {
    type Ok = T::Ok;
    type Error = T::Error;
    fn serialize_element<V: ?Sized + Serialize>(&mut self, v: &V) -> Result<(), T::Error> {
        self.0.serialize_element(&CamelCase(v))
    }
    fn end(self) -> Result<T::Ok, T::Error> {
        self.0.end()
    }
}

impl<T: SerializeTuple> SerializeTuple for Wrap<T> {
    type Ok = T::Ok;
    type Error = T::Error;
    fn serialize_element<V: ?Sized + Serialize>(&mut self, v: &V) -> Result<(), T::Error> {
        self.0.serialize_element(&CamelCase(v))
    }
    fn end(self) -> Result<T::Ok, T::Error> {
        self.0.end()
    }
}

impl<T: SerializeTupleStruct> SerializeTupleStruct for Wrap<T> {
    type Ok = T::Ok;
    type Error = T::Error;
    fn serialize_field<V: ?Sized + Serialize>(&mut self, v: &V) -> Result<(), T::Error> {
        self.0.serialize_field(&CamelCase(v))
    }
    fn end(self) -> Result<T::Ok, T::Error> {
        self.0.end()
    }
}

impl<T: SerializeTupleVariant> SerializeTupleVariant for Wrap<T> {
    type Ok = T::Ok;
    type Error = T::Error;
    fn serialize_field<V: ?Sized + Serialize>(&mut self, v: &V) -> Result<(), T::Error> {
        self.0.serialize_field(&CamelCase(v))
    }
    fn end(self) -> Result<T::Ok, T::Error> {
        self.0.end()
    }
}

impl<T: SerializeMap> SerializeMap for Wrap<T> {
    type Ok = T::Ok;
    type Error = T::Error;
    fn serialize_key<K: ?Sized + Serialize>(&mut self, k: &K) -> Result<(), T::Error> {
        // Map keys are data (item and scale ids): never renamed.
        self.0.serialize_key(k)
    }
    fn serialize_value<V: ?Sized + Serialize>(&mut self, v: &V) -> Result<(), T::Error> {
        self.0.serialize_value(&CamelCase(v))
    }
    fn end(self) -> Result<T::Ok, T::Error> {
        self.0.end()
    }
}

impl<T: SerializeStruct> SerializeStruct for Wrap<T> {
    type Ok = T::Ok;
    type Error = T::Error;
    fn serialize_field<V: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &V,
    ) -> Result<(), T::Error> {
        self.0.serialize_field(camel(key), &CamelCase(v))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), T::Error> {
        self.0.skip_field(camel(key))
    }
    fn end(self) -> Result<T::Ok, T::Error> {
        self.0.end()
    }
}

impl<T: SerializeStructVariant> SerializeStructVariant for Wrap<T> {
    type Ok = T::Ok;
    type Error = T::Error;
    fn serialize_field<V: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        v: &V,
    ) -> Result<(), T::Error> {
        self.0.serialize_field(camel(key), &CamelCase(v))
    }
    fn skip_field(&mut self, key: &'static str) -> Result<(), T::Error> {
        self.0.skip_field(camel(key))
    }
    fn end(self) -> Result<T::Ok, T::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use super::camel;

    #[test]
    fn snake_case_fields_become_camel_case() {
        assert_eq!(camel("author_label"), "authorLabel");
        assert_eq!(camel("default_response_scale"), "defaultResponseScale");
        assert_eq!(camel("key"), "key");
        // Interned: the same pointer every time.
        assert!(std::ptr::eq(camel("min_answered"), camel("min_answered")));
    }
}

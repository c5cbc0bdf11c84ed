//! Frames through the Arrow PyCapsule interface (`__arrow_c_stream__`:
//! polars, pyarrow, DuckDB and others), read with a small reader of the
//! Arrow C data interface's three structs: the stream is moved out of its
//! capsule, its record batches are read in order, the item columns (float64,
//! float32, 8- to 64-bit integers, with null bitmaps and offsets, and the
//! null type; null is unanswered) are borrowed where they lie or converted
//! to float64, and every struct is released through its own callback when
//! done.
//!
//! Conversion only: which column is which item, and what is an error, is
//! the core's (`match_columns`).
#![allow(
    unsafe_code,
    reason = "the Arrow C data interface is raw C structs from another library; every unsafe block says why it is sound"
)]

use std::ffi::{CStr, c_char, c_int, c_void};
use std::ptr::NonNull;

use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyCapsuleMethods};

use crate::errors::argument;

/// `struct ArrowSchema` of the C data interface.
#[repr(C)]
#[derive(Debug)]
struct ArrowSchema {
    format: *const c_char,
    name: *const c_char,
    metadata: *const c_char,
    flags: i64,
    n_children: i64,
    children: *mut *mut ArrowSchema,
    dictionary: *mut ArrowSchema,
    release: Option<unsafe extern "C" fn(*mut ArrowSchema)>,
    private_data: *mut c_void,
}

/// `struct ArrowArray` of the C data interface.
#[repr(C)]
#[derive(Debug)]
struct ArrowArray {
    length: i64,
    null_count: i64,
    offset: i64,
    n_buffers: i64,
    n_children: i64,
    buffers: *mut *const c_void,
    children: *mut *mut ArrowArray,
    dictionary: *mut ArrowArray,
    release: Option<unsafe extern "C" fn(*mut ArrowArray)>,
    private_data: *mut c_void,
}

/// `struct ArrowArrayStream` of the C stream interface.
#[repr(C)]
#[derive(Debug)]
struct ArrowArrayStream {
    get_schema: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowSchema) -> c_int>,
    get_next: Option<unsafe extern "C" fn(*mut ArrowArrayStream, *mut ArrowArray) -> c_int>,
    get_last_error: Option<unsafe extern "C" fn(*mut ArrowArrayStream) -> *const c_char>,
    release: Option<unsafe extern "C" fn(*mut ArrowArrayStream)>,
    private_data: *mut c_void,
}

impl ArrowSchema {
    fn empty() -> Self {
        ArrowSchema {
            format: std::ptr::null(),
            name: std::ptr::null(),
            metadata: std::ptr::null(),
            flags: 0,
            n_children: 0,
            children: std::ptr::null_mut(),
            dictionary: std::ptr::null_mut(),
            release: None,
            private_data: std::ptr::null_mut(),
        }
    }
}

impl ArrowArray {
    fn empty() -> Self {
        ArrowArray {
            length: 0,
            null_count: 0,
            offset: 0,
            n_buffers: 0,
            n_children: 0,
            buffers: std::ptr::null_mut(),
            children: std::ptr::null_mut(),
            dictionary: std::ptr::null_mut(),
            release: None,
            private_data: std::ptr::null_mut(),
        }
    }
}

/// A struct moved out of its producer: released (its callback called once)
/// when dropped, as the interface asks of whoever owns it. Boxed, so its
/// address does not move while the producer's data may point at it.
#[derive(Debug)]
struct Owned<T: Release>(Box<T>);

trait Release {
    fn release(&mut self);
}

impl Release for ArrowSchema {
    fn release(&mut self) {
        if let Some(release) = self.release {
            // SAFETY: the producer's own callback on the struct it filled,
            // called once (the interface sets `release` to null in it).
            unsafe { release(self) };
            self.release = None;
        }
    }
}

impl Release for ArrowArray {
    fn release(&mut self) {
        if let Some(release) = self.release {
            // SAFETY: as for the schema.
            unsafe { release(self) };
            self.release = None;
        }
    }
}

impl Release for ArrowArrayStream {
    fn release(&mut self) {
        if let Some(release) = self.release {
            // SAFETY: as for the schema.
            unsafe { release(self) };
            self.release = None;
        }
    }
}

impl<T: Release> Drop for Owned<T> {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// A count or position of the interface (an `int64_t`) as a `usize`;
/// negative is a broken producer.
fn count(n: i64, what: &str) -> PyResult<usize> {
    usize::try_from(n).map_err(|_| argument(format!("the Arrow data has a negative {what} ({n})")))
}

/// A C string of the interface (null: empty).
fn text(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: the interface's strings are null-terminated, and live as
    // long as the struct holding them, which the caller holds.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// The `k`-th of the `n` children at `children` of a struct that `_parent`
/// borrows (so the child is used no longer than its parent is held).
fn child<T, P>(_parent: &P, children: *mut *mut T, n: i64, k: usize) -> PyResult<&T> {
    if k >= count(n, "number of children")? || children.is_null() {
        return Err(argument(
            "the Arrow data has fewer children than it declares",
        ));
    }
    // SAFETY: `children` points at `n` pointers (the interface's layout)
    // and `k < n`; each points at a struct owned by its parent, which is
    // borrowed as long as the child.
    let p = unsafe { *children.add(k) };
    // SAFETY: a non-null child is a valid struct (the interface's layout).
    unsafe { p.as_ref() }.ok_or_else(|| argument("the Arrow data has a null child"))
}

/// The stream of `frame.__arrow_c_stream__()`, moved out of its capsule.
fn stream_of(frame: &Bound<'_, PyAny>) -> PyResult<Owned<ArrowArrayStream>> {
    let capsule = frame.call_method0("__arrow_c_stream__")?;
    let capsule = capsule
        .cast::<PyCapsule>()
        .map_err(|_| argument("__arrow_c_stream__() did not return a PyCapsule"))?;
    let name: &CStr = c"arrow_array_stream";
    let p: NonNull<c_void> = capsule.pointer_checked(Some(name))?;
    let p = p.cast::<ArrowArrayStream>().as_ptr();
    // SAFETY: a capsule named "arrow_array_stream" holds an
    // `ArrowArrayStream` (the PyCapsule interface). It is moved out: the
    // struct is copied and the capsule's marked released (null `release`),
    // so the capsule's destructor leaves it to us, and we release it once.
    let stream = unsafe {
        let moved = std::ptr::read(p);
        (*p).release = None;
        moved
    };
    if stream.release.is_none() {
        return Err(argument("the Arrow stream was already consumed"));
    }
    Ok(Owned(Box::new(stream)))
}

/// The last error of a stream's failed call, as a message.
fn stream_error(stream: &mut ArrowArrayStream, code: c_int, what: &str) -> PyErr {
    let detail = match stream.get_last_error {
        // SAFETY: the producer's callback on its own live stream; it
        // returns null or a string valid until the next call on it.
        Some(f) => text(unsafe { f(stream) }),
        None => String::new(),
    };
    argument(format!(
        "reading the Arrow stream failed ({what}, error {code}): {detail}"
    ))
}

/// The schema and every record batch of a stream, in order.
fn read_stream(
    mut stream: Owned<ArrowArrayStream>,
) -> PyResult<(Owned<ArrowSchema>, Vec<Owned<ArrowArray>>)> {
    let s = &mut *stream.0;
    let (Some(get_schema), Some(get_next)) = (s.get_schema, s.get_next) else {
        return Err(argument("the Arrow stream has no get_schema or get_next"));
    };
    let mut schema = Owned(Box::new(ArrowSchema::empty()));
    // SAFETY: the producer's callback, on its live stream, filling a
    // struct we own (released by `Owned` when dropped).
    let code = unsafe { get_schema(s, &raw mut *schema.0) };
    if code != 0 {
        return Err(stream_error(s, code, "get_schema"));
    }
    let mut batches = Vec::new();
    loop {
        let mut batch = Owned(Box::new(ArrowArray::empty()));
        // SAFETY: as for get_schema.
        let code = unsafe { get_next(s, &raw mut *batch.0) };
        if code != 0 {
            return Err(stream_error(s, code, "get_next"));
        }
        // The end of the stream is a released (empty) array.
        if batch.0.release.is_none() {
            break;
        }
        batches.push(batch);
    }
    Ok((schema, batches))
}

/// The cells of one column of one batch, borrowed from Arrow memory.
#[derive(Debug, Clone, Copy)]
enum Values<'a> {
    /// Arrow's null type: every cell null.
    Null,
    F64(&'a [f64]),
    F32(&'a [f32]),
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
}

/// One column of one batch: cells `start..start + len` of `values`, valid
/// where bit `start + k` of `validity` is set (no bitmap: all valid).
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    values: Values<'a>,
    validity: Option<&'a [u8]>,
    start: usize,
    len: usize,
}

/// The Arrow formats read, by their format string, and their names.
const FORMATS: [(&str, &str); 10] = [
    ("g", "float64"),
    ("f", "float32"),
    ("c", "int8"),
    ("s", "int16"),
    ("i", "int32"),
    ("l", "int64"),
    ("C", "uint8"),
    ("S", "uint16"),
    ("I", "uint32"),
    ("L", "uint64"),
];

/// `n` cells of type `T` at buffer `p` (a buffer of the interface).
fn cells<'a, T>(p: *const c_void, n: usize) -> PyResult<&'a [T]> {
    if n == 0 {
        return Ok(&[]);
    }
    if p.is_null() || !p.cast::<T>().is_aligned() {
        return Err(argument(
            "an Arrow buffer is null or not aligned to its type",
        ));
    }
    // SAFETY: a buffer of the interface holds at least offset + length
    // cells of its type (`n` is that), is aligned (checked), and lives as
    // long as the array holding it, which the caller holds for 'a.
    Ok(unsafe { std::slice::from_raw_parts(p.cast::<T>(), n) })
}

/// Column `k` (named `name`, of Arrow format `format`) of `batch`, rows
/// `offset..offset + rows` (a batch's own offset applies to its columns).
fn chunk<'a>(
    column: &'a ArrowArray,
    name: &str,
    format: &str,
    offset: usize,
    rows: usize,
) -> PyResult<Chunk<'a>> {
    let start = count(column.offset, "offset")?
        .checked_add(offset)
        .ok_or_else(|| argument("an Arrow offset overflows"))?;
    let end = start
        .checked_add(rows)
        .ok_or_else(|| argument("an Arrow offset overflows"))?;
    if count(column.length, "length")? < offset.saturating_add(rows) {
        return Err(argument(format!(
            "Arrow column {name:?} is shorter than its record batch"
        )));
    }
    if format == "n" {
        // The null type (a column with no values at all): no buffers.
        return Ok(Chunk {
            values: Values::Null,
            validity: None,
            start,
            len: rows,
        });
    }
    if column.n_buffers != 2 || column.buffers.is_null() {
        return Err(argument(format!(
            "Arrow column {name:?} of format {format:?} does not have the two buffers of a primitive array"
        )));
    }
    // SAFETY: `buffers` points at `n_buffers` (2) pointers.
    let (validity, data) = unsafe { (*column.buffers, *column.buffers.add(1)) };
    let validity = if column.null_count == 0 || validity.is_null() {
        None
    } else {
        Some(cells::<u8>(validity, end.div_ceil(8))?)
    };
    let values = match format {
        "g" => Values::F64(cells(data, end)?),
        "f" => Values::F32(cells(data, end)?),
        "c" => Values::I8(cells(data, end)?),
        "s" => Values::I16(cells(data, end)?),
        "i" => Values::I32(cells(data, end)?),
        "l" => Values::I64(cells(data, end)?),
        "C" => Values::U8(cells(data, end)?),
        "S" => Values::U16(cells(data, end)?),
        "I" => Values::U32(cells(data, end)?),
        "L" => Values::U64(cells(data, end)?),
        _ => return Err(unsupported(name, format)),
    };
    Ok(Chunk {
        values,
        validity,
        start,
        len: rows,
    })
}

/// The error for an item column of a type that does not hold answers.
fn unsupported(name: &str, format: &str) -> PyErr {
    let known = FORMATS
        .iter()
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join(", ");
    argument(format!(
        "column {name:?} holds Arrow type {format:?}; answers must be numbers ({known})"
    ))
}

/// An integer cell as a float, rounding to nearest as numpy's
/// `astype(float64)` does (only integers beyond 2^53 round).
#[allow(
    clippy::cast_precision_loss,
    reason = "integer answers to floats, rounding to nearest like numpy's astype"
)]
#[inline]
fn int_f64(v: i64) -> f64 {
    v as f64
}

#[allow(
    clippy::cast_precision_loss,
    reason = "integer answers to floats, rounding to nearest like numpy's astype"
)]
#[inline]
fn uint_f64(v: u64) -> f64 {
    v as f64
}

impl<'a> Chunk<'a> {
    /// The chunk's cells as floats into `out`, as long as the chunk (null:
    /// NaN): the values converted in one pass, then the null cells set to
    /// NaN (whole bytes of the bitmap that are all valid are skipped).
    fn write_to(&self, out: &mut [f64]) {
        let range = self.start..self.start + self.len;
        macro_rules! convert {
            ($d:expr, $conv:expr) => {
                for (o, &v) in out.iter_mut().zip(&$d[range]) {
                    *o = $conv(v);
                }
            };
        }
        match self.values {
            Values::Null => out.fill(f64::NAN),
            Values::F64(d) => out.copy_from_slice(&d[range]),
            Values::F32(d) => convert!(d, f64::from),
            Values::I8(d) => convert!(d, f64::from),
            Values::I16(d) => convert!(d, f64::from),
            Values::I32(d) => convert!(d, f64::from),
            Values::I64(d) => convert!(d, int_f64),
            Values::U8(d) => convert!(d, f64::from),
            Values::U16(d) => convert!(d, f64::from),
            Values::U32(d) => convert!(d, f64::from),
            Values::U64(d) => convert!(d, uint_f64),
        }
        let Some(bits) = self.validity else {
            return;
        };
        let mut k = 0;
        while k < self.len.min(out.len()) {
            let at = self.start + k;
            if at & 7 == 0 && k + 8 <= self.len && bits[at / 8] == u8::MAX {
                k += 8;
                continue;
            }
            if bits[at / 8] >> (at % 8) & 1 == 0 {
                out[k] = f64::NAN;
            }
            k += 1;
        }
    }

    /// The cells as they lie, when they are float64 without nulls.
    fn borrowed(&self) -> Option<&'a [f64]> {
        match (self.values, self.validity) {
            (Values::F64(d), None) => d.get(self.start..self.start + self.len),
            _ => None,
        }
    }
}

/// A frame read from its Arrow stream: the column names, and the batches
/// (held, so the chunks borrowed from them stay valid).
#[derive(Debug)]
pub struct ArrowFrame {
    names: Vec<String>,
    formats: Vec<String>,
    /// Released before the schema (dropped first).
    batches: Vec<Owned<ArrowArray>>,
    _schema: Owned<ArrowSchema>,
}

impl ArrowFrame {
    /// Read the whole stream of `frame` (an object with `__arrow_c_stream__`).
    pub fn read(frame: &Bound<'_, PyAny>) -> PyResult<ArrowFrame> {
        let (schema, batches) = read_stream(stream_of(frame)?)?;
        let s = &*schema.0;
        if text(s.format) != "+s" {
            return Err(argument(format!(
                "the Arrow stream holds {:?} arrays, not record batches (a struct, \"+s\")",
                text(s.format)
            )));
        }
        let n = count(s.n_children, "number of columns")?;
        let mut names = Vec::with_capacity(n);
        let mut formats = Vec::with_capacity(n);
        for k in 0..n {
            let c = child(s, s.children, s.n_children, k)?;
            names.push(text(c.name));
            // A dictionary-encoded column carries its index type as format.
            formats.push(if c.dictionary.is_null() {
                text(c.format)
            } else {
                format!("dictionary of {}", text(c.format))
            });
        }
        Ok(ArrowFrame {
            names,
            formats,
            batches,
            _schema: schema,
        })
    }

    /// The column names, in order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Rows across every batch.
    pub fn rows(&self) -> PyResult<usize> {
        self.batches.iter().try_fold(0usize, |n, b| {
            Ok(n.saturating_add(count(b.0.length, "length")?))
        })
    }

    /// The cells of column `k` in each batch, in order.
    fn chunks(&self, k: usize) -> PyResult<Vec<Chunk<'_>>> {
        let (name, format) = (&self.names[k], self.formats[k].as_str());
        if format != "n" && !FORMATS.iter().any(|(f, _)| *f == format) {
            return Err(unsupported(name, format));
        }
        self.batches
            .iter()
            .map(|b| {
                let b = &*b.0;
                // A record batch has no nulls of its own (a struct array's
                // validity is its first buffer).
                let validity = if b.n_buffers >= 1 && !b.buffers.is_null() {
                    // SAFETY: `buffers` points at `n_buffers` (here >= 1) pointers.
                    unsafe { *b.buffers }
                } else {
                    std::ptr::null()
                };
                if b.null_count != 0 && !validity.is_null() {
                    return Err(argument(
                        "the Arrow stream has null rows of a record batch (struct nulls)",
                    ));
                }
                let column = child(b, b.children, b.n_children, k)?;
                chunk(
                    column,
                    name,
                    format,
                    count(b.offset, "offset")?,
                    count(b.length, "length")?,
                )
            })
            .collect()
    }

    /// For each item, the chunks of its column (`plan[i]`; `None`: none).
    pub fn item_chunks(&self, plan: &[Option<usize>]) -> PyResult<Vec<Option<Vec<Chunk<'_>>>>> {
        plan.iter()
            .map(|k| k.map(|k| self.chunks(k)).transpose())
            .collect()
    }
}

/// An item's chunks into its run of the buffer, one after the other (no
/// chunks: no column, all NaN).
fn write_run(chunks: Option<&[Chunk<'_>]>, run: &mut [f64]) {
    let Some(chunks) = chunks else {
        run.fill(f64::NAN);
        return;
    };
    let mut at = 0;
    for c in chunks {
        if let Some(out) = run.get_mut(at..at + c.len) {
            c.write_to(out);
        }
        at += c.len;
    }
}

/// Each item's column as one run of floats: borrowed from Arrow memory,
/// or the `k`-th run of a [`Floats`] buffer.
#[derive(Debug, Clone, Copy)]
enum Column<'a> {
    Borrowed(&'a [f64]),
    Converted(usize),
}

/// The items' columns as floats: borrowed where they lie when a column is
/// one float64 chunk without nulls, else converted (null: NaN) into one
/// buffer the caller gives, a run of `rows` cells per column (runs `rows`
/// cells apart, not all at the same offset within a page, which would
/// have their streams share cache sets). Items without a column share one
/// run of NaN (unanswered).
#[derive(Debug)]
pub struct Floats<'a> {
    columns: Vec<Column<'a>>,
    runs: usize,
    rows: usize,
}

impl<'a> Floats<'a> {
    /// Where each of `items` (each item's chunks, as
    /// [`ArrowFrame::item_chunks`] gives them, `rows` rows) will be.
    pub fn plan(items: &[Option<Vec<Chunk<'a>>>], rows: usize) -> Floats<'a> {
        let mut runs = 0;
        let mut absent = None;
        let columns = items
            .iter()
            .map(|chunks| match chunks.as_deref() {
                Some([one]) if one.borrowed().is_some() => {
                    Column::Borrowed(one.borrowed().unwrap_or_default())
                }
                Some(_) => {
                    runs += 1;
                    Column::Converted(runs - 1)
                }
                None => Column::Converted(*absent.get_or_insert_with(|| {
                    runs += 1;
                    runs - 1
                })),
            })
            .collect();
        Floats {
            columns,
            runs,
            rows,
        }
    }

    /// The cells of the buffer [`Floats::fill`] needs.
    pub fn buffer_cells(&self) -> usize {
        self.runs.saturating_mul(self.rows)
    }

    /// Convert the columns that are not borrowed into `buffer`, columns
    /// shared among a few threads (the core scores with as many).
    pub fn fill(&self, items: &[Option<Vec<Chunk<'a>>>], buffer: &mut [f64]) {
        if self.rows == 0 {
            return;
        }
        let mut runs: Vec<Option<&mut [f64]>> = buffer.chunks_mut(self.rows).map(Some).collect();
        // One job per run: an item's chunks, or None for the NaN run.
        let mut jobs: Vec<(Option<&[Chunk<'a>]>, &mut [f64])> = Vec::new();
        for (chunks, column) in items.iter().zip(&self.columns) {
            if let Column::Converted(k) = *column
                && let Some(run) = runs.get_mut(k).and_then(Option::take)
            {
                jobs.push((chunks.as_deref(), run));
            }
        }
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(jobs.len())
            .max(1);
        let per = jobs.len().div_ceil(threads).max(1);
        std::thread::scope(|s| {
            for part in jobs.chunks_mut(per) {
                s.spawn(move || {
                    for (chunks, run) in part.iter_mut() {
                        write_run(*chunks, run);
                    }
                });
            }
        });
    }

    /// Each item's column, `rows` cells, from `buffer` once filled.
    pub fn columns<'s>(&'s self, buffer: &'s [f64]) -> Vec<&'s [f64]> {
        let rows = self.rows;
        self.columns
            .iter()
            .map(|c| match *c {
                Column::Borrowed(d) => d,
                Column::Converted(k) => buffer.get(k * rows..(k + 1) * rows).unwrap_or_default(),
            })
            .collect()
    }
}

//! The invalid cells of a batch, kept compactly: a block of millions of bad
//! cells records each as a row, a column, a value and a reason number, and
//! writes each item id and each reason's words once.

use std::collections::HashMap;

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::compiled::Compiled;
use crate::instrument::Instrument;

/// One cell treated as missing because it was invalid, borrowed from
/// [`CellProblems`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CellProblem<'a> {
    /// 0-based row.
    pub row: usize,
    /// 0-based column.
    pub column: usize,
    /// The item id.
    pub item: &'a str,
    /// The value (may be infinite).
    pub value: f64,
    /// What was wrong.
    pub message: &'a str,
}

/// A cell as scoring records it: the words come later.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cell {
    pub row: usize,
    pub value: f64,
    /// At most `u32::MAX` ([`super::batch::MAX_COLUMNS`]), so that a cell
    /// takes 24 bytes.
    pub column: u32,
    /// A [`Compiled::refusal`] number, or an index into `messages` once
    /// read from JSON.
    pub reason: u32,
}

/// The invalid cells of a batch in row order, each treated as missing
/// ([`super::BatchScores::problems`]). Read them with [`CellProblems::iter`]
/// or [`CellProblems::get`]; as JSON they are a list of
/// `{row, column, item, value, message}`.
///
/// ```
/// use intimacy_core::{Block, BlockData, Instrument, KeysOptions, Layout, ScoreOptions, score_batch};
/// let inst = Instrument::from_keys([("s", vec!["a", "b"])],
///     &KeysOptions { bounds: Some((1.0, 5.0)), ..Default::default() }).unwrap();
/// let data = [9.0, 1.0, 3.0, 0.0];
/// let block = Block { data: BlockData::F64(&data), rows: 2, cols: 2, layout: Layout::RowMajor };
/// let out = score_batch(&inst, &block, None, &ScoreOptions::default()).unwrap();
/// assert_eq!(out.problems.len(), 2);
/// let p = out.problems.get(1).unwrap();
/// assert_eq!((p.row, p.column, p.item, p.value), (1, 1, "b", 0.0));
/// assert!(p.message.starts_with("outside the response scale"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct CellProblems {
    pub(crate) cells: Vec<Cell>,
    /// By block column: its item id (empty for columns without a problem).
    items: Vec<String>,
    /// By reason number: its words (empty for reasons not met).
    messages: Vec<String>,
}

impl CellProblems {
    /// How many cells were invalid.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether every cell was valid.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The `k`-th invalid cell (in row order).
    pub fn get(&self, k: usize) -> Option<CellProblem<'_>> {
        self.cells.get(k).map(|c| self.view(c))
    }

    /// The first invalid cell.
    pub fn first(&self) -> Option<CellProblem<'_>> {
        self.get(0)
    }

    /// Every invalid cell, in row order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            list: self,
            cells: self.cells.iter(),
        }
    }

    fn view(&self, c: &Cell) -> CellProblem<'_> {
        fn word(v: &[String], k: usize) -> &str {
            v.get(k).map_or("", String::as_str)
        }
        CellProblem {
            row: c.row,
            column: c.column as usize,
            item: word(&self.items, c.column as usize),
            value: c.value,
            message: word(&self.messages, c.reason as usize),
        }
    }

    pub(crate) fn clear(&mut self) {
        self.cells.clear();
        self.items.clear();
        self.messages.clear();
    }

    /// Write the item ids and words the recorded cells need, once each:
    /// block column `j` holds item `map[j]` of `inst`, compiled as `c`.
    pub(crate) fn name(&mut self, inst: &Instrument, c: &Compiled, map: &[usize]) {
        self.items.clear();
        self.messages.clear();
        if self.cells.is_empty() {
            return;
        }
        self.items.resize(map.len(), String::new());
        for cell in &self.cells {
            let reason = cell.reason as usize;
            if reason >= self.messages.len() {
                self.messages.resize(reason + 1, String::new());
            }
            if self.messages[reason].is_empty() {
                self.messages[reason] = Compiled::reason_words(inst, cell.reason);
            }
            let column = cell.column as usize;
            let (Some(id), Some(&i)) = (self.items.get_mut(column), map.get(column)) else {
                continue;
            };
            if id.is_empty() {
                id.clone_from(&c.items[i].id);
            }
        }
    }
}

impl<'a> IntoIterator for &'a CellProblems {
    type Item = CellProblem<'a>;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The invalid cells of a [`CellProblems`], in row order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    list: &'a CellProblems,
    cells: std::slice::Iter<'a, Cell>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = CellProblem<'a>;

    fn next(&mut self) -> Option<CellProblem<'a>> {
        self.cells.next().map(|c| self.list.view(c))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.cells.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl PartialEq for CellProblems {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Serialize for CellProblems {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A [`CellProblem`] as read from JSON.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Owned {
    row: usize,
    column: usize,
    item: String,
    value: f64,
    message: String,
}

impl<'de> Deserialize<'de> for CellProblems {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<Owned>::deserialize(d)?;
        let mut out = CellProblems::default();
        let mut words: HashMap<String, u32> = HashMap::new();
        for p in list {
            if p.column >= out.items.len() {
                out.items.resize(p.column + 1, String::new());
            }
            let id = &mut out.items[p.column];
            if id.is_empty() {
                id.clone_from(&p.item);
            } else if *id != p.item {
                return Err(D::Error::custom(format!(
                    "column {} holds items {id:?} and {:?}",
                    p.column, p.item
                )));
            }
            let reason = match words.get(&p.message) {
                Some(&r) => r,
                None => {
                    let r = u32::try_from(out.messages.len()).map_err(D::Error::custom)?;
                    out.messages.push(p.message.clone());
                    words.insert(p.message, r);
                    r
                }
            };
            out.cells.push(Cell {
                row: p.row,
                column: u32::try_from(p.column).map_err(D::Error::custom)?,
                value: p.value,
                reason,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::{Block, BlockData, Instrument, KeysOptions, Layout, ScoreOptions, score_batch};

    fn batch(data: &[f64]) -> crate::BatchScores {
        let inst = Instrument::from_keys(
            [("s", vec!["a", "-b", "c"])],
            &KeysOptions {
                bounds: Some((1.0, 5.0)),
                ..Default::default()
            },
        )
        .unwrap();
        let block = Block {
            data: BlockData::F64(data),
            rows: data.len() / 3,
            cols: 3,
            layout: Layout::RowMajor,
        };
        score_batch(&inst, &block, None, &ScoreOptions::default()).unwrap()
    }

    /// As JSON the cells are a list of records, and read back they are equal.
    #[test]
    fn json_round_trip() {
        let out = batch(&[9.0, 1.0, f64::INFINITY, 3.0, 0.0, 6.0, 1.0, 2.0, 3.0]);
        let json = serde_json::to_value(&out.problems).unwrap();
        let list = json.as_array().unwrap();
        assert_eq!(list.len(), 4);
        assert_eq!(
            list[1],
            serde_json::json!({"row": 0, "column": 2, "item": "c", "value": null,
                               "message": "not a finite number"})
        );
        assert_eq!(list[2]["item"], "b");
        assert_eq!(list[3]["message"], list[0]["message"]);
        let out = batch(&[9.0, 1.0, -2.0, 3.0, 0.0, 6.0, 1.0, 2.0, 3.0]);
        let text = serde_json::to_string(&out.problems).unwrap();
        let back: super::CellProblems = serde_json::from_str(&text).unwrap();
        assert_eq!(back, out.problems);
        assert_eq!(back.len(), 4);
        assert_eq!(serde_json::to_string(&back).unwrap(), text);
        // A column cannot hold two items.
        let bad = r#"[{"row":0,"column":0,"item":"a","value":9,"message":"m"},
                      {"row":1,"column":0,"item":"b","value":9,"message":"m"}]"#;
        let err = serde_json::from_str::<super::CellProblems>(bad).unwrap_err();
        assert!(err.to_string().contains("holds items"), "{err}");
    }

    /// A result scored into again keeps no cell or word of the earlier block.
    #[test]
    fn reuse_forgets_the_earlier_block() {
        let inst = Instrument::from_keys(
            [("s", vec!["a", "b"])],
            &KeysOptions {
                bounds: Some((1.0, 5.0)),
                ..Default::default()
            },
        )
        .unwrap();
        let scorer = crate::Scorer::new(&inst, &ScoreOptions::default()).unwrap();
        let block = |d: &'static [f64]| Block {
            data: BlockData::F64(d),
            rows: d.len() / 2,
            cols: 2,
            layout: Layout::RowMajor,
        };
        let mut out = scorer
            .score_batch(&block(&[9.0, 0.0, 1.0, 7.0]), None)
            .unwrap();
        assert_eq!(out.problems.len(), 3);
        scorer
            .score_batch_into(&block(&[1.0, 2.0, 3.0, 4.0, 5.0, -1.0]), None, &mut out)
            .unwrap();
        assert_eq!(out.problems.len(), 1);
        let p = out.problems.first().unwrap();
        assert_eq!((p.row, p.column, p.item, p.value), (2, 1, "b", -1.0));
        assert_eq!(out.problems.get(1), None);
        let fresh = scorer
            .score_batch(&block(&[1.0, 2.0, 3.0, 4.0, 5.0, -1.0]), None)
            .unwrap();
        assert_eq!(out.problems, fresh.problems);
    }
}

//! SVG charts of a report: the staircase of a placement and the radar of
//! area scores (the kinds of intimacy, the characteristics).
//!
//! The charts are built as plain strings, with no dependency. The output is
//! deterministic (equal input gives byte-identical output): every number is
//! written by one formatter, every text is XML-escaped, and no input panics
//! (NaN and out-of-range values are clamped for drawing, and shown as given
//! in the text). Each chart carries a `<title>` and a `<desc>` that is a full
//! text alternative of what is drawn.

use serde::{Deserialize, Serialize};

mod models;

pub use models::{attachment_svg, knapp_svg, triangle_svg};

use crate::dyad::CoupleReport;
use crate::numeric::{count_f64, saturating_usize};
use crate::report::{AreaScore, ModelReading, Placement, Report, ScoreStatus, StageAttainment};

/// Which chart to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Chart {
    /// The levels of a framework as a staircase.
    Staircase,
    /// The kinds of intimacy as a radar.
    Radar,
    /// Sternberg's triangle (`models.sternberg`), partners overlaid in a
    /// couple report.
    Triangle,
    /// The attachment plane (`models.attachment`), a point per partner.
    Attachment,
    /// Knapp's staircase with both phases (`models.knapp`, derived).
    Knapp,
}

impl Chart {
    /// Every chart's key, in order.
    pub const KEYS: &'static [&'static str] =
        &["staircase", "radar", "triangle", "attachment", "knapp"];

    /// Parse a chart's key (`"staircase"`, `"radar"`, `"triangle"`,
    /// `"attachment"`, `"knapp"`).
    pub fn from_key(s: &str) -> Option<Chart> {
        match s {
            "staircase" => Some(Chart::Staircase),
            "radar" => Some(Chart::Radar),
            "triangle" => Some(Chart::Triangle),
            "attachment" => Some(Chart::Attachment),
            "knapp" => Some(Chart::Knapp),
            _ => None,
        }
    }

    /// Parse a chart's key, or say which keys there are.
    pub fn parse(s: &str) -> Result<Chart, String> {
        Chart::from_key(s).ok_or_else(|| {
            format!(
                "chart must be one of {}, got {s:?}",
                Chart::KEYS
                    .iter()
                    .map(|k| format!("\"{k}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }
}

/// The model chart of `chart` over labelled readings (none when the
/// classic models are not built in).
fn model_chart(chart: Chart, readings: &[(&str, &ModelReading)]) -> Option<String> {
    #[cfg(not(feature = "classic-models"))]
    {
        let _ = (chart, readings);
        None
    }
    #[cfg(feature = "classic-models")]
    match chart {
        Chart::Triangle => Some(triangle_svg(readings)),
        Chart::Attachment => Some(attachment_svg(readings)),
        Chart::Knapp => readings.first().map(|(_, r)| knapp_svg(r)),
        Chart::Staircase | Chart::Radar => None,
    }
}

/// The framework whose reading a model chart draws.
fn chart_model(chart: Chart) -> Option<&'static str> {
    match chart {
        Chart::Triangle => Some("sternberg"),
        Chart::Attachment => Some("attachment"),
        Chart::Knapp => Some("knapp"),
        Chart::Staircase | Chart::Radar => None,
    }
}

impl CoupleReport {
    /// A model chart with both partners overlaid (`"triangle"`,
    /// `"attachment"`), or `None` when the couple report has no reading of
    /// that model or the chart is not a model chart.
    pub fn to_svg(&self, chart: Chart) -> Option<String> {
        let pair = self.models.get(chart_model(chart)?)?;
        model_chart(chart, &[("Partner A", &pair.a), ("Partner B", &pair.b)])
    }
}

impl Report {
    /// The chart as SVG: the staircase of the seven levels (or the first
    /// placement), the radar of the kinds of intimacy, or a classic model's
    /// chart (the triangle, the attachment plane, Knapp's staircase) from
    /// its reading. `None` when the report has nothing to draw.
    pub fn to_svg(&self, chart: Chart) -> Option<String> {
        match chart {
            Chart::Staircase => {
                let p = self
                    .placement("seven-levels")
                    .or_else(|| self.placements.values().next())?;
                Some(staircase_svg(p))
            }
            Chart::Radar => {
                (!self.kinds.is_empty()).then(|| radar_svg(&self.kinds, "Kinds of intimacy"))
            }
            Chart::Triangle | Chart::Attachment | Chart::Knapp => {
                let r = self.models.get(chart_model(chart)?)?;
                model_chart(chart, &[("Respondent", r)])
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Palette (every text colour has at least 4.5:1 contrast on white).

/// Body text.
const INK: &str = "#1f2937";
/// Secondary text.
const MUTED: &str = "#4b5563";
/// Guide lines.
const GRID: &str = "#c7ccd4";
/// Background of a step or a bar track.
const TRACK: &str = "#f3f4f6";
/// Outline of a step.
const EDGE: &str = "#6b7280";
/// Attainment that reaches the threshold (and the radar polygon).
const REACHED: &str = "#2b5797";
/// Attainment below the threshold (or not known to be reached).
const BELOW: &str = "#8fb3e0";
/// Outline of a gap.
const GAP: &str = "#b45309";
/// The word "gap".
const GAP_TEXT: &str = "#92400e";
/// The consecutive level.
const CONSECUTIVE: &str = "#065f46";
/// The peak level.
const PEAK: &str = "#5b21b6";

// ---------------------------------------------------------------------------
// Formatting helpers.

/// A coordinate or size: at most one decimal, no `-0`, never NaN.
fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_owned();
    }
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 {
        return "0".to_owned();
    }
    let mut s = format!("{r:.1}");
    if s.ends_with(".0") {
        s.truncate(s.len() - 2);
    }
    s
}

/// A value as shown to the reader: as given (at most one decimal), or
/// `"invalid"` when it is not a number.
fn value_text(x: f64) -> String {
    if !x.is_finite() {
        "invalid".to_owned()
    } else if x.abs() >= 1e6 {
        format!("{x:.1e}")
    } else {
        num(x)
    }
}

/// A percent clamped to 0-100 for drawing (NaN draws as 0).
fn clamp_pct(x: f64) -> f64 {
    if x.is_nan() { 0.0 } else { x.clamp(0.0, 100.0) }
}

/// XML-escape a text; characters XML cannot carry become U+FFFD, and line
/// breaks and tabs become spaces.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// A deterministic id fragment: lowercase ASCII letters and digits joined by
/// single dashes, at most 48 characters.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 48 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "chart".to_owned()
    } else {
        out.to_owned()
    }
}

/// Shorten to `width` characters, ending with an ellipsis when cut.
fn ellipsize(s: &str, width: usize) -> String {
    let width = width.max(2);
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let keep: String = s.chars().take(width - 1).collect();
    format!("{}\u{2026}", keep.trim_end())
}

/// Word-wrap into at most `max_lines` lines of about `width` characters; the
/// last line ends with an ellipsis when text is left over.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(4);
    let max_lines = max_lines.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let (cl, wl) = (cur.chars().count(), word.chars().count());
        if cl == 0 {
            cur = word.to_owned();
        } else if cl + 1 + wl <= width {
            cur.push(' ');
            cur.push_str(word);
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_owned();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let overflow = lines.len() > max_lines;
    lines
        .into_iter()
        .take(max_lines)
        .enumerate()
        .map(|(i, line)| {
            if overflow && i + 1 == max_lines {
                let keep: String = line.chars().take(width - 1).collect();
                format!("{}\u{2026}", keep.trim_end())
            } else {
                ellipsize(&line, width)
            }
        })
        .collect()
}

/// Join words as "a", "a and b", "a, b and c".
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "level 5" or "levels 2 and 5".
fn levels_phrase(levels: &[u32]) -> String {
    let parts: Vec<String> = levels.iter().map(u32::to_string).collect();
    let word = if levels.len() == 1 { "level" } else { "levels" };
    format!("{word} {}", join_and(&parts))
}

/// One `<text>` element; `attrs` starts with a space.
fn text(x: f64, y: f64, attrs: &str, content: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\"{attrs}>{}</text>\n",
        num(x),
        num(y),
        esc(content)
    )
}

/// A `<rect>`; `attrs` starts with a space.
fn rect(x: f64, y: f64, w: f64, h: f64, attrs: &str) -> String {
    format!(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"{attrs}/>\n",
        num(x),
        num(y),
        num(w.max(0.0)),
        num(h.max(0.0))
    )
}

/// A `<line>`; `attrs` starts with a space.
fn line(x1: f64, y1: f64, x2: f64, y2: f64, attrs: &str) -> String {
    format!(
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{attrs}/>\n",
        num(x1),
        num(y1),
        num(x2),
        num(y2)
    )
}

/// White outline behind text drawn over shapes, so it stays readable.
const HALO: &str =
    " paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\"";

/// The root element, the title, the description and a white background.
fn open_svg(id: &str, w: f64, h: f64, title: &str, desc: &str) -> String {
    let (w, h) = (num(w), num(h));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"sans-serif\">\n\
         <title id=\"{id}-title\">{}</title>\n\
         <desc id=\"{id}-desc\">{}</desc>\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n",
        esc(title),
        esc(desc)
    )
}

/// The hatch pattern for values that are not known.
fn hatch_def(id: &str) -> String {
    format!(
        "<defs>\n<pattern id=\"{id}-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\">\n\
         <rect width=\"8\" height=\"8\" fill=\"{TRACK}\"/>\n\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#9ca3af\" stroke-width=\"3\"/>\n\
         </pattern>\n</defs>\n"
    )
}

/// The chart's heading, shortened to fit `width`.
fn heading(x: f64, width: f64, title: &str) -> String {
    // At least 8, and a chart is a few hundred points wide: in range.
    let chars = saturating_usize(((width - x * 2.0) / 10.0).max(8.0));
    text(
        x,
        30.0,
        &format!(" font-size=\"18\" font-weight=\"bold\" fill=\"{INK}\""),
        &ellipsize(title, chars),
    )
}

/// A valid chart that says there is nothing to draw.
fn nothing_svg(id: &str, title: &str, message: &str) -> String {
    let (w, h) = (680.0, 110.0);
    let mut out = open_svg(id, w, h, title, &format!("{title}: {message}"));
    out.push_str(&heading(24.0, w, title));
    out.push_str(&text(
        24.0,
        70.0,
        &format!(" font-size=\"13\" fill=\"{MUTED}\""),
        message,
    ));
    out.push_str("</svg>\n");
    out
}

// ---------------------------------------------------------------------------
// Staircase.

/// What the reader is told about a stage whose attainment is not known.
fn unknown_label(status: ScoreStatus) -> &'static str {
    match status {
        ScoreStatus::NotApplicable => "skipped",
        ScoreStatus::Scored | ScoreStatus::TooFewAnswered => "not answered",
    }
}

/// A stage's display name: from the catalogue, else its key.
fn stage_name(framework: &str, stage: &StageAttainment) -> String {
    let name = crate::catalogue::framework(framework)
        .and_then(|f| f.stage(&stage.key))
        .map_or(stage.key.as_str(), |s| s.name.as_str());
    if name.trim().is_empty() {
        "(unnamed stage)".to_owned()
    } else {
        name.to_owned()
    }
}

/// The text alternative of a staircase.
fn staircase_desc(
    p: &Placement,
    fw_name: &str,
    names: &[String],
    threshold: Option<f64>,
) -> String {
    let mut d = fw_name.to_owned();
    if p.derived {
        d.push_str(&format!(" ({})", derived_caption(p)));
    }
    d.push_str(&format!(
        ": consecutive level {}, peak level {}",
        p.consecutive, p.peak
    ));
    if p.peak == 0 {
        d.push_str(" (no level reached yet)");
    }
    if !p.gaps.is_empty() {
        d.push_str(&format!("; {} not yet in place", levels_phrase(&p.gaps)));
    }
    if !p.unknown.is_empty() {
        d.push_str(&format!("; {} not answered", levels_phrase(&p.unknown)));
    }
    d.push('.');
    match threshold {
        Some(t) => d.push_str(&format!(
            " A level counts as reached at {} of 100.",
            value_text(t)
        )),
        None => d.push_str(" The threshold is not a number."),
    }
    let steps: Vec<String> = p
        .stages
        .iter()
        .zip(names)
        .map(|(s, name)| {
            let mut t = format!("Level {} {name}", s.level);
            match s.attainment {
                Some(a) => {
                    t.push_str(&format!(" {} of 100", value_text(a)));
                    match s.reached {
                        Some(true) => t.push_str(", reached"),
                        Some(false) => t.push_str(", not reached"),
                        None => {}
                    }
                }
                None => {
                    t.push(' ');
                    t.push_str(unknown_label(s.status));
                }
            }
            if p.gaps.contains(&s.level) {
                t.push_str(", a gap below the peak");
            }
            t
        })
        .collect();
    if !steps.is_empty() {
        d.push(' ');
        d.push_str(&steps.join("; "));
        d.push('.');
    }
    d
}

/// "derived from seven-levels via the crosswalk (an interpretation)".
fn derived_caption(p: &Placement) -> String {
    match &p.via {
        Some(v) => format!("derived from {v} via the crosswalk (an interpretation)"),
        None => "derived via the crosswalk (an interpretation)".to_owned(),
    }
}

/// One legend entry: a swatch and its label; returns the entry's width.
fn legend_entry(out: &mut String, x: f64, y: f64, swatch: &str, label: &str) -> f64 {
    out.push_str(swatch);
    out.push_str(&text(
        x + 20.0,
        y + 11.0,
        &format!(" font-size=\"11\" fill=\"{INK}\""),
        label,
    ));
    legend_entry_width(label)
}

/// The width of a legend entry: swatch, label and space after it.
fn legend_entry_width(label: &str) -> f64 {
    20.0 + count_f64(label.chars().count()) * 6.2 + 18.0
}

/// The staircase of one placement: one step per stage, rising left to right,
/// each filled to its attainment (0-100), with the threshold dashed across
/// every step, the consecutive and the peak level marked, gaps outlined in
/// amber, and stages whose attainment is unknown hatched.
///
/// Stage names come from the catalogue ([`crate::framework`]), falling back
/// to the stage key. The output is deterministic and never panics.
///
/// ```
/// use intimacy_core::{Placement, ScoreStatus, StageAttainment};
/// let p = Placement {
///     framework: "four-stages".into(),
///     derived: false,
///     via: None,
///     threshold: 60.0,
///     stages: vec![StageAttainment {
///         level: 1,
///         key: "curiosity-and-comfort".into(),
///         attainment: Some(80.0),
///         reached: Some(true),
///         status: ScoreStatus::Scored,
///     }],
///     consecutive: 1,
///     peak: 1,
///     gaps: vec![],
///     unknown: vec![],
///     summary: String::new(),
/// };
/// let svg = intimacy_core::staircase_svg(&p);
/// assert!(svg.contains("Curiosity and comfort"));
/// ```
pub fn staircase_svg(placement: &Placement) -> String {
    let p = placement;
    let fw = crate::catalogue::framework(&p.framework);
    let fw_name = match fw {
        Some(f) if !f.name.trim().is_empty() => f.name.clone(),
        _ if !p.framework.trim().is_empty() => p.framework.clone(),
        _ => "Framework".to_owned(),
    };
    let id = format!("intimacy-staircase-{}", slug(&p.framework));
    let title = format!("{fw_name}: staircase");
    let threshold = (!p.threshold.is_nan()).then_some(p.threshold);
    let names: Vec<String> = p
        .stages
        .iter()
        .map(|s| stage_name(&p.framework, s))
        .collect();

    let n = p.stages.len();
    if n == 0 {
        return nothing_svg(
            &id,
            &title,
            "Nothing to show: this placement has no stages.",
        );
    }

    let g = Stairs::new(n, &id, threshold);
    let consecutive_at = (p.consecutive > 0)
        .then(|| p.stages.iter().position(|s| s.level == p.consecutive))
        .flatten();
    let (legend, height) = staircase_legend(p, &id, threshold, &g, consecutive_at.is_some());

    let desc = staircase_desc(p, &fw_name, &names, threshold);
    let mut out = open_svg(&id, g.width, height, &title, &desc);
    out.push_str(&hatch_def(&id));
    out.push_str(&heading(g.left, g.width, &fw_name));
    out.push_str(&text(
        g.left,
        50.0,
        &format!(" font-size=\"12\" fill=\"{MUTED}\""),
        "Attainment of each level, 0 to 100; the dashed line marks the threshold",
    ));
    if p.derived {
        out.push_str(&text(
            g.left,
            67.0,
            &format!(" font-size=\"12\" font-style=\"italic\" fill=\"{MUTED}\""),
            &derived_caption(p),
        ));
    }

    // Ground line.
    out.push_str(&line(
        g.left - 10.0,
        g.baseline,
        g.width - g.left + 10.0,
        g.baseline,
        &format!(" stroke=\"{EDGE}\" stroke-width=\"1\""),
    ));

    // The consecutive band under the steps from level 1 to the consecutive level.
    if let Some(ci) = consecutive_at {
        out.push_str(&rect(
            g.left + 3.0,
            g.baseline + 2.0,
            g.sw * count_f64(ci + 1) - 6.0,
            5.0,
            &format!(" fill=\"{CONSECUTIVE}\""),
        ));
    }

    for (i, (s, name)) in p.stages.iter().zip(&names).enumerate() {
        staircase_step(&mut out, p, &g, i, s, name);
    }

    out.push_str(&legend);
    out.push_str("</svg>\n");
    out
}

/// The staircase's geometry for `n` stages, and what every step draws alike.
struct Stairs {
    n: usize,
    /// The margin left and right.
    left: f64,
    /// A step's width.
    sw: f64,
    width: f64,
    /// The ground line.
    baseline: f64,
    /// Characters of a stage name per line under its step.
    name_chars: usize,
    /// The fill of a step whose attainment is unknown.
    hatch: String,
    /// The threshold, clamped to 0-100, when set.
    threshold: Option<f64>,
}

impl Stairs {
    fn new(n: usize, id: &str, threshold: Option<f64>) -> Stairs {
        let left = 40.0;
        let sw = if n <= 7 { 680.0 / count_f64(n) } else { 96.0 };
        Stairs {
            n,
            left,
            sw,
            width: left * 2.0 + sw * count_f64(n),
            baseline: 380.0,
            // At least 4 and at most a step's width in characters: in range.
            name_chars: saturating_usize(((sw - 6.0) / 6.0).floor().max(4.0)),
            hatch: format!("url(#{id}-hatch)"),
            threshold: threshold.map(clamp_pct),
        }
    }

    /// The height of step `i`, rising left to right.
    fn step_h(&self, i: usize) -> f64 {
        40.0 + 200.0 * count_f64(i + 1) / count_f64(self.n)
    }
}

/// The staircase's legend (only what the chart shows, laid out in rows)
/// and the chart's height below it.
fn staircase_legend(
    p: &Placement,
    id: &str,
    threshold: Option<f64>,
    g: &Stairs,
    consecutive_drawn: bool,
) -> (String, f64) {
    enum Swatch {
        Box(String),
        Dashed,
        Band,
    }
    let gap_drawn = p.stages.iter().any(|s| p.gaps.contains(&s.level));
    let unknown_drawn = p.stages.iter().any(|s| s.attainment.is_none());
    let threshold_label = match threshold {
        Some(t) => format!("threshold {}", value_text(t)),
        None => "threshold not set".to_owned(),
    };
    let mut entries: Vec<(Swatch, &str)> = vec![
        (
            Swatch::Box(format!(" fill=\"{REACHED}\" stroke=\"{EDGE}\"")),
            "reached",
        ),
        (
            Swatch::Box(format!(" fill=\"{BELOW}\" stroke=\"{EDGE}\"")),
            "below threshold",
        ),
    ];
    if unknown_drawn {
        entries.push((
            Swatch::Box(format!(" fill=\"url(#{id}-hatch)\" stroke=\"{EDGE}\"")),
            "not answered",
        ));
    }
    if gap_drawn {
        entries.push((
            Swatch::Box(format!(
                " fill=\"{TRACK}\" stroke=\"{GAP}\" stroke-width=\"3\""
            )),
            "gap below the peak",
        ));
    }
    entries.push((Swatch::Dashed, &threshold_label));
    if consecutive_drawn {
        entries.push((Swatch::Band, "consecutive levels in place"));
    }
    let mut legend = String::new();
    let mut lx = g.left;
    let mut ly = g.baseline + 98.0;
    for (swatch, label) in &entries {
        let entry_w = legend_entry_width(label);
        if lx + entry_w > g.width - g.left && lx > g.left {
            lx = g.left;
            ly += 22.0;
        }
        let swatch = match swatch {
            Swatch::Dashed => line(
                lx,
                ly + 7.0,
                lx + 14.0,
                ly + 7.0,
                &format!(" stroke=\"{INK}\" stroke-width=\"1.5\" stroke-dasharray=\"4 2\""),
            ),
            Swatch::Band => rect(lx, ly + 4.0, 14.0, 5.0, &format!(" fill=\"{CONSECUTIVE}\"")),
            Swatch::Box(attrs) => rect(lx + 1.0, ly + 1.0, 12.0, 12.0, attrs),
        };
        lx += legend_entry(&mut legend, lx, ly, &swatch, label);
    }
    (legend, ly + 32.0)
}

/// Step `i` of the staircase (stage `s`, named `name`): its tooltip, the
/// step filled to its attainment with the threshold across it, its value
/// and markers above, its level and name below.
fn staircase_step(
    out: &mut String,
    p: &Placement,
    g: &Stairs,
    i: usize,
    s: &StageAttainment,
    name: &str,
) {
    let x0 = g.left + g.sw * count_f64(i) + 3.0;
    let w = g.sw - 6.0;
    let cx = x0 + w / 2.0;
    let h = g.step_h(i);
    let top = g.baseline - h;
    let gap = p.gaps.contains(&s.level);

    let tip = {
        let state = match s.attainment {
            Some(a) => format!("{} of 100", value_text(a)),
            None => unknown_label(s.status).to_owned(),
        };
        format!(
            "Level {} {name}: {state}{}",
            s.level,
            if gap { ", gap" } else { "" }
        )
    };
    out.push_str(&format!("<g>\n<title>{}</title>\n", esc(&tip)));
    step_body(out, g, s, (x0, top, w, h), gap);
    step_labels(out, p, g, s, name, cx, top);
    out.push_str("</g>\n");
}

/// A step's track (hatched when unknown), its fill, the threshold across
/// it and its outline (amber for a gap).
fn step_body(
    out: &mut String,
    g: &Stairs,
    s: &StageAttainment,
    (x0, top, w, h): (f64, f64, f64, f64),
    gap: bool,
) {
    let baseline = g.baseline;
    let bg = if s.attainment.is_some() {
        TRACK
    } else {
        &g.hatch
    };
    out.push_str(&rect(x0, top, w, h, &format!(" fill=\"{bg}\"")));
    if let Some(a) = s.attainment {
        let fh = h * clamp_pct(a) / 100.0;
        if fh > 0.0 {
            let colour = if s.reached == Some(true) {
                REACHED
            } else {
                BELOW
            };
            out.push_str(&rect(
                x0,
                baseline - fh,
                w,
                fh,
                &format!(" fill=\"{colour}\""),
            ));
        }
    }
    if let Some(t) = g.threshold {
        let ty = baseline - h * t / 100.0;
        out.push_str(&line(
            x0,
            ty,
            x0 + w,
            ty,
            &format!(" stroke=\"{INK}\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\""),
        ));
    }
    let outline = if gap {
        format!(" fill=\"none\" stroke=\"{GAP}\" stroke-width=\"3\"")
    } else {
        format!(" fill=\"none\" stroke=\"{EDGE}\" stroke-width=\"1\"")
    };
    out.push_str(&rect(x0, top, w, h, &outline));
    if gap {
        out.push_str(&text(
            x0 + w / 2.0,
            top + 17.0,
            &format!(
                " font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{GAP_TEXT}\"{HALO}"
            ),
            "gap",
        ));
    }
}

/// A step's value and its consecutive and peak markers above it, its level
/// and name under the ground line (centred on `cx`).
fn step_labels(
    out: &mut String,
    p: &Placement,
    g: &Stairs,
    s: &StageAttainment,
    name: &str,
    cx: f64,
    top: f64,
) {
    match s.attainment {
        Some(a) => out.push_str(&text(
            cx,
            top - 8.0,
            &format!(
                " font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{INK}\""
            ),
            &value_text(a),
        )),
        None => out.push_str(&text(
            cx,
            top - 8.0,
            &format!(" font-size=\"11\" text-anchor=\"middle\" fill=\"{MUTED}\""),
            unknown_label(s.status),
        )),
    }
    let mut my = top - 26.0;
    if p.consecutive > 0 && s.level == p.consecutive {
        out.push_str(&text(
            cx,
            my,
            &format!(" font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{CONSECUTIVE}\""),
            &format!("consecutive {}", p.consecutive),
        ));
        my -= 14.0;
    }
    if p.peak > 0 && s.level == p.peak {
        out.push_str(&text(
            cx,
            my,
            &format!(
                " font-size=\"11\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{PEAK}\""
            ),
            &format!("\u{25BC} peak {}", p.peak),
        ));
    }

    out.push_str(&text(
        cx,
        g.baseline + 22.0,
        &format!(" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"{INK}\""),
        &format!("Level {}", s.level),
    ));
    for (k, l) in wrap(name, g.name_chars, 3).iter().enumerate() {
        out.push_str(&text(
            cx,
            g.baseline + 38.0 + 14.0 * count_f64(k),
            &format!(" font-size=\"11\" text-anchor=\"middle\" fill=\"{INK}\""),
            l,
        ));
    }
}

// ---------------------------------------------------------------------------
// Radar.

/// An area's display name: its name, else its target.
fn area_name(a: &AreaScore) -> String {
    if !a.name.trim().is_empty() {
        a.name.clone()
    } else if !a.target.trim().is_empty() {
        a.target.clone()
    } else {
        "(unnamed area)".to_owned()
    }
}

/// An area's value as text: the percent, or "not answered".
fn area_value(a: &AreaScore) -> String {
    a.percent
        .map_or_else(|| "not answered".to_owned(), value_text)
}

/// The text alternative of a radar (or its bar fallback).
fn radar_desc(areas: &[AreaScore], title: &str, shape: &str) -> String {
    let parts: Vec<String> = areas
        .iter()
        .map(|a| match a.percent {
            Some(p) => format!("{} {} of 100", area_name(a), value_text(p)),
            None => format!("{} not answered", area_name(a)),
        })
        .collect();
    let noun = if areas.len() == 1 { "area" } else { "areas" };
    format!(
        "{title}: {shape} of {} {noun}, percent of maximum (0 to 100). {}.",
        areas.len(),
        parts.join("; ")
    )
}

/// A radar of area scores: guide rings at 25, 50, 75 and 100, one axis per
/// area with its name and value, and the polygon of the percents (an area
/// not answered counts as 0 and says so).
///
/// With one or two areas it draws bars instead; with none, a chart saying
/// there is nothing to show. The output is deterministic and never panics.
///
/// ```
/// use intimacy_core::AreaScore;
/// let areas: Vec<AreaScore> = ["Emotional", "Physical", "Intellectual"]
///     .iter()
///     .map(|n| AreaScore { target: format!("kind:{}", n.to_lowercase()), name: n.to_string(), percent: Some(50.0) })
///     .collect();
/// let svg = intimacy_core::radar_svg(&areas, "Kinds of intimacy");
/// assert!(svg.starts_with("<svg") && svg.contains("Intellectual"));
/// ```
pub fn radar_svg(areas: &[AreaScore], title: &str) -> String {
    let title = if title.trim().is_empty() {
        "Areas"
    } else {
        title
    };
    let id = format!("intimacy-radar-{}", slug(title));
    match areas.len() {
        0 => nothing_svg(&id, title, "Nothing to show: no areas were scored."),
        1 | 2 => bars_svg(&id, areas, title),
        _ => polygon_svg(&id, areas, title),
    }
}

/// The radar proper, for three or more areas.
fn polygon_svg(id: &str, areas: &[AreaScore], title: &str) -> String {
    let width = 680.0;
    let g = Radar {
        n: areas.len(),
        cx: 340.0,
        cy: 290.0,
        r: 150.0,
    };

    // The body first: the height follows from where the labels end.
    let mut out = String::new();
    out.push_str(&heading(24.0, width, title));
    out.push_str(&text(
        24.0,
        50.0,
        &format!(" font-size=\"12\" fill=\"{MUTED}\""),
        "Percent of maximum, 0 at the centre, 100 at the outer ring",
    ));
    radar_guides(&mut out, &g);

    // The polygon of percents.
    let radius_of = |i: usize| g.r * areas[i].percent.map_or(0.0, clamp_pct) / 100.0;
    out.push_str(&format!(
        "<polygon points=\"{}\" fill=\"{REACHED}\" fill-opacity=\"0.25\" stroke=\"{REACHED}\" \
         stroke-width=\"2\" stroke-linejoin=\"round\"/>\n",
        g.points(&radius_of)
    ));
    for (i, a) in areas.iter().enumerate() {
        let (x, y) = g.at(i, radius_of(i));
        let style = if a.percent.is_some() {
            format!(" fill=\"{REACHED}\" stroke=\"#ffffff\" stroke-width=\"1\"")
        } else {
            format!(" fill=\"#ffffff\" stroke=\"{MUTED}\" stroke-width=\"1.5\"")
        };
        out.push_str(&format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\"{style}/>\n",
            num(x),
            num(y)
        ));
    }

    let bottom = radar_labels(&mut out, &g, areas);
    let height = (bottom + 24.0).ceil();
    let mut svg = open_svg(id, width, height, title, &radar_desc(areas, title, "radar"));
    svg.push_str(&out);
    svg.push_str("</svg>\n");
    svg
}

/// A radar's geometry: `n` axes around the centre (`cx`, `cy`), rings of
/// radius up to `r`.
struct Radar {
    n: usize,
    cx: f64,
    cy: f64,
    r: f64,
}

impl Radar {
    /// Axis `i`'s angle, the first straight up, clockwise.
    fn angle(&self, i: usize) -> f64 {
        -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * count_f64(i) / count_f64(self.n)
    }

    /// The point at `radius` on axis `i`.
    fn at(&self, i: usize, radius: f64) -> (f64, f64) {
        let a = self.angle(i);
        (self.cx + radius * a.cos(), self.cy + radius * a.sin())
    }

    /// An SVG points list through every axis at `radius(i)`.
    fn points(&self, radius: &dyn Fn(usize) -> f64) -> String {
        (0..self.n)
            .map(|i| {
                let (x, y) = self.at(i, radius(i));
                format!("{},{}", num(x), num(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The radar's guide rings (25 to 100), its axes and the rings' values.
fn radar_guides(out: &mut String, g: &Radar) {
    let (cx, cy, r) = (g.cx, g.cy, g.r);
    for k in [25.0, 50.0, 75.0, 100.0] {
        let stroke_w = if k == 100.0 { "1.5" } else { "1" };
        out.push_str(&format!(
            "<polygon points=\"{}\" fill=\"none\" stroke=\"{GRID}\" stroke-width=\"{stroke_w}\"/>\n",
            g.points(&|_| r * k / 100.0)
        ));
    }
    for i in 0..g.n {
        let (x, y) = g.at(i, r);
        out.push_str(&line(
            cx,
            cy,
            x,
            y,
            &format!(" stroke=\"{GRID}\" stroke-width=\"1\""),
        ));
    }
    for k in [25.0, 50.0, 75.0, 100.0] {
        out.push_str(&text(
            cx + 4.0,
            cy - r * k / 100.0 - 3.0,
            &format!(" font-size=\"10\" fill=\"{MUTED}\"{HALO}"),
            &num(k),
        ));
    }
}

/// Each area's name (up to two lines) and value, outside the rings;
/// returns where the lowest label ends.
fn radar_labels(out: &mut String, g: &Radar, areas: &[AreaScore]) -> f64 {
    let line_h = 15.0;
    let mut bottom = g.cy + g.r + 30.0;
    for (i, a) in areas.iter().enumerate() {
        let ang = g.angle(i);
        let (c, s) = (ang.cos(), ang.sin());
        let (lx, ly) = g.at(i, g.r + 14.0);
        let anchor = if c > 0.25 {
            "start"
        } else if c < -0.25 {
            "end"
        } else {
            "middle"
        };
        let name_lines = wrap(&area_name(a), 22, 2);
        let count = count_f64(name_lines.len()) + 1.0;
        let first = if s < -0.25 {
            ly - (count - 1.0) * line_h - 4.0
        } else if s > 0.25 {
            ly + 12.0
        } else {
            ly - (count * line_h) / 2.0 + 11.0
        };
        out.push_str("<g>\n");
        for (k, l) in name_lines.iter().enumerate() {
            out.push_str(&text(
                lx,
                first + line_h * count_f64(k),
                &format!(" font-size=\"12\" text-anchor=\"{anchor}\" fill=\"{INK}\""),
                l,
            ));
        }
        let vy = first + line_h * (count - 1.0);
        bottom = bottom.max(vy + 4.0);
        let value_attrs = if a.percent.is_some() {
            format!(
                " font-size=\"12\" font-weight=\"bold\" text-anchor=\"{anchor}\" fill=\"{REACHED}\""
            )
        } else {
            format!(
                " font-size=\"12\" font-style=\"italic\" text-anchor=\"{anchor}\" fill=\"{MUTED}\""
            )
        };
        out.push_str(&text(lx, vy, &value_attrs, &area_value(a)));
        out.push_str("</g>\n");
    }
    bottom
}

/// Horizontal bars, for one or two areas (too few for a radar).
fn bars_svg(id: &str, areas: &[AreaScore], title: &str) -> String {
    let width = 680.0;
    let (track_x, track_w) = (240.0, 340.0);
    let row_h = 44.0;
    let top = 76.0;
    let height = top + row_h * count_f64(areas.len()) + 36.0;

    let mut out = open_svg(
        id,
        width,
        height,
        title,
        &radar_desc(areas, title, "bar chart"),
    );
    out.push_str(&hatch_def(id));
    out.push_str(&heading(24.0, width, title));
    out.push_str(&text(
        24.0,
        50.0,
        &format!(" font-size=\"12\" fill=\"{MUTED}\""),
        "Percent of maximum (too few areas for a radar, so shown as bars)",
    ));
    let bottom = top + row_h * count_f64(areas.len());
    for k in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = track_x + track_w * k / 100.0;
        out.push_str(&line(
            x,
            top - 6.0,
            x,
            bottom - 8.0,
            &format!(" stroke=\"{GRID}\" stroke-width=\"1\""),
        ));
        out.push_str(&text(
            x,
            bottom + 8.0,
            &format!(" font-size=\"10\" text-anchor=\"middle\" fill=\"{MUTED}\""),
            &num(k),
        ));
    }
    for (i, a) in areas.iter().enumerate() {
        let y = top + row_h * count_f64(i);
        out.push_str("<g>\n");
        out.push_str(&text(
            24.0,
            y + 19.0,
            &format!(" font-size=\"12\" fill=\"{INK}\""),
            &ellipsize(&area_name(a), 32),
        ));
        match a.percent {
            Some(p) => {
                out.push_str(&rect(
                    track_x,
                    y + 4.0,
                    track_w,
                    22.0,
                    &format!(" fill=\"{TRACK}\" stroke=\"{EDGE}\""),
                ));
                let fw = track_w * clamp_pct(p) / 100.0;
                if fw > 0.0 {
                    out.push_str(&rect(
                        track_x,
                        y + 4.0,
                        fw,
                        22.0,
                        &format!(" fill=\"{REACHED}\""),
                    ));
                }
            }
            None => out.push_str(&rect(
                track_x,
                y + 4.0,
                track_w,
                22.0,
                &format!(" fill=\"url(#{id}-hatch)\" stroke=\"{EDGE}\""),
            )),
        }
        let value_attrs = if a.percent.is_some() {
            format!(" font-size=\"12\" font-weight=\"bold\" fill=\"{INK}\"")
        } else {
            format!(" font-size=\"12\" font-style=\"italic\" fill=\"{MUTED}\"")
        };
        out.push_str(&text(
            track_x + track_w + 10.0,
            y + 19.0,
            &value_attrs,
            &area_value(a),
        ));
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(1.25), "1.3");
        assert_eq!(num(72.0), "72");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(value_text(f64::NAN), "invalid");
        assert_eq!(value_text(1e300), "1.0e300");
    }

    #[test]
    fn text_is_escaped_and_wrapped() {
        assert_eq!(
            esc("a&b<c>\"d'\u{1}"),
            "a&amp;b&lt;c&gt;&quot;d&apos;\u{FFFD}"
        );
        assert_eq!(slug("Kinds of intimacy!"), "kinds-of-intimacy");
        assert_eq!(slug("***"), "chart");
        assert_eq!(
            wrap("Exchange of personal information", 15, 3),
            ["Exchange of", "personal", "information"]
        );
        assert_eq!(wrap("aaaa bbbb cccc dddd", 9, 1), ["aaaa bbb\u{2026}"]);
        assert_eq!(ellipsize("ééééé", 3), "éé\u{2026}");
    }
}

//! Charts of the classic models: Sternberg's triangle (partners overlaid),
//! the attachment plane (a point per person, quadrant lines only where a
//! cut was asked for), and Knapp's staircase with both phases.
//!
//! Like the other charts: deterministic, no input panics, a `<title>` and a
//! `<desc>` that say in words everything drawn, including the rule a type
//! was read by.

#![cfg_attr(
    not(feature = "classic-models"),
    allow(
        dead_code,
        unused_imports,
        reason = "drawn only with the classic models"
    )
)]

use super::{EDGE, GAP, GAP_TEXT, GRID, HALO, INK, MUTED, REACHED, TRACK};
use super::{esc, heading, line, nothing_svg, num, open_svg, rect, slug, text, value_text, wrap};
use crate::numeric::count_f64;
use crate::report::{ModelReading, PartScore};

/// How each reading is drawn: colour, dash pattern and marker, so that two
/// partners differ by more than colour.
const STYLES: &[(&str, &str, Marker)] = &[
    (REACHED, "", Marker::Circle),
    (GAP, " stroke-dasharray=\"7 4\"", Marker::Square),
    ("#5b21b6", " stroke-dasharray=\"2 3\"", Marker::Diamond),
];

#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Diamond,
}

fn style(i: usize) -> (&'static str, &'static str, Marker) {
    STYLES[i % STYLES.len()]
}

fn marker(m: Marker, x: f64, y: f64, colour: &str) -> String {
    let (x, y) = (finite(x), finite(y));
    match m {
        Marker::Circle => format!(
            "<circle cx=\"{}\" cy=\"{}\" r=\"5\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n",
            num(x),
            num(y)
        ),
        Marker::Square => rect(
            x - 5.0,
            y - 5.0,
            10.0,
            10.0,
            &format!(" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1.5\""),
        ),
        Marker::Diamond => format!(
            "<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"{colour}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n",
            num(x),
            num(y - 6.0),
            num(x + 6.0),
            num(y),
            num(x),
            num(y + 6.0),
            num(x - 6.0),
            num(y)
        ),
    }
}

fn finite(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

/// Where a part's score sits in its range, 0 to 1 (`None` when unscored or
/// the range is unknown); out-of-range scores are clamped for drawing.
fn fraction(p: &PartScore, value: Option<f64>) -> Option<f64> {
    let (x, lo, hi) = (value?, p.min?, p.max?);
    if !(x.is_finite() && lo.is_finite() && hi.is_finite() && hi > lo) {
        return None;
    }
    Some(((x - lo) / (hi - lo)).clamp(0.0, 1.0))
}

/// "intimacy 6.2 (range 1 to 9, high)" for the description.
fn part_words(p: &PartScore) -> String {
    let name = p.name.to_lowercase();
    let range = match (p.min, p.max) {
        (Some(lo), Some(hi)) => format!(" on {} to {}", value_text(lo), value_text(hi)),
        _ => String::new(),
    };
    let side = match p.high {
        Some(true) => ", above its cut",
        Some(false) => ", at or below its cut",
        None => "",
    };
    match p.score {
        Some(x) => format!("{name} {}{range}{side}", value_text(x)),
        None => format!("{name} not scored"),
    }
}

fn description(title: &str, readings: &[(&str, &ModelReading)]) -> String {
    let mut out = format!("{title}.");
    for (label, r) in readings {
        let parts: Vec<String> = r.parts.iter().map(part_words).collect();
        out.push_str(&format!(" {label}: {}.", parts.join("; ")));
        match &r.typology {
            Some(t) => out.push_str(&format!(" {}", t.text)),
            None => out.push_str(&format!(" {}", r.rule)),
        }
    }
    out
}

/// A legend row: one entry per reading, with its line style and marker.
fn legend(out: &mut String, x: f64, y: f64, readings: &[(&str, &ModelReading)]) {
    let mut at = x;
    for (i, (label, _)) in readings.iter().enumerate() {
        let (colour, dash, m) = style(i);
        out.push_str(&line(
            at,
            y,
            at + 26.0,
            y,
            &format!(" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}"),
        ));
        out.push_str(&marker(m, at + 13.0, y, colour));
        out.push_str(&text(
            at + 34.0,
            y + 4.0,
            &format!(" font-size=\"12\" fill=\"{INK}\""),
            label,
        ));
        at += 34.0 + count_f64(label.chars().count()) * 7.0 + 24.0;
    }
}

/// The rule under the chart, wrapped.
fn caption(out: &mut String, x: f64, y: f64, width_chars: usize, words: &str) -> f64 {
    let mut y = y;
    for l in wrap(words, width_chars, 4) {
        out.push_str(&text(
            x,
            y,
            &format!(" font-size=\"11\" fill=\"{MUTED}\""),
            &l,
        ));
        y += 15.0;
    }
    y
}

/// The geometry of a radial chart: `n` axes from a centre.
struct Radial {
    cx: f64,
    cy: f64,
    radius: f64,
    n: usize,
}

impl Radial {
    /// The unit direction of axis `i` (the first up, then anticlockwise).
    fn dir(&self, i: usize) -> (f64, f64) {
        let a = -std::f64::consts::FRAC_PI_2
            - std::f64::consts::TAU * count_f64(i) / count_f64(self.n.max(1));
        (a.cos(), a.sin())
    }

    /// The point at fraction `t` along axis `i`.
    fn point(&self, i: usize, t: f64) -> (f64, f64) {
        let (dx, dy) = self.dir(i);
        (
            self.cx + dx * self.radius * t,
            self.cy + dy * self.radius * t,
        )
    }

    /// The polygon through fraction `ts[i]` of each axis.
    fn poly(&self, ts: &[f64]) -> String {
        ts.iter()
            .enumerate()
            .map(|(i, &t)| {
                let (x, y) = self.point(i, t);
                format!("{},{}", num(x), num(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The outline (highest possible scores), quarter guides and axes.
fn triangle_grid(out: &mut String, g: &Radial) {
    for t in [1.0, 0.25, 0.5, 0.75] {
        let full = (t - 1.0_f64).abs() < f64::EPSILON;
        out.push_str(&format!(
            "<polygon points=\"{}\" fill=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>\n",
            g.poly(&vec![t; g.n]),
            if full { TRACK } else { "none" },
            if full { EDGE } else { GRID }
        ));
    }
    for i in 0..g.n {
        let (x, y) = g.point(i, 1.0);
        out.push_str(&line(
            g.cx,
            g.cy,
            x,
            y,
            &format!(" stroke=\"{GRID}\" stroke-width=\"1\""),
        ));
    }
}

/// The parts' names at the corners.
fn triangle_labels(out: &mut String, g: &Radial, first: &ModelReading) {
    for (i, p) in first.parts.iter().enumerate().take(g.n) {
        let (x, y) = g.point(i, 1.0);
        let (dx, dy) = g.dir(i);
        let anchor = if dx.abs() < 0.2 {
            "middle"
        } else if dx < 0.0 {
            "end"
        } else {
            "start"
        };
        out.push_str(&text(
            x + dx * 14.0,
            y + dy * 14.0 + if dy < 0.0 { -4.0 } else { 14.0 },
            &format!(
                " font-size=\"14\" font-weight=\"bold\" fill=\"{INK}\" text-anchor=\"{anchor}\"{HALO}"
            ),
            &p.name,
        ));
    }
}

/// Sternberg's triangle: each part's score along its own axis from the
/// centre (the triangle's corners are the highest possible scores), one
/// outline per reading (e.g. both partners), the first reading's cuts
/// dashed in grey. `readings` pairs a label (e.g. `"Partner A"`) with a
/// reading of `sternberg`.
pub fn triangle_svg(readings: &[(&str, &ModelReading)]) -> String {
    let title = match readings.first() {
        Some((_, r)) => format!("{}: profile", r.name),
        None => "Triangle of love: profile".to_owned(),
    };
    let id = format!(
        "intimacy-triangle-{}",
        slug(&readings.iter().map(|r| r.0).collect::<Vec<_>>().join(" "))
    );
    let Some((_, first)) = readings.first() else {
        return nothing_svg(&id, &title, "No reading to draw.");
    };
    let n = first.parts.len();
    if n < 3 {
        return nothing_svg(&id, &title, "A triangle needs three parts.");
    }
    let rule = if first.parts.iter().all(|p| p.cut.is_some()) {
        format!("Dashed grey: the cuts. {}", first.rule)
    } else {
        first.rule.clone()
    };
    let rule_lines = wrap(&rule, 90, 4).len();
    let (w, h) = (600.0, 545.0 + count_f64(rule_lines) * 15.0);
    let g = Radial {
        cx: 300.0,
        cy: 290.0,
        radius: 180.0,
        n,
    };
    let mut out = open_svg(&id, w, h, &title, &description(&title, readings));
    out.push_str(&heading(24.0, w, &title));
    triangle_grid(&mut out, &g);
    // The cuts of the first reading, where it has them.
    let cuts: Option<Vec<f64>> = first.parts.iter().map(|p| fraction(p, p.cut)).collect();
    if let Some(cuts) = &cuts {
        out.push_str(&format!(
            "<polygon points=\"{}\" fill=\"none\" stroke=\"{MUTED}\" stroke-width=\"1.5\" stroke-dasharray=\"3 3\"/>\n",
            g.poly(cuts)
        ));
    }
    for (k, (_, r)) in readings.iter().enumerate() {
        let (colour, dash, m) = style(k);
        let ts: Vec<Option<f64>> = r
            .parts
            .iter()
            .take(n)
            .map(|p| fraction(p, p.score))
            .collect();
        if ts.len() == n && ts.iter().all(Option::is_some) {
            let ts: Vec<f64> = ts.iter().map(|t| t.unwrap_or(0.0)).collect();
            out.push_str(&format!(
                "<polygon points=\"{}\" fill=\"{colour}\" fill-opacity=\"0.12\" stroke=\"{colour}\" stroke-width=\"2.5\"{dash}/>\n",
                g.poly(&ts)
            ));
        }
        for (i, t) in ts.iter().enumerate() {
            if let Some(t) = t {
                let (x, y) = g.point(i, *t);
                out.push_str(&marker(m, x, y, colour));
            }
        }
    }
    triangle_labels(&mut out, &g, first);
    legend(&mut out, 24.0, 520.0, readings);
    caption(&mut out, 24.0, 545.0, 90, &rule);
    out.push_str("</svg>\n");
    out
}

/// The square of a plane chart.
struct Plane {
    left: f64,
    top: f64,
    size: f64,
}

impl Plane {
    /// The x of fraction `t` across.
    fn x(&self, t: f64) -> f64 {
        self.left + t * self.size
    }

    /// The y of fraction `t` up.
    fn y(&self, t: f64) -> f64 {
        self.top + (1.0 - t) * self.size
    }
}

/// The plane's square, quarter guides, range ends and axis names.
fn plane_axes(out: &mut String, g: &Plane, x_part: &PartScore, y_part: &PartScore) {
    let (left, top, size) = (g.left, g.top, g.size);
    let px = |t: f64| g.x(t);
    let py = |t: f64| g.y(t);
    out.push_str(&rect(
        left,
        top,
        size,
        size,
        &format!(" fill=\"{TRACK}\" stroke=\"{EDGE}\" stroke-width=\"1\""),
    ));
    for t in [0.25, 0.5, 0.75] {
        out.push_str(&line(
            px(t),
            top,
            px(t),
            top + size,
            &format!(" stroke=\"{GRID}\" stroke-width=\"1\""),
        ));
        out.push_str(&line(
            left,
            py(t),
            left + size,
            py(t),
            &format!(" stroke=\"{GRID}\" stroke-width=\"1\""),
        ));
    }
    // Tick labels: the ends of each range.
    for (t, v) in [(0.0, x_part.min), (1.0, x_part.max)] {
        if let Some(v) = v {
            out.push_str(&text(
                px(t),
                top + size + 18.0,
                &format!(" font-size=\"11\" fill=\"{MUTED}\" text-anchor=\"middle\""),
                &value_text(v),
            ));
        }
    }
    for (t, v) in [(0.0, y_part.min), (1.0, y_part.max)] {
        if let Some(v) = v {
            out.push_str(&text(
                left - 8.0,
                py(t) + 4.0,
                &format!(" font-size=\"11\" fill=\"{MUTED}\" text-anchor=\"end\""),
                &value_text(v),
            ));
        }
    }
    out.push_str(&text(
        left + size / 2.0,
        top + size + 40.0,
        &format!(" font-size=\"13\" font-weight=\"bold\" fill=\"{INK}\" text-anchor=\"middle\""),
        &format!("{} \u{2192}", x_part.name),
    ));
    out.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" font-size=\"13\" font-weight=\"bold\" fill=\"{INK}\" text-anchor=\"middle\" transform=\"rotate(-90 {} {})\">{}</text>\n",
        num(left - 50.0),
        num(top + size / 2.0),
        num(left - 50.0),
        num(top + size / 2.0),
        esc(&format!("{} \u{2192}", y_part.name))
    ));
}

/// The attachment plane: avoidance across, anxiety up, one point per
/// reading; quadrant lines and names only where the first reading was cut
/// (a quadrant was asked for).
pub fn attachment_svg(readings: &[(&str, &ModelReading)]) -> String {
    let title = match readings.first() {
        Some((_, r)) => format!("{}: scores", r.name),
        None => "Attachment dimensions: scores".to_owned(),
    };
    let id = format!(
        "intimacy-plane-{}",
        slug(&readings.iter().map(|r| r.0).collect::<Vec<_>>().join(" "))
    );
    let Some((_, first)) = readings.first() else {
        return nothing_svg(&id, &title, "No reading to draw.");
    };
    let [y_part, x_part] = match first.parts.as_slice() {
        [a, b] => [a, b],
        _ => return nothing_svg(&id, &title, "A plane needs two axes."),
    };
    let rule_lines = wrap(&first.rule, 92, 4).len();
    let (w, h) = (600.0, 560.0 + count_f64(rule_lines) * 15.0);
    let g = Plane {
        left: 110.0,
        top: 70.0,
        size: 380.0,
    };
    let (left, top, size) = (g.left, g.top, g.size);
    let px = |t: f64| g.x(t);
    let py = |t: f64| g.y(t);
    let mut out = open_svg(&id, w, h, &title, &description(&title, readings));
    out.push_str(&heading(24.0, w, &title));
    plane_axes(&mut out, &g, x_part, y_part);
    let cut_x = fraction(x_part, x_part.cut);
    let cut_y = fraction(y_part, y_part.cut);
    if let (Some(cx), Some(cy)) = (cut_x, cut_y) {
        let dashed = format!(" stroke=\"{MUTED}\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"");
        out.push_str(&line(px(cx), top, px(cx), top + size, &dashed));
        out.push_str(&line(left, py(cy), left + size, py(cy), &dashed));
        if let Some(f) = crate::catalogue::framework(&first.framework) {
            for ty in f.typology.iter().flat_map(|t| &t.types) {
                let hx = ty.high.contains(&x_part.key);
                let hy = ty.high.contains(&y_part.key);
                let x = if hx { left + size - 8.0 } else { left + 8.0 };
                let y = if hy { top + 18.0 } else { top + size - 10.0 };
                let anchor = if hx { "end" } else { "start" };
                out.push_str(&text(
                    x,
                    y,
                    &format!(" font-size=\"12\" font-style=\"italic\" fill=\"{MUTED}\" text-anchor=\"{anchor}\"{HALO}"),
                    &ty.name,
                ));
            }
        }
    }
    for (k, (label, r)) in readings.iter().enumerate() {
        let (colour, _, m) = style(k);
        let (Some(yp), Some(xp)) = (r.parts.first(), r.parts.get(1)) else {
            continue;
        };
        if let (Some(tx), Some(ty)) = (fraction(xp, xp.score), fraction(yp, yp.score)) {
            out.push_str(&marker(m, px(tx), py(ty), colour));
            out.push_str(&text(
                px(tx) + 9.0,
                py(ty) - 8.0,
                &format!(" font-size=\"12\" fill=\"{INK}\"{HALO}"),
                label,
            ));
        }
    }
    legend(&mut out, 24.0, 530.0, readings);
    caption(&mut out, 24.0, 556.0, 92, &first.rule);
    out.push_str("</svg>\n");
    out
}

/// The text alternative of Knapp's staircase.
fn knapp_desc(
    title: &str,
    f: &crate::model::Framework,
    peak: usize,
    reading: &ModelReading,
) -> String {
    let mut desc = format!("{title}.");
    let together: Vec<&str> = f.stages[..peak].iter().map(|s| s.name.as_str()).collect();
    let apart: Vec<&str> = f.stages[peak..].iter().map(|s| s.name.as_str()).collect();
    desc.push_str(&format!(
        " Coming together, rising: {}. Coming apart, falling: {}. {}",
        together.join(", "),
        apart.join(", "),
        reading.summary
    ));
    for s in &reading.stages {
        desc.push_str(&format!(
            " {}: {} sign(s): {}.",
            s.name,
            s.evidence.len(),
            s.evidence.join(", ")
        ));
    }
    desc
}

/// Knapp's staircase: the coming-together steps rising to bonding, the
/// coming-apart steps falling to terminating, the stages a derived reading
/// found signs of outlined and hatched with the count of signs. The ending
/// stage is drawn dashed: a reading never places anyone there.
pub fn knapp_svg(reading: &ModelReading) -> String {
    let id = format!("intimacy-knapp-{}", slug(&reading.framework));
    let title = format!("{}: both phases", reading.name);
    let Some(f) = crate::catalogue::framework(&reading.framework) else {
        return nothing_svg(&id, &title, "Unknown framework.");
    };
    let n = f.stages.len();
    let peak = f
        .stages
        .iter()
        .position(|s| s.mirror.is_some() && s.direction == Some(crate::model::Direction::Decline))
        .unwrap_or(n / 2);
    let desc = knapp_desc(&title, f, peak, reading);
    let summary_lines = wrap(&reading.summary, 140, 4).len();
    let (w, h) = (900.0, 412.0 + count_f64(summary_lines) * 15.0);
    let mut out = open_svg(&id, w, h, &title, &desc);
    out.push_str(&heading(24.0, w, &title));
    out.push_str(&format!(
        "<defs>\n<pattern id=\"{id}-signs\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">\n\
         <rect width=\"8\" height=\"8\" fill=\"#fde7c8\"/>\n\
         <line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"{GAP}\" stroke-width=\"2\"/>\n\
         </pattern>\n</defs>\n"
    ));
    let base = 320.0;
    let step_w = (w - 48.0) / count_f64(n.max(1));
    let rise = 40.0;
    for (i, s) in f.stages.iter().enumerate() {
        let k = if i < peak { i + 1 } else { n - i };
        let x = 24.0 + count_f64(i) * step_w;
        let hgt = rise * count_f64(k);
        let found = reading.stages.iter().find(|r| r.key == s.key);
        let ending = s.direction == Some(crate::model::Direction::Ending);
        let attrs = match (found, ending) {
            (Some(_), _) => {
                format!(" fill=\"url(#{id}-signs)\" stroke=\"{GAP}\" stroke-width=\"2.5\"")
            }
            (None, true) => format!(
                " fill=\"#ffffff\" stroke=\"{EDGE}\" stroke-width=\"1\" stroke-dasharray=\"4 3\""
            ),
            (None, false) => format!(" fill=\"{TRACK}\" stroke=\"{EDGE}\" stroke-width=\"1\""),
        };
        out.push_str(&rect(x + 2.0, base - hgt, step_w - 4.0, hgt, &attrs));
        out.push_str(&text(
            x + step_w / 2.0,
            base + 16.0,
            &format!(" font-size=\"10.5\" fill=\"{INK}\" text-anchor=\"middle\""),
            &s.name,
        ));
        if let Some(r) = found {
            let label = if r.evidence.len() == 1 {
                "1 sign".to_owned()
            } else {
                format!("{} signs", r.evidence.len())
            };
            out.push_str(&text(
                x + step_w / 2.0,
                base - hgt - 8.0,
                &format!(" font-size=\"11\" font-weight=\"bold\" fill=\"{GAP_TEXT}\" text-anchor=\"middle\""),
                &label,
            ));
        }
    }
    let mid = 24.0 + count_f64(peak) * step_w;
    out.push_str(&line(
        mid,
        60.0,
        mid,
        base + 24.0,
        &format!(" stroke=\"{GRID}\" stroke-width=\"1\""),
    ));
    for (x, label) in [
        (24.0 + count_f64(peak) * step_w / 2.0, "Coming together"),
        (mid + count_f64(n - peak) * step_w / 2.0, "Coming apart"),
    ] {
        out.push_str(&text(
            x,
            base + 40.0,
            &format!(
                " font-size=\"13\" font-weight=\"bold\" fill=\"{MUTED}\" text-anchor=\"middle\""
            ),
            label,
        ));
    }
    out.push_str(&text(
        24.0,
        base + 64.0,
        &format!(" font-size=\"11\" fill=\"{INK}\""),
        "Hatched and outlined: answers consistent with the stage (a derived reading). Dashed: an ending stage, never read from a check-in.",
    ));
    caption(&mut out, 24.0, base + 82.0, 140, &reading.summary);
    out.push_str("</svg>\n");
    out
}

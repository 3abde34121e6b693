//! The report's charts, as SVG (for documents) and PNG (for slides and chat): the funnel, drop-off
//! by beat, time per act and gifts per hour. Labels sit beside horizontal bars so long beat ids
//! never overlap. Text is drawn with the repo's Noto Sans, embedded, so no system font is needed.
//! A group too small to show ("<5") is a grey bar up to 5 marked "<5", never its real length.

use crate::AnalyticsError;
use crate::report::{Count, Report, SMALLEST_GROUP};
use ab_glyph::{Font, FontRef, ScaleFont};
use plotters::coord::Shift;
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use std::path::{Path, PathBuf};
use std::sync::{Once, OnceLock};

const FONT: &str = "sans-serif";
static NOTO_SANS: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");

const BAR: RGBColor = RGBColor(0x2f, 0x5d, 0x8a);
const LIGHT: RGBColor = RGBColor(0xb9, 0xcd, 0xe0);
const SUPPRESSED: RGBColor = RGBColor(0xcc, 0xcc, 0xcc);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const GRID: RGBColor = RGBColor(0xe4, 0xe4, 0xe4);

const WIDTH: u32 = 1200;

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The font is ours and known good; if it were not, text would be missing, not wrong.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, NOTO_SANS);
    });
}

#[derive(Debug, Clone, Copy)]
enum Chart {
    Funnel,
    Dropoff,
    TimePerAct,
    GiftsPerHour,
}

impl Chart {
    const ALL: [Chart; 4] = [
        Chart::Funnel,
        Chart::Dropoff,
        Chart::TimePerAct,
        Chart::GiftsPerHour,
    ];

    fn name(self) -> &'static str {
        match self {
            Chart::Funnel => "funnel",
            Chart::Dropoff => "dropoff",
            Chart::TimePerAct => "time_per_act",
            Chart::GiftsPerHour => "gifts_per_hour",
        }
    }

    fn size(self, report: &Report) -> (u32, u32) {
        let rows = match self {
            Chart::Funnel => report.funnel.len(),
            Chart::Dropoff => report.dropoff.len(),
            Chart::TimePerAct | Chart::GiftsPerHour => return (WIDTH, 640),
        };
        (WIDTH, (150 + 40 * rows as u32).max(320))
    }

    fn draw<DB: DrawingBackend>(self, root: &DrawingArea<DB, Shift>, report: &Report) -> Drawn<DB> {
        root.fill(&WHITE)?;
        match self {
            Chart::Funnel => {
                let total = report.visits.exact().unwrap_or(0);
                let rows: Vec<Row> = report
                    .funnel
                    .iter()
                    .map(|s| Row {
                        label: s.stage.clone(),
                        value: s.visits,
                        note: s.percent.map(|p| format!("{p:.1}%")),
                    })
                    .collect();
                let title = format!("Visitor funnel ({} visits)", report.visits);
                horizontal_bars(root, &title, "visits", &rows, total)
            }
            Chart::Dropoff => {
                let rows: Vec<Row> = report
                    .dropoff
                    .iter()
                    .map(|d| Row {
                        label: match d.act {
                            Some(act) => format!("{} (act {act})", d.beat),
                            None => d.beat.clone(),
                        },
                        value: d.left,
                        note: d.percent.map(|p| format!("{p:.1}% of {}", d.entered)),
                    })
                    .collect();
                horizontal_bars(
                    root,
                    "Where visits ended before the donation prompt",
                    "visits whose last beat it was (and their share of the visits that entered it)",
                    &rows,
                    0,
                )
            }
            Chart::TimePerAct => time_per_act(root, report),
            Chart::GiftsPerHour => gifts_per_hour(root, report),
        }
    }
}

type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

struct Row {
    label: String,
    value: Count,
    note: Option<String>,
}

fn shown(count: Count) -> f64 {
    count.exact().unwrap_or(SMALLEST_GROUP) as f64
}

/// One bar per row, top to bottom, labels on the left, the value at the bar's end.
fn horizontal_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    axis: &str,
    rows: &[Row],
    at_least: u64,
) -> Drawn<DB> {
    let n = rows.len().max(1);
    let top = rows
        .iter()
        .map(|r| shown(r.value))
        .fold(at_least as f64, f64::max)
        .max(SMALLEST_GROUP as f64);
    let longest = rows
        .iter()
        .map(|r| r.label.chars().count())
        .max()
        .unwrap_or(8) as u32;
    let mut chart = ChartBuilder::on(root)
        .caption(title, (FONT, 30).into_font().color(&INK))
        .margin(24)
        .x_label_area_size(56)
        .y_label_area_size((longest * 10 + 24).clamp(120, 520))
        .build_cartesian_2d(0.0..top * 1.4, (0..n - 1).into_segmented())?;
    // Row 0 is drawn at the top.
    let slot = |i: usize| n - 1 - i;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) if *k < n => rows
                .get(n - 1 - *k)
                .map(|r| r.label.clone())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .y_label_style((FONT, 18).into_font().color(&INK))
        .x_label_style((FONT, 16).into_font().color(&INK))
        .x_desc(axis)
        .axis_desc_style((FONT, 18).into_font().color(&INK))
        .x_label_formatter(&|x| format!("{x:.0}"))
        .draw()?;
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        let colour = if r.value == Count::Few {
            SUPPRESSED
        } else {
            BAR
        };
        let mut bar = Rectangle::new(
            [
                (0.0, SegmentValue::Exact(slot(i))),
                (shown(r.value), SegmentValue::Exact(slot(i) + 1)),
            ],
            colour.filled(),
        );
        bar.set_margin(6, 6, 0, 0);
        bar
    }))?;
    if rows.is_empty() {
        let (width, height) = root.dim_in_pixel();
        root.draw(&Text::new(
            "no visits to show",
            (width as i32 / 2, height as i32 / 2),
            (FONT, 22)
                .into_font()
                .color(&INK)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
    }
    let label_style = (FONT, 18)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    chart.draw_series(rows.iter().enumerate().map(|(i, r)| {
        let text = match (&r.note, r.value) {
            (Some(note), _) => format!("{}  ({note})", r.value),
            (None, Count::Few) => format!("{}  (not shown exactly)", r.value),
            (None, _) => r.value.to_string(),
        };
        Text::new(
            text,
            (shown(r.value) + top * 0.01, SegmentValue::CenterOf(slot(i))),
            label_style.clone(),
        )
    }))?;
    root.present()
}

fn time_per_act<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, report: &Report) -> Drawn<DB> {
    let acts = &report.time_per_act;
    let n = acts.len().max(1);
    let top = acts
        .iter()
        .filter_map(|t| t.q3_s)
        .fold(60.0, f64::max)
        .max(report.time_per_visit.q3_s.unwrap_or(0.0) / 4.0);
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Time per act (seconds): median, with the middle half of visits as a box",
            (FONT, 26).into_font().color(&INK),
        )
        .margin(24)
        .x_label_area_size(56)
        .y_label_area_size(70)
        .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..top * 1.2)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => acts.get(*k).map(|t| t.label.clone()).unwrap_or_default(),
            _ => String::new(),
        })
        .x_label_style((FONT, 18).into_font().color(&INK))
        .y_label_style((FONT, 16).into_font().color(&INK))
        .y_desc("seconds")
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_desc("act")
        .axis_desc_style((FONT, 18).into_font().color(&INK))
        .draw()?;
    for (i, t) in acts.iter().enumerate() {
        match (t.q1_s, t.median_s, t.q3_s) {
            (Some(q1), Some(median), Some(q3)) => {
                let mut bx = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), q1),
                        (SegmentValue::Exact(i + 1), q3),
                    ],
                    LIGHT.filled(),
                );
                bx.set_margin(0, 0, 40, 40);
                chart.draw_series(std::iter::once(bx))?;
                let mut line = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), median),
                        (SegmentValue::Exact(i + 1), median),
                    ],
                    Color::stroke_width(&BAR, 4),
                );
                line.set_margin(0, 0, 40, 40);
                chart.draw_series(std::iter::once(line))?;
                chart.draw_series(std::iter::once(Text::new(
                    format!("{median:.0} s"),
                    (SegmentValue::CenterOf(i), q3.max(median) + top * 0.03),
                    (FONT, 18)
                        .into_font()
                        .color(&INK)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )))?;
            }
            _ => {
                chart.draw_series(std::iter::once(Text::new(
                    format!("{} visits", t.visits),
                    (SegmentValue::CenterOf(i), top * 0.05),
                    (FONT, 18)
                        .into_font()
                        .color(&INK)
                        .pos(Pos::new(HPos::Center, VPos::Bottom)),
                )))?;
            }
        }
    }
    root.present()
}

fn gifts_per_hour<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, report: &Report) -> Drawn<DB> {
    let hours = &report.gifts_per_hour;
    let n = hours.len().max(1);
    let one_day = hours
        .first()
        .is_some_and(|f| hours.iter().all(|h| h.hour.get(..5) == f.hour.get(..5)));
    let label = |k: usize| {
        hours
            .get(k)
            .map(|h| {
                if one_day {
                    h.hour.get(6..).unwrap_or(&h.hour).to_owned()
                } else {
                    h.hour.clone()
                }
            })
            .unwrap_or_default()
    };
    let top = hours
        .iter()
        .map(|h| shown(h.visits))
        .fold(SMALLEST_GROUP as f64, f64::max);
    let mut chart = ChartBuilder::on(root)
        .caption(
            "Visits and pledges per hour (by the hour the visit started)",
            (FONT, 26).into_font().color(&INK),
        )
        .margin(24)
        .x_label_area_size(56)
        .y_label_area_size(70)
        .build_cartesian_2d((0..n - 1).into_segmented(), 0.0..top * 1.5)?;
    chart
        .configure_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .disable_x_mesh()
        .x_labels(n.min(12))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(k) => label(*k),
            _ => String::new(),
        })
        .x_label_style((FONT, 16).into_font().color(&INK))
        .y_label_style((FONT, 16).into_font().color(&INK))
        .y_desc("visits")
        .x_desc(if one_day {
            "hour (local time)"
        } else {
            "day and hour (local time)"
        })
        .axis_desc_style((FONT, 18).into_font().color(&INK))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()?;
    let width = WIDTH.saturating_sub(150) / n as u32;
    let inset = (width / 8).max(2);
    let half = width / 2;
    let bar = |i: usize, count: Count, colour: RGBColor, left: bool| {
        let colour = if count == Count::Few {
            SUPPRESSED
        } else {
            colour
        };
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0.0),
                (SegmentValue::Exact(i + 1), shown(count)),
            ],
            colour.filled(),
        );
        if left {
            bar.set_margin(0, 0, inset, half);
        } else {
            bar.set_margin(0, 0, half, inset);
        }
        bar
    };
    chart
        .draw_series(
            hours
                .iter()
                .enumerate()
                .map(|(i, h)| bar(i, h.visits, LIGHT, true)),
        )?
        .label("visits")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], LIGHT.filled()));
    chart
        .draw_series(
            hours
                .iter()
                .enumerate()
                .map(|(i, h)| bar(i, h.pledged, BAR, false)),
        )?
        .label("pledged")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], BAR.filled()));
    chart
        .draw_series(std::iter::once(Rectangle::new(
            [(SegmentValue::Exact(0), 0.0), (SegmentValue::Exact(0), 0.0)],
            SUPPRESSED.filled(),
        )))?
        .label("fewer than 5: not shown exactly")
        .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 16, y + 6)], SUPPRESSED.filled()));
    let value_style = (FONT, 15)
        .into_font()
        .color(&INK)
        .pos(Pos::new(HPos::Center, VPos::Bottom));
    // Past a day of hours the numbers would overlap; the table has them.
    for (i, h) in hours.iter().enumerate().filter(|_| n <= 24) {
        for (count, left) in [(h.visits, true), (h.pledged, false)] {
            // Centred over its own half of the slot.
            let shift = (width / 4) as i32;
            let text = EmptyElement::at((SegmentValue::CenterOf(i), shown(count) + top * 0.01))
                + Text::new(
                    count.to_string(),
                    (if left { -shift } else { shift }, 0),
                    value_style.clone(),
                );
            chart.draw_series(std::iter::once(text))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .background_style(WHITE.mix(0.9))
        .border_style(INK)
        .label_font((FONT, 18).into_font().color(&INK))
        .draw()?;
    root.present()
}

fn chart_error(path: &Path, detail: impl ToString) -> AnalyticsError {
    AnalyticsError::Chart {
        path: path.display().to_string(),
        detail: detail.to_string(),
    }
}

/// Writes `funnel`, `dropoff`, `time_per_act` and `gifts_per_hour`, each as `.svg` and
/// `.png`, into `dir` (created if needed); returns the files written.
pub fn write_charts(report: &Report, dir: &Path) -> Result<Vec<PathBuf>, AnalyticsError> {
    register_font();
    std::fs::create_dir_all(dir).map_err(|e| chart_error(dir, e))?;
    let mut written = Vec::new();
    for chart in Chart::ALL {
        let size = chart.size(report);
        let svg = dir.join(format!("{}.svg", chart.name()));
        {
            let root = SVGBackend::new(&svg, size).into_drawing_area();
            chart
                .draw(&root, report)
                .map_err(|e| chart_error(&svg, e))?;
        }
        written.push(svg);

        let png = dir.join(format!("{}.png", chart.name()));
        let mut pixels = vec![0u8; size.0 as usize * size.1 as usize * 3];
        {
            let root = Raster(BitMapBackend::with_buffer(&mut pixels, size)).into_drawing_area();
            chart
                .draw(&root, report)
                .map_err(|e| chart_error(&png, e))?;
        }
        write_png(&png, size, &pixels).map_err(|e| chart_error(&png, e))?;
        written.push(png);
    }
    Ok(written)
}

fn write_png(path: &Path, (width, height): (u32, u32), rgb: &[u8]) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())
}

/// The bitmap backend, with text drawn glyph by glyph at its own bearing (plotters 0.3.7's
/// ab_glyph path places every glyph at the pen position and ignores the left bearing, which
/// spaces letters unevenly). Layout (sizes, anchors, rotation) stays plotters' own.
struct Raster<'a>(BitMapBackend<'a>);

type RasterResult =
    Result<(), DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>>;

impl DrawingBackend for Raster<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> RasterResult {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> RasterResult {
        self.0.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> RasterResult {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> RasterResult {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> RasterResult {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> RasterResult {
        self.0.blit_bitmap(pos, size, src)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> RasterResult {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        static PARSED: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
        let Some(font) = PARSED.get_or_init(|| FontRef::try_from_slice(NOTO_SANS).ok()) else {
            return Ok(());
        };
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let transform = style.transform();
        let size = style.size() as f32;
        let scaled = font.as_scaled(size);
        let mut pen = 0.0f32;
        let mut previous = None;
        for c in text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = previous {
                pen += scaled.kern(p, id);
            }
            previous = Some(id);
            let glyph = id.with_scale_and_position(size, ab_glyph::point(pen, 0.0));
            pen += scaled.h_advance(id);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let bounds = outline.px_bounds();
            // The same baseline as plotters' layout: half the size below the top.
            let (left, top) = (bounds.min.x as i32, (size / 2.0 + bounds.min.y) as i32);
            let mut pixels = Vec::new();
            outline.draw(|x, y, coverage| pixels.push((x as i32, y as i32, coverage)));
            for (x, y, coverage) in pixels {
                let (x, y) = transform.transform(left + x + dx - min_x, top + y + dy - min_y);
                let shade = BackendColor {
                    alpha: colour.alpha * f64::from(coverage),
                    rgb: colour.rgb,
                };
                self.0.draw_pixel((pos.0 + x, pos.1 + y), shade)?;
            }
        }
        Ok(())
    }
}

//! Scaling curves: scoring time against comment length, and training time
//! and model size against data size (1×, 2×, 4×, 8× the shipped data, by
//! synthetic expansion: every copy of a comment gets one extra word unique to
//! its copy, so copies are new examples with new vocabulary, as more real
//! data would be).
//!
//! `cargo bench --bench scaling` writes `docs/benchmarks/scaling.csv` and
//! `docs/benchmarks/scaling.png`. `BENCH_SMOKE=1` runs a tiny version (1× and
//! 2×, few iterations) into `target/` without timing claims, for CI.

use comment_moderator::model::Model;
use comment_moderator::text::{CommentInput, Features};
use comment_moderator::training::Prepared;
use comment_moderator::training::datasets::Corpus;
use comment_moderator::training::recipe::Recipe;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

const TYPICAL: &str = "Russia buying artillery shells from North Korea says more about how the war is going than any \
    press release from the Kremlin. Sanctions were supposed to stop exactly this kind of deal, yet here we are, \
    with two heavily sanctioned states trading weapons for food, fuel and satellite know-how in plain sight. ";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Median time of `f` over `runs` runs, in microseconds.
fn median_micros(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    // Criterion-style arguments (`--bench`) are ignored.
    let smoke = std::env::var("BENCH_SMOKE").is_ok();
    let out_dir = if smoke { root().join("target/bench-smoke") } else { root().join("docs/benchmarks") };
    std::fs::create_dir_all(&out_dir).unwrap();

    // 1. Scoring time against length.
    let model = Model::load(&root().join("models/moderator.model")).unwrap();
    let lengths = [100usize, 300, 1_000, 3_000, 10_000, 20_000, 40_000, 65_000];
    let mut scoring = Vec::new();
    let mut features = Features::default();
    for &len in &lengths {
        let mut text = TYPICAL.repeat(len / TYPICAL.len() + 1);
        text.truncate(len);
        let iterations = if smoke { 5 } else { (2_000_000 / len).clamp(50, 20_000) };
        let micros = median_micros(iterations, || {
            model.featurizer().featurize_into(&CommentInput::text(black_box(&text)), &mut features);
            black_box(model.score(&features));
        });
        println!("score length={len:>6} bytes: {micros:>9.2} µs");
        scoring.push((len, micros));
    }

    // 2. Training time and model size against data size.
    let recipe = Recipe::load(&root().join("training/recipe.toml")).unwrap();
    let base = Corpus::load(&recipe).unwrap();
    let factors: &[usize] = if smoke { &[1, 2] } else { &[1, 2, 4, 8] };
    let mut training = Vec::new();
    for &factor in factors {
        let mut corpus = base.clone();
        for copy in 1..factor {
            let marker = format!(" copy{copy}word");
            corpus.examples.extend(base.examples.iter().map(|e| {
                let mut e = e.clone();
                e.content.push_str(&marker);
                if let Some((pos, neg)) = &mut e.abuse_parts {
                    neg.push_str(&marker);
                    let _ = pos;
                }
                e
            }));
        }
        let examples = corpus.examples.len();
        let started = Instant::now();
        let prepared = Prepared::new(recipe.clone(), corpus).unwrap();
        let fitted = prepared.fit(None).unwrap();
        let seconds = started.elapsed().as_secs_f64();
        let bytes = fitted.file.to_bytes().len();
        println!(
            "train {factor}× ({examples} examples): {seconds:.2} s, model {} entries, {bytes} bytes",
            fitted.file.entries.len()
        );
        training.push((factor, examples, seconds, fitted.file.entries.len(), bytes));
    }

    let mut csv = String::from("kind,x,value,extra\n");
    for (len, micros) in &scoring {
        csv.push_str(&format!("score_micros,{len},{micros:.3},\n"));
    }
    for (factor, examples, seconds, entries, bytes) in &training {
        csv.push_str(&format!(
            "train_seconds,{factor},{seconds:.3},{examples}\nmodel_bytes,{factor},{bytes},{entries}\n"
        ));
    }
    std::fs::write(out_dir.join("scaling.csv"), csv).unwrap();
    if let Err(e) = plot(&out_dir.join("scaling.png"), &scoring, &training) {
        println!("no plot: {e}");
    }
}

type TrainingPoint = (usize, usize, f64, usize, usize);

fn plot(path: &Path, scoring: &[(usize, f64)], training: &[TrainingPoint]) -> Result<(), Box<dyn std::error::Error>> {
    use plotters::prelude::*;
    let font = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf"]
        .iter()
        .find_map(|p| std::fs::read(p).ok())
        .ok_or("no DejaVu Sans font to label the plot with")?;
    let font: &'static [u8] = Box::leak(font.into_boxed_slice());
    plotters::style::register_font("sans-serif", FontStyle::Normal, font).map_err(|_| "bad font")?;

    let root = BitMapBackend::new(path, (1200, 450)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(600);

    let max_us = scoring.iter().map(|s| s.1).fold(0.0, f64::max) * 1.1;
    let mut chart = ChartBuilder::on(&left)
        .caption("Scoring time against comment length", ("sans-serif", 20))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d(0f64..66_000f64, 0f64..max_us)?;
    chart.configure_mesh().x_desc("comment length (bytes)").y_desc("median time (µs)").draw()?;
    chart.draw_series(LineSeries::new(scoring.iter().map(|&(l, t)| (l as f64, t)), &BLUE))?;
    chart.draw_series(scoring.iter().map(|&(l, t)| Circle::new((l as f64, t), 4, BLUE.filled())))?;

    let max_s = training.iter().map(|t| t.2).fold(0.0, f64::max) * 1.2;
    let max_mb = training.iter().map(|t| t.4 as f64 / 1e6).fold(0.0, f64::max) * 1.2;
    let mut chart = ChartBuilder::on(&right)
        .caption("Training time and model size against data", ("sans-serif", 20))
        .margin(15)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .right_y_label_area_size(60)
        .build_cartesian_2d(0f64..9f64, 0f64..max_s)?
        .set_secondary_coord(0f64..9f64, 0f64..max_mb);
    chart.configure_mesh().x_desc("data size (× shipped data)").y_desc("training time (s)").draw()?;
    chart.configure_secondary_axes().y_desc("model size (MB)").draw()?;
    chart
        .draw_series(LineSeries::new(training.iter().map(|t| (t.0 as f64, t.2)), &RED))?
        .label("training time")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], RED));
    chart
        .draw_secondary_series(LineSeries::new(training.iter().map(|t| (t.0 as f64, t.4 as f64 / 1e6)), &GREEN))?
        .label("model size")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], GREEN));
    chart
        .configure_series_labels()
        .background_style(WHITE)
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperLeft)
        .draw()?;
    root.present()?;
    Ok(())
}

use std::path::PathBuf;
fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt().with_writer(std::io::stderr).init();
    let args: Vec<String> = std::env::args().collect();
    let recipe = comment_moderator::training::recipe::Recipe::load(&PathBuf::from(std::env::var("RECIPE").unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or(std::env::var("RECIPE").as_deref().unwrap_or("training/recipe.toml")))))))))).into())))?;
    if args.get(1).map(String::as_str) == Some("check") {
        let model = comment_moderator::model::Model::load(std::path::Path::new("models/moderator.model"))?;
        for text in &args[2..] {
            let f = model.featurizer().featurize(&comment_moderator::text::CommentInput::text(text));
            let s = model.score(&f);
            println!("{text}\n  spam {:.4} {:?} abuse {:.4} {:?}", s.spam.probability, s.spam.raw, s.abuse.probability, s.abuse.raw);
            for head in comment_moderator::model::Head::ALL {
                let ev = model.evidence(&f, head, 8);
                println!("  {head}: {}", ev.iter().map(|e| format!("{}:{:.2}", e.token, e.weight)).collect::<Vec<_>>().join(" "));
            }
        }
        return Ok(());
    }
    if args.get(1).map(String::as_str) == Some("scorefile") {
        let model = comment_moderator::model::Model::load(std::path::Path::new("models/moderator.model"))?;
        for line in std::fs::read_to_string(&args[2])?.lines() {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let f = model.featurizer().featurize(&comment_moderator::text::CommentInput::text(v["text"].as_str().unwrap()));
            let s = model.score(&f);
            println!("{}\t{:.4}\t{:.4}\t{}", v["id"].as_str().unwrap(), s.spam.probability, s.abuse.probability, v.get("toxic").map(|t| t.to_string()).unwrap_or_default());
        }
        return Ok(());
    }
    if args.get(1).map(String::as_str) == Some("eval") {
        let corpus = comment_moderator::training::datasets::Corpus::load(&recipe)?;
        let prepared = comment_moderator::training::Prepared::new(recipe, corpus)?;
        let sets = comment_moderator::training::evaluation::HandSets::load(std::path::Path::new("training/eval"))?;
        if let Some(dir) = args.get(2).filter(|a| a.starts_with("--export=")) {
            comment_moderator::training::evaluation::export_splits(&prepared, &sets, std::path::Path::new(&dir[9..]))?;
            return Ok(());
        }
        let peers = args.get(2).filter(|a| a.starts_with("--peers=")).map(|a| PathBuf::from(&a[8..]));
        let report = comment_moderator::training::evaluation::evaluate(&prepared, &sets, peers.as_deref())?;
        println!("{}", report.markdown());
        return Ok(());
    }
    let t = std::time::Instant::now();
    let out = comment_moderator::training::train(recipe, vec![])?;
    eprintln!("trained in {:?}", t.elapsed());
    println!("{}", comment_moderator::training::card::report(&out));
    std::fs::create_dir_all("models")?;
    out.fitted.file.write(std::path::Path::new("models/moderator.model"))?;
    let tpl = std::fs::read_to_string("training/model-card.template.md")?;
    std::fs::write("models/README.md", comment_moderator::training::card::model_card(&out, &tpl))?;
    Ok(())
}

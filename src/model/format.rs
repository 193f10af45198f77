//! The model file: one self-checking binary file holding everything needed
//! to score comments.
//!
//! ```text
//! magic        8 bytes   "CMMODEL\0"
//! format       u32 LE    1, or 2 when the header holds hold thresholds
//!                        chosen on a site's labels (`site_holds`)
//! header_len   u32 LE
//! header       JSON      ModelHeader: pipeline version and settings,
//!                        calibration and thresholds per head, training
//!                        summary
//! entries      u64 LE    number of weight entries
//! entry × N    u64 LE feature hash, f32 LE spam weight, f32 LE abuse
//!              weight; strictly increasing by hash
//! checksum     32 bytes  SHA-256 of everything above
//! ```
//!
//! The format version is the oldest that can hold the model: a model of
//! public data only is still version 1, which every build reads, and one
//! with site thresholds is version 2, which a build from before them
//! refuses by its version (rather than by an unknown field in the header).
//!
//! A weight of exactly zero means "not in this head's vocabulary". The
//! model's version string is derived from the checksum, so the same bytes
//! always have the same version and a retrained model always gets a new one.
//!
//! Loading checks everything it can before a model is allowed to serve: the
//! magic, the format version, the checksum, the header, the pipeline version
//! (a model from another tokenizer is refused), the order of the table and
//! that every number is finite.

use super::{Calibration, PerHead, Thresholds};
use crate::text::{FeatureConfig, PIPELINE_VERSION};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const MAGIC: &[u8; 8] = b"CMMODEL\0";
/// The newest format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 2;
/// The first version that may hold `training.site_holds`.
const SITE_HOLDS_FORMAT: u32 = 2;
const ENTRY_BYTES: usize = 16;
const CHECKSUM_BYTES: usize = 32;

/// Everything in a model besides the weight table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelHeader {
    /// Text pipeline version the weights were trained with.
    pub pipeline_version: u32,
    /// Featurizer settings the weights were trained with.
    pub features: FeatureConfig,
    /// Per-head calibration, thresholds and vocabulary size.
    pub heads: PerHead<HeadParams>,
    /// Where the model came from.
    pub training: TrainingSummary,
}

/// How one head turns summed weights into a decision.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadParams {
    pub calibration: Calibration,
    pub thresholds: Thresholds,
    /// Number of features in this head's vocabulary.
    pub vocabulary: u64,
}

/// Provenance and headline metrics, shown by `/v1/model` and the model card.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainingSummary {
    /// SHA-256 of the recipe file.
    pub recipe_sha256: String,
    /// Examples per source name used for fitting.
    pub examples: BTreeMap<String, u64>,
    /// Moderator feedback labels included.
    pub feedback_labels: u64,
    /// Held-out (test split) ROC-AUC per head.
    pub test_roc_auc: PerHead<Option<f64>>,
    /// Heads whose hold threshold was chosen on moderator labels (see
    /// `site_thresholds` in the training recipe); empty for a model of
    /// public data only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub site_holds: Vec<SiteHold>,
}

/// A hold threshold chosen on a site's own labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteHold {
    pub head: super::Head,
    /// Labels it was chosen on: positives (spam, abuse) and negatives.
    pub positives: u64,
    pub negatives: u64,
    /// The hold threshold chosen on them.
    pub hold: f64,
    /// Whether a threshold met the targets on the labels; if none did,
    /// `hold` is the reject threshold: no comment is held, only rejected.
    pub met: bool,
    /// Whether `hold` was above the validation split's reject threshold,
    /// which was then raised to it: the site's labels showed that rejects
    /// below it would turn away too many of its legitimate comments.
    pub raises_reject: bool,
    /// At `hold`, on the labels: share of positives held or rejected, and
    /// share of negatives held or rejected.
    pub recall: f64,
    pub negatives_held: f64,
    /// The hold threshold the whole validation split gave, replaced.
    pub validation_hold: f64,
}

impl SiteHold {
    /// One sentence for the model card and the evaluation report.
    pub fn describe(&self) -> String {
        let chosen = if self.met {
            format!("{:.4}, chosen on the moderator labels", self.hold)
        } else {
            format!(
                "{:.4}, the reject threshold: no threshold met the hold targets on the moderator labels, so nothing is \
                 held that is not rejected",
                self.hold
            )
        };
        let raised = if self.raises_reject { " The reject threshold was raised to it." } else { "" };
        format!(
            "{}: {chosen} ({} positive, {} negative outside the test split, the train split's scored out of fold; \
             there it holds {:.1}% of the positives and {:.1}% of the negatives); the whole validation split would \
             give {:.4}.{raised}",
            self.head,
            self.positives,
            self.negatives,
            self.recall * 100.0,
            self.negatives_held * 100.0,
            self.validation_hold
        )
    }
}

/// Why a model file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error(
        "cannot read model file {path}: {source} (set `model.path` or MODERATOR_MODEL to the trained model; a relative \
         path is read from the working directory)"
    )]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot write model file {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
    #[error("model file {path} is not a comment-moderator model (bad magic bytes)")]
    NotAModel { path: PathBuf },
    #[error(
        "model file {path} has format version {found}; this build reads versions 1 to {FORMAT_VERSION}: use a newer build"
    )]
    UnsupportedFormat { path: PathBuf, found: u32 },
    #[error("model file {path} is truncated or corrupt: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("model file {path} failed its checksum: the file is corrupt")]
    Checksum { path: PathBuf },
    #[error(
        "model file {path} was trained with text pipeline version {found}; this build uses version {expected}: retrain the model"
    )]
    IncompatiblePipeline { path: PathBuf, found: u32, expected: u32 },
}

/// A model as stored: header and sorted weight table.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    pub header: ModelHeader,
    /// `(feature hash, [spam weight, abuse weight])`, strictly increasing
    /// by hash.
    pub entries: Vec<(u64, [f32; 2])>,
}

impl ModelFile {
    /// Serializes the model. Deterministic: the same model gives the same
    /// bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = serde_json::to_vec(&self.header).expect("header serializes");
        let mut out = Vec::with_capacity(24 + header.len() + self.entries.len() * ENTRY_BYTES + CHECKSUM_BYTES);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.format_version().to_le_bytes());
        out.extend_from_slice(&(header.len() as u32).to_le_bytes());
        out.extend_from_slice(&header);
        out.extend_from_slice(&(self.entries.len() as u64).to_le_bytes());
        for (hash, [spam, abuse]) in &self.entries {
            out.extend_from_slice(&hash.to_le_bytes());
            out.extend_from_slice(&spam.to_le_bytes());
            out.extend_from_slice(&abuse.to_le_bytes());
        }
        let checksum = Sha256::digest(&out);
        out.extend_from_slice(&checksum);
        out
    }

    /// The oldest format version that holds this model.
    pub fn format_version(&self) -> u32 {
        if self.header.training.site_holds.is_empty() { 1 } else { SITE_HOLDS_FORMAT }
    }

    /// Writes the model atomically: to a temporary file beside `path`, then
    /// renamed over it, so a reader never sees half a model.
    pub fn write(&self, path: &Path) -> Result<(), ModelError> {
        let err = |source| ModelError::Write { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(err)?;
        }
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, self.to_bytes()).map_err(err)?;
        std::fs::rename(&tmp, path).map_err(err)
    }

    /// Reads and fully validates a model file. Returns the model and its
    /// version string.
    pub fn read(path: &Path) -> Result<(ModelFile, String), ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io { path: path.to_path_buf(), source })?;
        Self::from_bytes(&bytes, path)
    }

    /// Parses and validates model bytes; `path` is only used in errors.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<(ModelFile, String), ModelError> {
        let path = || path.to_path_buf();
        let corrupt = |detail: &str| ModelError::Corrupt { path: path(), detail: detail.to_string() };
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(ModelError::NotAModel { path: path() });
        }
        if bytes.len() < 16 + 8 + CHECKSUM_BYTES {
            return Err(corrupt("file too short"));
        }
        let format = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        if !(1..=FORMAT_VERSION).contains(&format) {
            return Err(ModelError::UnsupportedFormat { path: path(), found: format });
        }
        let (body, checksum) = bytes.split_at(bytes.len() - CHECKSUM_BYTES);
        let digest = Sha256::digest(body);
        if digest.as_slice() != checksum {
            return Err(ModelError::Checksum { path: path() });
        }
        let header_len = u32::from_le_bytes(body[12..16].try_into().expect("4 bytes")) as usize;
        let header_end = 16usize.checked_add(header_len).filter(|&e| e + 8 <= body.len());
        let header_end = header_end.ok_or_else(|| corrupt("header length exceeds file"))?;
        let header: ModelHeader =
            serde_json::from_slice(&body[16..header_end]).map_err(|e| corrupt(&format!("bad header: {e}")))?;
        if header.pipeline_version != PIPELINE_VERSION {
            return Err(ModelError::IncompatiblePipeline {
                path: path(),
                found: header.pipeline_version,
                expected: PIPELINE_VERSION,
            });
        }
        for head in crate::model::Head::ALL {
            let params = header.heads.get(head);
            params.calibration.validate().map_err(|e| corrupt(&format!("{head} head: {e}")))?;
            params.thresholds.validate().map_err(|e| corrupt(&format!("{head} head: {e}")))?;
        }
        let count = u64::from_le_bytes(body[header_end..header_end + 8].try_into().expect("8 bytes"));
        let table = &body[header_end + 8..];
        if count.checked_mul(ENTRY_BYTES as u64) != Some(table.len() as u64) {
            return Err(corrupt("weight table length does not match its entry count"));
        }
        let mut entries = Vec::with_capacity(count as usize);
        let mut previous: Option<u64> = None;
        for chunk in table.chunks_exact(ENTRY_BYTES) {
            let hash = u64::from_le_bytes(chunk[0..8].try_into().expect("8 bytes"));
            let spam = f32::from_le_bytes(chunk[8..12].try_into().expect("4 bytes"));
            let abuse = f32::from_le_bytes(chunk[12..16].try_into().expect("4 bytes"));
            if previous.is_some_and(|p| p >= hash) {
                return Err(corrupt("weight table is not sorted"));
            }
            if !spam.is_finite() || !abuse.is_finite() {
                return Err(corrupt("weight table holds a non-finite weight"));
            }
            previous = Some(hash);
            entries.push((hash, [spam, abuse]));
        }
        let version = format!("nb-{}", hex(&checksum[..6]));
        Ok((ModelFile { header, entries }, version))
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::Head;

    pub(crate) fn tiny_model() -> ModelFile {
        let params = HeadParams {
            calibration: Calibration::default(),
            thresholds: Thresholds { hold: 0.5, reject: 0.9 },
            vocabulary: 2,
        };
        ModelFile {
            header: ModelHeader {
                pipeline_version: PIPELINE_VERSION,
                features: FeatureConfig::default(),
                heads: PerHead::new(|_| params),
                training: TrainingSummary::default(),
            },
            entries: vec![(1, [0.5, 0.0]), (7, [-1.0, 2.0])],
        }
    }

    #[test]
    fn round_trips_and_versions_by_content() {
        let model = tiny_model();
        let bytes = model.to_bytes();
        let (back, version) = ModelFile::from_bytes(&bytes, Path::new("m")).unwrap();
        assert_eq!(back, model);
        assert!(version.starts_with("nb-"));
        let mut other = model.clone();
        other.entries[0].1[0] = 0.25;
        let (_, other_version) = ModelFile::from_bytes(&other.to_bytes(), Path::new("m")).unwrap();
        assert_ne!(version, other_version);
    }

    #[test]
    fn rejects_corruption_with_the_file_name() {
        let mut bytes = tiny_model().to_bytes();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0xff;
        let err = ModelFile::from_bytes(&bytes, Path::new("models/x.model")).unwrap_err();
        assert!(matches!(err, ModelError::Checksum { .. }));
        assert!(err.to_string().contains("models/x.model"));

        let err = ModelFile::from_bytes(b"hello world, not a model at all........................", Path::new("m"))
            .unwrap_err();
        assert!(matches!(err, ModelError::NotAModel { .. }));

        let bytes = tiny_model().to_bytes();
        let err = ModelFile::from_bytes(&bytes[..bytes.len() - 1], Path::new("m")).unwrap_err();
        assert!(matches!(err, ModelError::Checksum { .. } | ModelError::Corrupt { .. }));
    }

    #[test]
    fn the_format_version_is_the_oldest_that_holds_the_model() {
        let plain = tiny_model().to_bytes();
        assert_eq!(plain[8..12], 1u32.to_le_bytes());
        let mut with_site = tiny_model();
        with_site.header.training.site_holds.push(SiteHold {
            head: Head::Abuse,
            positives: 120,
            negatives: 300,
            hold: 0.1,
            met: true,
            raises_reject: false,
            recall: 0.6,
            negatives_held: 0.02,
            validation_hold: 0.12,
        });
        let bytes = with_site.to_bytes();
        assert_eq!(bytes[8..12], 2u32.to_le_bytes());
        assert_eq!(ModelFile::from_bytes(&bytes, Path::new("m")).unwrap().0, with_site);

        // A newer format is refused by its number, with what to do.
        let mut newer = plain.clone();
        newer[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
        let body = newer.len() - CHECKSUM_BYTES;
        let checksum = Sha256::digest(&newer[..body]);
        newer[body..].copy_from_slice(&checksum);
        let err = ModelFile::from_bytes(&newer, Path::new("m")).unwrap_err();
        assert!(matches!(err, ModelError::UnsupportedFormat { found, .. } if found == FORMAT_VERSION + 1));
        assert!(err.to_string().contains("use a newer build"), "{err}");

        // Builds of the day site thresholds came wrote them as version 1:
        // those files are read as they are.
        let mut earlier = bytes.clone();
        earlier[8..12].copy_from_slice(&1u32.to_le_bytes());
        let body = earlier.len() - CHECKSUM_BYTES;
        let checksum = Sha256::digest(&earlier[..body]);
        earlier[body..].copy_from_slice(&checksum);
        assert_eq!(ModelFile::from_bytes(&earlier, Path::new("m")).unwrap().0, with_site);
    }

    #[test]
    fn rejects_other_pipeline_versions() {
        let mut model = tiny_model();
        model.header.pipeline_version = PIPELINE_VERSION + 1;
        let err = ModelFile::from_bytes(&model.to_bytes(), Path::new("m")).unwrap_err();
        assert!(matches!(err, ModelError::IncompatiblePipeline { .. }));
    }

    #[test]
    fn rejects_unsorted_tables_and_bad_thresholds() {
        let mut model = tiny_model();
        model.entries.swap(0, 1);
        assert!(ModelFile::from_bytes(&model.to_bytes(), Path::new("m")).is_err());
        let mut model = tiny_model();
        model.header.heads.get_mut(Head::Abuse).thresholds = Thresholds { hold: 0.9, reject: 0.5 };
        assert!(ModelFile::from_bytes(&model.to_bytes(), Path::new("m")).is_err());
    }
}
